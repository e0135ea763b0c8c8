/** Joint actions (M6, M15 四) and assistance requests (M15 五) inside one turn. */
import { formatDue, formatLocal, localDate, localYear } from '../../domain/calendar/calendar';
import { assistanceSubject } from '../../domain/deadlines/answers';
import { formatLocalDate } from '../../domain/deadlines/rules';
import * as J from '../../domain/joint/joint';
import type { ActionFacts, AssistanceFacts, AssistanceRequest, JointAction } from '../../domain/joint/joint';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { hasRole } from '../../domain/roles';
import { meetAnswerClock, openAnswerClock } from '../answer-clocks';
import { RACE, notifyOrg } from '../cases/actions';
import { SHARING_ROLES, sharingOrgs } from '../sharing/actions';
import type { Turn } from '../turn';

const notFound = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;
const justiceBureauId = (t: Turn) => t.services.directory.byCode(ORG.justiceBureau)?.id ?? -1;
const names = (t: Turn, ids: readonly number[]) => ids.map((id) => t.services.directory.name(id)).join('、');

export function actionText(a: JointAction, t: Turn, confirmed?: readonly number[], parts?: ReadonlyMap<number, string>): string {
  const lines = [
    `联合执法 ${a.actionNo}（${J.ACTION_STATE_LABEL[a.state]}）`,
    `领域：${J.FIELD_LABEL[a.field]}`,
    `行动：${a.title}`,
    `牵头单位：${t.services.directory.name(a.leadOrgId)}`,
    `配合单位：${names(t, a.participantOrgIds)}`,
    `开始日期：${formatLocalDate(a.startsOn)}`,
    `工作方案：${a.workPlan}`,
    `应急预案：${a.emergencyPlan}`,
  ];
  for (const [orgId, part] of parts ?? []) lines.push(`${t.services.directory.name(orgId)}的方案：${part}`);
  if (confirmed) lines.push(`已确认参加：${confirmed.length ? names(t, confirmed) : '无'}；未确认：${names(t, a.participantOrgIds.filter((id) => !confirmed.includes(id))) || '无'}`);
  if (a.state === 'completed') lines.push(`总结（${formatLocal(a.completedAt)}）：${a.summary}`);
  return lines.join('\n');
}

export function assistanceText(r: AssistanceRequest, t: Turn): string {
  const dir = t.services.directory;
  const lines = [
    `执法协助 ${r.requestNo}（${r.state === 'open' ? '待答复' : '已答复'}）`,
    `函告单位：${dir.name(r.townshipOrgId)}`,
    `协助单位：${dir.name(r.departmentOrgId)}`,
    `事项：${J.ASSISTANCE_LABEL[r.kind]}`,
    `函告内容：${r.letter}`,
  ];
  if (r.state === 'answered') lines.push(`答复（${formatLocal(r.answeredAt)}）：${r.answer}`);
  return lines.join('\n');
}

export async function confirmedOrgs(t: Turn, no: string): Promise<number[]> {
  return [...new Set((await t.store.caseEvents.list(no)).filter((e) => e.kind === 'confirmed').map((e) => e.orgId))];
}

const PART_EVENT = 'plan-part';

/** Each participant's latest part of the plan (补充方案). */
export async function planParts(t: Turn, no: string): Promise<Map<number, string>> {
  const parts = new Map<number, string>();
  for (const e of await t.store.caseEvents.list(no)) if (e.kind === PART_EVENT && e.note) parts.set(e.orgId, e.note);
  return parts;
}

