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
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    handlingOrgId: integer('handling_org_id').notNull().references(() => organisations.id),
    routedBy: text('routed_by').notNull(),
    forwardedFromOrgId: integer('forwarded_from_org_id').references(() => organisations.id),
    assistingOrgId: integer('assisting_org_id').references(() => organisations.id),
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
    status: text('status', { enum: ['draft', 'submitted', 'filed', 'graded'] }).notNull().default('draft'),
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
  },
  (t) => [
    uniqueIndex('assessments_identity').on(t.kind, t.orgId, t.period),
    index('assessments_status').on(t.status, t.orgId),
    check('assessments_submitted', sql`${t.status} = 'draft' OR (${t.submittedBy} IS NOT NULL AND ${t.submittedAt} IS NOT NULL)`),
    check('assessments_filed', sql`${t.status} IN ('draft', 'submitted') OR (${t.approvedBy} IS NOT NULL AND ${t.filedAt} IS NOT NULL)`),
    check('assessments_graded', sql`${t.status} <> 'graded' OR (${t.kind} = 'self' AND ${t.grade} IS NOT NULL AND ${t.gradedAt} IS NOT NULL)`),
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
  },
  (t) => [index('info_reports_org_period').on(t.orgId, t.period)],
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
  },
  (t) => [index('info_inspections_quarter').on(t.quarter)],
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
