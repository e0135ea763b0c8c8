/**
 * The database: embedded PGlite under ./data by default, node-postgres when
 * DATABASE_URL is set. The same drizzle schema and migrations serve both.
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; 'memory://' for a throw-away database. */
  dataDir?: string;
  /** Apply committed migrations (default true). */
  migrate?: boolean;
  /** PGlite only: start from this dump of a data directory (PGlite's dumpDataDir) instead of an empty one. */
  pgliteSnapshot?: Blob;
}

export const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url) : await openPglite(opts.dataDir ?? './data/pglite', opts.pgliteSnapshot);
  if (opts.migrate !== false) {
    try {
      await database.migrate();
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return { db: database.db, kind: database.kind, close: database.close };
}

async function openPglite(dataDir: string, snapshot?: Blob) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, snapshot ? { loadDataDir: snapshot } : {});
  const db = drizzle({ client, schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite' as const,
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
  };
}

async function openPostgres(url: string) {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor one checked out between two queries of a turn (the pool listens on idle clients only):
  // its next query fails, the turn rolls back and the user is asked to try again.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle({ client: pool, schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres' as const,
    // Two instances starting together must not both migrate: serialise on an advisory lock.
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(7426001)');
        await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock(7426001)').catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
