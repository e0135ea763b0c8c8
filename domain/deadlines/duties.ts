/**
 * Periodic duties (定期任务) the plan sets, generated each period for every responsible
 * organisation:
 *
 * | kind               | cycle     | who                          | due                          | count | plan   |
 * | ------------------ | --------- | ---------------------------- | ---------------------------- | ----- | ------ |
 * | self-assessment    | year      | departments and townships    | 15th working day of January  |       | M9     |
 * | officer-evaluation | half-year | departments and townships    | half-year end                |       | M9     |
 * | guiding-cases      | year      | departments                  | 15th working day of January  | ≥ 3   | M11    |
 * | info-reports       | month     | departments and townships    | month end             | ≥ 2   | 四(三)    |
 * | info-inspection    | quarter   | 司法局 (sfj)                  | quarter end           |       | M5        |
 * | approval-meeting   | quarter   | 行政审批局 (spj)              | quarter end           |       | M14       |
 * | joint-meeting      | year      | 执法协调小组办公室 (xtb)       | year end              |       | M1        |
 *
 * Readings of the plan:
 * - "Departments" are the directory's kind 'department' (区政府行政执法部门); townships are
 *   kind 'township' (乡镇人民政府 and 骊城街道办事处).
 * - M9 self-assessment: 「各行政执法部门年终应…考核自评」, and the bureau assesses 「所属行政执法
 *   部门和下级人民政府」 — so departments and townships file one. 年终 is the turn of the
 *   year: the year's figures exist only once it has ended, and a January filing (自评 means
 *   last year's in January) must not be late by construction. The duty of year Y is due at
 *   the end of the 15th working day of January Y+1 (YEAR_END_WORKING_DAYS; provisional when
 *   the calendar of Y+1 is not published yet).
 * - M9 officer evaluation: 「每半年对本单位行政执法人员组织一次考核评议」 is written for
 *   departments; townships enforce the penalties transferred to them (M15), so they
 *   evaluate their officers too. Due at the end of each half-year.
 * - M11 guiding cases: 「于每年1月之前将上年度行政执法案例…报送」: the cases of year Y are sent
 *   by January Y+1 — the same instant as the self-assessment, the 15th working day of
 *   January Y+1. A case counts toward the year it is about (chosen when it is sent), and
 *   one the bureau returns does not count. Only 区级以上人民政府工作部门 select them, so
 *   departments only. 「一般不少于3件」 becomes `required: 3`; fewer can be accepted by
 *   waiving with a reason.
 * - 四(三) information: 「行政执法信息每月不少于2篇」 for each unit the plan addresses —
 *   departments and townships; `required: 2`, due at month end.
 * - M5: the justice bureau inspects once a quarter; due at quarter end.
 * - M14: 「原则上每季度至少召开一次」 — one duty per quarter for the approval bureau (its
 *   office runs the meeting), met by the first meeting; temporary meetings are not duties.
 * - M1: 「原则每年召开一次会议」 — one duty per year for the office, due at year end;
 *   temporary meetings are not duties.
 * - A body the directory lacks (no sfj, spj or xtb given) simply has no duty generated.
 * - Every other due instant is the period's last calendar day, not a working-day count:
 *   never provisional, and a period that ends on a rest day is still due that day
 *   (reminders move to the last working day before it).
 *
 * Subjects are `{ type: 'period', id: <period key> }` ('2026-11', '2026-Q4', '2026-H1',
 * '2026'), so generating twice gives the same (kind, orgId, subject) keys.
 */
import { ORG, type Organisation } from '../organisation';
import { DEADLINE_LABEL, type DeadlineKind, type DeadlineSpec, SUPERVISOR_OF, type Subject } from './deadline';
import { PERIOD_KINDS, type Period, type PeriodKind, nextPeriod, periodOf, periodsOfYear, previousPeriod } from './periods';
import { type DayCalendar, type Due, addWorkingDays, formatLocal } from '../calendar/calendar';
import { planRef } from '../plan-ref';

export interface DutyDefinition {
  kind: DeadlineKind;
  cycle: PeriodKind;
  /** Which organisations owe it. */
  owes: (o: Organisation) => boolean;
  /** "≥ N per period" duties. */
  required?: number;
  /** What is owed, for the rule text. */
  what: string;
  plan: string;
  /** Due this many working days after the period ends, rather than at its end. */
  workingDaysAfter?: number;
}

/** 年终 filings (M9 自评, M11 上年度案例): due the 15th working day of the next January. */
export const YEAR_END_WORKING_DAYS = 15;

const isDepartment = (o: Organisation) => o.kind === 'department';
const isUnit = (o: Organisation) => o.kind === 'department' || o.kind === 'township';
const hasCode = (code: string) => (o: Organisation) => o.code === code;

