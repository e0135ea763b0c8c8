/**
 * What the approval bureau and the supervising departments do with approval decisions,
 * inside one turn: 签收, 监管情况, 退回, 分派, and 拒绝配合 (the hook towards accountability).
 */
import * as D from '../../domain/approvals/decision';
import type { ApprovalDecision, CooperationRefusal } from '../../domain/approvals/decision';
import { ORG } from '../../domain/organisation';
import { type Result, fail, ok } from '../../domain/result';
import { hasRole, isStaffOf } from '../../domain/roles';
import { RACE, notifyOrg } from '../cases/actions';
import { type Turn, TurnAborted } from '../turn';
import { contextOf, proposeFinding } from '../accountability/actions';
import { tellDepartment } from './import';
import { decisionText } from './render';

const notFound = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;
const bureauId = (t: Turn) => t.services.directory.byCode(ORG.approvalBureau)?.id ?? -1;

/** The bureau's staff see every decision; a department sees those routed to it. */
export const isBureau = (t: Turn) => isStaffOf(t.actor, bureauId(t));
const routesDecisions = (t: Turn) => hasRole(t.actor, bureauId(t), ['approval', 'head']);

export async function loadDecision(t: Turn, no: string): Promise<Result<ApprovalDecision>> {
  const d = await t.store.approvals.byNo(no);
  return d && D.canSeeDecision(t.actor, d, bureauId(t)) ? ok(d) : fail(notFound(no));
}

async function save(t: Turn, before: ApprovalDecision, after: ApprovalDecision, kind: string, orgId: number, note?: string): Promise<Result<ApprovalDecision>> {
  if (!(await t.store.approvals.update(before, after))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: after.approvalNo, kind, actorPersonId: t.actor.personId, orgId, note: note ?? null }, t.now);
  return ok(after);
}

async function loadForDepartment(t: Turn, no: string): Promise<Result<ApprovalDecision & { orgId: number }>> {
  const d = await loadDecision(t, no);
  if (!d.ok) return d;
  if (d.value.state === 'unrouted' || !hasRole(t.actor, d.value.orgId, ['liaison', 'head', 'officer'])) {
    return fail(d.value.state === 'unrouted' ? `审批决定 ${no} 尚未分派监管部门。` : `审批决定 ${no} 由${t.services.directory.name(d.value.orgId)}签收和反馈。`);
  }
  return d as Result<ApprovalDecision & { orgId: number }>;
}

export async function acknowledgeDecision(t: Turn, no: string): Promise<Result<string>> {
  const d = await loadForDepartment(t, no);
  if (!d.ok) return d;
  const next = D.acknowledge(d.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, d.value, next.value, 'acknowledged', d.value.orgId);
  if (!saved.ok) return saved;
  return ok(`已签收审批决定 ${no}。开展监管后请发送“监管情况 ${no} 情况”反馈行政审批局。`);
}

