/**
 * A fresh, seeded database per test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server of DATABASE_URL (as in CI), dropped afterwards.
 */
import { readFileSync } from 'node:fs';
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
