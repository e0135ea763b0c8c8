/**
 * 回访与评价 and 申请重办 in a turn (issue 18): asking the complainant after 办结, their
 * answer, their request to reopen, 司法局's decision, and the sweep that asks again after
 * 3 working days and closes as 未评价 after 7. Every step is on the complaint's timeline.
 */
import { addWorkingDays, formatDue, localDate } from '../../domain/calendar/calendar';
import type { DayCalendar } from '../../domain/calendar/calendar';
import type { Complaint } from '../../domain/complaint';
import { HANDLER_ROLES, accusedHandlerIn } from '../../domain/complaint-access';
import * as F from '../../domain/followup';
import { FOLLOWUP_DAYS, type FollowUp, type Rating } from '../../domain/followup';
import { morningOf } from '../../domain/deadlines/reminders';
import { ORG, type Organisation } from '../../domain/organisation';
import type { ComplaintEvent } from '../../domain/complaint';
import type { Reply, Store } from '../../domain/ports';
import { type Result, fail, ok } from '../../domain/result';
import { hasRole } from '../../domain/roles';
import { openAnswerClock } from '../answer-clocks';
import type { SweepContext } from '../feature';
import { type Turn, TurnAborted } from '../turn';

/**
 * Who decides reopening requests: 司法局 (M3 协调和监督) — but, as for the complaint itself,
 * the coordination office when the complaint is about 司法局: the accused body neither
 * hears the complainant's reason nor rules on it (domain/complaint-access.ts accusedHandler).
 */
export const REOPEN_ROLES = ['justice', 'coordination', 'head'] as const;
export const justiceBureau = (t: Pick<Turn, 'services'>) => t.services.directory.byCode(ORG.justiceBureau)!;
export function reopenDecider(t: Pick<Turn, 'services'>, c: Pick<Complaint, 'accused'>): Organisation {
  const dir = t.services.directory;
  const jb = justiceBureau(t);
  const id = accusedHandlerIn(dir, c.accused) ?? jb.id;
  return dir.byId(id)!;
}
/** 司法局 as in the plan's wording; the office by its name when it decides instead. */
const deciderName = (t: Pick<Turn, 'services'>, o: Organisation) => (o.code === ORG.justiceBureau ? '司法局' : o.name);
/** Whether the person may decide some reopening request (the command's gate; each request is checked against its decider). */
export const mayDecideReopen = (t: Turn): boolean =>
  [ORG.justiceBureau, ORG.coordinationOffice].some((code) => hasRole(t.actor, t.services.directory.byCode(code)!.id, REOPEN_ROLES));
const decides = (t: Turn, c: Pick<Complaint, 'accused'>) => hasRole(t.actor, reopenDecider(t, c).id, REOPEN_ROLES);

const NOT_YOURS = (no: string) => `未找到您的投诉举报 ${no}。只有投诉人本人可以评价或申请重办，请核对编号。`;

const event = (store: Store, complaintId: number, e: ComplaintEvent, at: Date) => store.complaints.addEvent(complaintId, e, at);

/** When an 办结 is asked again (09:00 of the 4th working day after it), closed and open to reopening. */
export function followUpTimes(cal: DayCalendar, resolvedAt: Date) {
  return {
    remindAt: morningOf(localDate(addWorkingDays(cal, resolvedAt, FOLLOWUP_DAYS.remindAfter + 1).due)),
    closeAt: addWorkingDays(cal, resolvedAt, FOLLOWUP_DAYS.closeAfter).due,
    reopenUntil: addWorkingDays(cal, resolvedAt, FOLLOWUP_DAYS.reopenWithin).due,
  };
}

const askReply = (no: string, again = false): Reply => ({
  text: `【${again ? '再次回访' : '回访'}】${again ? `您的投诉举报 ${no} 已办结。` : ''}问题是否已经解决？您对办理是否满意？请发送“评价 ${no}”告诉我们（可附意见）。`,
  options: [`评价 ${no}`, `查询 ${no}`],
});

/** How many times the complaint was reopened, and its follow-ups. */
async function history(store: Store, complaintId: number): Promise<{ all: FollowUp[]; reopens: number }> {
  const all = await store.followups.ofComplaint(complaintId);
  return { all, reopens: all.filter((f) => f.state === 'answered' && f.reopen?.state === 'reopened').length };
}

/** The subject of the complaint's current 办结 clock (a reopened complaint has a new one). */
export async function resolveClockSubject(t: Turn, c: Complaint) {
  const { reopens } = await history(t.store, c.id);
  return { type: 'complaint', id: F.resolveSubjectId(c.trackingNo, reopens) };
}

/**
 * After 办结 (its clock met by bot/complaints/actions.ts): the follow-up opens and the
 * question (回访), sent with the result, is returned. A complainant without any chat
 * account (a request filed through another channel without contact) cannot be asked: null.
 * Anonymity hides the person from the bodies, not from the bot, so an anonymous chat
 * complainant is asked.
 */
