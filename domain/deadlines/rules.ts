/**
 * How each event-driven clock computes its due instant, on the official working-day
 * calendar (Asia/Shanghai):
 *
 * | rule                | clock                                   | from             |
 * | ------------------- | --------------------------------------- | ---------------- |
 * | complaint-accept    | 7 working days (受理告知)                | registration     |
 * | township-transfer   | 3 working days (乡镇移送, M15)           | discovery        |
 * | urgent-transfer     | 24 hours, holidays included (紧急移送)   | discovery        |
 * | discipline-referral | 10 working days (纪检移送, M10)          | case closure     |
 * | rectification       | the date on the 监督通知书 (M7)          | notice issued    |
 * | transfer-order      | the limit in the 责令限期移送 order (M4) | order issued     |
 * | meeting-item        | the due date of a 议定事项 (M1)          | meeting          |
 * | dispute-response    | 5 working days (对协调意见表态, M2)      | opinion issued   |
 * | info-request-reply  | 10 working days (信息查询答复, M5)       | request received |
 * | assistance-reply    | 15 working days (执法协助答复, M15 五)   | letter received  |
 * | complaint-assist    | 15 working days (协查答复, M3)           | request received |
 * | complaint-resolve   | 60 days, to a working day (投诉办结)     | 受理             |
 *
 * 「N个工作日内」 does not count the day of the event and ends at 23:59:59 +08:00 of the
 * Nth working day after it (see addWorkingDays); an explicit date ends at 23:59:59 +08:00
 * of that local day, whether or not it is a working day (the body that set it chose it).
 */
import { ACCEPT_NOTICE_WORKING_DAYS } from '../complaint';
import {
  type DayCalendar,
  type LocalDate,
  addDays,
  addHours,
  addWorkingDays,
  endOfLocalDay,
  formatLocal,
  localDate,
} from '../calendar/calendar';
import { type Result, fail, ok } from '../result';
import { DEADLINE_LABEL, type DeadlineKind, type DeadlineSpec, SUPERVISOR_OF, type Subject } from './deadline';

export const TOWNSHIP_TRANSFER_WORKING_DAYS = 3; // M15 一「3个工作日内移送」
export const URGENT_TRANSFER_HOURS = 24; // M15 一「情况紧急的，要在24小时内移送」
export const DISCIPLINE_REFERRAL_WORKING_DAYS = 10; // M10「案件办结后10个工作日内」

// ── Answers owed to another body: the plan says 及时 or nothing; our readings (README). ──
/** M2: the parties' answer to a coordination opinion; silence past it counts as 不同意. */
export const OPINION_ANSWER_WORKING_DAYS = 5;
/**
 * M5, M15 三: the requested body only looks up what it holds, so half the 20 working days
 * 政府信息公开条例 gives for a request from the public; the requester needs it for a case.
 */
export const INFO_REPLY_WORKING_DAYS = 10;
/**
 * M3 协助调查, M15 五 执法协助: 15 working days from the request, the limit
 * 市场监督管理行政处罚程序规定 sets for a 协助调查函 (「自收到协助调查函之日起十五个工作日内」).
 */
export const ASSISTANCE_WORKING_DAYS = 15;
/**
 * M3, M15 二: the result of an accepted complaint, 60 days from 受理 — the limit 信访工作条例
 * sets for a 信访事项 (「自受理之日起60日内办结」) — ending on a working day.
 */
export const COMPLAINT_RESULT_DAYS = 60;

export const WORKING_DAY_RULES = [
  'complaint-accept', 'township-transfer', 'discipline-referral',
  'dispute-response', 'info-request-reply', 'assistance-reply', 'complaint-assist',
] as const;
export const HOUR_RULES = ['urgent-transfer'] as const;
export const DAY_RULES = ['complaint-resolve'] as const;
export const DATE_RULES = ['rectification', 'transfer-order', 'meeting-item'] as const;

