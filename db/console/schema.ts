/**
 * Staff console (控制台, issue 16): one-time sign-in codes from chat (domain/console.ts); its
 * sessions are web_sessions of kind 'console' (db/identity/schema.ts). Person ids are not
 * foreign keys (as link_requests): a person merged away leaves them dangling and powerless.
 */
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';

/** Sign-in codes given by `控制台` in chat: the SHA-256 of the code (never the code), bound to the person, single use. */
export const consoleCodes = pgTable(
  'console_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    personId: integer('person_id').notNull(),
    createdAt: tz('created_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
    usedAt: tz('used_at'),
  },
  (t) => [index('console_codes_person').on(t.personId)],
);
