/**
 * Composition root: database → seed → engine → HTTP. Used by `npm start` and by the
 * end-to-end tests, so both run the same code path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import { createWebApp } from '../adapters/web/server';
import { issueInvite } from '../bot/invites';
import { createEngine } from '../bot/services';
import { openDatabase } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import type { Config } from './config';

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The loopback admin token lives in the data directory, readable by its owner only. */
export function adminToken(dataDir: string): string {
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

export async function startServer(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<Running> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  const orgs = await seedDirectory(database.db);
  const uow = unitOfWork(database.db);
  const { engine, directory, router } = await createEngine(uow);
  const token = adminToken(config.dataDir);

  const app = createWebApp({
    engine, router, directory, log,
    dbKind: database.kind,
    ping: async () => void (await database.db.execute(sql`select 1`)),
    adminToken: token,
    issueInvite: (org, role, hours) => uow.run((store) => issueInvite(store, directory, org, role, new Date(), hours)),
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((res, rej) => server.once('listening', res).once('error', rej));
  const port = (server.address() as AddressInfo).port;

  // Lets `npm run invite` find the running server (the embedded database has one owner).
  const marker = join(config.dataDir, 'server.json');
  writeFileSync(marker, JSON.stringify({ pid: process.pid, port }));
  log.info({ port, db: database.kind, organisations: orgs }, `执法协同助手 listening on http://localhost:${port}`);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((res) => server.close(() => res()));
      server.closeAllConnections();
      await closed;
      rmSync(marker, { force: true });
      await database.close();
    },
  };
}
