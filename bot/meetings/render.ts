/** How meetings and decided items read in chat. */
import { formatLocal } from '../../domain/calendar/calendar';
import { formatLocalDate } from '../../domain/deadlines/rules';
import { ITEM_STATE_LABEL, type MeetingItem, isOverdue } from '../../domain/meetings/item';
import { type Attendance, BODY_LABEL, KIND_LABEL, MEETING_STATE_LABEL, type Meeting } from '../../domain/meetings/meeting';
import type { Directory } from '../../domain/organisation';

export function meetingText(m: Meeting, dir: Directory, attendance?: Map<number, Attendance>): string {
  const lines = [
    `${BODY_LABEL[m.body]} ${m.meetingNo}（${KIND_LABEL[m.kind]}，${MEETING_STATE_LABEL[m.state]}）`,
    `召集：${dir.name(m.convenerOrgId)}`,
    `议题：${m.topic}`,
  ];
  if (m.proposedByOrgId != null) lines.push(`提议单位：${dir.name(m.proposedByOrgId)}`);
  if ('startsAt' in m && m.startsAt) lines.push(`时间：${formatLocal(m.startsAt)}`, `地点：${m.place}`);
  if (m.state === 'held') lines.push(`召开：${formatLocal(m.heldAt)}${m.recordedAt ? `（会后补录，${formatLocal(m.recordedAt)}登记）` : ''}`, `纪要：${m.minutes}`);
  if (m.state === 'declined' || m.state === 'cancelled') lines.push(`理由：${m.reason}`);
  if (attendance && m.state !== 'proposed' && m.state !== 'declined') {
    const yes = m.memberOrgIds.filter((id) => attendance.get(id)?.attending);
    const no = m.memberOrgIds.filter((id) => attendance.get(id)?.attending === false);
    const silent = m.memberOrgIds.filter((id) => !attendance.has(id));
    lines.push(`成员单位 ${m.memberOrgIds.length} 个：确认参会 ${yes.length}，请假 ${no.length}，未回复 ${silent.length}`);
    if (no.length) lines.push(`请假：${no.map((id) => `${dir.name(id)}${attendance.get(id)?.note ? `（${attendance.get(id)!.note}）` : ''}`).join('、')}`);
  }
  return lines.join('\n');
}

export function itemLine(i: MeetingItem, dir: Directory, now: Date): string {
  const late = isOverdue(i, now) ? '【逾期】' : '';
  return `· ${late}${i.itemNo} ${dir.name(i.orgId)}：${i.content.slice(0, 40)}，期限 ${formatLocalDate(i.dueDate)}（${ITEM_STATE_LABEL[i.state]}）`;
}

export function itemText(i: MeetingItem, dir: Directory, now: Date): string {
  const lines = [
    `议定事项 ${i.itemNo}（${ITEM_STATE_LABEL[i.state]}${isOverdue(i, now) ? '，已逾期' : ''}）`,
    `会议：${BODY_LABEL[i.body]} ${i.meetingNo}`,
    `承办单位：${dir.name(i.orgId)}`,
    `事项：${i.content}`,
    `完成期限：${formatLocalDate(i.dueDate)}`,
  ];
  if (i.state === 'assigned' && i.sentBack) lines.push(`上次反馈未被采纳：${i.sentBack.reason}`);
  if (i.state !== 'assigned') lines.push(`落实情况（${formatLocal(i.reportedAt)}反馈）：${i.report}`);
  if (i.state === 'done') lines.push(`办结：${formatLocal(i.acceptedAt)}`);
  return lines.join('\n');
}
