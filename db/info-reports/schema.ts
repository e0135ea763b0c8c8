/** 执法信息报送 (四(三)): the units' pieces of enforcement information, and 采用. */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 执法信息 sent to the justice bureau (四(三)), counted per unit and month. */
export const infoReports = pgTable(
  'info_reports',
  {
    id: serial('id').primaryKey(),
    recordNo: text('record_no').notNull().unique(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    period: text('period').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    submittedBy: integer('submitted_by').notNull().references(() => people.id),
    submittedAt: tz('submitted_at').notNull(),
    // 采用: the justice bureau used it (in its briefing, a report to the city …).
    usedBy: integer('used_by').references(() => people.id),
    usedAt: tz('used_at'),
    usedNote: text('used_note'),
  },
  (t) => [
    index('info_reports_org_period').on(t.orgId, t.period),
    index('info_reports_period').on(t.period),
    check('info_reports_used', sql`(${t.usedAt} IS NULL) = (${t.usedBy} IS NULL)`),
  ],
);
