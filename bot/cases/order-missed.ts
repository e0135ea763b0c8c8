/**
 * A 责令限期移送 not obeyed by its limit (M4 「报请本级或上级政府对其正职负责人或者主持工作的
 * 负责人…给予记过以上的行政处分」): the district government is asked, naming the department's
 * head, and the issuer (司法局 or 检察院) is told. Called where the miss is recorded — the
 * sweep, or a turn sending the transfer too late — in that transaction.
 */
import { RECEIVER_ROLES } from '../../domain/cases/access';
import { formatDue } from '../../domain/calendar/calendar';
import type { Deadline } from '../../domain/deadlines/deadline';
import { ORG } from '../../domain/organisation';
import type { StaffRole } from '../../domain/roles';
import { type Notifier, notifyStaffOf } from '../staff';
import type { FindingContext } from '../accountability/actions';

const GOVERNMENT_ROLES: readonly StaffRole[] = ['head', 'officer', 'liaison'];
const ISSUER_ROLES: readonly StaffRole[] = [...RECEIVER_ROLES, 'justice'];

/**
 * The department's head as the plan names them: the people holding the head role there now,
 * by the name they use (README, readings); a plain word when none is bound or named.
 */
export async function headsOf(ctx: Notifier, orgId: number): Promise<string> {
  const ids = await ctx.store.people.staffOf(orgId, ['head']);
  if (!ids.length) return '本系统尚无该单位负责人，请核实其正职负责人或主持工作的负责人';
  const names: string[] = [];
  for (const id of ids) {
    const n = (await ctx.store.people.displayName(id))?.trim();
    if (n) names.push(n);
  }
  const unnamed = ids.length - names.length;
  return [...names, ...(unnamed ? [`${unnamed}名未登记姓名的负责人`] : [])].join('、');
}

/**
 * Reports the missed order to 区政府 and its issuer; the sentence of the proposal (记过以上处分,
 * naming the head) for the fault finding's facts.
 */
export async function reportMissedOrder(ctx: FindingContext, d: Deadline): Promise<string> {
  const dir = ctx.directory;
  const order = await ctx.store.orders.byNo(d.subject.id);
  const heads = await headsOf(ctx, d.orgId);
  const proposal = `依方案（四），报请区政府对${dir.name(d.orgId)}正职负责人或主持工作的负责人（${heads}）给予记过以上行政处分。`;
  if (!order) return proposal;
  const what = [
    `案件：${order.caseNo ?? order.caseRef}${order.caseNo && order.caseRef !== order.caseNo ? `（${order.caseRef}）` : ''}`,
    ...(order.receiverOrgId != null ? [`应移送至：${dir.name(order.receiverOrgId)}`] : []),
    `责令单位：${dir.name(order.issuerOrgId)}`,
    `期限：${formatDue({ due: d.dueAt, provisional: d.provisional })}`,
  ].join('\n');
  const text = `【报请处分】${dir.name(d.orgId)}逾期未按责令限期移送 ${order.orderNo} 移送案件。\n${what}\n${proposal}`;
  const reply = { text, options: [`查询 ${order.orderNo}`] };
  const except = ctx.actorPersonId != null ? [ctx.actorPersonId] : [];
  const government = dir.byCode(ORG.districtGovernment);
  if (government) await notifyStaffOf(ctx, [government.id], GOVERNMENT_ROLES, reply, except);
  await notifyStaffOf(ctx, [order.issuerOrgId], ISSUER_ROLES, { ...reply, text: `【责令移送逾期】${dir.name(d.orgId)}逾期未按 ${order.orderNo} 移送，已报请区政府处理。\n${what}\n${proposal}` }, except);
  return proposal;
}
