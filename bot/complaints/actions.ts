/**
 * What staff do to a complaint, and who is told (M3, M15 二). Each action re-reads the
 * complaint inside the turn's transaction and saves with an optimistic check, so two
 * officers acting at once cannot both succeed.
 */
import { addWorkingDays, formatDue } from '../../domain/calendar/calendar';
import * as C from '../../domain/complaint';
import { type Complaint, ACCEPT_NOTICE_WORKING_DAYS } from '../../domain/complaint';
import { type ComplaintAction, HANDLER_ROLES, canAct, canView, handlingRefusal } from '../../domain/complaint-access';
import { ORG, type Organisation } from '../../domain/organisation';
import type { ComplaintEvent } from '../../domain/complaint';
import { complaintAssistSubject, complaintSubject } from '../../domain/deadlines/answers';
import { type DeadlineSpec, SUPERVISOR_OF } from '../../domain/deadlines/deadline';
import { remindersFor } from '../../domain/deadlines/reminders';
import { type Result, fail, ok } from '../../domain/result';
import { type Actor, type StaffRole, hasRole } from '../../domain/roles';
import { meetAnswerClock, openAnswerClock, waiveAnswerClock } from '../answer-clocks';
import type { Turn } from '../turn';
import { afterResolved, followUpLine, resolveClockSubject } from '../followup/actions';
import { type ComplaintClocks, facts, handlingLine, statusText } from './render';
import { complaintFileView } from '../../domain/attachments/attachment';
import { fileLines } from '../attachments/render';

const subjectOf = (c: Complaint) => complaintSubject(c.trackingNo);

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
    const files = await complaintFiles(t, c, viewer);
    await t.notify(personId, { text: [...head, ...facts(c, t.services.directory, viewer), ...files, ...tail].join('\n'), options });
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
  // The result is owed from now (our reading: 60 days, ending on a working day).
  const due = formatDue(await openAnswerClock(t, 'complaint-resolve', before.handlingOrgId, await resolveClockSubject(t, before)));
  // 受理告知 (M3, M15 二): the complainant is told who handles it.
  await t.notify(before.complainantPersonId, {
    text: `【受理告知】您的投诉举报 ${trackingNo} 已受理。\n${handlingLine(before, t.services.directory)}\n办理结果将于 ${due} 前通过本对话告知您。`,
    options: [`查询 ${trackingNo}`],
  });
  return ok(`已受理 ${trackingNo}，已向投诉人发送受理告知。\n办结期限：${due}。办结后请发送“办结 ${trackingNo}”登记办理结果。`);
}

export async function forwardComplaint(t: Turn, trackingNo: string, toOrgId: number, reason: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'forward');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  // M3: the body that is (or may be) accused never handles it — refused before anything is written.
  const refusal = handlingRefusal(before, toOrgId, t.services.directory.name(toOrgId), justiceBureauId(t));
  if (refusal) return fail(refusal);
  const due = addWorkingDays(t.services.calendar, t.now, ACCEPT_NOTICE_WORKING_DAYS);
  const next = C.forward(before, toOrgId, due);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, {
    kind: 'forwarded', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, toOrgId, note: reason,
  });
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const forwarded = `已转办 ${dir.name(toOrgId)}`;
  await t.store.deadlines.close('complaint-accept', before.handlingOrgId, subjectOf(before), { state: 'waived', reason: forwarded }, t.now);
  await waiveOwedAnswers(t, before, forwarded);
  await openAcceptDeadline(t, saved.value);
  await t.notify(before.complainantPersonId, {
    text: `您的投诉举报 ${trackingNo} 已由 ${dir.name(before.handlingOrgId)} 转交 ${dir.name(toOrgId)} 办理。\n${handlingLine(saved.value, dir)}`,
    options: [`查询 ${trackingNo}`],
  });
  await notifyHandlers(t, saved.value, `【转办】${dir.name(before.handlingOrgId)} 转来投诉举报 ${trackingNo}（理由：${reason}），请受理。`);
  return ok(`已将 ${trackingNo} 转交 ${dir.name(toOrgId)}，并告知投诉人。对方办结后会向贵单位反馈结果。`);
}

/** Who answers a 协助调查 request for the body asked. */
export const ASSIST_ROLES: readonly StaffRole[] = [...HANDLER_ROLES, 'liaison'];

/** The clock of the complaint's current 协助调查 request (one per round). */
const assistSubject = (c: Complaint) => complaintAssistSubject(c.trackingNo, c.assistRounds);

/** The answers the handling body and the assisting body owed on the complaint, no longer owed (转办, 办结). */
async function waiveOwedAnswers(t: Turn, c: Complaint, reason: string): Promise<void> {
  if (c.status === 'accepted') await waiveAnswerClock(t, 'complaint-resolve', c.handlingOrgId, await resolveClockSubject(t, c), reason);
  if (c.assistingOrgId != null && !c.assistAnswer) await waiveAnswerClock(t, 'complaint-assist', c.assistingOrgId, assistSubject(c), reason);
}

/** 查询: the complaint as this viewer may see it, with the clocks of the answers owed on it. */
export async function complaintStatus(t: Turn, c: Complaint): Promise<string> {
  const clocks: ComplaintClocks = {
    resolve: c.status === 'accepted' ? await t.store.deadlines.find('complaint-resolve', c.handlingOrgId, await resolveClockSubject(t, c)) : null,
    assist: c.assistingOrgId != null && !c.assistAnswer ? await t.store.deadlines.find('complaint-assist', c.assistingOrgId, assistSubject(c)) : null,
  };
  const followUp = await followUpLine(t, c); // 回访评价 (issue 18)
  return [statusText(c, t.services.directory, t.actor, clocks), ...(followUp ? [followUp] : []), ...(await complaintFiles(t, c, t.actor))].join('\n');
}