/** 沟通协商: a participant adds (or revises) its own part of the plan; the lead is told. */
export async function addPlanPart(t: Turn, no: string, text: string): Promise<Result<string>> {
  const a = await loadAction(t, no);
  if (!a.ok) return a;
  const orgs = a.value.participantOrgIds.filter((id) => hasRole(t.actor, id, SHARING_ROLES));
  if (!orgs.length) return fail(`只有配合单位可以补充本单位的方案；牵头单位的工作方案在登记时已确定。`);
  if (a.value.state !== 'planned') return fail(`联合执法 ${no} 已完成。`);
  const part = J.checkPart(text);
  if (!part.ok) return part;
  for (const orgId of orgs) await t.store.caseEvents.add({ recordNo: no, kind: PART_EVENT, actorPersonId: t.actor.personId, orgId, note: part.value }, t.now);
  await notifyOrg(t, a.value.leadOrgId, SHARING_ROLES, { text: `【配合方案】${names(t, orgs)}补充了联合执法 ${no} 中本单位的方案：\n${part.value}`, options: [`查询 ${no}`] });
  return ok(`已补充${names(t, orgs)}在联合执法 ${no} 中的方案，已告知牵头单位。`);
}

export async function loadAction(t: Turn, no: string): Promise<Result<JointAction>> {
  const a = await t.store.jointActions.byNo(no);
  return a && J.canSeeAction(t.actor, a, justiceBureauId(t)) ? ok(a) : fail(notFound(no));
}

export async function registerAction(t: Turn, f: ActionFacts): Promise<Result<string>> {
  if (!sharingOrgs(t).includes(f.leadOrgId)) return fail('联合执法由牵头的行政执法部门或乡镇登记。');
  const parts = J.checkParticipants(f.leadOrgId, f.participantOrgIds);
  if (!parts.ok) return parts;
  const actionNo = await t.store.numbers.next(SERIES.jointAction, localYear(t.now));
  const a = await t.store.jointActions.create({ ...f, participantOrgIds: parts.value, actionNo, registrarPersonId: t.actor.personId, registeredAt: t.now, state: 'planned' });
  await t.store.caseEvents.add({ recordNo: actionNo, kind: 'registered', actorPersonId: t.actor.personId, orgId: f.leadOrgId }, t.now);
  for (const orgId of a.participantOrgIds) {
    await notifyOrg(t, orgId, SHARING_ROLES, {
      text: `【联合执法】${t.services.directory.name(f.leadOrgId)}牵头开展联合执法，请贵单位按工作方案配合并确认参加。\n${actionText(a, t)}`,
      options: [`确认参加 ${actionNo}`, `查询 ${actionNo}`],
    });
  }
  return ok(`已登记联合执法 ${actionNo}，已通知配合单位：${names(t, a.participantOrgIds)}。`);
}

export async function confirmAction(t: Turn, no: string): Promise<Result<string>> {
  const a = await loadAction(t, no);
  if (!a.ok) return a;
  const orgs = a.value.participantOrgIds.filter((id) => hasRole(t.actor, id, SHARING_ROLES));
  if (!orgs.length) return fail(`只有配合单位可以确认参加联合执法 ${no}。`);
  if (a.value.state !== 'planned') return fail(`联合执法 ${no} 已完成。`);
  for (const orgId of orgs) await t.store.caseEvents.add({ recordNo: no, kind: 'confirmed', actorPersonId: t.actor.personId, orgId }, t.now);
  await notifyOrg(t, a.value.leadOrgId, SHARING_ROLES, { text: `【确认参加】${names(t, orgs)}确认参加联合执法 ${no}。`, options: [`查询 ${no}`] });
  return ok(`已确认${names(t, orgs)}参加联合执法 ${no}，已告知牵头单位。`);
}

