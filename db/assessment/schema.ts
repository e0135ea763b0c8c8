/** 考核 (M9). */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 考核自评 (self) and 考核评议 (officers), M9: one per unit and period, drafted item by item. */
export const assessments = pgTable(
  'assessments',
  {
    id: serial('id').primaryKey(),
    recordNo: text('record_no').notNull().unique(),
    kind: text('kind', { enum: ['self', 'officers'] }).notNull(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    period: text('period').notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'filed', 'graded', 'ratified'] }).notNull().default('draft'),
    items: jsonb('items').$type<Array<{ key: string; score?: number; grade?: string; note: string }>>().notNull().default([]),
    version: integer('version').notNull().default(0),
    createdBy: integer('created_by').notNull().references(() => people.id),
    createdAt: tz('created_at').notNull(),
    returnReason: text('return_reason'),
    returnedBy: integer('returned_by').references(() => people.id),
    returnedAt: tz('returned_at'),
    submittedBy: integer('submitted_by').references(() => people.id),
    submittedAt: tz('submitted_at'),
    approvedBy: integer('approved_by').references(() => people.id),
    filedAt: tz('filed_at'),
    grade: text('grade'),
    gradedBy: integer('graded_by').references(() => people.id),
    gradedAt: tz('graded_at'),
    // 区政府 审定 (M9): the approved grade, then 表彰奖励 / 通报批评 on it.
    result: text('result'),
    ratifiedBy: integer('ratified_by').references(() => people.id),
    ratifiedAt: tz('ratified_at'),
    distinction: text('distinction', { enum: ['commend', 'criticise'] }),
    distinctionNote: text('distinction_note'),
    distinctionBy: integer('distinction_by').references(() => people.id),
    distinctionAt: tz('distinction_at'),
  },
  (t) => [
    uniqueIndex('assessments_identity').on(t.kind, t.orgId, t.period),
    index('assessments_status').on(t.status, t.orgId),
    check('assessments_submitted', sql`${t.status} = 'draft' OR (${t.submittedBy} IS NOT NULL AND ${t.submittedAt} IS NOT NULL)`),
    check('assessments_filed', sql`${t.status} IN ('draft', 'submitted') OR (${t.approvedBy} IS NOT NULL AND ${t.filedAt} IS NOT NULL)`),
    check('assessments_graded', sql`${t.status} NOT IN ('graded', 'ratified') OR (${t.kind} = 'self' AND ${t.grade} IS NOT NULL AND ${t.gradedAt} IS NOT NULL)`),
    check('assessments_ratified', sql`${t.status} <> 'ratified' OR (${t.result} IS NOT NULL AND ${t.ratifiedBy} IS NOT NULL AND ${t.ratifiedAt} IS NOT NULL)`),
    check('assessments_distinction', sql`${t.distinction} IS NULL OR (${t.status} = 'ratified' AND ${t.distinctionNote} IS NOT NULL AND ${t.distinctionAt} IS NOT NULL)`),
  ],
);
