/**
 * A fresh, seeded database per test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server of DATABASE_URL (as in CI), dropped afterwards.
 */
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

export async function testDatabase(opts: { seed?: boolean } = {}): Promise<TestDatabase> {
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (onPostgres) {
    const created = await createTestDatabaseUrl();
    url = created.url;
    drop = created.drop;
    database = await openDatabase({ url });
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
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
