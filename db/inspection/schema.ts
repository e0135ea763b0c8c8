/** 网上巡查 (M5). */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people } from '../core-schema';

/** The justice bureau's quarterly 网上巡查 of published enforcement information (M5). */
export const infoInspections = pgTable(
  'info_inspections',
  {
    id: serial('id').primaryKey(),
    recordNo: text('record_no').notNull().unique(),
    quarter: text('quarter').notNull(),
    scope: text('scope').notNull(),
    findings: text('findings').notNull(),
    inspectedBy: integer('inspected_by').notNull().references(() => people.id),
    inspectedAt: tz('inspected_at').notNull(),
    // 报区委全面依法治区委员会审议后通报全区: the deliberation, recorded by the office; set once.
    reviewOpinion: text('review_opinion'),
    reviewedBy: integer('reviewed_by').references(() => people.id),
    reviewedAt: tz('reviewed_at'),
  },
  (t) => [
    index('info_inspections_quarter').on(t.quarter),
    check('info_inspections_review', sql`(${t.reviewOpinion} IS NULL) = (${t.reviewedAt} IS NULL)`),
  ],
);
