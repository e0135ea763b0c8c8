/**
 * What staff do to a complaint, and who is told (M3, M15 二). Each action re-reads the
 * complaint inside the turn's transaction and saves with an optimistic check, so two
 * officers acting at once cannot both succeed.
 */
import { addWorkingDays, formatDue } from '../../domain/calendar/calendar';
import * as C from '../../domain/complaint';
import { type Complaint, ACCEPT_NOTICE_WORKING_DAYS } from '../../domain/complaint';
import { type ComplaintAction, HANDLER_ROLES, canAct, canView } from '../../domain/complaint-access';
import { ORG } from '../../domain/organisation';
import type { ComplaintEvent } from '../../domain/ports';
import { type DeadlineSpec, SUPERVISOR_OF } from '../../domain/deadlines/deadline';
import { remindersFor } from '../../domain/deadlines/reminders';
import { type Result, fail, ok } from '../../domain/result';
import type { Actor, StaffRole } from '../../domain/roles';
import type { Turn } from '../turn';
import { facts, handlingLine } from './render';

const subjectOf = (c: Complaint) => ({ type: 'complaint', id: c.trackingNo });

/** The 受理告知 clock of the body now handling the complaint, with its reminders. */
export async function openAcceptDeadline(t: Turn, c: Complaint): Promise<void> {
  const spec: DeadlineSpec = {
    kind: 'complaint-accept',
    subject: subjectOf(c),
    orgId: c.handlingOrgId,
    supervisorOrgCode: SUPERVISOR_OF['complaint-accept'],
    dueAt: c.acceptDue.due,
    provisional: c.acceptDue.provisional,
    rule: `受理告知：登记或转来后${ACCEPT_NOTICE_WORKING_DAYS}个工作日内`,
    startedAt: t.now, // acceptDue was counted from this turn's registration or forwarding
    state: 'open',
  };
  await t.store.deadlines.open(spec, remindersFor(spec, t.now, t.services.calendar));
}

export const NOT_FOUND = (no: string) => `未找到投诉举报 ${no}，或您无权查看。请核对编号。`;

export function justiceBureauId(t: Turn): number {
  return t.services.directory.byCode(ORG.justiceBureau)!.id;
}

/** The complaint if the actor may see it; "not found" otherwise, so existence does not leak. */
export async function loadVisible(t: Turn, trackingNo: string): Promise<Result<Complaint>> {
  const c = await t.store.complaints.byTrackingNo(trackingNo);
  if (!c || !canView(t.actor, c, justiceBureauId(t))) return fail(NOT_FOUND(trackingNo));
  return ok(c);
}

export async function loadForAction(t: Turn, trackingNo: string, action: ComplaintAction): Promise<Result<Complaint>> {
  const c = await loadVisible(t, trackingNo);
  if (!c.ok) return c;
  if (!canAct(t.actor, c.value, action)) {
    return fail(`只有承办单位（${t.services.directory.name(c.value.handlingOrgId)}）的执法人员或负责人可以办理该投诉。`);
  }
  return c;
}

async function save(t: Turn, before: Complaint, after: Complaint, event: ComplaintEvent): Promise<Result<Complaint>> {
  if (!(await t.store.complaints.update(before, after))) return fail('该投诉刚刚被他人处理，请发送“查询 编号”查看最新状态。');
  await t.store.complaints.addEvent(after.id, event, t.now);
  return ok(after);
}

async function actorFor(t: Turn, personId: number): Promise<Actor> {
  return { personId, grants: await t.store.people.grantsOf(personId) };
}

/**
 * Tells an organisation's staff about a complaint, each seeing what they may see: the
 * facts are rendered per recipient, so identity follows the one confidentiality rule.
 */
async function notifyStaff(
  t: Turn, orgId: number, roles: readonly StaffRole[], c: Complaint, head: string[], tail: string[], options: string[], skipActor: boolean,
): Promise<void> {
  for (const personId of await t.store.people.staffOf(orgId, roles)) {
    if (skipActor && personId === t.actor.personId) continue;
    const viewer = await actorFor(t, personId);
    await t.notify(personId, { text: [...head, ...facts(c, t.services.directory, viewer), ...tail].join('\n'), options });
  }
}

/** Tells the handling body's staff about a complaint to accept. */
export async function notifyHandlers(t: Turn, c: Complaint, headline: string): Promise<void> {
  await notifyStaff(t, c.handlingOrgId, HANDLER_ROLES, c, [headline], [`受理告知期限：${formatDue(c.acceptDue)}`], [
    `受理 ${c.trackingNo}`, `转办 ${c.trackingNo}`, `查询 ${c.trackingNo}`,
  ], true);
}

