/** 争议协调 (M2, M15 六). */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 行政执法争议协调 (domain/dispute.ts): the row holds the current state; checks keep each state whole. */
export const disputes = pgTable(
  'disputes',
  {
    id: serial('id').primaryKey(),
    no: text('no').notNull().unique(),
    status: text('status', { enum: ['applied', 'declined', 'accepted', 'opinion-issued', 'resolved', 'reported', 'ruled'] }).notNull(),
    kind: text('kind', { enum: ['duty', 'basis', 'procedure', 'standard', 'jurisdiction'] }).notNull(),
    applicantOrgId: integer('applicant_org_id').notNull().references(() => organisations.id),
    applicantPersonId: integer('applicant_person_id').notNull().references(() => people.id),
    facts: text('facts').notNull(),
    negotiation: text('negotiation').notNull(),
    appliedAt: tz('applied_at').notNull(),
    handlerPersonId: integer('handler_person_id').references(() => people.id),
    acceptedAt: tz('accepted_at'),
    declinedAt: tz('declined_at'),
    declineReason: text('decline_reason'),
    opinion: text('opinion'),
    opinionAt: tz('opinion_at'),
    opinionBy: integer('opinion_by').references(() => people.id),
    positions: jsonb('positions').$type<Array<{ orgId: number; agree: boolean; note: string | null; personId: number; at: string }>>().notNull().default([]),
    resolvedAt: tz('resolved_at'),
    recommendation: text('recommendation'),
    reportedAt: tz('reported_at'),
    reportedBy: integer('reported_by').references(() => people.id),
    ruling: text('ruling'),
    ruledAt: tz('ruled_at'),
    ruledBy: integer('ruled_by').references(() => people.id),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('disputes_status').on(t.status),
    check('disputes_negotiated', sql`length(${t.negotiation}) > 0`),
    check('disputes_declined', sql`${t.status} <> 'declined' OR (${t.declineReason} IS NOT NULL AND ${t.declinedAt} IS NOT NULL)`),
    check('disputes_accepted', sql`${t.status} IN ('applied', 'declined') OR (${t.handlerPersonId} IS NOT NULL AND ${t.acceptedAt} IS NOT NULL)`),
    check('disputes_opinion', sql`${t.status} IN ('applied', 'declined', 'accepted') OR (${t.opinion} IS NOT NULL AND ${t.opinionAt} IS NOT NULL)`),
    check('disputes_resolved', sql`${t.status} <> 'resolved' OR ${t.resolvedAt} IS NOT NULL`),
    check('disputes_reported', sql`${t.status} NOT IN ('reported', 'ruled') OR (${t.recommendation} IS NOT NULL AND ${t.reportedAt} IS NOT NULL)`),
    check('disputes_ruled', sql`${t.status} <> 'ruled' OR (${t.ruling} IS NOT NULL AND ${t.ruledAt} IS NOT NULL)`),
  ],
);

/** The parties of a dispute: the applicant and the bodies it names (fixed at application). */
export const disputeParties = pgTable(
  'dispute_parties',
  {
    disputeId: integer('dispute_id').notNull().references(() => disputes.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    role: text('role', { enum: ['applicant', 'respondent'] }).notNull(),
    position: integer('position').notNull(), // order as named
  },
  (t) => [primaryKey({ columns: [t.disputeId, t.orgId] }), index('dispute_parties_org').on(t.orgId)],
);