/** The complaint's files for this viewer, each with the viewer's own link (issue 17); none if the viewer may not see them. */
const complaintFiles = (t: Turn, c: Complaint, viewer: Actor): Promise<string[]> =>
  fileLines(t, { kind: 'complaint', no: c.trackingNo }, complaintFileView(viewer, c, justiceBureauId(t)), viewer.personId);

/**
 * 协查: asks a body to assist the investigation — the accused one by default, or the one
 * named (when the accused body is unresolved, the handler names it). The request carries
 * the facts; the assisting body never sees who complained (domain/complaint-access.ts).
 */
export async function requestAssistance(t: Turn, trackingNo: string, orgText?: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'assist');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const dir = t.services.directory;
  let target: Organisation | undefined;
  if (orgText) {
    target = dir.find(orgText);
    if (!target) return fail(`没有找到单位“${orgText.slice(0, 40)}”。请输入单位全称或简称，如：协查 ${trackingNo} 市场监管局。`);
  } else if (before.accused.kind === 'body') {
    target = dir.byId(before.accused.orgId);
  } else {
    return fail(before.accused.kind === 'unresolved'
      ? `该投诉举报的被投诉单位未确定。请写明请求协助调查的单位，如：协查 ${trackingNo} 市场监管局。`
      : `该投诉没有指明被投诉单位。如需其他单位协助调查，请写明单位，如：协查 ${trackingNo} 市场监管局。`);
  }
  const toOrgId = target!.id;
  const next = C.requestAssist(before, toOrgId);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, {
    kind: 'assist_requested', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, toOrgId,
  });
  if (!saved.ok) return saved;
  // Our reading of M3: the body asked answers within 15 working days, as for a 协助调查函.
  const due = formatDue(await openAnswerClock(t, 'complaint-assist', toOrgId, assistSubject(saved.value)));
  await notifyStaff(t, toOrgId, ASSIST_ROLES, saved.value, [
    `【协助调查】${dir.name(before.handlingOrgId)} 办理投诉举报 ${trackingNo}，请贵单位依规配合调查。\n请于 ${due} 前答复：发送“协查答复 ${trackingNo} 调查情况”。`,
  ], [], [`协查答复 ${trackingNo}`, `查询 ${trackingNo}`], false);
  return ok(`已请 ${dir.name(toOrgId)} 协助调查 ${trackingNo}（投诉人身份对其保密），答复期限 ${due}。`);
}

/**
 * 协查答复 (M3): the body asked to assist answers in chat; the handling body is told and sees
 * the answer in 查询. The answer meets the request's clock.
 */
export async function answerAssistance(t: Turn, trackingNo: string, text: string): Promise<Result<string>> {
  const loaded = await loadVisible(t, trackingNo);
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const dir = t.services.directory;
  const orgId = before.assistingOrgId;
  if (orgId == null) return fail(`投诉举报 ${trackingNo} 没有请求协助调查。`);
  if (!hasRole(t.actor, orgId, ASSIST_ROLES)) return fail(`投诉举报 ${trackingNo} 的协助调查由${dir.name(orgId)}答复。`);
  const next = C.answerAssist(before, orgId, text, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, { kind: 'assist_answered', actorPersonId: t.actor.personId, orgId, note: next.value.assistAnswer!.text });
  if (!saved.ok) return saved;
  await meetAnswerClock(t, 'complaint-assist', orgId, assistSubject(saved.value));
  for (const personId of await t.store.people.staffOf(before.handlingOrgId, HANDLER_ROLES)) {
    if (personId === t.actor.personId) continue;
    await t.notify(personId, {
      text: `【协查答复】${dir.name(orgId)}就投诉举报 ${trackingNo} 答复协助调查：\n${saved.value.assistAnswer!.text}`,
      options: [`办结 ${trackingNo}`, `查询 ${trackingNo}`],
    });
  }
  return ok(`已答复 ${trackingNo} 的协助调查，已告知承办单位（${dir.name(before.handlingOrgId)}）。`);
}

export async function resolveComplaint(t: Turn, trackingNo: string, result: string): Promise<Result<string>> {
  const loaded = await loadForAction(t, trackingNo, 'resolve');
  if (!loaded.ok) return loaded;
  const before = loaded.value;
  const next = C.resolve(before, result, t.now);
  if (!next.ok) return next;
  const saved = await save(t, before, next.value, { kind: 'resolved', actorPersonId: t.actor.personId, orgId: before.handlingOrgId, note: result });
  if (!saved.ok) return saved;
  await meetAnswerClock(t, 'complaint-resolve', before.handlingOrgId, await resolveClockSubject(t, before)); // a reopened one has its own
  await waiveOwedAnswers(t, before, '投诉已办结'); // an unanswered 协助调查 request
  const dir = t.services.directory;
  const resultText = saved.value.status === 'resolved' ? saved.value.result : result;
  // 回访 (issue 18): the complainant is asked with the result.
  const ask = saved.value.status === 'resolved' ? await afterResolved(t, saved.value) : null;
  await t.notify(before.complainantPersonId, {
    text: `【办理结果】您的投诉举报 ${trackingNo} 已办结。\n承办单位：${dir.name(before.handlingOrgId)}\n办理结果：${resultText}${ask ? `\n\n${ask.text}` : ''}`,
    options: ask?.options ?? [`查询 ${trackingNo}`],
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
