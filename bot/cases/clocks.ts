/**
 * The clocks of case records (M4, M15 一) and how the acts that answer them settle them.
 *
 * The transfer clock between township and district (3 working days, 24 hours if urgent) runs
 * from the finding that the case is the other side's (管辖): at 立案 from the discovery of the
 * violation, later from the moment the holder records it — `管辖 AJ-…`, or the transfer it
 * submits when it recorded nothing before (README, readings). It shows in 待办 from then.
 *
 * An act settles a clock by its own moment: met when in time, missed when late — the same
 * verdict whether the sweep came by before the act or not (a transfer is judged when it is
 * sent, i.e. approved). A late act that is a fault in itself (责令限期移送) is recorded as the
 * sweep would record it.
 */
import { formatDue } from '../../domain/calendar/calendar';
import { EXTRA_ORG } from '../../domain/cases/access';
import type { EnforcementCase } from '../../domain/cases/case';
import { routeBetween, transferClock } from '../../domain/cases/transfer';
import { type Deadline, type DeadlineKind, type Subject, meet, miss } from '../../domain/deadlines/deadline';
import { remindersFor } from '../../domain/deadlines/reminders';
import { deadlineFor } from '../../domain/deadlines/rules';
import type { Directory } from '../../domain/organisation';
import { contextOf, onDeadlineMissed } from '../accountability/actions';
import type { Turn } from '../turn';

export const caseSubject = (caseNo: string): Subject => ({ type: 'case', id: caseNo });

const TRANSFER_CLOCKS = ['township-transfer', 'urgent-transfer'] as const;

/** The clock the case's finding of jurisdiction starts, or null (its own case, or a route without one). */
export function clockOf(dir: Directory, c: EnforcementCase): (typeof TRANSFER_CLOCKS)[number] | null {
  const j = c.jurisdiction;
  const from = dir.byId(c.orgId);
  const to = j && dir.byId(j.orgId);
  if (!j || !from || !to) return null;
  const route = routeBetween(from, to, EXTRA_ORG.police);
  return route.ok ? transferClock(route.value, j.urgent) : null;
}

const line = (d: Deadline) => `${d.rule}，截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}`;

/** The case's transfer clock in words (rule and due), whatever its state; null when it has none. */
export async function caseClockLine(t: Turn, c: Pick<EnforcementCase, 'orgId' | 'caseNo'>): Promise<string | null> {
  for (const kind of TRANSFER_CLOCKS) {
    const d = await t.store.deadlines.find(kind, c.orgId, caseSubject(c.caseNo));
    if (d) return line(d);
  }
  return null;
}

/** Opens the transfer clock of the case's finding (an existing one stays as it is); the clock in words, or null. */
export async function openCaseClock(t: Turn, c: EnforcementCase): Promise<string | null> {
  const kind = clockOf(t.services.directory, c);
  if (!kind || !c.jurisdiction) return null;
  const spec = deadlineFor({ kind }, { from: c.jurisdiction.foundAt, orgId: c.orgId, subject: caseSubject(c.caseNo) }, t.services.calendar);
  if (!spec.ok) throw new Error(spec.reason);
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  return caseClockLine(t, c);
}

const ATTEMPTS = 3;

/**
 * Settles the open clock of that identity by an act done now: met in time, missed late. Null
 * when there is none; the deadline as it stands when it was closed already (by the sweep).
 */
export async function settleByAct(t: Turn, kind: DeadlineKind, orgId: number, subject: Subject): Promise<Deadline | null> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const d = await t.store.deadlines.find(kind, orgId, subject);
    if (!d || d.state !== 'open') return d;
    const next = t.now.getTime() <= d.dueAt.getTime() ? meet(d, t.now) : miss(d, t.now);
    if (!next.ok) return d;
    if (!(await t.store.deadlines.update(d, next.value))) continue; // the sweep took it meanwhile: read again
    if (next.value.state === 'missed') await onDeadlineMissed(contextOf(t), next.value);
    return next.value;
  }
  throw new Error(`deadline ${kind} ${subject.type}:${subject.id} kept changing`);
}

/** A transfer of the case was sent: its clock is settled by this moment. */
export async function settleTransferClock(t: Turn, orgId: number, caseNo: string): Promise<void> {
  for (const kind of TRANSFER_CLOCKS) await settleByAct(t, kind, orgId, caseSubject(caseNo));
}

/**
 * The body closed the case itself: an open clock still in time is lifted with the reason; one
 * already past its limit was missed (closing the case does not undo a late transfer).
 */
export async function endTransferClock(t: Turn, orgId: number, caseNo: string, reason: string): Promise<void> {
  for (const kind of TRANSFER_CLOCKS) {
    const d = await t.store.deadlines.find(kind, orgId, caseSubject(caseNo));
    if (d?.state !== 'open') continue;
    if (t.now.getTime() > d.dueAt.getTime()) await settleByAct(t, kind, orgId, caseSubject(caseNo));
    else await t.store.deadlines.close(kind, orgId, caseSubject(caseNo), { state: 'waived', reason }, t.now);
  }
}
