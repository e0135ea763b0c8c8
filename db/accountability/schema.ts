/** 责任追究 (M8). */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 过错责任认定 (M8): kept by the justice bureau; one per ground, body and source record. */
export const faultFindings = pgTable(
  'fault_findings',
  {
    id: serial('id').primaryKey(),
    no: text('no').notNull().unique(),
    status: text('status', { enum: ['proposed', 'decided', 'dismissed'] }).notNull(),
    targetKind: text('target_kind', { enum: ['org', 'officer'] }).notNull(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    officerName: text('officer_name'),
    officerPersonId: integer('officer_person_id').references(() => people.id),
    ground: text('ground').notNull(),
    facts: text('facts').notNull(),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    proposedBy: integer('proposed_by').references(() => people.id),
    proposedAt: tz('proposed_at').notNull(),
    proposedAuthority: text('proposed_authority').notNull(),
    outcomeKind: text('outcome_kind'), // 行政处理 / 处分或职务调整 / 移送司法机关; null on decisions recorded before it was asked
    authority: text('authority'),
    outcome: text('outcome'),
    reason: text('reason'),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedAt: tz('decided_at'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    // One per ground, target (the body, or one named officer of it) and source record.
    uniqueIndex('fault_findings_source_target')
      .on(t.ground, t.orgId, sql`coalesce(${t.officerName}, '')`, t.sourceType, t.sourceId)
      .where(sql`${t.sourceId} IS NOT NULL`),
    index('fault_findings_org').on(t.orgId, t.status),
    index('fault_findings_status').on(t.status),
    check('fault_findings_officer', sql`${t.targetKind} = 'org' OR ${t.officerName} IS NOT NULL`),
    check('fault_findings_decided', sql`${t.status} <> 'decided' OR (${t.authority} IS NOT NULL AND ${t.outcome} IS NOT NULL AND ${t.decidedAt} IS NOT NULL)`),
    check('fault_findings_dismissed', sql`${t.status} <> 'dismissed' OR (${t.reason} IS NOT NULL AND ${t.decidedAt} IS NOT NULL)`),
  ],
);
