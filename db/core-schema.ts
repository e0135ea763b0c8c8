/**
 * The shared core's tables: the directory, people and their accounts and roles, the
 * dialogue state, delivered message ids, record numbers, the outbox and the deadlines.
 * Each mechanism's tables sit in its own folder (db/<mechanism>/schema.ts); db/schema.ts
 * re-exports them all.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Reply, ConversationState } from '../domain/ports';
import type { ShownReply } from '../domain/transcript';
import { tz } from './columns';

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
 * What a web session said and was answered, with the time, so a reload shows it again: one
 * row per exchange (the message and its replies) or delivered notification. Keyed by the
 * session's web account (the external id outlives a rotated session id); deleted on
 * 退出登录. A retried message (same message id) or a notification delivered twice (same
 * outbox id) is one row. No foreign key, as web_sessions.
 */
export const webTranscript = pgTable(
  'web_transcript',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull(),
    at: tz('at').notNull().defaultNow(),
    /** The person's message; null for a notification. */
    said: text('said'),
    replies: jsonb('replies').$type<ShownReply[]>().notNull(),
    messageId: text('message_id'),
    outboxId: bigint('outbox_id', { mode: 'number' }),
  },
  (t) => [
    index('web_transcript_session').on(t.externalId, t.id),
    uniqueIndex('web_transcript_message').on(t.externalId, t.messageId),
    uniqueIndex('web_transcript_notice').on(t.externalId, t.outboxId),
  ],
);
