/** How deadlines and their reminders read in chat. */
import { formatDue } from '../domain/calendar/calendar';
import { DEADLINE_LABEL, type Deadline } from '../domain/deadlines/deadline';
import { parsePeriodKey } from '../domain/deadlines/periods';
import type { Directory } from '../domain/organisation';
import type { DueReminder, Reply } from '../domain/ports';

export function subjectText(d: Deadline): string {
  switch (d.subject.type) {
    case 'complaint':
      return `投诉举报 ${d.subject.id}`;
    case 'case':
      return `案件 ${d.subject.id}`;
    case 'referral':
      return `纪检移送 ${d.subject.id}`;
    case 'order':
      return `责令限期移送 ${d.subject.id}`;
    case 'meeting-item':
      return `议定事项 ${d.subject.id}`;
    case 'period':
      return parsePeriodKey(d.subject.id)?.label ?? d.subject.id;
    default:
      return `${d.subject.type} ${d.subject.id}`;
  }
}

export function reminderText(r: DueReminder, directory: Directory): Reply {
  const d = r.deadline;
  const what = `${DEADLINE_LABEL[d.kind]}：${subjectText(d)}`;
  const org = directory.name(d.orgId);
  const due = formatDue({ due: d.dueAt, provisional: d.provisional });
  const options = d.subject.type === 'complaint' ? [`受理 ${d.subject.id}`, `查询 ${d.subject.id}`] : undefined;
  const text = {
    'before-2': `【期限提醒】${what}\n责任单位：${org}\n截止：${due}`,
    'before-2h': `【期限提醒】${what}\n责任单位：${org}\n截止：${due}（不足2小时）`,
    'due-morning': `【今日到期】${what}\n责任单位：${org}\n截止：${due}`,
    due: `【已到期】${what}\n责任单位：${org}\n已到截止时间（${due}），请立即办理。`,
    escalation: `【督办】${org} 的${what} 已逾期（截止 ${due}）。请负责人督促办理，督办单位：${directory.byCode(d.supervisorOrgCode)?.name ?? d.supervisorOrgCode}。`,
  }[r.key];
  return options ? { text, options } : { text };
}
