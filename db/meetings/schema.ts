/** 联席会议 (M1) and 审批监管联席会议 (M14): meetings, decided items, the liaison roster. */
import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { organisations, people } from '../core-schema';
import { recordTable } from '../record-table';

/**
 * Joint meetings (M1, M14) and their decided items (议定事项), held whole like the case
 * records: orgId is the convening office (meetings) or the unit that carries the item
 * (items), otherOrgId the proposing member unit (meetings) or the office (items).
 */
export const meetings = recordTable('meetings');
export const meetingItems = recordTable('meeting_items');

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
