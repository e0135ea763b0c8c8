/**
 * Reading a ledger in two passes. The first selects, under the filters and in the order
 * asked, each matching row's number and the facts its visibility needs, and keeps the rows
 * the domain rule lets this person see (ledgers/def.ts) — so counts and pages are of what
 * the person may see, never a partial page. The second reads the columns of the rows to
 * show (a page, or an export batch by batch), with guarded columns left out where the
 * viewer may not read them.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { LocalDate } from '../../domain/calendar/calendar';
import { nextLocalDate } from '../../domain/calendar/calendar';
import type { Actor } from '../../domain/roles';
import type { Db } from '../client';
import type { AccessContext, Column, Facts, Guard, LedgerDef } from './def';

export interface LedgerFilter {
  org?: number;
  state?: string;
  /** Local dates (Asia/Shanghai), both inclusive. */
  from?: LocalDate;
  to?: LocalDate;
  overdue?: boolean;
  /** Words that must all appear (each anywhere in the searched text). */
  terms?: readonly string[];
  sort: string;
  dir: 'asc' | 'desc';
  /** Only the row of this number (a record's page). */
  only?: string;
}

export interface Listed<F extends Facts = Facts> {
  no: string;
  /** The record page that shows it. */
  page: string;
  facts: F;
  reveal: ReadonlySet<Guard>;
}

/** A row to show: its columns' values; a guarded value the viewer may not read is absent (`hidden`). */
export interface LedgerRow {
  no: string;
  page: string;
  values: Record<string, unknown>;
  hidden: ReadonlySet<string>;
}

const rowsOf = (r: unknown): Record<string, unknown>[] => (r as { rows: Record<string, unknown>[] }).rows;
const startOfLocalDay = (d: LocalDate) => new Date(Date.parse(`${d}T00:00:00+08:00`));

/** `%word%` for ILIKE, the word's own % _ \ taken literally. */
export const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The sort expression of a column: a body sorts by its name. */
function sortExpr(c: Column): SQL {
  return c.type === 'org' ? sql`(SELECT o.name FROM organisations o WHERE o.id = ${c.sql})` : c.sql;
}

function conditions(def: LedgerDef, f: LedgerFilter, now: Date): SQL[] {
  const where: SQL[] = [];
  if (f.org != null) where.push(def.org(f.org));
  if (f.state != null && def.state) where.push(sql`${def.state.sql} = ${f.state}`);
  if (f.from) where.push(sql`${def.period.sql} >= ${startOfLocalDay(f.from)}`);
  if (f.to) where.push(sql`${def.period.sql} < ${startOfLocalDay(nextLocalDate(f.to))}`);
  if (f.overdue && def.overdue) where.push(def.overdue(now));
  if (f.only != null) where.push(sql`${def.no} = ${f.only}`);
  return where;
}

/**
 * The rows of the ledger this person may see, under the filter, in its order. Search terms
 * match the guarded text only in rows where the viewer may read it: nobody learns which
 * complaints a name is in from a ledger that hides the name.
 */
export async function listLedger<F extends Facts>(
  db: Db, def: LedgerDef<F>, f: LedgerFilter, actor: Actor, ctx: AccessContext, now: Date,
): Promise<Listed<F>[]> {
  const col = def.columns.find((c) => c.key === f.sort && c.sortable) ?? def.columns.find((c) => c.key === def.defaultSort.key)!;
  const dir = sql.raw(f.dir === 'asc' ? 'ASC' : 'DESC');
  const terms = f.terms ?? [];
  const where = conditions(def as LedgerDef, f, now);
  const termFlags: SQL[] = [];
  terms.forEach((t, i) => {
    const p = likePattern(t);
    const pub = sql`${def.search} ILIKE ${p}`;
    const guarded = def.guardedSearch ? sql`${def.guardedSearch.sql} ILIKE ${p}` : null;
    where.push(guarded ? sql`(${pub} OR ${guarded})` : pub);
    termFlags.push(sql`${pub} AS ${sql.identifier(`p${i}`)}`);
  });
  const factKeys = Object.keys(def.facts) as (keyof F & string)[];
  const select = [
    sql`${def.no} AS "no"`,
    sql`${def.page ?? def.no} AS "page"`,
    ...factKeys.map((k) => sql`${def.facts[k]} AS ${sql.identifier(`f_${k}`)}`),
    ...termFlags,
  ];
  const query = sql`SELECT ${sql.join(select, sql`, `)} FROM ${def.from}
    ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY ${sortExpr(col)} ${dir} NULLS LAST, ${def.no} ${dir}`;
  const out: Listed<F>[] = [];
  for (const r of rowsOf(await db.execute(query))) {
    const facts = Object.fromEntries(factKeys.map((k) => [k, r[`f_${k}`]])) as F;
    if (!def.visible(actor, facts, ctx)) continue;
    const reveal = new Set(def.reveals?.(actor, facts, ctx) ?? []);
    // A term found only in guarded text counts only where that guard is readable.
    if (def.guardedSearch && !terms.every((_, i) => r[`p${i}`] === true || reveal.has(def.guardedSearch!.guard))) continue;
    out.push({ no: String(r.no), page: String(r.page), facts, reveal });
  }
  return out;
}

/** The columns of these listed rows, in their order. */
export async function ledgerRows(db: Db, def: LedgerDef, listed: readonly Listed[]): Promise<LedgerRow[]> {
  if (!listed.length) return [];
  const pages = [...new Set(listed.map((l) => l.page))];
  const select = [sql`${def.no} AS "no"`, ...def.columns.map((c) => sql`${c.sql} AS ${sql.identifier(`c_${c.key}`)}`)];
  const query = sql`SELECT ${sql.join(select, sql`, `)} FROM ${def.from}
    WHERE ${def.page ?? def.no} IN (${sql.join(pages.map((p) => sql`${p}`), sql`, `)})`;
  const byNo = new Map(rowsOf(await db.execute(query)).map((r) => [String(r.no), r]));
  return listed.flatMap((l) => {
    const r = byNo.get(l.no);
    if (!r) return []; // gone between the passes
    const hidden = new Set(def.columns.filter((c) => c.guard && !l.reveal.has(c.guard)).map((c) => c.key));
    const values = Object.fromEntries(def.columns.map((c) => [c.key, hidden.has(c.key) ? null : r[`c_${c.key}`]]));
    return [{ no: l.no, page: l.page, values, hidden }];
  });
}

/** The rows in batches (an export), each batch read when the previous one has been used. */
export async function* ledgerBatches(db: Db, def: LedgerDef, listed: readonly Listed[], size = 500): AsyncGenerator<LedgerRow[]> {
  for (let i = 0; i < listed.length; i += size) yield await ledgerRows(db, def, listed.slice(i, i + size));
}
