/** Shared pieces of `npm run bench`: result rows, statistics, throw-away databases, staff. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Database, type DbKind, openDatabase } from '../../db/client';
import { createScratchDatabase } from '../../db/scratch';
import { seedDirectory } from '../../db/seed';

/** One figure of the report. `met` is undefined when the figure has no target. */
export interface Row {
  bench: string;
  driver: DbKind | '-';
  metric: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export type Log = (line: string) => void;

export interface BenchContext {
  /** Drivers to run database benchmarks on: PGlite always, Postgres when DATABASE_URL is set. */
  drivers: DbKind[];
  args: Map<string, string>;
  log: Log;
}

export const now = () => performance.now();

export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99) };
}

export function numberArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
  return n;
}

export function listArg(args: Map<string, string>, name: string, fallback: number[]): number[] {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  return raw.split(',').map((s) => {
    const n = Number(s.trim().replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} takes positive integers, got ${raw}`);
    return n;
  });
}

export const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
};

/**
 * A throw-away database on the driver: PGlite in a fresh directory under the system
 * temp dir, or a new database on the server of DATABASE_URL; deleted by close().
 * Migrated and seeded with the district directory.
 */
export async function benchDatabase(kind: DbKind): Promise<Database & { url?: string }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'xietong-bench-'));
    const database = await openDatabase({ dataDir: join(dir, 'pglite') });
    await seedDirectory(database.db);
    return {
      ...database,
      async close() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createScratchDatabase(process.env.DATABASE_URL!, 'xt_bench');
  const database = await openDatabase({ url });
  await seedDirectory(database.db);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await drop();
    },
  };
}

/**
 * Staff in every organisation, as the district would have them: an officer and a head
 * each (web accounts), a justice-bureau clerk and a coordination-office clerk; so
 * complaint notifications and deadline reminders have people to go to.
 */
export async function seedStaff(database: Database): Promise<number> {
  const rows = await database.db.execute(sql`
    WITH orgs AS (
      SELECT o.id AS org_id, r.role FROM organisations o
      CROSS JOIN (VALUES ('officer'), ('head')) AS r(role)
      WHERE o.kind <> 'external'
      UNION ALL SELECT id, 'justice' FROM organisations WHERE code = 'sfj'
      UNION ALL SELECT id, 'coordination' FROM organisations WHERE code = 'xtb'
    ), ppl AS (
      INSERT INTO people (display_name) SELECT 'bench ' || role || ' ' || org_id FROM orgs RETURNING id, display_name
    ), acc AS (
      INSERT INTO accounts (person_id, platform, external_id) SELECT id, 'web', 'bench-staff-' || id FROM ppl RETURNING person_id
    )
    INSERT INTO role_grants (person_id, org_id, role)
    SELECT p.id, o.org_id, o.role FROM ppl p JOIN orgs o ON p.display_name = 'bench ' || o.role || ' ' || o.org_id
    RETURNING person_id`);
  return (rows as unknown as { rows: unknown[] }).rows.length;
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 100_000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toFixed(3);
}