export const DUTIES: readonly DutyDefinition[] = [
  { kind: 'self-assessment', cycle: 'year', owes: isUnit, what: '年终考核自评，报司法局备案', plan: 'M9', workingDaysAfter: YEAR_END_WORKING_DAYS },
  { kind: 'officer-evaluation', cycle: 'half-year', owes: isUnit, what: '行政执法人员考核评议，报司法局备案', plan: 'M9' },
  { kind: 'guiding-cases', cycle: 'year', owes: isDepartment, required: 3, what: '报送行政执法指导案例不少于3件', plan: 'M11', workingDaysAfter: YEAR_END_WORKING_DAYS },
  { kind: 'info-reports', cycle: 'month', owes: isUnit, required: 2, what: '报送行政执法信息不少于2篇', plan: '四(三)' },
  { kind: 'info-inspection', cycle: 'quarter', owes: hasCode(ORG.justiceBureau), what: '行政执法公示网上巡查一次', plan: 'M5' },
  { kind: 'approval-meeting', cycle: 'quarter', owes: hasCode(ORG.approvalBureau), what: '召开审批监管联席会议至少一次', plan: 'M14' },
  { kind: 'joint-meeting', cycle: 'year', owes: hasCode(ORG.coordinationOffice), what: '召开联席会议一次', plan: 'M1' },
];

export const periodSubject = (p: Period): Subject => ({ type: 'period', id: p.key });

/** When a duty of the period is due: the period's end, or N working days after it. */
export function dueOf(def: DutyDefinition, period: Period, calendar: DayCalendar): Due {
  return def.workingDaysAfter
    ? addWorkingDays(calendar, period.end, def.workingDaysAfter)
    : { due: new Date(period.end.getTime()), provisional: false };
}

/** The open duties of one period: those whose cycle is the period's kind, for every body that owes them. */
export function dutiesFor(period: Period, orgs: readonly Organisation[], calendar: DayCalendar): DeadlineSpec[] {
  const out: DeadlineSpec[] = [];
  for (const def of DUTIES) {
    if (def.cycle !== period.kind) continue;
    const { due, provisional } = dueOf(def, period, calendar);
    const when = def.workingDaysAfter ? `，次年1月第${def.workingDaysAfter}个工作日` : '';
    for (const org of orgs) {
      if (!def.owes(org)) continue;
      out.push({
        kind: def.kind,
        subject: periodSubject(period),
        orgId: org.id,
        supervisorOrgCode: SUPERVISOR_OF[def.kind],
        dueAt: new Date(due.getTime()),
        provisional,
        rule: `${DEADLINE_LABEL[def.kind]}：${period.label}${def.what}，截至${formatLocal(due)}（${planRef(def.plan)}${when}）`,
        ...(def.required !== undefined ? { required: def.required, progress: 0 } : {}),
        state: 'open',
      });
    }
  }
  return out;
}

/** Every duty of a calendar year: each month, quarter, half-year and the year itself. */
export function dutiesOfYear(year: number, orgs: readonly Organisation[], calendar: DayCalendar): DeadlineSpec[] {
  return PERIOD_KINDS.flatMap((kind) => periodsOfYear(year, kind).flatMap((p) => dutiesFor(p, orgs, calendar)));
}

/** The duties of the periods the instant falls in (its month, quarter, half-year and year). */
export function dutiesAt(instant: Date, orgs: readonly Organisation[], calendar: DayCalendar): DeadlineSpec[] {
  return PERIOD_KINDS.flatMap((kind) => dutiesFor(periodOf(instant, kind), orgs, calendar));
}

/** The definition of a periodic duty kind, if it is one. */
export const dutyOf = (kind: DeadlineKind): DutyDefinition | undefined => DUTIES.find((d) => d.kind === kind);

/** Whether the organisation owes that periodic duty. */
export const owes = (kind: DeadlineKind, org: Organisation): boolean => dutyOf(kind)?.owes(org) ?? false;

/** How many days before a period ends the next period's duties are generated as well. */
export const LOOKAHEAD_DAYS = 7;

/**
 * The periods whose duties should exist at an instant: those it falls in, and — in the
 * last LOOKAHEAD_DAYS of a period — the next one, so that the new period's duties (and
 * their reminders) are in place, and shown by 待办, before it begins.
 */
export function periodsToGenerate(instant: Date): Period[] {
  return PERIOD_KINDS.flatMap((kind) => {
    const p = periodOf(instant, kind);
    const soon = p.end.getTime() - instant.getTime() <= LOOKAHEAD_DAYS * 86_400_000;
    return soon ? [p, nextPeriod(p)] : [p];
  });
}

/**
 * The duties of `periodsToGenerate`, and those of the periods just ended that are not due
 * yet (the year-end filings in January, on a fresh start), only of the given kinds (those
 * a feature can meet).
 */
export function dutiesToGenerate(instant: Date, orgs: readonly Organisation[], kinds: readonly DeadlineKind[], calendar: DayCalendar): DeadlineSpec[] {
  const current = periodsToGenerate(instant).flatMap((p) => dutiesFor(p, orgs, calendar));
  const ended = PERIOD_KINDS.flatMap((kind) => dutiesFor(previousPeriod(periodOf(instant, kind)), orgs, calendar))
    .filter((s) => s.dueAt.getTime() > instant.getTime());
  return [...ended, ...current].filter((s) => kinds.includes(s.kind));
}