export async function acceptComplaint(t: Turn, trackingNo: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'accept');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const next = C.accept(before, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, { kind: 'accepted', actorPersonId: t.actor.personId, orgId: before.handlingOrgId });
  if (!saved.ok) return saved;
  await t.store.deadlines.close('complaint-accept', before.handlingOrgId, subjectOf(before), { state: 'met' }, t.now);
  // 受理告知 (M3, M15 二): the complainant is told who handles it.
  await t.notify(before.complainantPersonId, {
    text: `【受理告知】您的投诉举报 ${trackingNo} 已受理。\n${handlingLine(before, t.services.directory)}\n办理结果将通过本对话告知您。`,
    options: [`查询 ${trackingNo}`],
  });
  return ok(`已受理 ${trackingNo}，已向投诉人发送受理告知。\n办结后请发送“办结 ${trackingNo}”登记办理结果。`);
}

export async function forwardComplaint(t: Turn, trackingNo: string, toOrgId: number, reason: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'forward');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const due = addWorkingDays(t.services.calendar, t.now, ACCEPT_NOTICE_WORKING_DAYS);
  const next = C.forward(before, toOrgId, due);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, {
    kind: 'forwarded', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, toOrgId, note: reason,
  });
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  await t.store.deadlines.close('complaint-accept', before.handlingOrgId, subjectOf(before), { state: 'waived', reason: `已转办 ${dir.name(toOrgId)}` }, t.now);
  await openAcceptDeadline(t, saved.value);
  await t.notify(before.complainantPersonId, {
    text: `您的投诉举报 ${trackingNo} 已由 ${dir.name(before.handlingOrgId)} 转交 ${dir.name(toOrgId)} 办理。\n${handlingLine(saved.value, dir)}`,
    options: [`查询 ${trackingNo}`],
  });
  await notifyHandlers(t, saved.value, `【转办】${dir.name(before.handlingOrgId)} 转来投诉举报 ${trackingNo}（理由：${reason}），请受理。`);
  return ok(`已将 ${trackingNo} 转交 ${dir.name(toOrgId)}，并告知投诉人。对方办结后会向贵单位反馈结果。`);
}

export async function requestAssistance(t: Turn, trackingNo: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'assist');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  if (before.accusedOrgId == null) return fail('该投诉没有指明被投诉单位，无法请求其协助调查。');
  const next = C.requestAssist(before, before.accusedOrgId);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, {
    kind: 'assist_requested', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, toOrgId: before.accusedOrgId,
  });
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  await notifyStaff(t, before.accusedOrgId, ['officer', 'head', 'liaison'], saved.value, [
    `【协助调查】${dir.name(before.handlingOrgId)} 办理投诉举报 ${trackingNo}，请贵单位依规配合调查。`,
  ], [], [`查询 ${trackingNo}`], false);
  return ok(`已请 ${dir.name(before.accusedOrgId)} 协助调查 ${trackingNo}（投诉人身份对其保密）。`);
}

export async function resolveComplaint(t: Turn, trackingNo: string, result: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'resolve');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const next = C.resolve(before, result, t.now);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, { kind: 'resolved', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, note: result });
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const resultText = saved.value.status === 'resolved' ? saved.value.result : result;
  await t.notify(before.complainantPersonId, {
    text: `【办理结果】您的投诉举报 ${trackingNo} 已办结。\n承办单位：${dir.name(before.handlingOrgId)}\n办理结果：${resultText}`,
    options: [`查询 ${trackingNo}`],
  });
  // M15 二: the body that forwarded it (a district department, for a township) gets the result back.
  if (before.forwardedFromOrgId != null) {
    for (const personId of await t.store.people.staffOf(before.forwardedFromOrgId, HANDLER_ROLES)) {
      await t.notify(personId, {
        text: `【结果反馈】贵单位转办的投诉举报 ${trackingNo} 已由 ${dir.name(before.handlingOrgId)} 办结。\n办理结果：${resultText}`,
        options: [`查询 ${trackingNo}`],
      });
    }
  }
  const fed = before.forwardedFromOrgId != null ? `，并向 ${dir.name(before.forwardedFromOrgId)} 反馈` : '';
  return ok(`已办结 ${trackingNo}，办理结果已告知投诉人${fed}。`);
}
