/**
 * What a ledger (台账) is: one kind of record as rows, with the filters every ledger offers
 * (body, state, period, overdue, full-text search), its sortable columns, and — the point —
 * who may see which rows. Visibility is never written in SQL: each row's facts go through
 * the very domain rule chat's 查询 uses (domain/*access*, can* functions), so the ledger
 * lists exactly what chat would show the same person. SQL only narrows by the filters.
 *
 * Each kind is one file beside this one; index.ts lists them. Tables come from db/schema only.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Directory, ORG } from '../../domain/organisation';
import type { Actor } from '../../domain/roles';

export const LEDGER_KINDS = [
  'complaints', 'cases', 'transfers', 'orders', 'referrals', 'evidence', 'interference', 'disputes', 'meetings', 'meeting-items',
  'notices', 'findings', 'approvals', 'info-requests', 'joint-actions', 'assistance', 'assessments', 'guiding-cases', 'info-reports',
  'deadlines',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** A column only some viewers may read: the complainant's identity (M3), the recorder of a 干预记录 (M12). */
export type Guard = 'identity' | 'recorder';

/**
 * How a cell reads: plain text, a number, a yes/no, an instant or a date (Asia/Shanghai), a
 * body (an organisation id), several bodies (a JSON array of ids), a code with labels, or
 * what a clock is about ({type, id} of `deadlines`).
 */
export type CellType = 'text' | 'number' | 'bool' | 'time' | 'date' | 'org' | 'orgs' | 'label' | 'subject';

export interface Column {
  key: string;
  label: string;
  sql: SQL;
  type: CellType;
  /** The words for a coded value (type 'label'). */
  labels?: Readonly<Record<string, string>>;
  sortable?: boolean;
  guard?: Guard;
}

/** The bodies the access rules name, found once in the directory. */
export interface AccessContext {
  dir: Directory;
  justiceBureau: number;
  coordinationOffice: number;
  government: number;
  approvalBureau: number;
}

export function accessContext(dir: Directory): AccessContext {
  const id = (code: string) => dir.byCode(code)?.id ?? -1;
  return {
    dir,
    justiceBureau: id(ORG.justiceBureau),
    coordinationOffice: id(ORG.coordinationOffice),
    government: id(ORG.districtGovernment),
    approvalBureau: id(ORG.approvalBureau),
  };
}

/** The facts a row carries for its visibility: column name → SQL (a scalar, or jsonb for arrays and objects). */
export type Facts = Record<string, unknown>;

export interface LedgerDef<F extends Facts = Facts> {
  kind: LedgerKind;
  /** 投诉举报登记台账 … */
  title: string;
  /** The FROM clause (a table, or a table with a lateral join). */
  from: SQL;
  /** The row's own number: unique in the ledger. */
  no: SQL;
  /** The record whose page shows the row (default: the row's own number). */
  page?: SQL;
  facts: { [K in keyof F]: SQL };
  /** The domain rule chat's 查询 applies, on the row's facts. */
  visible(a: Actor, f: F, c: AccessContext): boolean;
  /** The guarded columns this viewer may read in this row (none by default). */
  reveals?(a: Actor, f: F, c: AccessContext): readonly Guard[];
  /** Whether the person may open the ledger at all (a 403 otherwise); every member of staff by default. */
  mayOpen?(a: Actor, c: AccessContext): boolean;
  /** Rows that concern a body (the 单位 filter): any of the body columns equals it. */
  org(orgId: number): SQL;
  state?: { sql: SQL; labels: Readonly<Record<string, string>> };
  /** The instant the period filter applies to, and what it is called. */
  period: { sql: SQL; label: string };
  /** Whether the row's clock (a row in `deadlines`) is missed, or open past `now`; absent when its records have no clock of their own. */
  overdue?(now: Date): SQL;
  /** The text searched for everyone who sees the row. */
  search: SQL;
  /** Text searched only where the viewer may read that guard (a complainant's name or phone). */
  guardedSearch?: { guard: Guard; sql: SQL };
  columns: readonly Column[];
  defaultSort: { key: string; dir: 'asc' | 'desc' };
  /** The clocks of the record, for its timeline: deadline subject types whose id (before any `#round`) is the number. */
  clockSubjects?: readonly string[];
  /** Where its events are kept: complaint_events or case_events (by number); its lifecycle fields otherwise. */
  events?: 'complaint' | 'case';
}

export const defineLedger = <F extends Facts>(d: LedgerDef<F>): LedgerDef<F> => d;

// ── helpers for the definitions ──

/** `body ->> 'key'` with the key written into the SQL (so an expression index can match it). */
export const field = (table: { body: PgColumn }, key: string): SQL => sql`(${table.body} ->> ${sql.raw(quote(key))})`;
/** `body -> 'key'` (jsonb). */
export const jfield = (table: { body: PgColumn }, key: string): SQL => sql`(${table.body} -> ${sql.raw(quote(key))})`;
export const intField = (table: { body: PgColumn }, key: string): SQL => sql`(${field(table, key)})::int`;
export const timeField = (table: { body: PgColumn }, key: string): SQL => sql`(${field(table, key)})::timestamptz`;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Any of these columns equals the body. */
export const anyOrg = (...cols: SQL[]) => (orgId: number): SQL => sql`(${sql.join(cols.map((c) => sql`${c} = ${orgId}`), sql` OR `)})`;

/** A jsonb array of ids contains the body. */
export const orgInArray = (arr: SQL, orgId: number): SQL => sql`(${arr} @> ${sql.raw(`'[${Math.trunc(orgId)}]'`)}::jsonb)`;

/**
 * The searched text: the parts joined by spaces, nulls as empty. Written with `||` and
 * coalesce (immutable), so the trigram index of the migration is this very expression.
 */
export const searchText = (...parts: (SQL | PgColumn)[]): SQL => sql`(${sql.join(parts.map((p) => sql`coalesce(${p}, '')`), sql` || ' ' || `)})`;

/**
 * The record has a clock missed, or open past `now`: a row of `deadlines` whose subject is
 * one of these types and whose id (before `#round`) is the number.
 */
export const clockOverdue = (types: readonly string[], no: SQL) => (now: Date): SQL =>
  sql`EXISTS (SELECT 1 FROM deadlines d WHERE d.subject_type IN (${sql.join(types.map((t) => sql`${t}`), sql`, `)})
    AND split_part(d.subject_id, '#', 1) = ${no} AND (d.state = 'missed' OR (d.state = 'open' AND d.due_at < ${now})))`;


/** A column, sortable unless said otherwise (a guarded column never is: its order would tell what it hides). */
export const col = (key: string, label: string, sqlExpr: SQL, type: CellType = 'text', opts: Partial<Pick<Column, 'labels' | 'sortable' | 'guard'>> = {}): Column => ({
  key, label, sql: sqlExpr, type, ...opts, sortable: !opts.guard && (opts.sortable ?? true),
});
