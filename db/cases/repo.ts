/**
 * The case records over drizzle (domain ports RecordRepo, CaseEventRepo), stored as record
 * tables (db/records.ts).
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { CaseEventRepo } from '../../domain/cases/repo';
import type { EnforcementCase } from '../../domain/cases/case';
import type { Transfer } from '../../domain/cases/transfer';
import type { TransferOrder } from '../../domain/cases/order';
import type { Referral } from '../../domain/cases/referral';
import type { Db } from '../client';
import type { RecordTable } from '../record-table';
import { recordRepo } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { caseEvents, caseTransfers, cases, disciplineReferrals, transferOrders } from './schema';

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
async function mergeCasePerson(db: Db, from: number, into: number): Promise<void> {
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

export const caseStorage = mechanism({
  name: 'cases',
  tables,
  ports: ({ db }) => ({
    cases: caseRepo(db),
    transfers: transferRepo(db),
    orders: orderRepo(db),
    referrals: referralRepo(db),
    caseEvents: caseEventRepo(db),
  }),
  mergePerson: mergeCasePerson,
});
