/**
 * The clocks of answers one body owes another (domain/deadlines/answers.ts), inside a turn:
 * opened when the answer becomes owed, met by the answer, waived when it is no longer owed.
 */
import type { Due } from '../domain/calendar/calendar';
import type { AnswerKind } from '../domain/deadlines/answers';
import type { Subject } from '../domain/deadlines/deadline';
import { remindersFor } from '../domain/deadlines/reminders';
import { deadlineFor } from '../domain/deadlines/rules';
import type { Turn } from './turn';

/** Opens the clock from now, with its reminders; its due, for the messages that announce it. */
export async function openAnswerClock(t: Turn, kind: AnswerKind, orgId: number, subject: Subject): Promise<Due> {
  const spec = deadlineFor({ kind }, { from: t.now, orgId, subject }, t.services.calendar);
  // Working-day and day rules have no date to refuse: a failure here is a bug.
  if (!spec.ok) throw new Error(`${kind} clock: ${spec.reason}`);
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  return { due: spec.value.dueAt, provisional: spec.value.provisional };
}

/** The answer was given: the clock is met (late if after its due instant, missed if the sweep got there first). */
export const meetAnswerClock = (t: Turn, kind: AnswerKind, orgId: number, subject: Subject): Promise<boolean> =>
  t.store.deadlines.close(kind, orgId, subject, { state: 'met' }, t.now);

/** The answer is no longer owed (the complaint was forwarded, the dispute reported …). */
export const waiveAnswerClock = (t: Turn, kind: AnswerKind, orgId: number, subject: Subject, reason: string): Promise<boolean> =>
  t.store.deadlines.close(kind, orgId, subject, { state: 'waived', reason }, t.now);
