/** Rate limits (domain/limits.ts). */
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';

/** Rate-limit counters in rate-limiter-flexible's drizzle layout (db/limits/repo.ts): shared by every instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: tz('expire'),
});
