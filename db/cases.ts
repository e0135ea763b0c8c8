/**
 * The case records over drizzle (domain ports RecordRepo, CaseEventRepo). A record is kept
 * whole as JSON; instants are the fields named `…At` and come back as Dates.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CaseEventRepo, RecordRepo } from '../domain/ports';
import type { EnforcementCase } from '../domain/cases/case';
import type { Transfer } from '../domain/cases/transfer';
import type { TransferOrder } from '../domain/cases/order';
import type { Referral } from '../domain/cases/referral';
import type { Db } from './client';
import { caseEvents, caseTransfers, cases, disciplineReferrals, transferOrders } from './schema';

type RecordTable = typeof cases;

/** The columns a record is found by. */
interface Keys {
  no: string;
  orgId: number;
  otherOrgId: number | null;
  state: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** JSON → record: `…At` strings back to Dates, recursively. */
export function revive(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
  if (typeof value === 'string' && key.endsWith('At') && INSTANT.test(value)) return new Date(value);
  return value;
}

export function recordRepo<T extends { id: number }>(db: Db, table: RecordTable, keys: (r: T) => Keys): RecordRepo<T> {
  const toRecord = (row: { id: number; body: unknown }) => ({ ...(revive(row.body) as object), id: row.id }) as T;
  const bodyOf = (r: object) => {
    const { id: _id, ...body } = r as { id?: number };
    return JSON.parse(JSON.stringify(body)) as unknown;
  };
  return {
    async create(record) {
      const k = keys(record as unknown as T);
      const [row] = await db.insert(table).values({ ...k, body: bodyOf(record) }).returning({ id: table.id, body: table.body });
      return toRecord(row!);
    },
    async byNo(no) {
      const [row] = await db.select({ id: table.id, body: table.body }).from(table).where(eq(table.no, no));
      return row ? toRecord(row) : null;
    },
    async update(before, after) {
      const k = keys(after);
      const rows = await db
        .update(table)
        .set({ ...k, body: bodyOf(after), updatedAt: sql`now()` })
        // Optimistic: only if nobody changed it since it was read.
        .where(and(eq(table.id, before.id), sql`${table.body} = ${JSON.stringify(bodyOf(before))}::jsonb`))
        .returning({ id: table.id });
      return rows.length === 1;
    },
    async list(q, limit) {
      const where: SQL[] = [];
      if (q.orgId != null) where.push(eq(table.orgId, q.orgId));
      if (q.otherOrgId != null) where.push(eq(table.otherOrgId, q.otherOrgId));
      if (q.states) where.push(inArray(table.state, [...q.states]));
      const rows = await db.select({ id: table.id, body: table.body }).from(table).where(and(...where)).orderBy(desc(table.id)).limit(limit);
      return rows.map(toRecord);
    },
  };
}

export const caseRepo = (db: Db) =>
  recordRepo<EnforcementCase>(db, cases, (c) => ({ no: c.caseNo, orgId: c.orgId, otherOrgId: null, state: c.status }));
export const transferRepo = (db: Db) =>
  recordRepo<Transfer>(db, caseTransfers, (t) => ({ no: t.transferNo, orgId: t.fromOrgId, otherOrgId: t.toOrgId, state: t.state }));
export const orderRepo = (db: Db) =>
  recordRepo<TransferOrder>(db, transferOrders, (o) => ({ no: o.orderNo, orgId: o.toOrgId, otherOrgId: o.issuerOrgId, state: o.state }));
export const referralRepo = (db: Db) =>
  recordRepo<Referral>(db, disciplineReferrals, (r) => ({ no: r.referralNo, orgId: r.orgId, otherOrgId: null, state: r.state }));

export function caseEventRepo(db: Db): CaseEventRepo {
  return {
    async add(e, at) {
      await db.insert(caseEvents).values({ recordNo: e.recordNo, kind: e.kind, actorPersonId: e.actorPersonId, orgId: e.orgId, note: e.note ?? null, at });
    },
    async list(recordNo) {
      const rows = await db.select().from(caseEvents).where(eq(caseEvents.recordNo, recordNo)).orderBy(asc(caseEvents.id));
      return rows.map((r) => ({ recordNo: r.recordNo, kind: r.kind, actorPersonId: r.actorPersonId, orgId: r.orgId, note: r.note, at: r.at }));
    },
  };
}

/** The person fields of the case records' bodies (domain/cases): who did what (a dotted path for a nested one). */
const PERSON_FIELDS: ReadonlyArray<[RecordTable, readonly string[]]> = [
  [cases, ['officerPersonId']],
  [caseTransfers, ['drafterPersonId', 'approverPersonId', 'receiverPersonId', 'byPersonId', 'criminalOutcome.byPersonId']],
  [transferOrders, ['issuerPersonId']],
  [disciplineReferrals, ['approverPersonId', 'receiverPersonId']],
];

/** A person merged into another (account linking): their part in case records follows. */
export async function mergeCasePerson(db: Db, from: number, into: number): Promise<void> {
  await db.update(caseEvents).set({ actorPersonId: into }).where(eq(caseEvents.actorPersonId, from));
  for (const [table, fields] of PERSON_FIELDS) {
    for (const f of fields) {
      const path = `{${f.replaceAll('.', ',')}}`;
      await db
        .update(table)
        .set({ body: sql`jsonb_set(${table.body}, ${path}::text[], to_jsonb(${into}::int))` })
        .where(sql`(${table.body} #>> ${path}::text[])::int = ${from}`);
    }
  }
}
