import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Reply, ConversationState } from '../domain/ports';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** District directory (seeded from db/seed/directory.json). */
export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull().unique(),
  aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
  kind: text('kind', { enum: ['department', 'township', 'authority', 'external'] }).notNull(),
  receivingBody: text('receiving_body').notNull().default(''),
  phone: text('phone').notNull().default(''),
  mailbox: text('mailbox').notNull().default(''),
  keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
  examples: jsonb('examples').$type<string[]>().notNull().default([]),
});

export const people = pgTable('people', {
  id: serial('id').primaryKey(),
  displayName: text('display_name'),
  /** 通知渠道: the platform the person wants notifications on; null = any bound one. */
  notifyPlatform: text('notify_platform'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

/** One person, many platforms: (platform, external id) → person. */
export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id').notNull().references(() => people.id),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('accounts_platform_external').on(t.platform, t.externalId), index('accounts_person').on(t.personId)],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    personId: integer('person_id').notNull().references(() => people.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    role: text('role').notNull(),
    grantedAt: tz('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.orgId, t.role] }), index('role_grants_org').on(t.orgId, t.role)],
);

/** Invitation codes are stored hashed: a leaked table does not leak usable codes. */
export const invites = pgTable('invites', {
  codeHash: text('code_hash').primaryKey(),
  orgId: integer('org_id').notNull().references(() => organisations.id),
  role: text('role').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
  usedBy: integer('used_by').references(() => people.id),
});

/** Short-lived codes that link another platform's account to the same person (绑定账号). */
export const linkCodes = pgTable('link_codes', {
  codeHash: text('code_hash').primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
});

/** Dialogue state per account and chat: a restart resumes at the same step. */
export const conversations = pgTable(
  'conversations',
  {
    accountId: integer('account_id').notNull().references(() => accounts.id),
    chatId: text('chat_id').notNull(),
    state: jsonb('state').$type<ConversationState | null>(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.chatId] })],
);

/** Platform message ids already processed, with the replies given (a redelivery gets them again). */
export const deliveries = pgTable(
  'deliveries',
  {
    accountId: integer('account_id').notNull().references(() => accounts.id),
    messageId: text('message_id').notNull(),
    receivedAt: tz('received_at').notNull().defaultNow(),
    replies: jsonb('replies').$type<Reply[]>(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.messageId] })],
);

/** The last number given in each series and year (TS-2026-…, AJ-2026-…; domain/record-no.ts). */
export const recordCounters = pgTable(
  'record_counters',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

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

/**
 * Messages to people other than the one speaking, delivered through the account chosen
 * at enqueue time: pushed by the dispatcher (leased rows, retried with backoff), or
 * polled by the web chat.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: integer('person_id').notNull().references(() => people.id),
    accountId: integer('account_id').references(() => accounts.id),
    text: text('text').notNull(),
    options: jsonb('options').$type<string[]>(),
    createdAt: tz('created_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at').notNull().defaultNow(),
    leaseUntil: tz('lease_until'),
    deliveredAt: tz('delivered_at'),
    failedAt: tz('failed_at'),
    lastError: text('last_error'),
    channel: text('channel'),
  },
  (t) => [
    index('outbox_pending').on(t.personId, t.id).where(sql`${t.deliveredAt} IS NULL`),
    index('outbox_due').on(t.nextAttemptAt, t.id).where(sql`${t.deliveredAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

/**
 * Every clock of the plan (domain/deadlines): one row per duty, unique by what it is,
 * whose it is and what it is about, so generating a period's duties twice is harmless.
 */
export const deadlines = pgTable(
  'deadlines',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    supervisorOrgCode: text('supervisor_org_code').notNull(),
    dueAt: tz('due_at').notNull(),
    provisional: boolean('provisional').notNull().default(false),
    rule: text('rule').notNull(),
    required: integer('required'),
    progress: integer('progress').notNull().default(0),
    state: text('state', { enum: ['open', 'met', 'missed', 'waived'] }).notNull().default('open'),
    closedAt: tz('closed_at'),
    waiveReason: text('waive_reason'),
    createdAt: tz('created_at').notNull().defaultNow(),
    /** The event the clock runs from, to count it again when the calendar changes (null: duties, old rows). */
    startedAt: tz('started_at'),
  },
  (t) => [
    uniqueIndex('deadlines_identity').on(t.kind, t.orgId, t.subjectType, t.subjectId),
    index('deadlines_open_org').on(t.orgId, t.dueAt).where(sql`${t.state} = 'open'`),
    index('deadlines_state').on(t.state, t.orgId),
  ],
);

