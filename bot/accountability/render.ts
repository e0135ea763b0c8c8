/** How a fault finding reads in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { AUTHORITY_LABEL, FINDING_STATUS_LABEL, type FaultTarget, type Finding, GROUND_LABEL, OUTCOME_KIND_LABEL } from '../../domain/accountability';
import type { Subject } from '../../domain/deadlines/deadline';
import type { Directory } from '../../domain/organisation';
import { subjectLabel } from '../deadline-text';

export const targetText = (t: FaultTarget, dir: Directory): string =>
  t.kind === 'org' ? dir.name(t.orgId) : `${dir.name(t.orgId)} 执法人员 ${t.name}`;

/** The records a finding can arise from, in words (the deadline subjects read as the clocks do). */
const SOURCE_LABEL: Record<string, string> = { approval: '审批决定', 'info-request': '信息查询', inspection: '监督检查' };
export const sourceText = (s: Subject): string => (SOURCE_LABEL[s.type] ? `${SOURCE_LABEL[s.type]} ${s.id}` : subjectLabel(s));

/** One line for lists. */
export const findingLine = (f: Finding, dir: Directory): string =>
  `· ${f.no} ${targetText(f.target, dir)}：${GROUND_LABEL[f.ground].replace(/（方案.*$/, '')}（${FINDING_STATUS_LABEL[f.status]}）`;

export function findingText(f: Finding, dir: Directory): string {
  const lines = [
    `追责记录 ${f.no}`,
    `状态：${FINDING_STATUS_LABEL[f.status]}`,
    `对象：${targetText(f.target, dir)}`,
    `情形：${GROUND_LABEL[f.ground]}`,
    `过错事实：${f.facts}`,
  ];
  if (f.source) lines.push(`来源：${sourceText(f.source)}`);
  lines.push(`立项：${formatLocal(f.proposedAt)}${f.proposedBy == null ? '（期限逾期，系统自动记录）' : ''}`);
  if (f.status === 'proposed') {
    lines.push(f.target.kind === 'officer' ? `认定处理：${dir.name(f.target.orgId)}（责任追究机关），司法局监督` : `拟由：${AUTHORITY_LABEL[f.proposedAuthority]}认定处理`);
  }
  if (f.status === 'decided') {
    if (f.outcomeKind) lines.push(`处理类别：${OUTCOME_KIND_LABEL[f.outcomeKind]}`);
    lines.push(`处理机关：${AUTHORITY_LABEL[f.authority]}`, `处理结果：${f.outcome}`, `记录时间：${formatLocal(f.decidedAt)}`);
  }
  if (f.status === 'dismissed') lines.push(`不予追究理由：${f.reason}`, `记录时间：${formatLocal(f.decidedAt)}`);
  return lines.join('\n');
}
