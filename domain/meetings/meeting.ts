/**
 * Joint meetings: 行政执法协调监督联席会议 (M1), convened by 执法协调小组办公室, and
 * 行政审批与事中事后监管联席会议 (M14), whose office is the 行政审批局.
 *
 * Member units (成员单位), as this product reads the plan:
 * - M1 「区检察院、区委编办、区政府各行政执法部门为成员」: the procuratorate (jcy), the
 *   establishment office (bb), every body of kind 'department', and two district-government
 *   departments the directory files as 'authority' because of their fixed part: the justice
 *   bureau (sfj — a government department and the 司法行政机关 whose coordination and
 *   supervision the meeting serves) and the approval bureau (spj — 行政许可 is an
 *   enforcement act, M12). Not members: the convener itself, the district government, the
 *   police, the discipline commission and the townships (乡镇人民政府 are not 区政府部门).
 * - M14: the approval bureau and the supervising departments (监管部门) — those that
 *   supervise at least one kind of approval in domain/approvals/classification.ts.
 *
 * A meeting's lifecycle (a discriminated union on `state`):
 *
 *   proposed ──office schedules──▶ scheduled ──office records it held (纪要)──▶ held
 *      └──office declines (reason)──▶ declined     └──office cancels (reason)──▶ cancelled
 *   (a meeting held offline) ──office records it after the fact (补录, date and 纪要)──▶ held
 *
 * A meeting convened outside the product — by phone and paper, as many are — is recorded
 * after the fact with its real date and minutes, and counts as held then: it meets the
 * duty of the period it was held in while that duty is still open. Our reading: a record
 * may reach back to the start of the previous year (so a December meeting can be entered
 * in January), never forward; one made after the duty was marked missed leaves the miss
 * on record.
 *
 * A regular meeting (定期会议) is scheduled by the office; a temporary one (临时会议) may
 * also be proposed by any member unit (「经一方提议，可召开临时会议」) and is then scheduled
 * or declined by the office. Attendance (参会/请假) is recorded in the ledger, not here, so
 * that liaisons confirming at once never collide.
 */
import { localYear } from '../calendar/calendar';
import { type Result, fail, ok } from '../result';
import { requireText } from '../text';
import type { Period } from '../deadlines/periods';
import { periodOf } from '../deadlines/periods';
import type { DeadlineKind } from '../deadlines/deadline';

export const MEETING_BODIES = ['joint', 'approval'] as const;
export type MeetingBody = (typeof MEETING_BODIES)[number];

export const BODY_LABEL: Record<MeetingBody, string> = {
  joint: '行政执法协调监督联席会议',
  approval: '行政审批与事中事后监管联席会议',
};

export type MeetingKind = 'regular' | 'temporary';
export const KIND_LABEL: Record<MeetingKind, string> = { regular: '定期会议', temporary: '临时会议' };

export const MAX_MEETING_TEXT = { topic: 300, place: 100, minutes: 2000, reason: 500 } as const;

export interface MeetingFacts {
  body: MeetingBody;
  kind: MeetingKind;
  convenerOrgId: number; // 执法协调小组办公室 (M1) or 行政审批局 (M14)
  topic: string; // 议题
  memberOrgIds: number[]; // the member units notified
  proposedByOrgId?: number; // a temporary meeting proposed by a member unit
}

interface MeetingCommon extends MeetingFacts {
  id: number;
  meetingNo: string; // HY-YYYY-NNNNNN
  createdAt: Date;
}

export interface Schedule {
  startsAt: Date;
  place: string;
}

export type Meeting = MeetingCommon &
  (
    | { state: 'proposed'; proposerPersonId: number }
    | ({ state: 'scheduled'; scheduledAt: Date } & Schedule)
    | ({ state: 'held'; scheduledAt: Date; heldAt: Date; minutes: string; /** 会后补录: when it was entered, for one held offline. */ recordedAt?: Date } & Schedule)
    | { state: 'declined'; declinedAt: Date; reason: string }
    | ({ state: 'cancelled'; cancelledAt: Date; reason: string } & Partial<Schedule>)
  );

export type MeetingState = Meeting['state'];

export const MEETING_STATE_LABEL: Record<MeetingState, string> = {
  proposed: '已提议，待办公室安排',
  scheduled: '已安排，待召开',
  held: '已召开',
  declined: '办公室决定不召开',
  cancelled: '已取消',
};

const text = (s: string, max: number, what: string): Result<string> => requireText(s, 1, max, what);

/** Schedules a proposed meeting (or checks a new one's schedule): a time not in the past, a place. */
export function schedule(m: Meeting, s: Schedule, at: Date): Result<Meeting> {
  if (m.state !== 'proposed') return fail(`会议 ${m.meetingNo} ${MEETING_STATE_LABEL[m.state]}。`);
  const checked = checkSchedule(s, at);
  if (!checked.ok) return checked;
  const { proposerPersonId: _p, state: _s, ...rest } = m;
  return ok({ ...rest, ...checked.value, state: 'scheduled', scheduledAt: at });
}