export type WorkingDayRuleKind = (typeof WORKING_DAY_RULES)[number];
export type HourRuleKind = (typeof HOUR_RULES)[number];
export type DayRuleKind = (typeof DAY_RULES)[number];
export type DateRuleKind = (typeof DATE_RULES)[number];
export type RuleKind = WorkingDayRuleKind | HourRuleKind | DayRuleKind | DateRuleKind;

/** A rule with what it needs: an explicit-date rule carries its date (Asia/Shanghai). */
export type DeadlineRule = { kind: WorkingDayRuleKind | HourRuleKind | DayRuleKind } | { kind: DateRuleKind; date: LocalDate };

export const WORKING_DAYS_OF: Record<WorkingDayRuleKind, number> = {
  'complaint-accept': ACCEPT_NOTICE_WORKING_DAYS,
  'township-transfer': TOWNSHIP_TRANSFER_WORKING_DAYS,
  'discipline-referral': DISCIPLINE_REFERRAL_WORKING_DAYS,
  'dispute-response': OPINION_ANSWER_WORKING_DAYS,
  'info-request-reply': INFO_REPLY_WORKING_DAYS,
  'assistance-reply': ASSISTANCE_WORKING_DAYS,
  'complaint-assist': ASSISTANCE_WORKING_DAYS,
};

export const DAYS_OF: Record<DayRuleKind, number> = { 'complaint-resolve': COMPLAINT_RESULT_DAYS };

/** What the clock starts from, for the rule text. */
const FROM_EVENT: Record<RuleKind, string> = {
  'complaint-accept': '登记',
  'township-transfer': '发现',
  'urgent-transfer': '发现',
  'discipline-referral': '办结',
  rectification: '通知书下发',
  'transfer-order': '责令',
  'meeting-item': '会议议定',
  'dispute-response': '出具协调意见',
  'info-request-reply': '收到查询',
  'assistance-reply': '收到函告',
  'complaint-assist': '收到协查请求',
  'complaint-resolve': '受理',
};

/** Where an explicit date comes from, for the rule text. */
const DATE_SOURCE: Record<DateRuleKind, string> = {
  rectification: '监督通知书载明的整改期限',
  'transfer-order': '责令限期移送的期限',
  'meeting-item': '联席会议议定的完成期限',
};

export interface ComputedDue {
  dueAt: Date;
  provisional: boolean;
  /** How it was computed, in words: 「乡镇移送：自2025年9月30日发现起3个工作日内」. */
  rule: string;
}

export const isDateRule = (k: RuleKind): k is DateRuleKind => (DATE_RULES as readonly string[]).includes(k);

