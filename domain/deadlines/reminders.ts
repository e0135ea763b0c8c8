/**
 * When to remind about a deadline, on the official working-day calendar (Asia/Shanghai).
 *
 * | key          | when                                                                  | to                    |
 * | ------------ | --------------------------------------------------------------------- | --------------------- |
 * | before-2     | 09:00 on the 2nd working day before the due day (rest days skipped)    | responsible body      |
 * | before-2h    | instead of before-2 for a 24-hour clock (紧急移送): 2 hours before due | responsible body      |
 * | due-morning  | 09:00 on the due day, or on the last working day before it if the     | responsible body      |
 * |              | due day is a rest day                                                 |                       |
 * | due          | the due instant                                                       | responsible body      |
 * | escalation   | 1 minute after the due instant (督办)                                  | its head + supervisor |
 *
 * The early reminders (before-*, due-morning) are kept only if they fall after the creation
 * instant and before the due instant: a reminder for a moment already past would fire late
 * and stale, one after due says nothing. `due` and `escalation` are always kept — a
 * deadline recorded late still has to be chased. Two reminders at the same instant collapse
 * into the later-phase one (due-morning over before-2h). Keys are unique per deadline, so
 * (deadline id, key) identifies a reminder for an idempotent schedule.
 */
import { type DayCalendar, type LocalDate, localDate } from '../calendar/calendar';
import type { DeadlineFields, DeadlineKind } from './deadline';

export type ReminderKey = 'before-2' | 'before-2h' | 'due-morning' | 'due' | 'escalation';
export type Audience = 'responsible' | 'head-and-supervisor';

export interface Reminder {
  key: ReminderKey;
  at: Date;
  audience: Audience;
}

/** Clocks counted in hours (24小时内), reminded 2 hours before rather than 2 working days. */
export const HOUR_CLOCK_KINDS: readonly DeadlineKind[] = ['urgent-transfer'];

export const BEFORE_WORKING_DAYS = 2;
export const BEFORE_HOURS = 2;
export const ESCALATION_DELAY_MS = 60_000;
/** The local hour of the morning reminders. */
export const MORNING = '09:00';

const DAY_MS = 86_400_000;
/** Enough to cross any run of rest days; a calendar without working days is a bug. */
const MAX_STEPS = 366;

const previousLocalDate = (date: LocalDate): LocalDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/** `MORNING` +08:00 on a local date. */
export const morningOf = (date: LocalDate): Date => new Date(Date.parse(`${date}T${MORNING}:00+08:00`));

/** The nth working day strictly before the date (n ≥ 1). */
export function workingDayBefore(calendar: DayCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer: ${n}`);
  let d = date;
  let left = n;
  for (let steps = 0; steps < MAX_STEPS * n; steps++) {
    d = previousLocalDate(d);
    if (calendar.isWorkday(d) && --left === 0) return d;
  }
  throw new RangeError(`no working day found before ${date}`);
}

/** The date itself if it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(calendar: DayCalendar, date: LocalDate): LocalDate {
  return calendar.isWorkday(date) ? date : workingDayBefore(calendar, date, 1);
}

/** The reminders of a deadline created at `createdAt`, sorted by time, keys unique. */
export function remindersFor(
  d: Pick<DeadlineFields, 'kind' | 'dueAt'>,
  createdAt: Date,
  calendar: DayCalendar,
): Reminder[] {
  const due = d.dueAt.getTime();
  const dueDay = localDate(d.dueAt);
  const early: Reminder[] = [
    HOUR_CLOCK_KINDS.includes(d.kind)
      ? { key: 'before-2h', at: new Date(due - BEFORE_HOURS * 3_600_000), audience: 'responsible' }
      : { key: 'before-2', at: morningOf(workingDayBefore(calendar, dueDay, BEFORE_WORKING_DAYS)), audience: 'responsible' },
    { key: 'due-morning', at: morningOf(workingDayOnOrBefore(calendar, dueDay)), audience: 'responsible' },
  ];
  const kept = early.filter((r) => r.at.getTime() > createdAt.getTime() && r.at.getTime() < due);
  const all: Reminder[] = [
    ...kept,
    { key: 'due', at: new Date(due), audience: 'responsible' },
    { key: 'escalation', at: new Date(due + ESCALATION_DELAY_MS), audience: 'head-and-supervisor' },
  ];
  // Sorted by time; of two at the same instant the later phase (later in `all`) wins.
  const byTime = new Map<number, Reminder>();
  for (const r of all) byTime.set(r.at.getTime(), r);
  return [...byTime.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}