/** The reminders of a deadline; the sweep takes due ones with SKIP LOCKED and marks them sent in the same transaction. */
export const deadlineReminders = pgTable(
  'deadline_reminders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deadlineId: integer('deadline_id').notNull().references(() => deadlines.id),
    key: text('key').notNull(),
    at: tz('at').notNull(),
    audience: text('audience').notNull(),
    sentAt: tz('sent_at'),
  },
  (t) => [
    uniqueIndex('deadline_reminders_key').on(t.deadlineId, t.key),
    // The sweep's index: only unsent reminders, by time — it grows with what is due, not with history.
    index('deadline_reminders_due').on(t.at, t.id).where(sql`${t.sentAt} IS NULL`),
  ],
);

/**
 * Case records (M4, M10, M13, M15 一): cases, transfers, orders to transfer and discipline
 * referrals. Each row holds its domain record whole in `body` (a discriminated union, read
 * back through the domain types) with the columns the queries need beside it; a transition
 * saves only if `body` is still what was read, so two people acting at once cannot both win.
 */
const caseRecord = (name: string, uniqueBodyKey?: string) =>
  pgTable(
    name,
    {
      id: serial('id').primaryKey(),
      no: text('no').notNull().unique(),
      orgId: integer('org_id').notNull().references(() => organisations.id), // the body that holds it
      otherOrgId: integer('other_org_id').references(() => organisations.id), // the body at the other end, if any
      state: text('state').notNull(),
      body: jsonb('body').notNull(),
      createdAt: tz('created_at').notNull().defaultNow(),
      updatedAt: tz('updated_at').notNull().defaultNow(),
    },
    (t) => [
      index(`${name}_org_state`).on(t.orgId, t.state),
      index(`${name}_other_state`).on(t.otherOrgId, t.state),
      // A record that carries an outside number of its own (an approval's 文号) is stored once per number.
      ...(uniqueBodyKey ? [uniqueIndex(`${name}_${uniqueBodyKey}`).on(sql`(${t.body} ->> '${sql.raw(uniqueBodyKey)}')`)] : []),
    ],
  );

export const cases = caseRecord('cases');
export const caseTransfers = caseRecord('case_transfers');
export const transferOrders = caseRecord('transfer_orders');
export const disciplineReferrals = caseRecord('discipline_referrals');

/** 案件台账: what happened to each case record, by whom. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordNo: text('record_no').notNull(),
    kind: text('kind').notNull(),
    actorPersonId: integer('actor_person_id').notNull().references(() => people.id),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    note: text('note'),
    at: tz('at').notNull(),
  },
  (t) => [index('case_events_record').on(t.recordNo, t.id)],
);

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

// ── 争议协调 (M2, M15 六), 监督检查 (M7), 责任追究 (M8) ──

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

/**
 * Joint meetings (M1, M14) and their decided items (议定事项), held whole like the case
 * records: orgId is the convening office (meetings) or the unit that carries the item
 * (items), otherOrgId the proposing member unit (meetings) or the office (items).
 */
export const meetings = caseRecord('meetings');
export const meetingItems = caseRecord('meeting_items');

/** 联络员制度 (M1, M14 三): one registered liaison per meeting and member unit. */
export const meetingLiaisons = pgTable(
  'meeting_liaisons',
  {
    body: text('body', { enum: ['joint', 'approval'] }).notNull(),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    personId: integer('person_id').notNull().references(() => people.id),
    name: text('name').notNull(),
    post: text('post').notNull(),
    phone: text('phone').notNull(),
    registeredAt: tz('registered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.body, t.orgId] })],
);

/**
 * Approval decisions pushed by the approval bureau (M14 二), classified and routed to the
 * supervising department; orgId is that department (the bureau while unrouted). One row
 * per decision number (审批决定文号), so a re-import does not duplicate.
 */
export const approvalDecisions = caseRecord('approval_decisions', 'decisionNo');

/**
 * Information sharing (M5, M15 三): requests for enforcement information (orgId the body
 * asked, otherOrgId the body asking) and the units' periodic statistics (one per unit and
 * period; a second report of the period corrects the first).
 */
export const infoRequests = caseRecord('info_requests');
export const infoStatistics = caseRecord('info_statistics', 'unitPeriod');

/**
 * Joint enforcement (M6, M15 四、五): joint actions (orgId the lead body) and a township's
 * written requests for assistance (orgId the district department asked, otherOrgId the township).
 */
export const jointActions = caseRecord('joint_actions');
export const assistanceRequests = caseRecord('assistance_requests');
// ── Periodic duties met by submissions (issue 7): M9 考核自评/考核评议, M11 案例指导,
//    四(三) 执法信息报送, M5 网上巡查; the liaisons' digest and its setting; staff API tokens.

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

/** 提醒设置: a person may pause the morning digest (never reminders or escalations). */
export const reminderSettings = pgTable('reminder_settings', {
  personId: integer('person_id').primaryKey().references(() => people.id),
  digestPaused: boolean('digest_paused').notNull().default(false),
  updatedAt: tz('updated_at').notNull(),
});

/** One row per liaison and local day the digest was taken care of: the exactly-once key across instances. */
export const digests = pgTable(
  'digests',
  {
    personId: integer('person_id').notNull().references(() => people.id),
    day: text('day').notNull(),
    items: integer('items').notNull(),
    at: tz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.day] })],
);

