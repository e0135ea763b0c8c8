/**
 * A fresh, seeded database per test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server of DATABASE_URL (as in CI), dropped afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { createScratchDatabase } from '../../db/scratch';
import { seedDirectory } from '../../db/seed';

export interface TestDatabase extends Database {
  /** Connection string of the test database (postgres only). */
  url?: string;
}

export const onPostgres = !!process.env.DATABASE_URL;

/** A new database on the PostgreSQL server of DATABASE_URL; drop() removes it. */
export const createTestDatabaseUrl = () => createScratchDatabase(process.env.DATABASE_URL!, 'xt_test');

/** The migrated, seeded database built once by test/support/global-setup.ts, if there is one. */
function seededCopy(): { pgTemplate?: string; pgliteSnapshot?: Blob } {
  try {
    const tpl = inject('pgTemplate');
    const file = inject('pgliteSnapshot');
    if (onPostgres && tpl) return { pgTemplate: tpl };
    if (!onPostgres && file) return { pgliteSnapshot: new Blob([readFileSync(file)]) };
  } catch {
    // run outside vitest's global setup: build it here
  }
  return {};
}

export async function testDatabase(opts: { seed?: boolean } = {}): Promise<TestDatabase> {
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  const copy = opts.seed !== false ? seededCopy() : {};
  if (onPostgres) {
    const created = await createScratchDatabase(process.env.DATABASE_URL!, 'xt_test', copy.pgTemplate);
    url = created.url;
    drop = created.drop;
    database = await openDatabase({ url });
  } else {
    database = await openDatabase({ dataDir: 'memory://', ...(copy.pgliteSnapshot ? { pgliteSnapshot: copy.pgliteSnapshot } : {}) });
  }
  // The copy is already seeded; seeding is idempotent, so this also checks it is current.
  if (opts.seed !== false) await seedDirectory(database.db);
  return {
    ...database,
    ...(url ? { url } : {}),
    async close() {
      await database.close();
      await drop();
    },
  };
}

/**
 * Storage for a real server (in process or a child): a fresh data directory and, on
 * PostgreSQL, a fresh database — both already migrated and seeded, copies of the global
 * setup's, so the server's start skips some thirty migrations (about 3 s on PGlite). The
 * server migrates and seeds at start as always; with a current copy both find nothing to do.
 * `env` is what to give the server (DATA_DIR, and DATABASE_URL or none for PGlite).
 */
export async function serverStorage(name: string): Promise<{ dataDir: string; databaseUrl?: string; env: { DATA_DIR: string; DATABASE_URL?: string }; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `xietong-${name}-`));
  const copy = seededCopy();
  if (onPostgres) {
    const { url, drop } = await createScratchDatabase(process.env.DATABASE_URL!, 'xt_test', copy.pgTemplate);
    return { dataDir, databaseUrl: url, env: { DATA_DIR: dataDir, DATABASE_URL: url }, drop: async () => (await drop(), rmSync(dataDir, { recursive: true, force: true })) };
  }
  if (copy.pgliteSnapshot) {
    // The server's PGlite lives in DATA_DIR/pglite (scripts/app.ts): unpack the copy there.
    const unpacked = await openDatabase({ dataDir: join(dataDir, 'pglite'), pgliteSnapshot: copy.pgliteSnapshot, migrate: false });
    await unpacked.close();
  }
  return { dataDir, env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}