export async function reportDecision(t: Turn, no: string, result: string): Promise<Result<string>> {
  const d = await loadForDepartment(t, no);
  if (!d.ok) return d;
  const next = D.reportSupervision(d.value, result, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await save(t, d.value, next.value, 'supervised', d.value.orgId, result.trim());
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  await notifyOrg(t, d.value.bureauOrgId, ['approval', 'head'], { text: `【监管情况反馈】${dir.name(d.value.orgId)}反馈审批决定 ${no} 的监管情况：\n${decisionText(saved.value, dir)}`, options: [`查询 ${no}`] });
  return ok(`已向行政审批局反馈 ${no} 的监管情况。`);
}

export async function returnDecision(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const d = await loadForDepartment(t, no);
  if (!d.ok) return d;
  const next = D.giveBack(d.value, reason, t.now);
  if (!next.ok) return next;
  const saved = await save(t, d.value, next.value, 'returned', d.value.orgId, reason.trim());
  if (!saved.ok) return saved;
  const dir = t.services.directory;
  await notifyOrg(t, d.value.bureauOrgId, ['approval', 'head'], {
    text: `【审批决定退回】${dir.name(d.value.orgId)}退回 ${no}（${d.value.item}）：${reason.trim()}\n请发送“分派 ${no} 单位”改派对口监管部门。`,
    options: [`查询 ${no}`],
  });
  return ok(`已退回 ${no}，已告知行政审批局改派。`);
}

export async function routeDecision(t: Turn, no: string, orgText: string): Promise<Result<string>> {
  if (!routesDecisions(t)) return fail('审批决定由行政审批局分派对口监管部门。');
  const d = await loadDecision(t, no);
  if (!d.ok) return d;
  const dir = t.services.directory;
  const org = dir.find(orgText, (o) => o.kind === 'department');
  if (!org) return fail('未找到该监管部门，请写出部门名称（如：市场监管局）。');
  const next = D.route(d.value, org.id, t.now);
  if (!next.ok) return next;
  const saved = await save(t, d.value, next.value, 'routed', org.id);
  if (!saved.ok) return saved;
  const told = await tellDepartment(t.store, dir, saved.value as ApprovalDecision & { orgId: number }, (p, r) => t.notify(p, r), t.actor.personId);
  return ok(`已将 ${no} 分派${org.name}${told ? '，已通知其联络员' : '（该部门尚无联络员绑定）'}。`);
}

/**
 * The hook of M14 四 towards accountability (M8): a refusal to cooperate is kept in the
 * ledger of the decision and the justice bureau — the supervising body of accountability
 * (M8 「区级司法行政机关为全区行政执法责任追究工作的监督机关」) — is told. An accountability
 * feature takes the refusal from here as the facts of a fault finding.
 */
/** 拒绝业务配合 (M14 四) is accountable (M8): the ledger line and a fault finding for 司法局 to decide. */
export async function recordCooperationRefusal(t: Turn, r: CooperationRefusal): Promise<void> {
  await t.store.caseEvents.add({ recordNo: r.recordNo, kind: 'cooperation-refused', actorPersonId: r.reporterPersonId, orgId: r.orgId, note: `${r.basis}：${r.facts}` }, r.at);
  const dir = t.services.directory;
  const finding = await proposeFinding(contextOf(t), {
    target: { kind: 'org', orgId: r.orgId },
    ground: 'cooperation-refused',
    facts: `${dir.name(r.reportedByOrgId)}报告：${dir.name(r.orgId)}在审批决定 ${r.recordNo} 的监管衔接中拒绝配合。情况：${r.facts}（${r.basis}）`,
    source: { type: 'approval', id: r.recordNo },
    proposedBy: r.reporterPersonId,
  });
  if (!finding.ok) throw new TurnAborted(finding.reason);
  // The department is the 追究机关 of its own officers (M8): its head is told and may take up theirs.
  await notifyOrg(t, r.orgId, ['head'], {
    text: `【拒绝业务配合】${dir.name(r.reportedByOrgId)}登记贵单位在审批决定 ${r.recordNo} 的监管衔接中拒绝配合，已报司法局。\n情况：${r.facts}\n对负有责任的执法人员，可发送“追责立项 ${r.recordNo}”登记追责线索并认定处理。`,
    options: [`追责立项 ${r.recordNo}`, `查询 ${r.recordNo}`],
  });
}

export async function reportRefusal(t: Turn, no: string, facts: string): Promise<Result<string>> {
  if (!routesDecisions(t)) return fail('拒绝业务配合由行政审批局登记。');
  const d = await loadDecision(t, no);
  if (!d.ok) return d;
  const orgId = d.value.state === 'unrouted' ? d.value.returned?.orgId : d.value.orgId;
  if (orgId == null) return fail(`审批决定 ${no} 尚未分派监管部门。`);
  const r = D.cooperationRefusal(d.value, orgId, facts, t.actor.personId, t.now);
  if (!r.ok) return r;
  await recordCooperationRefusal(t, r.value);
  return ok(`已登记${t.services.directory.name(orgId)}拒绝业务配合的情况（${no}），已报司法局。`);
}