/** Bearer tokens for the staff API (接口令牌), stored hashed; revoked ones stay for the record. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: integer('person_id').notNull().references(() => people.id),
    createdAt: tz('created_at').notNull(),
    revokedAt: tz('revoked_at'),
    lastUsedAt: tz('last_used_at'),
  },
  (t) => [index('api_tokens_person').on(t.personId)],
);

/**
 * The official calendar (domain/calendar/notice.ts, notice-record.ts): a year's holiday
 * notice entered, then confirmed by a second person. The confirmed ones override the
 * package's data for their year; at most one pending and one confirmed per year.
 */
export const calendarNotices = pgTable(
  'calendar_notices',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    body: jsonb('body').notNull(), // HolidayNotice
    state: text('state', { enum: ['pending', 'confirmed', 'rejected', 'superseded'] }).notNull(),
    enteredVia: text('entered_via', { enum: ['chat', 'file'] }).notNull(),
    enteredBy: integer('entered_by').references(() => people.id),
    enteredAt: tz('entered_at').notNull(),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedAt: tz('decided_at'),
    reason: text('reason'),
    supersededAt: tz('superseded_at'),
    /** The package's data for the year last compared with this notice (noticeFingerprint): reported once. */
    packageChecked: text('package_checked'),
  },
  (t) => [
    uniqueIndex('calendar_notices_pending').on(t.year).where(sql`${t.state} = 'pending'`),
    uniqueIndex('calendar_notices_confirmed').on(t.year).where(sql`${t.state} = 'confirmed'`),
    check('calendar_notices_by', sql`(${t.enteredVia} = 'chat') = (${t.enteredBy} IS NOT NULL)`),
  ],
);

/** The years the package (chinese-days) has been seen to cover, by the data it gave: a new or changed one moves provisional clocks. */
export const calendarPackageYears = pgTable('calendar_package_years', {
  year: integer('year').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  seenAt: tz('seen_at').notNull(),
});

/** A clock moved by a change of the calendar: both dates and states kept (domain/deadlines/recompute.ts). */
export const deadlineChanges = pgTable(
  'deadline_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deadlineId: integer('deadline_id').notNull().references(() => deadlines.id),
    at: tz('at').notNull(),
    reason: text('reason').notNull(),
    outcome: text('outcome').notNull(),
    dueBefore: tz('due_before').notNull(),
    dueAfter: tz('due_after').notNull(),
    provisionalBefore: boolean('provisional_before').notNull(),
    provisionalAfter: boolean('provisional_after').notNull(),
    stateBefore: text('state_before').notNull(),
    stateAfter: text('state_after').notNull(),
  },
  (t) => [index('deadline_changes_deadline').on(t.deadlineId)],
);

// --- Trust: web sessions, links awaiting a role holder's confirmation, rate-limit counters (domain/identity.ts, domain/limits.ts).

/**
 * Web chat sessions: the SHA-256 of the browser's random id (never the id) → the external id
 * of its web account. Issued by the server only; rotated on 绑定/关联, deleted on 退出登录.
 * No foreign key: a new browser's session exists a moment before its account.
 */
export const webSessions = pgTable(
  'web_sessions',
  {
    sidHash: text('sid_hash').primaryKey(),
    externalId: text('external_id').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    rotatedAt: tz('rotated_at'),
  },
  (t) => [index('web_sessions_external').on(t.externalId)],
);

/**
 * A link (关联) that would join a role holder with another person, waiting for the holder's
 * confirmation code (stored hashed). Person ids are not foreign keys: a merge may remove
 * one side meanwhile, and the confirmation then finds the request stale.
 */
export const linkRequests = pgTable(
  'link_requests',
  {
    id: serial('id').primaryKey(),
    fromPersonId: integer('from_person_id').notNull(),
    intoPersonId: integer('into_person_id').notNull(),
    holderPersonId: integer('holder_person_id').notNull(),
    roles: jsonb('roles').$type<{ orgId: number; role: string }[]>().notNull(),
    redeemerPlatform: text('redeemer_platform').notNull(),
    confirmHash: text('confirm_hash').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    closedAt: tz('closed_at'),
    outcome: text('outcome'),
  },
  (t) => [index('link_requests_holder').on(t.holderPersonId)],
);

/** Rate-limit counters in rate-limiter-flexible's drizzle layout (db/rate-limits.ts): shared by every instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: tz('expire'),
});

// 回访与评价, 申请重办 (issue 18): the follow-up mechanism's own tables.
export * from './followup/schema';
