/** How inspections, notices and the problem bulletin read in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { formatLocalDate } from '../../domain/deadlines/rules';
import { type Directory, ORG } from '../../domain/organisation';
import {
  type Inspection, METHOD_LABEL, NOTICE_STATUS_LABEL, type Notice, SUBJECT_LABEL, SUPERVISION_SUBJECTS, noticeDocNo,
} from '../../domain/supervision';

export const dueLine = (n: Pick<Notice, 'dueDate' | 'round'>): string =>
  `整改期限：${formatLocalDate(n.dueDate)}${n.round > 1 ? `（第${n.round}轮整改）` : ''}`;

/** The numbered list of the plan's subjects of supervision (监督内容). */
export const subjectsMenu = (): string[] => SUPERVISION_SUBJECTS.map((s, i) => `${i + 1}. ${SUBJECT_LABEL[s]}`);

export function inspectionLines(i: Pick<Inspection, 'method' | 'subjects' | 'orgIds' | 'officers' | 'summary'>, dir: Directory): string[] {
  const who = i.officers != null
    ? [`检查机关：${dir.name(i.orgIds[0])}（本部门法制工作机构）`, `检查对象：${i.officers}`]
    : [`被监督单位：${i.orgIds.map((id) => dir.name(id)).join('、')}`];
  return [`监督方式：${METHOD_LABEL[i.method]}`, `监督内容：${i.subjects.map((s) => SUBJECT_LABEL[s]).join('；')}`, ...who, `检查情况：${i.summary}`];
}

/** The notice as the department receives it: the issuing body (the bureau, which alone issues them) and the 文号 first, as on paper. */
export function noticeLines(n: Pick<Notice, 'no' | 'orgId' | 'findings' | 'dueDate' | 'round'>, dir: Directory): string[] {
  return [
    `行政执法监督通知书 ${n.no}`, `下发机关：${dir.name(dir.byCode(ORG.justiceBureau)?.id)}`, `文号：${noticeDocNo(n.no)}`, `被监督单位：${dir.name(n.orgId)}`, `发现的问题：${n.findings}`, dueLine(n),
  ];
}

/** What each inspected body put on the record (如实提供情况), as the viewer may see it. */
export const accountLines = (accounts: ReadonlyArray<{ orgId: number; note?: string | null; at: Date }>, dir: Directory): string[] =>
  accounts.map((a) => `${dir.name(a.orgId)}提供的情况（${formatLocal(a.at)}）：${a.note ?? ''}`);

/** The answer to 查询 JD-…. */
export function noticeText(n: Notice, inspectionNo: string, dir: Directory): string {
  const lines = [...noticeLines(n, dir), `状态：${NOTICE_STATUS_LABEL[n.status]}`, `来源：监督检查 ${inspectionNo}，${formatLocal(n.issuedAt)} 下发`];
  for (const h of n.history) {
    lines.push(`第${h.round}轮：${formatLocal(h.reportedAt)} 报送整改报告，${formatLocal(h.returnedAt)} 退回（${h.returnReason}）`);
  }
  if (n.status !== 'issued') lines.push(`整改报告（${formatLocal(n.reportedAt)}）：${n.report}`);
  if (n.status === 'accepted') lines.push(`验收通过：${formatLocal(n.reviewedAt)}`);
  if (n.status === 'failed') lines.push(`验收不合格（${formatLocal(n.reviewedAt)}）：${n.failReason}`);
  return lines.join('\n');
}

/** 问题通报: the findings of one inspection round, body by body. */
export function bulletinText(i: Inspection, notices: readonly Notice[], dir: Directory): string {
  const lines = [`问题通报（监督检查 ${i.no}）`, ...inspectionLines(i, dir), `发现问题（${notices.length} 项）：`];
  notices.forEach((n, k) => lines.push(`${k + 1}. ${dir.name(n.orgId)}（${n.no}）：${n.findings}；${dueLine(n)}；${NOTICE_STATUS_LABEL[n.status]}`));
  const clean = i.orgIds.filter((id) => !notices.some((n) => n.orgId === id));
  if (clean.length) lines.push(`未发现问题：${clean.map((id) => dir.name(id)).join('、')}`);
  lines.push(i.bulletinAt ? `已于 ${formatLocal(i.bulletinAt)} 印发全区。` : '尚未印发。');
  return lines.join('\n');
}