/** A real calendar date written YYYY-MM-DD. */
export function isLocalDate(s: string): s is LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** `2025-09-30` → `2025年9月30日`. */
export function formatLocalDate(d: LocalDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/**
 * The due instant of a rule for an event at `from`. Refuses an explicit date that is not a
 * real date or lies before the local day of the event. `event` names what the clock runs
 * from in the rule text, when it is not the rule's own event (a clock set at an upgrade).
 */
export function dueFor(rule: DeadlineRule, from: Date, calendar: DayCalendar, event?: string): Result<ComputedDue> {
  const label = DEADLINE_LABEL[rule.kind];
  const day = formatLocalDate(localDate(from));
  const since = event ?? FROM_EVENT[rule.kind];
  if ('date' in rule) {
    if (!isLocalDate(rule.date)) return fail(`「${rule.date}」不是有效日期，请按 2026-03-05 的格式填写。`);
    if (rule.date < localDate(from))
      return fail(`${label}期限 ${formatLocalDate(rule.date)} 早于${FROM_EVENT[rule.kind]}日期 ${day}。`);
    return ok({
      dueAt: endOfLocalDay(rule.date),
      provisional: false,
      rule: `${label}：${DATE_SOURCE[rule.kind]} ${formatLocalDate(rule.date)}`,
    });
  }
  if (rule.kind === 'urgent-transfer') {
    const { due, provisional } = addHours(from, URGENT_TRANSFER_HOURS);
    return ok({ dueAt: due, provisional, rule: `${label}：自${formatLocal(from)}${since}起${URGENT_TRANSFER_HOURS}小时内` });
  }
  if (rule.kind === 'complaint-resolve') {
    const n = DAYS_OF[rule.kind];
    const { due, provisional } = addDays(calendar, from, n);
    return ok({ dueAt: due, provisional, rule: `${label}：自${day}${since}起${n}日内（末日为休息日的，顺延至其后第一个工作日）` });
  }
  const n = WORKING_DAYS_OF[rule.kind];
  const { due, provisional } = addWorkingDays(calendar, from, n);
  return ok({ dueAt: due, provisional, rule: `${label}：自${day}${since}起${n}个工作日内` });
}

/** A new open deadline for an event: `dueFor` plus whose duty and which subject. */
export function deadlineFor(
  rule: DeadlineRule,
  event: { from: Date; orgId: number; subject: Subject; event?: string },
  calendar: DayCalendar,
): Result<DeadlineSpec> {
  const due = dueFor(rule, event.from, calendar, event.event);
  if (!due.ok) return due;
  const kind: DeadlineKind = rule.kind;
  return ok({
    kind,
    subject: { ...event.subject },
    orgId: event.orgId,
    supervisorOrgCode: SUPERVISOR_OF[kind],
    dueAt: due.value.dueAt,
    provisional: due.value.provisional,
    rule: due.value.rule,
    startedAt: event.from,
    state: 'open',
  });
}

/** Names as staff type them, and the API names; keys are compared after normalising. */
const RULE_NAMES: ReadonlyArray<readonly [RuleKind, readonly string[]]> = [
  ['township-transfer', ['乡镇移送', '移送乡镇', '乡镇街道移送', '普通移送', '3个工作日移送', '三个工作日移送']],
  ['urgent-transfer', ['紧急移送', '加急移送', '24小时移送', '二十四小时移送']],
  ['discipline-referral', ['纪检移送', '移送纪检', '纪检监察移送', '移送纪检监察']],
  ['complaint-accept', ['受理告知', '告知受理']],
  ['rectification', ['整改', '整改期限', '监督整改']],
  ['transfer-order', ['责令限期移送', '限期移送']],
  ['meeting-item', ['议定事项', '会议议定事项']],
];

const byName = new Map<string, RuleKind>(
  RULE_NAMES.flatMap(([kind, names]) => [...names, kind].map((n) => [n, kind] as const)),
);

/**
 * The rule a person means: 乡镇移送 / 紧急移送 / 纪检移送 / 受理告知 (and a few variants),
 * or the API names (township-transfer, urgent_transfer, …). Spaces, full-width forms,
 * case and quotes do not matter. Undefined when nothing matches exactly.
 */
export function parseRuleName(text: string): RuleKind | undefined {
  const t = text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^[「『“"'《]+|[」』”"'》]+$/g, '')
    .replace(/\s+/g, '')
    .replace(/_/g, '-');
  return byName.get(t) ?? byName.get(t.replace(/(期限|时限)$/, ''));
}

/** Parses a rule name and, for an explicit-date rule, takes the date given. */
export function parseRule(text: string, date?: LocalDate): Result<DeadlineRule> {
  const kind = parseRuleName(text);
  if (!kind) return fail(`无法识别期限规则「${text.trim()}」。可用：乡镇移送、紧急移送、纪检移送、受理告知、整改、责令限期移送、议定事项。`);
  if (isDateRule(kind)) {
    if (date === undefined) return fail(`${DEADLINE_LABEL[kind]}须写明期限日期。`);
    if (!isLocalDate(date)) return fail(`「${date}」不是有效日期，请按 2026-03-05 的格式填写。`);
    return ok({ kind, date });
  }
  return ok({ kind });
}
