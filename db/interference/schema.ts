/** 干预记录 (M12): the append-only, hash-chained records and the anchors of the chain head. */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/**
 * 干预记录 (M12), chained by hash (domain/interference.ts). Append-only in the database
 * itself: triggers of the custom migration refuse UPDATE, DELETE and TRUNCATE, and let an
 * INSERT through only as the next link (seq = previous + 1, prev_hash = previous hash).
 */
export const interferenceRecords = pgTable(
  'interference_records',
  {
    seq: integer('seq').primaryKey(),
    recordNo: text('record_no').notNull().unique(),
    recordedAt: tz('recorded_at').notNull(),
    recorderPersonId: integer('recorder_person_id').notNull().references(() => people.id),
    recorderOrgId: integer('recorder_org_id').notNull().references(() => organisations.id),
    caseRef: text('case_ref').notNull(),
    caseNo: text('case_no'),
    interfererOrgId: integer('interferer_org_id').references(() => organisations.id),
    interfererUnit: text('interferer_unit'),
    interfererPerson: text('interferer_person'),
    occurred: text('occurred').notNull(),
    method: text('method').notNull(),
    request: text('request').notNull(),
    response: text('response'),
    prevHash: text('prev_hash').notNull().unique(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [
    index('interference_records_interferer').on(t.interfererOrgId, t.seq),
    index('interference_records_recorder').on(t.recorderPersonId),
    check('interference_records_seq_positive', sql`${t.seq} >= 1`),
    check('interference_records_hashes_hex', sql`${t.hash} ~ '^[0-9a-f]{64}$' AND ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
    check('interference_records_has_interferer', sql`${t.interfererOrgId} IS NOT NULL OR ${t.interfererUnit} IS NOT NULL OR ${t.interfererPerson} IS NOT NULL`),
  ],
);

/**
 * The chain head after each 干预记录, dated by the database and kept outside the record
 * table (M12): 核验干预记录 checks the records against every anchor, so a chain rewritten
 * and re-sealed in interference_records alone is found. Append-only like the records; an
 * anchor is taken only of a record as it is (a trigger checks its number and hash).
 */
export const interferenceAnchors = pgTable(
  'interference_anchors',
  {
    seq: integer('seq').primaryKey(),
    recordNo: text('record_no').notNull(),
    hash: text('hash').notNull(),
    anchoredAt: tz('anchored_at').notNull().defaultNow(),
  },
  (t) => [check('interference_anchors_hash_hex', sql`${t.hash} ~ '^[0-9a-f]{64}$'`)],
);
