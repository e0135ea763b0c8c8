/**
 * Every table, for drizzle-kit (drizzle.config.ts) and for `import { … } from './schema'`:
 * the shared core's (db/core-schema.ts) and each mechanism's (db/<mechanism>/schema.ts).
 * A new mechanism adds one line here, and one in db/mechanisms.ts.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from './columns';
import { organisations, people } from './core-schema';

export * from './core-schema';
export * from './identity/schema';
export * from './limits/schema';
export * from './complaints/schema';
export * from './cases/schema';
export * from './interference/schema';
export * from './disputes/schema';
export * from './supervision/schema';
export * from './accountability/schema';
export * from './meetings/schema';
export * from './approvals/schema';
export * from './sharing/schema';
export * from './joint/schema';
export * from './assessment/schema';
export * from './guiding-cases/schema';
export * from './inspection/schema';
export * from './reminders/schema';
export * from './staff-api/schema';
export * from './calendar/schema';

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
