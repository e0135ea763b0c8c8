/** Information requests and statistics (M5, M15 三) inside one turn: optimistic saves, ledger lines, notices. */
import { formatDue, formatLocal, localYear } from '../../domain/calendar/calendar';
import { infoRequestSubject } from '../../domain/deadlines/answers';
import { parsePeriodKey } from '../../domain/deadlines/periods';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { type StaffRole, hasRole } from '../../domain/roles';
import * as R from '../../domain/sharing/request';
import type { InfoRequest, RequestFacts } from '../../domain/sharing/request';
import { ACT_KINDS, ACT_LABEL, type StatisticsFacts } from '../../domain/sharing/statistics';
import { meetAnswerClock, openAnswerClock } from '../answer-clocks';
import { RACE, notifyOrg } from '../cases/actions';
import type { Turn } from '../turn';

export const SHARING_ROLES: readonly StaffRole[] = ['officer', 'liaison', 'head'];
const notFound = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;
const sfjId = (t: Turn) => t.services.directory.byCode(ORG.justiceBureau)?.id ?? -1;
/** The justice bureau oversees enforcement information (M5 「统筹监督机关」). */
export const oversees = (t: Turn) => hasRole(t.actor, sfjId(t), R.OVERSEER_ROLES);

/** The enforcement bodies (departments, townships) the person acts for. */
export function sharingOrgs(t: Turn): number[] {
  const dir = t.services.directory;
  return [...new Set(t.actor.grants.filter((g) => SHARING_ROLES.includes(g.role) && ['department', 'township'].includes(dir.byId(g.orgId)?.kind ?? '')).map((g) => g.orgId))];
}

export function requestText(r: InfoRequest, t: Turn): string {
  const dir = t.services.directory;
  const lines = [
    `信息查询 ${r.requestNo}（${R.REQUEST_STATE_LABEL[r.state]}）`,
    `请求单位：${dir.name(r.fromOrgId)}`,
    `被请求单位：${dir.name(r.toOrgId)}`,
    `所需信息：${r.subject}`,
    `用途：${r.purpose}`,
    `请求时间：${formatLocal(r.requestedAt)}`,
  ];
  if (r.state === 'answered') lines.push(`答复（${formatLocal(r.answeredAt)}）：${r.answer}`);
  if (r.state === 'refused') lines.push(`拒绝（${formatLocal(r.refusedAt)}）：${R.GROUND_LABEL[r.ground]}${r.statement ? `，${r.statement}` : ''}`);
  return lines.join('\n');
}

export async function loadRequest(t: Turn, no: string): Promise<Result<InfoRequest>> {
  const r = await t.store.infoRequests.byNo(no);
  return r && R.canSeeRequest(t.actor, r, sfjId(t)) ? ok(r) : fail(notFound(no));
}

export async function submitRequest(t: Turn, facts: RequestFacts): Promise<Result<string>> {
  if (!sharingOrgs(t).includes(facts.fromOrgId)) return fail('信息查询由行政执法部门或乡镇的工作人员以本单位名义提出。');
  const checked = R.checkRequest(facts);
  if (!checked.ok) return checked;
  const requestNo = await t.store.numbers.next(SERIES.infoRequest, localYear(t.now));
  const r = await t.store.infoRequests.create({ ...checked.value, requestNo, requesterPersonId: t.actor.personId, requestedAt: t.now, state: 'open' });
  await t.store.caseEvents.add({ recordNo: requestNo, kind: 'requested', actorPersonId: t.actor.personId, orgId: facts.fromOrgId }, t.now);
  const due = formatDue(await openAnswerClock(t, 'info-request-reply', facts.toOrgId, infoRequestSubject(requestNo)));
  const told = await notifyOrg(t, facts.toOrgId, SHARING_ROLES, {
    text: `【信息查询】${t.services.directory.name(facts.fromOrgId)}请求查询执法信息。\n${requestText(r, t)}\n请于 ${due} 前答复。${R.NO_SECRECY_REFUSAL}`,
    options: [`答复 ${requestNo}`, `拒绝 ${requestNo}`, `查询 ${requestNo}`],
  });
  return ok(`已向${t.services.directory.name(facts.toOrgId)}提出信息查询 ${requestNo}${told ? '' : '（该单位尚无工作人员绑定，请电话联系）'}，答复期限 ${due}，答复后将通知您。`);
}

async function loadForHolder(t: Turn, no: string): Promise<Result<InfoRequest>> {
  const r = await loadRequest(t, no);
  if (!r.ok) return r;
  return hasRole(t.actor, r.value.toOrgId, SHARING_ROLES) ? r : fail(`信息查询 ${no} 由${t.services.directory.name(r.value.toOrgId)}答复。`);
}

/** Saves the reply (an answer or a lawful refusal, both meet the reply clock) and its ledger line. */
async function save(t: Turn, before: InfoRequest, after: InfoRequest, kind: string, note?: string): Promise<Result<InfoRequest>> {
  if (!(await t.store.infoRequests.update(before, after))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: after.requestNo, kind, actorPersonId: t.actor.personId, orgId: after.toOrgId, note: note ?? null }, t.now);
  await meetAnswerClock(t, 'info-request-reply', after.toOrgId, infoRequestSubject(after.requestNo));
  return ok(after);
}

