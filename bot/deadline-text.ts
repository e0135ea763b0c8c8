/** How deadlines and their reminders read in chat. */
import { formatDue } from '../domain/calendar/calendar';
import { parseAssistSubject } from '../domain/deadlines/answers';
import { DEADLINE_LABEL, type Deadline, type DeadlineKind, type Subject } from '../domain/deadlines/deadline';
import { parsePeriodKey } from '../domain/deadlines/periods';
import type { Directory } from '../domain/organisation';
import type { DueReminder, Reply } from '../domain/ports';
import type { ReminderKey } from '../domain/deadlines/reminders';
import { parseRoundSubject } from '../domain/supervision';

export function subjectLabel(subject: Subject): string {
  switch (subject.type) {
    case 'complaint':
      return `投诉举报 ${subject.id}`;
    case 'case':
      return `案件 ${subject.id}`;
    case 'referral':
      return `纪检移送 ${subject.id}`;
    case 'order':
      return `责令限期移送 ${subject.id}`;
    case 'meeting-item':
      return `议定事项 ${subject.id}`;
    case 'period':
      return parsePeriodKey(subject.id)?.label ?? subject.id;
    case 'notice': {
      const { no, round } = parseRoundSubject(subject.id);
      return `监督通知书 ${no}${round > 1 ? `（第${round}轮整改）` : ''}`;
    }
    case 'dispute':
      return `争议协调 ${subject.id}`;
    case 'info-request':
      return `信息查询 ${subject.id}`;
    case 'assistance':
      return `执法协助 ${subject.id}`;
    case 'complaint-assist': {
      const { trackingNo, round } = parseAssistSubject(subject.id);
      return `协助调查 ${trackingNo}${round > 1 ? `（第${round}次）` : ''}`;
    }
    default:
      return `${subject.type} ${subject.id}`;
  }
}

export const subjectText = (d: Deadline): string => subjectLabel(d.subject);

/** Commands offered with a reminder about this subject. */
export function optionsFor(kind: DeadlineKind, subject: Subject, key: ReminderKey): string[] | undefined {
  if (kind === 'complaint-resolve') return [`办结 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'complaint') return [`受理 ${subject.id}`, `查询 ${subject.id}`];
  // A party's silence past due lets the bureau report (M2): its escalation offers that.
  if (subject.type === 'dispute') return key === 'escalation' ? [`报请裁决 ${subject.id}`, `查询 ${subject.id}`] : [`同意 ${subject.id}`, `不同意 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'info-request') return [`答复 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'assistance') return [`协助答复 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'complaint-assist') {
    const { trackingNo } = parseAssistSubject(subject.id);
    return [`协查答复 ${trackingNo}`, `查询 ${trackingNo}`];
  }
  if (subject.type === 'case') return [`移送 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'referral') return [`批准 ${subject.id}`, `查询 ${subject.id}`];
  if (subject.type === 'order') return [`查询 ${subject.id}`];
  if (subject.type === 'notice') {
    const { no } = parseRoundSubject(subject.id);
    return [`整改报告 ${no}`, `查询 ${no}`];
  }
  return undefined;
}

/** What a miss means besides being late, told with the escalation. */
const MISSED_MEANS: Partial<Record<DeadlineKind, string>> = {
  // Our reading of M2: silence past the time to answer counts as 不同意.
  'dispute-response': '\n逾期未表态，视为不同意协调意见；司法局可报请区政府裁决（决定）。',
};

export function reminderText(r: DueReminder, directory: Directory): Reply {
  const d = r.deadline;
  const what = `${DEADLINE_LABEL[d.kind]}：${subjectText(d)}`;
  const org = directory.name(d.orgId);
  const due = formatDue({ due: d.dueAt, provisional: d.provisional });
  const options = optionsFor(d.kind, d.subject, r.key);
  const text = {
    'before-2': `【期限提醒】${what}\n责任单位：${org}\n截止：${due}`,
    'before-2h': `【期限提醒】${what}\n责任单位：${org}\n截止：${due}（不足2小时）`,
    'due-morning': `【今日到期】${what}\n责任单位：${org}\n截止：${due}`,
    due: `【已到期】${what}\n责任单位：${org}\n已到截止时间（${due}），请立即办理。`,
    escalation: `【督办】${org} 的${what} 已逾期（截止 ${due}）。请负责人督促办理，督办单位：${directory.byCode(d.supervisorOrgCode)?.name ?? d.supervisorOrgCode}。${MISSED_MEANS[d.kind] ?? ''}`,
  }[r.key];
  return options ? { text, options } : { text };
}

/** One line of 待办 / 逾期 / the digest: what, about what, (whose,) how far a count duty got, due when. */
export function deadlineLine(d: Deadline, directory: Directory, opts: { org?: boolean } = {}): string {
  const org = opts.org ? `（${directory.name(d.orgId)}）` : '';
  const progress = d.required !== undefined ? `，已完成 ${d.progress ?? 0}/${d.required}` : '';
  return `· ${DEADLINE_LABEL[d.kind]} ${subjectText(d)}${org}${progress}，截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}`;
}

/** Where a periodic duty stands after a submission, for the submitter's reply. */
export function dutyStateText(d: Deadline): string {
  const what = `${subjectText(d)}「${DEADLINE_LABEL[d.kind]}」`;
  switch (d.state) {
    case 'open':
      return d.required !== undefined
        ? `${what}已完成 ${d.progress ?? 0} 件，要求不少于 ${d.required} 件，截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}。`
        : `${what}截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}。`;
    case 'met':
      return `${what}已完成${d.required !== undefined ? `（${d.progress ?? 0}/${d.required}）` : ''}${d.metAt.getTime() > d.dueAt.getTime() ? '，逾期完成' : ''}。`;
    case 'missed':
      return `${what}已于 ${formatDue({ due: d.missedAt, provisional: false })} 记为逾期，本次报送照常登记。`;
    case 'waived':
      return `${what}已免除（${d.reason}）。`;
  }
}
