/** 指导案例 (M11). */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 行政执法指导案例 (M11). */
export const guidingCases = pgTable(
  'guiding_cases',
  {
    id: serial('id').primaryKey(),
    recordNo: text('record_no').notNull().unique(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    year: integer('year').notNull(),
    actKind: text('act_kind').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    why: text('why').notNull(),
    status: text('status', { enum: ['submitted', 'accepted', 'returned', 'published'] }).notNull().default('submitted'),
    submittedBy: integer('submitted_by').notNull().references(() => people.id),
    submittedAt: tz('submitted_at').notNull(),
    reviewedBy: integer('reviewed_by').references(() => people.id),
    reviewedAt: tz('reviewed_at'),
    returnReason: text('return_reason'),
    publishedBy: integer('published_by').references(() => people.id),
    publishedAt: tz('published_at'),
  },
  (t) => [
    index('guiding_cases_status').on(t.status, t.submittedAt),
    index('guiding_cases_org').on(t.orgId, t.year),
    check('guiding_cases_reviewed', sql`${t.status} = 'submitted' OR (${t.reviewedBy} IS NOT NULL AND ${t.reviewedAt} IS NOT NULL)`),
    check('guiding_cases_returned', sql`${t.status} <> 'returned' OR ${t.returnReason} IS NOT NULL`),
    check('guiding_cases_published', sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
  ],
);