export async function afterResolved(t: Turn, c: Extract<Complaint, { status: 'resolved' }>): Promise<Reply | null> {
  if (!(await t.store.people.accountsOf(c.complainantPersonId)).length) return null;
  const { all } = await history(t.store, c.id);
  await t.store.followups.create({
    complaintId: c.id, trackingNo: c.trackingNo, complainantPersonId: c.complainantPersonId, orgId: c.handlingOrgId,
    round: all.length + 1, resolvedAt: c.resolvedAt, ...followUpTimes(t.services.calendar, c.resolvedAt),
  });
  await event(t.store, c.id, { kind: 'followup_asked', actorPersonId: t.actor.personId, orgId: c.handlingOrgId }, t.now);
  return askReply(c.trackingNo);
}

/** The complainant's latest follow-up of their complaint, or why there is none. */
export async function ownFollowUp(t: Turn, no: string): Promise<Result<{ c: Complaint; f: FollowUp; reopens: number }>> {
  const c = await t.store.complaints.byTrackingNo(no);
  if (!c || c.complainantPersonId !== t.actor.personId) return fail(NOT_YOURS(no));
  const { all, reopens } = await history(t.store, c.id);
  const f = all[all.length - 1];
  if (!f || c.status !== 'resolved') return fail(`投诉举报 ${no} 尚未办结，办结后再请您评价。`);
  return ok({ c, f, reopens });
}

/** Saves a transition with its timeline event; a change made meanwhile refuses it. */
async function save(store: Store, before: FollowUp, after: FollowUp, e: ComplaintEvent, at: Date): Promise<Result<FollowUp>> {
  if (!(await store.followups.update(before, after))) return fail('该记录刚刚被他人处理，请稍后发送“查询 编号”查看。');
  await event(store, before.complaintId, e, at);
  return ok(after);
}

export async function rateComplaint(t: Turn, no: string, r: Omit<Rating, 'at'>): Promise<Result<string>> {
  const own = await ownFollowUp(t, no);
  if (!own.ok) return own;
  const next = F.rate(own.value.f, r, t.now);
  if (!next.ok) return next;
  const note = `${r.resolved}，${r.satisfaction}${next.value.rating.comment ? `：${next.value.rating.comment}` : ''}`;
  const saved = await save(t.store, own.value.f, next.value, { kind: 'rated', actorPersonId: t.actor.personId, orgId: own.value.f.orgId, note }, t.now);
  if (!saved.ok) return saved;
  const canReopen = F.allowsReopen(next.value.rating) && own.value.reopens < F.MAX_REOPENS && t.now <= own.value.f.reopenUntil;
  return ok(`感谢您的评价（${note}）。${canReopen
    ? `\n如问题仍未解决，可在 ${formatDue({ due: own.value.f.reopenUntil, provisional: false })} 前申请重办：发送“申请重办 ${no} 理由”。`
    : ''}`);
}

export async function requestReopen(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const own = await ownFollowUp(t, no);
  if (!own.ok) return own;
  const next = F.requestReopen(own.value.f, reason, own.value.reopens, t.now);
  if (!next.ok) return next;
  const saved = await save(t.store, own.value.f, next.value, { kind: 'reopen_requested', actorPersonId: t.actor.personId, orgId: own.value.f.orgId, note: next.value.reopen!.reason }, t.now);
  if (!saved.ok) return saved;
  const jb = reopenDecider(t, own.value.c);
  for (const personId of await t.store.people.staffOf(jb.id, REOPEN_ROLES)) {
    await t.notify(personId, {
      text: `【重办申请】投诉举报 ${no}（${t.services.directory.name(own.value.f.orgId)}办结）的投诉人申请重办。\n评价：${own.value.f.state === 'answered' ? `${own.value.f.rating.resolved}，${own.value.f.rating.satisfaction}` : ''}\n理由：${next.value.reopen!.reason}\n同意请发送“同意重办 ${no}”，不同意请发送“不予重办 ${no} 理由”。`,
      options: [`同意重办 ${no}`, `查询 ${no}`],
    });
  }
  return ok(`已提交重办申请，由${jb.name}审查决定，结果将通过本对话告知您。`);
}

/** The pending request of a complaint, for the body that decides it. */
async function pendingOf(t: Turn, no: string): Promise<Result<{ c: Complaint; f: FollowUp; reopens: number; decider: Organisation }>> {
  if (!mayDecideReopen(t)) return fail('重办申请由司法局审查决定。');
  const c = await t.store.complaints.byTrackingNo(no);
  if (!c) return fail(`未找到投诉举报 ${no}，请核对编号。`);
  // Fail closed, and as if there were none: the accused body learns nothing of the request.
  if (!decides(t, c)) return fail(`投诉举报 ${no} 没有待您审查的重办申请。`);
  const { all, reopens } = await history(t.store, c.id);
  const f = all[all.length - 1];
  if (!f || f.state !== 'answered' || f.reopen?.state !== 'requested') return fail(`投诉举报 ${no} 没有待处理的重办申请。`);
  return ok({ c, f, reopens, decider: reopenDecider(t, c) });
}