export async function answerRequest(t: Turn, no: string, text: string): Promise<Result<string>> {
  const r = await loadForHolder(t, no);
  if (!r.ok) return r;
  const next = R.answer(r.value, text, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, r.value, next.value, 'answered');
  if (!saved.ok) return saved;
  await notifyOrg(t, r.value.fromOrgId, SHARING_ROLES, { text: `【信息查询答复】${t.services.directory.name(r.value.toOrgId)}已答复 ${no}：\n${saved.value.state === 'answered' ? saved.value.answer : ''}`, options: [`查询 ${no}`] });
  return ok(`已答复信息查询 ${no}，已告知${t.services.directory.name(r.value.fromOrgId)}。`);
}

export async function refuseRequest(t: Turn, no: string, ground: string, statement: string): Promise<Result<string>> {
  const r = await loadForHolder(t, no);
  if (!r.ok) return r;
  const next = R.refuse(r.value, ground, statement, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, r.value, next.value, 'refused', `${ground} ${statement}`.trim());
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  const why = saved.value.state === 'refused' ? `${R.GROUND_LABEL[saved.value.ground]}${saved.value.statement ? `，${saved.value.statement}` : ''}` : '';
  await notifyOrg(t, r.value.fromOrgId, SHARING_ROLES, { text: `【信息查询被拒绝】${dir.name(r.value.toOrgId)}拒绝提供 ${no}：${why}`, options: [`查询 ${no}`] });
  // The bureau oversees enforcement information and sees every refusal.
  await notifyOrg(t, sfjId(t), ['justice'], { text: `【信息查询拒绝备查】${dir.name(r.value.toOrgId)}拒绝${dir.name(r.value.fromOrgId)}的信息查询 ${no}：${why}`, options: [`查询 ${no}`] });
  return ok(`已登记拒绝提供 ${no}（${why}），已告知请求单位并报司法局备查。`);
}

/** Stores a unit's statistics for the period, or corrects the one already reported. */
export async function submitStatistics(t: Turn, f: StatisticsFacts): Promise<Result<string>> {
  if (!sharingOrgs(t).includes(f.orgId)) return fail('执法信息统计由行政执法部门或乡镇的工作人员上报。');
  const unitPeriod = `${f.orgId}|${f.period}`;
  const existing = (await t.store.statistics.list({ orgId: f.orgId }, 1000)).find((s) => s.unitPeriod === unitPeriod);
  const label = parsePeriodKey(f.period)?.label ?? f.period;
  const dir = t.services.directory;
  if (existing) {
    const after = { ...existing, ...f, reporterPersonId: t.actor.personId, reportedAt: t.now, revision: existing.revision + 1 };
    if (!(await t.store.statistics.update(existing, after))) return fail(RACE);
    await t.store.caseEvents.add({ recordNo: existing.reportNo, kind: 'corrected', actorPersonId: t.actor.personId, orgId: f.orgId }, t.now);
    return ok(`已更正${dir.name(f.orgId)}${label}执法信息统计 ${existing.reportNo}（第 ${after.revision} 版）。`);
  }
  const reportNo = await t.store.numbers.next(SERIES.statistics, localYear(t.now));
  await t.store.statistics.create({ ...f, reportNo, unitPeriod, reporterPersonId: t.actor.personId, reportedAt: t.now, revision: 1, state: 'reported' });
  await t.store.caseEvents.add({ recordNo: reportNo, kind: 'reported', actorPersonId: t.actor.personId, orgId: f.orgId }, t.now);
  return ok(`已上报${dir.name(f.orgId)}${label}执法信息统计 ${reportNo}。`);
}

/** 统计汇总: the bureau's view of a period — totals, each unit's figures, and who has not reported. */
export async function statisticsSummary(t: Turn, periodKey: string): Promise<Result<string>> {
  if (!oversees(t)) return fail('统计汇总供司法局查看。');
  const dir = t.services.directory;
  const reports = (await t.store.statistics.list({ states: ['reported'] }, 5000)).filter((s) => s.period === periodKey);
  // The units that report: departments and townships (M15 三 makes townships share their enforcement information too).
  const units = dir.all.filter((o) => o.kind === 'department' || o.kind === 'township');
  const missing = units.filter((o) => !reports.some((r) => r.orgId === o.id));
  const missingOf = (kind: string) => missing.filter((o) => o.kind === kind).length;
  const total = Object.fromEntries(ACT_KINDS.map((k) => [k, reports.reduce((n, r) => n + r.counts[k], 0)]));
  const lines = [
    `${parsePeriodKey(periodKey)?.label ?? periodKey}执法信息统计：已上报 ${reports.length} 个单位，部门未上报 ${missingOf('department')} 个，乡镇（街道）未上报 ${missingOf('township')} 个。`,
    `合计：${ACT_KINDS.map((k) => `${ACT_LABEL[k]} ${total[k]}`).join('，')}`,
    ...reports.map((r) => `· ${dir.name(r.orgId)}：${ACT_KINDS.map((k) => `${ACT_LABEL[k].slice(2)}${r.counts[k]}`).join(' ')}；重大：${r.major.slice(0, 40)}`),
  ];
  if (missing.length) lines.push(`未上报：${missing.map((o) => o.name).join('、')}`);
  return ok(lines.join('\n'));
}
