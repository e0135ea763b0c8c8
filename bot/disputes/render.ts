/** How a dispute reads in chat. */
import { formatDue, formatLocal } from '../../domain/calendar/calendar';
import type { Deadline } from '../../domain/deadlines/deadline';
import { DISPUTE_KIND_LABEL, type Dispute, nextStep, partiesOf, rulingWord, statusLabel } from '../../domain/dispute';
import type { Directory } from '../../domain/organisation';

export const kindLine = (d: Pick<Dispute, 'kind'>): string => DISPUTE_KIND_LABEL[d.kind];

/** The application as filed. */
export function describe(d: Pick<Dispute, 'kind' | 'applicantOrgId' | 'respondentOrgIds' | 'facts' | 'negotiation'>, dir: Directory): string[] {
  return [
    `类型：${kindLine(d)}`,
    `申请单位：${dir.name(d.applicantOrgId)}`,
    `对方单位：${d.respondentOrgIds.map((id) => dir.name(id)).join('、')}`,
    `争议事实：${d.facts}`,
    `先行协商情况：${d.negotiation}`,
  ];
}

/** The parties' clocks to answer the opinion, and those whose silence now counts as 不同意. */
export interface AnswerState {
  clocks: ReadonlyMap<number, Deadline>;
  lapsed: readonly number[];
}

function silentLine(id: number, answers: AnswerState | undefined): string {
  if (answers?.lapsed.includes(id)) return '逾期未表态（视为不同意）';
  const c = answers?.clocks.get(id);
  return c ? `尚未表态（期限 ${formatDue({ due: c.dueAt, provisional: c.provisional })}）` : '尚未表态';
}

/** The answer to 查询 ZY-…: where it stands, what was said at each step, what comes next. */
export function statusText(d: Dispute, dir: Directory, answers?: AnswerState): string {
  const lines = [`争议协调 ${d.no}`, `状态：${statusLabel(d)}`, ...describe(d, dir), `申请时间：${formatLocal(d.appliedAt)}`];
  if (d.status === 'declined') lines.push(`不予受理：${formatLocal(d.declinedAt)}，理由：${d.declineReason}`);
  if (d.status !== 'applied' && d.status !== 'declined') {
    lines.push(`受理时间：${formatLocal(d.acceptedAt)}（司法局）`);
    if (d.status !== 'accepted') {
      lines.push(`协调意见（${formatLocal(d.opinionAt)}）：${d.opinion}`);
      for (const id of partiesOf(d)) {
        const p = d.positions.find((x) => x.orgId === id);
        lines.push(`· ${dir.name(id)}：${p ? (p.agree ? '同意' : `不同意（${p.note}）`) : silentLine(id, answers)}`);
      }
    }
    if (d.status === 'resolved') lines.push(`办结时间：${formatLocal(d.resolvedAt)}（各方同意协调意见）`);
    if (d.status === 'reported' || d.status === 'ruled') lines.push(`书面建议（${formatLocal(d.reportedAt)} 报请区政府${rulingWord(d.kind)}）：${d.recommendation}`);
    if (d.status === 'ruled') lines.push(`区政府${rulingWord(d.kind)}（${formatLocal(d.ruledAt)}）：${d.ruling}`);
  }
  lines.push(`下一步：${nextStep(d)}`);
  return lines.join('\n');
}
