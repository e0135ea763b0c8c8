/** 接口令牌: the staff API's bearer tokens. */
import { index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people } from '../core-schema';

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
