/**
 * How the command-line scripts reach the data: PostgreSQL directly; the embedded
 * database through the server that owns it when one runs, or else opened here while
 * this process holds the data directory (so a server cannot start on it meanwhile).
 */
import { join } from 'node:path';
import { type Database, openDatabase } from '../db/client';
import type { Config } from './config';
import { DataDirInUse, lockDataDir, makePrivate, runningServer } from './data-dir';

export type Target = { kind: 'server'; port: number } | { kind: 'database'; database: Database };

/** The database opened by this process (the data directory held until it is closed). */
export async function openDirect(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl });
  const lock = lockDataDir(config.dataDir);
  try {
    makePrivate(config.dataDir);
    const database = await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
    return { ...database, close: () => database.close().finally(() => lock.release()) };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The running server, or the database itself; waits up to `waitMs` for a server that is starting. */
export async function serverOrDatabase(config: Config, waitMs = 60_000): Promise<Target> {
  if (config.databaseUrl) return { kind: 'database', database: await openDirect(config) };
  const until = Date.now() + waitMs;
  for (;;) {
    const server = runningServer(config.dataDir);
    if (server) return { kind: 'server', port: server.port };
    try {
      return { kind: 'database', database: await openDirect(config) };
    } catch (e) {
      if (!(e instanceof DataDirInUse)) throw e;
      if (Date.now() > until) throw new Error(`服务器（pid ${e.holder.pid}）正在启动，尚未就绪，请稍后重试`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
