/** Identity (domain/identity.ts): invitation and link codes, web sessions, links awaiting a role holder's confirmation. */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';

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
    // The staff console (issue 16) signs in through the same sessions: kind 'console' opens a
    // person (person_id; external_id reads `console:<person>`), ends when idle (last_seen_at).
    kind: text('kind').$type<'chat' | 'console'>().notNull().default('chat'),
    personId: integer('person_id'),
    lastSeenAt: tz('last_seen_at'),
  },
  (t) => [
    index('web_sessions_external').on(t.externalId),
    check('web_sessions_console_person', sql`(${t.kind} = 'console') = (${t.personId} IS NOT NULL)`),
  ],
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
