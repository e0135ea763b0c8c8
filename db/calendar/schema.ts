/** The official calendar: holiday notices entered and confirmed, the package's years, clocks moved by them. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people, deadlines } from '../core-schema';

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