export function checkSchedule(s: Schedule, now: Date): Result<Schedule> {
  if (s.startsAt.getTime() < now.getTime()) return fail('会议时间不能早于现在。');
  const place = text(s.place, MAX_MEETING_TEXT.place, '会议地点');
  return place.ok ? ok({ startsAt: s.startsAt, place: place.value }) : place;
}

/** Records that the meeting took place, with its minutes (会议纪要); not before its time. */
export function hold(m: Meeting, minutes: string, at: Date): Result<Meeting> {
  if (m.state !== 'scheduled') return fail(`会议 ${m.meetingNo} ${MEETING_STATE_LABEL[m.state]}，不能登记召开。`);
  if (at.getTime() < m.startsAt.getTime()) return fail(`会议 ${m.meetingNo} 尚未到召开时间。`);
  const t = text(minutes, MAX_MEETING_TEXT.minutes, '会议纪要（主要议定内容）');
  if (!t.ok) return t;
  const { state: _s, ...rest } = m;
  return ok({ ...rest, state: 'held', heldAt: at, minutes: t.value });
}

/** A meeting already held, recorded after the fact (会后补录): held at its real time, with its minutes. */
export function recordHeld(
  facts: MeetingFacts & { id: number; meetingNo: string }, s: Schedule, minutes: string, now: Date,
): Result<Extract<Meeting, { state: 'held' }>> {
  const earliest = Date.parse(`${localYear(now) - 1}-01-01T00:00:00+08:00`);
  if (s.startsAt.getTime() > now.getTime()) return fail('补录的会议召开时间不能晚于现在；尚未召开的会议请发送“安排会议”。');
  if (s.startsAt.getTime() < earliest) return fail('只能补录本年度和上一年度召开的会议。');
  const place = text(s.place, MAX_MEETING_TEXT.place, '会议地点');
  if (!place.ok) return place;
  const t = text(minutes, MAX_MEETING_TEXT.minutes, '会议纪要（主要议定内容）');
  if (!t.ok) return t;
  return ok({ ...facts, createdAt: now, state: 'held', startsAt: s.startsAt, place: place.value, scheduledAt: now, heldAt: s.startsAt, minutes: t.value, recordedAt: now });
}

export function decline(m: Meeting, reason: string, at: Date): Result<Meeting> {
  if (m.state !== 'proposed') return fail(`会议 ${m.meetingNo} ${MEETING_STATE_LABEL[m.state]}。`);
  const t = text(reason, MAX_MEETING_TEXT.reason, '不召开的理由');
  if (!t.ok) return t;
  const { proposerPersonId: _p, state: _s, ...rest } = m;
  return ok({ ...rest, state: 'declined', declinedAt: at, reason: t.value });
}

export function cancel(m: Meeting, reason: string, at: Date): Result<Meeting> {
  if (m.state !== 'scheduled') return fail(`会议 ${m.meetingNo} ${MEETING_STATE_LABEL[m.state]}，不能取消。`);
  const t = text(reason, MAX_MEETING_TEXT.reason, '取消理由');
  if (!t.ok) return t;
  const { state: _s, scheduledAt: _a, ...rest } = m;
  return ok({ ...rest, state: 'cancelled', cancelledAt: at, reason: t.value });
}

/** The periodic duties a feature meets (see domain/deadlines/duties.ts). */
export const MEETING_DUTIES = ['joint-meeting', 'approval-meeting'] as const satisfies readonly DeadlineKind[];

/**
 * Which periodic duty a held meeting meets, and for which period:
 * - M1 「原则每年召开一次会议」 is the regular meeting: only a regular joint meeting meets
 *   the year's duty; a temporary one is extra.
 * - M14 「原则上每季度至少召开一次」 counts meetings: any M14 meeting held in the quarter,
 *   regular or temporary, meets that quarter's duty.
 * The duty is met when the meeting is held (召开), not when it is scheduled: a meeting
 * scheduled and then cancelled has not been convened.
 */
export function dutyMet(m: Meeting): { kind: (typeof MEETING_DUTIES)[number]; period: Period } | null {
  if (m.state !== 'held') return null;
  if (m.body === 'joint') return m.kind === 'regular' ? { kind: 'joint-meeting', period: periodOf(m.heldAt, 'year') } : null;
  return { kind: 'approval-meeting', period: periodOf(m.heldAt, 'quarter') };
}

/** Attendance as the ledger records it: each member unit's latest answer. */
export type Attendance = { orgId: number; attending: boolean; note: string | null };

export function attendanceOf(events: ReadonlyArray<{ kind: string; orgId: number; note?: string | null }>): Map<number, Attendance> {
  const out = new Map<number, Attendance>();
  for (const e of events) {
    if (e.kind === 'attend') out.set(e.orgId, { orgId: e.orgId, attending: true, note: null });
    if (e.kind === 'absent') out.set(e.orgId, { orgId: e.orgId, attending: false, note: e.note ?? null });
  }
  return out;
}
