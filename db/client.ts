/**
 * The database: embedded PGlite under ./data by default, node-postgres when
 * DATABASE_URL is set. The same drizzle schema and migrations serve both.
 */
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { GUARD_QUERY, type InterferenceGuard, grantAppRole, guardOf } from './roles';

export { M12_UNGUARDED } from './roles';

// No schema given to drizzle: its relational query API (db.query.*), unused here, builds a
// query builder per table for every transaction (~35 µs a turn: npm run bench, turns).
export type Db = PgDatabase<PgQueryResultHKT>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
  /** Whether the connected role is kept from rewriting 干预记录 (db/roles.ts). */
  interferenceGuard(): Promise<InterferenceGuard>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent, PGlite is used. */
  url?: string | undefined;
  /**
   * postgres://… of the tables' owner (DATABASE_OWNER_URL): migrations run on it and grant
   * `url`'s role what the application needs (db/roles.ts). Absent: `url` migrates too.
   */
  ownerUrl?: string | undefined;
  /** PGlite data directory; 'memory://' for a throw-away database. */
  dataDir?: string;
  /** Apply committed migrations (default true). */
  migrate?: boolean;
  /** PGlite only: start from this dump of a data directory (PGlite's dumpDataDir) instead of an empty one. */
  pgliteSnapshot?: Blob;
}

export const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  const dataDir = opts.dataDir ?? './data/pglite';
  // An embedded database made here (no PG_VERSION yet): initdb and every migration grow its
  // WASM memory, which it keeps for life (846 MB RSS after a first start against 407 MB
  // after a restart): once migrated it is closed and opened again, as a restart would.
  const fresh = !opts.url && !dataDir.startsWith('memory://') && !opts.pgliteSnapshot && !existsSync(join(dataDir, 'PG_VERSION'));
  let database = opts.url ? await openPostgres(opts.url, opts.ownerUrl) : await openPglite(dataDir, opts.pgliteSnapshot);
  if (opts.migrate !== false) {
    try {
      await database.migrate();
    } catch (e) {
      await database.close();
      throw e;
    }
    if (fresh) {
      await database.close();
      database = await openPglite(dataDir);
    }
  }
  return { db: database.db, kind: database.kind, close: database.close, interferenceGuard: database.interferenceGuard };
}

async function openPglite(dataDir: string, snapshot?: Blob) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // pg_trgm: the ledgers' search indexes (migration 0026); PGlite ships it, loaded here.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  // The embedded server's page cache (PGLITE_SHARED_BUFFERS, default 16MB rather than
  // PostgreSQL's 128MB): it is zeroed at start, so it is resident memory from the first
  // second, and a district's working set fits; the operating system caches the files
  // behind it (BENCHMARKS.md, memory).
  const sharedBuffers = process.env.PGLITE_SHARED_BUFFERS ?? '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) throw new Error(`PGLITE_SHARED_BUFFERS must be a size like 16MB, not "${sharedBuffers}"`);
  const client = await PGlite.create(dataDir, {
    ...(snapshot ? { loadDataDir: snapshot } : {}),
    extensions: { pg_trgm },
    postgresqlconf: `shared_buffers=${sharedBuffers}`,
  });
  const db = drizzle({ client });
  return {
    db: db as unknown as Db,
    kind: 'pglite' as const,
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
    interferenceGuard: async (): Promise<InterferenceGuard> => 'embedded',
  };
}

async function openPostgres(url: string, ownerUrl: string | undefined) {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor one checked out between two queries of a turn (the pool listens on idle clients only):
  // its next query fails, the turn rolls back and the user is asked to try again.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle({ client: pool });
  return {
    db: db as unknown as Db,
    kind: 'postgres' as const,
    // Two instances starting together must not both migrate: serialise on an advisory lock.
    // With an owner URL the owner migrates, then grants this pool's role its privileges.
    async migrate() {
      const owner = ownerUrl ? new pg.Client({ connectionString: ownerUrl }) : null;
      if (owner) await owner.connect();
      const client = owner ?? (await pool.connect());
      try {
        await client.query('SELECT pg_advisory_lock(7426001)');
        await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
        if (owner) await grantAppRole(owner, pool);
      } finally {
        await client.query('SELECT pg_advisory_unlock(7426001)').catch(() => {});
        if (owner) await owner.end().catch(() => {});
        else (client as import('pg').PoolClient).release();
      }
    },
    async interferenceGuard(): Promise<InterferenceGuard> {
      const { rows } = await pool.query<{ superuser: boolean; owner: boolean; privileged: boolean }>(GUARD_QUERY);
      return rows[0] ? guardOf(rows[0]) : 'privileged';
    },
    close: () => pool.end(),
  };
}
