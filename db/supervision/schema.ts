/** 监督检查 and 监督通知书 (M7). */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 监督检查 (M7): one inspection round; its notices' findings make the 问题通报. */
export const inspections = pgTable('inspections', {
  id: serial('id').primaryKey(),
  no: text('no').notNull().unique(),
  // 司法局, or a body's 法制工作机构 inspecting the body itself (M7); rows before it was kept are the bureau's.
  inspectorOrgId: integer('inspector_org_id').notNull().references(() => organisations.id),
  officers: text('officers'), // an internal inspection's 检查对象
  method: text('method', { enum: ['routine', 'special', 'bigdata', 'third-party', 'unannounced'] }).notNull(),
  subjects: jsonb('subjects').$type<string[]>().notNull(),
  orgIds: jsonb('org_ids').$type<number[]>().notNull(),
  summary: text('summary').notNull(),
  recordedBy: integer('recorded_by').notNull().references(() => people.id),
  recordedAt: tz('recorded_at').notNull(),
  bulletinAt: tz('bulletin_at'),
});

/** 行政执法监督通知书 (M7) with its rectification rounds. */
export const supervisionNotices = pgTable(
  'supervision_notices',
  {
    id: serial('id').primaryKey(),
    no: text('no').notNull().unique(),
    inspectionId: integer('inspection_id').notNull().references(() => inspections.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    status: text('status', { enum: ['issued', 'reported', 'accepted', 'failed'] }).notNull(),
    findings: text('findings').notNull(),
    round: integer('round').notNull().default(1),
    dueDate: text('due_date').notNull(),
    dueAt: tz('due_at').notNull(),
    issuedBy: integer('issued_by').notNull().references(() => people.id),
    issuedAt: tz('issued_at').notNull(),
    history: jsonb('history').$type<Array<Record<string, unknown>>>().notNull().default([]),
    report: text('report'),
    reportedAt: tz('reported_at'),
    reportedBy: integer('reported_by').references(() => people.id),
    reviewedBy: integer('reviewed_by').references(() => people.id),
    reviewedAt: tz('reviewed_at'),
    failReason: text('fail_reason'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('supervision_notices_inspection').on(t.inspectionId),
    index('supervision_notices_status').on(t.status, t.orgId),
    check('supervision_notices_reported', sql`${t.status} = 'issued' OR (${t.report} IS NOT NULL AND ${t.reportedAt} IS NOT NULL)`),
    check('supervision_notices_reviewed', sql`${t.status} IN ('issued', 'reported') OR (${t.reviewedBy} IS NOT NULL AND ${t.reviewedAt} IS NOT NULL)`),
    check('supervision_notices_failed', sql`${t.status} <> 'failed' OR ${t.failReason} IS NOT NULL`),
  ],
);