/** 同意重办: the complaint goes back to the body that recorded the 办结, with a new 办结 clock (督办). */
export async function approveReopen(t: Turn, no: string): Promise<Result<string>> {
  const p = await pendingOf(t, no);
  if (!p.ok) return p;
  const { c, f, reopens, decider } = p.value;
  if (c.status !== 'resolved') return fail(`投诉举报 ${no} 正在办理中。`);
  const next = F.approveReopen(f, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t.store, f, next.value, { kind: 'reopened', actorPersonId: t.actor.personId, orgId: decider.id, toOrgId: c.handlingOrgId, note: next.value.reopen!.reason }, t.now);
  if (!saved.ok) return saved;
  // Back to 已受理 with the handler who recorded the result; the result is kept on the timeline.
  // Changed meanwhile: the decision written above is rolled back with the turn.
  const { result: _r, resolvedAt: _v, ...rest } = c;
  if (!(await t.store.complaints.update(c, { ...rest, status: 'accepted' }))) throw new TurnAborted('该投诉刚刚被他人处理，请发送“查询 编号”查看最新状态。');
  const due = formatDue(await openAnswerClock(t, 'complaint-resolve', c.handlingOrgId, { type: 'complaint', id: F.resolveSubjectId(no, reopens + 1) }));
  const dir = t.services.directory;
  for (const personId of await t.store.people.staffOf(c.handlingOrgId, HANDLER_ROLES)) {
    await t.notify(personId, {
      text: `【重办督办】${deciderName(t, decider)}决定重办投诉举报 ${no}（第 ${reopens + 1} 次重办）。\n投诉人理由：${next.value.reopen!.reason}\n请于 ${due} 前重新办理并登记结果：发送“办结 ${no}”。`,
      options: [`办结 ${no}`, `查询 ${no}`],
    });
  }
  await t.notify(c.complainantPersonId, { text: `【重办】您申请重办的投诉举报 ${no} 已由${deciderName(t, decider)}交 ${dir.name(c.handlingOrgId)} 重新办理，期限 ${due}。`, options: [`查询 ${no}`] });
  return ok(`已决定重办 ${no}，交 ${dir.name(c.handlingOrgId)} 重新办理，期限 ${due}；已告知投诉人。`);
}

/** 不予重办: declined with a reason the complainant is told. */
export async function declineReopen(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const p = await pendingOf(t, no);
  if (!p.ok) return p;
  const next = F.declineReopen(p.value.f, reason, t.actor.personId, t.now);
  if (!next.ok) return next;
  const r = next.value.reopen as Extract<F.Reopen, { state: 'declined' }>;
  const saved = await save(t.store, p.value.f, next.value, { kind: 'reopen_declined', actorPersonId: t.actor.personId, orgId: p.value.decider.id, note: r.declineReason }, t.now);
  if (!saved.ok) return saved;
  await t.notify(p.value.c.complainantPersonId, { text: `【重办申请结果】您对投诉举报 ${no} 的重办申请未获同意。\n理由：${r.declineReason}`, options: [`查询 ${no}`] });
  return ok(`已决定不予重办 ${no}，理由已告知投诉人。`);
}

const REOPEN_LABEL = { requested: '待司法局审查', reopened: '已重办', declined: '不予重办' } as const;

/**
 * 查询's line on the latest follow-up (评价 and 重办), for whoever may see the complaint;
 * the comment only for the complainant (free text may say who they are).
 */
export async function followUpLine(t: Turn, c: Complaint): Promise<string | null> {
  const { all, reopens } = await history(t.store, c.id);
  const f = all[all.length - 1];
  if (!f) return null;
  const own = t.actor.personId === c.complainantPersonId;
  const rated = f.state === 'answered'
    ? `${f.rating.resolved}，${f.rating.satisfaction}${own && f.rating.comment ? `（${f.rating.comment}）` : ''}${f.reopen ? `；重办申请：${REOPEN_LABEL[f.reopen.state]}` : ''}`
    : F.FOLLOWUP_LABEL[f.state];
  return `回访评价：${rated}${reopens ? `；已重办 ${reopens} 次` : ''}`;
}

/** The scheduler's part: asks again after 3 working days, closes as 未评价 after 7. */
export async function sweepFollowUps(s: SweepContext): Promise<number> {
  const due = await s.store.followups.due(s.now, 200);
  for (const f of due) {
    const expired = F.expire(f, s.now);
    if (expired.ok) {
      await s.store.followups.update(f, expired.value); // locked by due(): nobody else changes it
      await event(s.store, f.complaintId, { kind: 'unrated', actorPersonId: f.complainantPersonId, orgId: f.orgId, note: '回访期满未评价' }, s.now);
      continue;
    }
    const reminded = F.remind(f, s.now);
    if (!reminded.ok) continue;
    await s.store.followups.update(f, reminded.value);
    await event(s.store, f.complaintId, { kind: 'followup_reminded', actorPersonId: f.complainantPersonId, orgId: f.orgId }, s.now);
    await s.notify(f.complainantPersonId, askReply(f.trackingNo, true));
  }
  return due.length;
}
