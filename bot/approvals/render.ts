/** How approval decisions read in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { kindByCode } from '../../domain/approvals/classification';
import { type ApprovalDecision, DECISION_STATE_LABEL } from '../../domain/approvals/decision';
import { formatLocalDate } from '../../domain/deadlines/rules';
import type { Directory } from '../../domain/organisation';

export function decisionText(d: ApprovalDecision, dir: Directory): string {
  const lines = [
    `审批决定 ${d.approvalNo}（${DECISION_STATE_LABEL[d.state]}）`,
    `决定文号：${d.decisionNo}`,
    `审批事项：${d.item}（${kindByCode(d.kindCode)?.label ?? '未归类'}）`,
    `申请人：${d.applicant}`,
    `决定日期：${formatLocalDate(d.decidedOn)}${d.validUntil ? `，有效期至 ${formatLocalDate(d.validUntil)}` : ''}`,
  ];
  if (d.licenceNo) lines.push(`证照编号：${d.licenceNo}`);
  if (d.state !== 'unrouted') lines.push(`对口监管部门：${dir.name(d.orgId)}`);
  if (d.state === 'unrouted' && d.returned) lines.push(`${dir.name(d.returned.orgId)}退回：${d.returned.reason}`);
  if (d.state === 'supervised') lines.push(`监管情况（${formatLocal(d.reportedAt)}）：${d.result}`);
  return lines.join('\n');
}

export const decisionLine = (d: ApprovalDecision, dir: Directory): string =>
  `· ${d.approvalNo} ${d.item.slice(0, 20)}，${d.applicant.slice(0, 20)}（${DECISION_STATE_LABEL[d.state]}${d.state === 'unrouted' ? '' : `，${dir.name(d.orgId)}`}）`;
