/** Case records (M4, M10, M13, M15 一): cases, transfers, orders to transfer and discipline referrals, held whole as record tables (db/records.ts), and the ledger of what happened to them. */
import { bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';
import { recordTable } from '../record-table';

/** Held whole as record tables (db/records.ts); see domain/cases for each record's states. */
export const cases = recordTable('cases');
export const caseTransfers = recordTable('case_transfers');
export const transferOrders = recordTable('transfer_orders');
export const disciplineReferrals = recordTable('discipline_referrals');

/** 案件台账: what happened to each case record, by whom. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordNo: text('record_no').notNull(),
    kind: text('kind').notNull(),
    actorPersonId: integer('actor_person_id').notNull().references(() => people.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    note: text('note'),
    at: tz('at').notNull(),
  },
  (t) => [index('case_events_record').on(t.recordNo, t.id)],
);
