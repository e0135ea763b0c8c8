/**
 * Write-behind for one transaction: writes whose effect nothing later in the same unit of
 * work reads (the dialogue state saved at the end of a turn, the replies kept for a
 * redelivery, outbox messages, complaint events, reminder rows and marks) are held and
 * sent together — as one statement, data-modifying CTEs side by side — just before the
 * next statement that could see them, and at the latest before COMMIT. The transaction
 * commits the same rows; it just takes fewer round trips (npm run bench: turns, sweep).
 *
 * The statements of one flush run on one snapshot and must not touch the same row twice:
 * keyed writes (`put`) keep the last write of a key, grouped ones (`append`) are built
 * into as few statements as their rows allow.
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from './client';

/**
 * At most this many writes go in one statement; builders keep each write to a few
 * thousand parameters (a statement takes at most 65,535).
 */
const PARTS_PER_STATEMENT = 8;

/** The tables whose writes may be held back. */
export type HeldTable = 'conversations' | 'deliveries' | 'outbox' | 'complaint_events' | 'deadlines' | 'deadline_reminders';

/**
 * A write of two steps, the second reading what the first returned (a deadline, then its
 * reminders with the deadline's new id): `prev` names the first as a CTE of the statement.
 */
export class Chained {
  constructor(readonly first: SQLWrapper, readonly then: (prev: SQL) => SQLWrapper) {}
}

/** One held write: a statement, or a chained pair. */
export type Part = SQLWrapper | Chained;

/**
 * A part as the CTEs it needs and its own statement; `name` is free for it to use.
 * getSQL(): the statements themselves (a builder embedded as such would be parenthesised as a subquery).
 */
function expand(part: Part, name: string): { ctes: SQL[]; main: SQL } {
  if (!(part instanceof Chained)) return { ctes: [], main: part.getSQL() };
  const prev = sql.raw(`${name}p`);
  return { ctes: [sql`${prev} AS (${part.first.getSQL()})`], main: part.then(prev).getSQL() };
}

/** One statement of parts: all but the last as CTEs (data-modifying CTEs must be at the top level). */
export function statementOf(parts: readonly Part[]): SQL {
  const ctes: SQL[] = [];
  let main: SQL | undefined;
  parts.forEach((p, j) => {
    const e = expand(p, `w${j}`);
    ctes.push(...e.ctes);
    if (j < parts.length - 1) ctes.push(sql`${sql.raw(`w${j}`)} AS (${e.main})`);
    else main = e.main;
  });
  return ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ${main!}` : main!;
}

interface Group {
  items: unknown[];
  build: (items: unknown[]) => Part[];
}

export class WriteBehind {
  private readonly keyed = new Map<string, () => Part>();
  private readonly groups = new Map<string, Group>();
  private readonly tables = new Set<HeldTable>();
  private count = 0;

  get pending(): number {
    return this.count;
  }

  /** A write of one row, replacing any held write with the same key. */
  put(table: HeldTable, key: string, build: () => Part): void {
    this.tables.add(table);
    if (!this.keyed.has(key)) this.count++;
    this.keyed.set(key, build);
  }

  /** A row for a grouped write (a multi-row insert, an update of many ids); rows keep their order. */
  append<T>(table: HeldTable, group: string, item: T, build: (items: T[]) => Part[]): void {
    this.tables.add(table);
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { items: [], build: build as Group['build'] }));
    g.items.push(item);
    this.count++;
  }

  /**
   * Before a statement that touches `tables` (undefined: any table): flushes if anything
   * held is for one of them. Everything held goes then, so the order of writes is kept.
   */
  async flushFor(db: Db, tables: readonly HeldTable[] | undefined): Promise<void> {
    if (this.count && (!tables || tables.some((t) => this.tables.has(t)))) await this.flush(db);
  }

  /** Sends everything held, in as few statements as it fits. */
  async flush(db: Db): Promise<void> {
    if (!this.count) return;
    this.tables.clear();
    // Statement i carries chunk i of every group (the keyed writes go with the first), so
    // the chunks of one group run one statement after another, in order: the CTEs of one
    // statement run in no particular order.
    const statements: Part[][] = [[...this.keyed.values()].map((b) => b())];
    for (const g of this.groups.values()) {
      g.build(g.items).forEach((part, i) => (statements[i] ??= []).push(part));
    }
    this.keyed.clear();
    this.groups.clear();
    this.count = 0;
    for (const parts of statements) {
      for (let i = 0; i < parts.length; i += PARTS_PER_STATEMENT) await db.execute(statementOf(parts.slice(i, i + PARTS_PER_STATEMENT)));
    }
  }
}

/** Splits rows into chunks for builders that take one parameter list per chunk. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
