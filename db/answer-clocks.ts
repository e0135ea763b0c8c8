/**
 * Start-up step after the migrations: every record waiting for an answer has its answer
 * clock (domain/deadlines/answers.ts). Records of an older release had none — an
 * opinion-issued dispute would wait for ever — and the working-day calendar is not in the
 * database, so a migration cannot open them. Those found without one get it here, counted
 * from now (the upgrade): the bodies were never told of a limit before, so none is late
 * from the past. The rule text says so. Records made since open their clocks in the turn
 * that makes the answer owed; this finds none of them. Idempotent: an existing clock (in
 * any state) is never reopened, so a second start opens nothing.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DayCalendar } from '../domain/calendar/calendar';
import {
  type AnswerKind, assistanceSubject, complaintAssistSubject, complaintSubject, disputeSubject, infoRequestSubject,
} from '../domain/deadlines/answers';
import type { Subject } from '../domain/deadlines/deadline';
import { remindersFor } from '../domain/deadlines/reminders';
import { deadlineFor } from '../domain/deadlines/rules';
import type { Db } from './client';
import { deadlineRepo } from './deadlines';
import { assistanceRequests, complaints, deadlines, disputeParties, disputes, infoRequests } from './schema';

/** What the clock of an upgraded record runs from, in its rule text. */
export const BACKFILL_EVENT = '系统补设答复时限';

interface Owed {
  kind: AnswerKind;
  orgId: number;
  subject: Subject;
}

/** No clock of that kind, body and subject exists (the identity `open` keys on). */
const noClock = (kind: AnswerKind, orgId: unknown, subjectType: string, subjectId: unknown) =>
  sql`NOT EXISTS (SELECT 1 FROM ${deadlines} WHERE ${deadlines.kind} = ${kind} AND ${deadlines.orgId} = ${orgId}
    AND ${deadlines.subjectType} = ${subjectType} AND ${deadlines.subjectId} = ${subjectId})`;

/** The answers owed today that have no clock. */
async function owedWithoutClock(db: Db): Promise<Owed[]> {
  const owed: Owed[] = [];
  // A party that has not answered an issued coordination opinion (M2).
  const silent = await db
    .select({ no: disputes.no, orgId: disputeParties.orgId })
    .from(disputes)
    .innerJoin(disputeParties, eq(disputeParties.disputeId, disputes.id))
    .where(and(
      eq(disputes.status, 'opinion-issued'),
      sql`NOT ${disputes.positions} @> jsonb_build_array(jsonb_build_object('orgId', ${disputeParties.orgId}))`,
      noClock('dispute-response', disputeParties.orgId, 'dispute', disputes.no),
    ));
  owed.push(...silent.map((r) => ({ kind: 'dispute-response' as const, orgId: r.orgId, subject: disputeSubject(r.no) })));
  // The result of an accepted complaint (M3, M15 二).
  const accepted = await db
    .select({ no: complaints.trackingNo, orgId: complaints.handlingOrgId })
    .from(complaints)
    .where(and(eq(complaints.status, 'accepted'), noClock('complaint-resolve', complaints.handlingOrgId, 'complaint', complaints.trackingNo)));
  owed.push(...accepted.map((r) => ({ kind: 'complaint-resolve' as const, orgId: r.orgId, subject: complaintSubject(r.no) })));
  // An unanswered 协助调查 request: its subject carries the round, so `openAll` skips those that have one.
  const assisted = await db
    .select({ no: complaints.trackingNo, orgId: complaints.assistingOrgId, round: complaints.assistRounds })
    .from(complaints)
    .where(and(eq(complaints.status, 'accepted'), isNotNull(complaints.assistingOrgId), isNull(complaints.assistAnswer)));
  owed.push(...assisted.map((r) => ({ kind: 'complaint-assist' as const, orgId: r.orgId!, subject: complaintAssistSubject(r.no, r.round) })));
  // An open 信息查询 (M5) and 执法协助 letter (M15 五): the body that holds the record answers.
  for (const [kind, table, subject] of [
    ['info-request-reply', infoRequests, infoRequestSubject],
    ['assistance-reply', assistanceRequests, assistanceSubject],
  ] as const) {
    const open = await db
      .select({ no: table.no, orgId: table.orgId })
      .from(table)
      .where(and(eq(table.state, 'open'), noClock(kind, table.orgId, subject('').type, table.no)));
    owed.push(...open.map((r) => ({ kind, orgId: r.orgId, subject: subject(r.no) })));
  }
  return owed;
}

/** Opens, from `now`, the clock of every answer owed that has none; how many were opened. */
export async function backfillAnswerClocks(db: Db, calendar: DayCalendar, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const items = (await owedWithoutClock(tx as unknown as Db)).map(({ kind, orgId, subject }) => {
      const spec = deadlineFor({ kind }, { from: now, orgId, subject, event: BACKFILL_EVENT }, calendar);
      if (!spec.ok) throw new Error(`${kind} clock: ${spec.reason}`);
      return { spec: spec.value, reminders: remindersFor(spec.value, now, calendar) };
    });
    return deadlineRepo(tx as unknown as Db).openAll(items);
  });
}
