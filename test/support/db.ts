/**
 * A fresh, seeded database per test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server of DATABASE_URL (as in CI), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../db/client';
import { seedDirectory } from '../../db/seed';

export interface TestDatabase extends Database {
  /** Connection string of the test database (postgres only). */
  url?: string;
}

export const onPostgres = !!process.env.DATABASE_URL;

export async function createTestDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `xt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

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
