/** 投诉举报 (M3): the ledger and what happened to each complaint. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

/** 投诉举报登记台账 (M3). */
export const complaints = pgTable(
  'complaints',
  {
    id: serial('id').primaryKey(),
    trackingNo: text('tracking_no').notNull().unique(),
    complainantPersonId: integer('complainant_person_id').notNull().references(() => people.id),
    status: text('status', { enum: ['registered', 'accepted', 'resolved'] }).notNull(),
    what: text('what').notNull(),
    whereText: text('where_text').notNull(),
    whenText: text('when_text').notNull(),
    accusedOrgId: integer('accused_org_id').references(() => organisations.id),
    accusedText: text('accused_text'),
    /** A department or its officers are complained about, but not which: possibly any (never with accused_org_id). */
    accusedUnresolved: boolean('accused_unresolved').notNull().default(false),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'), // given only through Open311
    handlingOrgId: integer('handling_org_id').notNull().references(() => organisations.id),
    routedBy: text('routed_by').notNull(),
    forwardedFromOrgId: integer('forwarded_from_org_id').references(() => organisations.id),
    assistingOrgId: integer('assisting_org_id').references(() => organisations.id),
    // 协助调查 (M3): requests made so far, and the assisting body's answer to the current one.
    assistRounds: integer('assist_rounds').notNull().default(0),
    assistAnswer: text('assist_answer'),
    assistAnsweredAt: tz('assist_answered_at'),
    assistAnsweredBy: integer('assist_answered_by').references(() => people.id),
    handlerPersonId: integer('handler_person_id').references(() => people.id),
    registeredAt: tz('registered_at').notNull(),
    acceptDue: tz('accept_due').notNull(),
    acceptDueProvisional: boolean('accept_due_provisional').notNull().default(false),
    acceptedAt: tz('accepted_at'),
    result: text('result'),
    resolvedAt: tz('resolved_at'),
  },
  (t) => [
    index('complaints_handling').on(t.handlingOrgId, t.status),
    index('complaints_complainant').on(t.complainantPersonId),
    // The lifecycle's invariants hold in the database too, whatever writes to it.
    check('complaints_accepted_has_handler', sql`${t.status} = 'registered' OR (${t.handlerPersonId} IS NOT NULL AND ${t.acceptedAt} IS NOT NULL)`),
    check('complaints_resolved_has_result', sql`${t.status} <> 'resolved' OR (${t.result} IS NOT NULL AND ${t.resolvedAt} IS NOT NULL)`),
    // The assisting bodies' 待办: requests not yet answered.
    index('complaints_assisting').on(t.assistingOrgId).where(sql`${t.assistAnswer} IS NULL`),
    check('complaints_assist_answer', sql`${t.assistAnswer} IS NULL OR (${t.assistingOrgId} IS NOT NULL AND ${t.assistAnsweredAt} IS NOT NULL AND ${t.assistAnsweredBy} IS NOT NULL)`),
    check('complaints_accused_body_or_unresolved', sql`NOT (${t.accusedUnresolved} AND ${t.accusedOrgId} IS NOT NULL)`),
  ],
);

export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: integer('complaint_id').notNull().references(() => complaints.id),
    at: tz('at').notNull(),
    kind: text('kind').notNull(),
    actorPersonId: integer('actor_person_id').notNull().references(() => people.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    toOrgId: integer('to_org_id').references(() => organisations.id),
    note: text('note'),
  },
  (t) => [index('complaint_events_complaint').on(t.complaintId)],
);
