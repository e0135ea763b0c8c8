/** 提醒设置 and the liaisons' morning digest. */
import { boolean, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people } from '../core-schema';

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
