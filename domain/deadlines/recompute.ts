/**
 * What happens to a clock when the calendar of its years changes (a year's holiday notice
 * entered and confirmed, or a package that now knows the year): a clock counted in working
 * days is counted again from its start event on the new calendar.
 *
 * | before         | new due        | outcome       | what is done                                          |
 * | -------------- | -------------- | ------------- | ----------------------------------------------------- |
 * | open, missed   | same instant   | confirmed     | the 暂定 mark follows the calendar; nobody is told      |
 * | open           | after now      | moved         | due and unsent reminders move; the responsible told   |
 * | open           | already past   | now-overdue   | due moves, nothing escalated: reported for a person   |
 * |                |                |               | to judge (the body could not have known the date)     |
 * | missed (暂定)   | after now      | restored      | open again, reminded and escalated at the new due     |
 * | missed (暂定)   | already past   | still-missed  | the record takes the official due; stays missed       |
 *
 * Hour and explicit-date clocks and the periodic duties never depend on the working-day
 * calendar (never provisional) and are never recomputed; a clock whose start event is not
 * recorded cannot be, and is listed for a person instead.
 */
import type { DayCalendar } from '../calendar/calendar';
import { type Deadline } from './deadline';
import { WORKING_DAY_RULES, type WorkingDayRuleKind, dueFor } from './rules';

export type RecomputeOutcome = 'confirmed' | 'moved' | 'now-overdue' | 'restored' | 'still-missed';

export type Recomputed =
  | { kind: 'unchanged' }
  | { kind: 'unrecomputable' }
  | { kind: 'changed'; outcome: RecomputeOutcome; dueAt: Date; provisional: boolean; state: 'open' | 'missed' };

export const isWorkingDayKind = (k: string): k is WorkingDayRuleKind => (WORKING_DAY_RULES as readonly string[]).includes(k);

/** The clock counted again on `calendar` at `now`. Only open clocks and provisional missed ones move. */
export function recomputeDue(d: Deadline, calendar: DayCalendar, now: Date): Recomputed {
  if (d.state === 'met' || d.state === 'waived' || (d.state === 'missed' && !d.provisional)) return { kind: 'unchanged' };
  if (!isWorkingDayKind(d.kind)) return { kind: 'unchanged' };
  if (!d.startedAt) return { kind: 'unrecomputable' };
  const due = dueFor({ kind: d.kind }, d.startedAt, calendar);
  if (!due.ok) return { kind: 'unrecomputable' };
  const { dueAt, provisional } = due.value;
  if (dueAt.getTime() === d.dueAt.getTime()) {
    return provisional === d.provisional ? { kind: 'unchanged' } : { kind: 'changed', outcome: 'confirmed', dueAt, provisional, state: d.state };
  }
  const future = dueAt.getTime() > now.getTime();
  if (d.state === 'missed') return future ? { kind: 'changed', outcome: 'restored', dueAt, provisional, state: 'open' } : { kind: 'changed', outcome: 'still-missed', dueAt, provisional, state: 'missed' };
  return { kind: 'changed', outcome: future ? 'moved' : 'now-overdue', dueAt, provisional, state: 'open' };
}