export async function completeAction(t: Turn, no: string, summary: string): Promise<Result<string>> {
  const a = await loadAction(t, no);
  if (!a.ok) return a;
  if (!hasRole(t.actor, a.value.leadOrgId, ['officer', 'head'])) return fail(`联合执法 ${no} 由牵头单位（${t.services.directory.name(a.value.leadOrgId)}）登记完成。`);
  if (a.value.state === 'planned') {
    const block = J.completionBlock(a.value, await confirmedOrgs(t, no), localDate(t.now));
    if (block?.kind === 'not-started') return fail(`联合执法 ${no} 定于${formatLocalDate(block.startsOn)}开始，开始后才能登记完成。`);
    if (block?.kind === 'unconfirmed') return fail(`配合单位尚未确认参加：${names(t, block.orgIds)}。请与其沟通协商，确认参加后再登记完成。`);
  }
  const next = J.complete(a.value, summary, t.now);
  if (!next.ok) return next;
  if (!(await t.store.jointActions.update(a.value, next.value))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: no, kind: 'completed', actorPersonId: t.actor.personId, orgId: a.value.leadOrgId, note: summary.trim() }, t.now);
  for (const orgId of a.value.participantOrgIds) await notifyOrg(t, orgId, SHARING_ROLES, { text: `【联合执法完成】${no}：${summary.trim()}`, options: [`查询 ${no}`] });
  return ok(`已登记联合执法 ${no} 完成，已告知配合单位。`);
}

export async function loadAssistance(t: Turn, no: string): Promise<Result<AssistanceRequest>> {
  const r = await t.store.assistance.byNo(no);
  return r && J.canSeeAssistance(t.actor, r, justiceBureauId(t)) ? ok(r) : fail(notFound(no));
}

export async function requestAssistance(t: Turn, f: AssistanceFacts): Promise<Result<string>> {
  const dir = t.services.directory;
  if (dir.byId(f.townshipOrgId)?.kind !== 'township' || !sharingOrgs(t).includes(f.townshipOrgId)) return fail('执法协助由乡镇（街道）向区职能部门书面函告。');
  if (dir.byId(f.departmentOrgId)?.kind !== 'department') return fail('请选择区行政执法部门。');
  const letter = J.checkLetter(f.letter);
  if (!letter.ok) return letter;
  const requestNo = await t.store.numbers.next(SERIES.assistance, localYear(t.now));
  const r = await t.store.assistance.create({ ...f, letter: letter.value, requestNo, requesterPersonId: t.actor.personId, requestedAt: t.now, state: 'open' });
  await t.store.caseEvents.add({ recordNo: requestNo, kind: 'requested', actorPersonId: t.actor.personId, orgId: f.townshipOrgId }, t.now);
  const due = formatDue(await openAnswerClock(t, 'assistance-reply', f.departmentOrgId, assistanceSubject(requestNo)));
  await notifyOrg(t, f.departmentOrgId, SHARING_ROLES, {
    text: `【执法协助函】${dir.name(f.townshipOrgId)}书面函告，请贵单位提供${J.ASSISTANCE_LABEL[f.kind]}（乡镇执法协助制度）。\n${assistanceText(r, t)}\n请于 ${due} 前答复。`,
    options: [`协助答复 ${requestNo}`, `查询 ${requestNo}`],
  });
  return ok(`已向${dir.name(f.departmentOrgId)}书面函告 ${requestNo}，答复期限 ${due}，答复后将通知您。`);
}

export async function answerAssistanceBy(t: Turn, no: string, text: string): Promise<Result<string>> {
  const r = await loadAssistance(t, no);
  if (!r.ok) return r;
  if (!hasRole(t.actor, r.value.departmentOrgId, SHARING_ROLES)) return fail(`执法协助 ${no} 由${t.services.directory.name(r.value.departmentOrgId)}答复。`);
  const next = J.answerAssistance(r.value, text, t.actor.personId, t.now);
  if (!next.ok) return next;
  if (!(await t.store.assistance.update(r.value, next.value))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: no, kind: 'answered', actorPersonId: t.actor.personId, orgId: r.value.departmentOrgId, note: text.trim() }, t.now);
  await meetAnswerClock(t, 'assistance-reply', r.value.departmentOrgId, assistanceSubject(no));
  await notifyOrg(t, r.value.townshipOrgId, SHARING_ROLES, { text: `【执法协助答复】${t.services.directory.name(r.value.departmentOrgId)}答复 ${no}：${text.trim()}`, options: [`查询 ${no}`] });
  return ok(`已答复执法协助 ${no}，已告知${t.services.directory.name(r.value.townshipOrgId)}。`);
}
