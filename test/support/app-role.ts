/**
 * The test database as the application runs on it with DATABASE_OWNER_URL: on PostgreSQL
 * a new login role that owns nothing (made for the test: the CI server's user is a
 * superuser) connects, after the owner's connection has migrated and granted it its
 * privileges (db/roles.ts); on PGlite, which has no roles, the one database serves both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../db/client';
import { type TestDatabase, onPostgres, testDatabase } from './db';

export interface AppRoleDatabase {
  /** The tables' owner (the CI server's superuser on PostgreSQL). */
  owner: TestDatabase;
  /** The application's connection: the new role on PostgreSQL, the owner's on PGlite. */
  app: Database;
  /** The application role's name (PostgreSQL only). */
  role: string | null;
  close(): Promise<void>;
}

export async function appRoleDatabase(): Promise<AppRoleDatabase> {
  const owner = await testDatabase();
  if (!onPostgres) return { owner, app: owner, role: null, close: () => owner.close() };
  const role = `xt_app_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const url = new URL(owner.url!);
  url.username = role;
  url.password = password;
  const dispose = async () => {
    await owner.close(); // drops the database, and the role's privileges in it
    await admin(`DROP ROLE IF EXISTS ${role}`);
  };
  const app = await openDatabase({ url: url.toString(), ownerUrl: owner.url }).catch(async (e) => {
    await dispose();
    throw e;
  });
  return {
    owner,
    app,
    role,
    async close() {
      await app.close();
      await dispose();
    },
  };
}
