/**
 * Periodic duties (定期任务) the plan sets, generated each period for every responsible
 * organisation:
 *
 * | kind               | cycle     | who                          | due                   | count | plan      |
 * | ------------------ | --------- | ---------------------------- | --------------------- | ----- | --------- |
 * | self-assessment    | year      | departments                  | year end (年终)        |       | M9        |
 * | officer-evaluation | half-year | departments and townships    | half-year end         |       | M9        |
 * | guiding-cases      | year      | departments                  | before 1 January      | ≥ 3   | M11       |
 * | info-reports       | month     | departments and townships    | month end             | ≥ 2   | 四(三)    |
 * | info-inspection    | quarter   | 司法局 (sfj)                  | quarter end           |       | M5        |
 * | approval-meeting   | quarter   | 行政审批局 (spj)              | quarter end           |       | M14       |
 * | joint-meeting      | year      | 执法协调小组办公室 (xtb)       | year end              |       | M1        |
 *
 * Readings of the plan:
 * - "Departments" are the directory's kind 'department' (区政府行政执法部门); townships are
 *   kind 'township' (乡镇人民政府 and 骊城街道办事处).
 * - M9 self-assessment: 「各行政执法部门年终应…考核自评」 — departments, due 12-31 23:59:59.
 * - M9 officer evaluation: 「每半年对本单位行政执法人员组织一次考核评议」 is written for
 *   departments; townships enforce the penalties transferred to them (M15), so they
 *   evaluate their officers too. Due at the end of each half-year.
 * - M11 guiding cases: 「于每年1月之前将上年度行政执法案例…报送」 and the digest's
 *   "before 1 January": the duty of year Y is the cases of year Y, due 31 December Y
 *   23:59:59. Only 区级以上人民政府工作部门 select them, so departments only. 「一般不少于3件」
 *   becomes `required: 3`; fewer can be accepted by waiving with a reason.
 * - 四(三) information: 「行政执法信息每月不少于2篇」 for each unit the plan addresses —
 *   departments and townships; `required: 2`, due at month end.
 * - M5: the justice bureau inspects once a quarter; due at quarter end.
 * - M14: 「原则上每季度至少召开一次」 — one duty per quarter for the approval bureau (its
 *   office runs the meeting), met by the first meeting; temporary meetings are not duties.
 * - M1: 「原则每年召开一次会议」 — one duty per year for the office, due at year end;
 *   temporary meetings are not duties.
 * - A body the directory lacks (no sfj, spj or xtb given) simply has no duty generated.
 * - Due instants are calendar dates, not working-day counts: never provisional, and a
 *   period that ends on a rest day is still due that day (reminders move to the last
 *   working day before it).
 *
 * Subjects are `{ type: 'period', id: <period key> }` ('2026-11', '2026-Q4', '2026-H1',
 * '2026'), so generating twice gives the same (kind, orgId, subject) keys.
 */
import { ORG, type Organisation } from '../organisation';
import { DEADLINE_LABEL, type DeadlineKind, type DeadlineSpec, SUPERVISOR_OF, type Subject } from './deadline';
import { PERIOD_KINDS, type Period, type PeriodKind, nextPeriod, periodOf, periodsOfYear } from './periods';
import { formatLocal } from '../calendar/calendar';
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
}

const isDepartment = (o: Organisation) => o.kind === 'department';
const isUnit = (o: Organisation) => o.kind === 'department' || o.kind === 'township';
const hasCode = (code: string) => (o: Organisation) => o.code === code;

export const DUTIES: readonly DutyDefinition[] = [
  { kind: 'self-assessment', cycle: 'year', owes: isDepartment, what: '年终考核自评，报司法局备案', plan: 'M9' },
  { kind: 'officer-evaluation', cycle: 'half-year', owes: isUnit, what: '行政执法人员考核评议，报司法局备案', plan: 'M9' },
  { kind: 'guiding-cases', cycle: 'year', owes: isDepartment, required: 3, what: '报送行政执法指导案例不少于3件', plan: 'M11' },
  { kind: 'info-reports', cycle: 'month', owes: isUnit, required: 2, what: '报送行政执法信息不少于2篇', plan: '四(三)' },
  { kind: 'info-inspection', cycle: 'quarter', owes: hasCode(ORG.justiceBureau), what: '行政执法公示网上巡查一次', plan: 'M5' },
  { kind: 'approval-meeting', cycle: 'quarter', owes: hasCode(ORG.approvalBureau), what: '召开审批监管联席会议至少一次', plan: 'M14' },
  { kind: 'joint-meeting', cycle: 'year', owes: hasCode(ORG.coordinationOffice), what: '召开联席会议一次', plan: 'M1' },
];

export const periodSubject = (p: Period): Subject => ({ type: 'period', id: p.key });

/** The open duties of one period: those whose cycle is the period's kind, for every body that owes them. */
export function dutiesFor(period: Period, orgs: readonly Organisation[]): DeadlineSpec[] {
  const out: DeadlineSpec[] = [];
  for (const def of DUTIES) {
    if (def.cycle !== period.kind) continue;
    for (const org of orgs) {
      if (!def.owes(org)) continue;
      out.push({
        kind: def.kind,
        subject: periodSubject(period),
        orgId: org.id,
        supervisorOrgCode: SUPERVISOR_OF[def.kind],
        dueAt: new Date(period.end.getTime()),
        provisional: false,
        rule: `${DEADLINE_LABEL[def.kind]}：${period.label}${def.what}，截至${formatLocal(period.end)}（${planRef(def.plan)}）`,
        ...(def.required !== undefined ? { required: def.required, progress: 0 } : {}),
        state: 'open',
      });
    }
  }
  return out;
}

/** Every duty of a calendar year: each month, quarter, half-year and the year itself. */
export function dutiesOfYear(year: number, orgs: readonly Organisation[]): DeadlineSpec[] {
  return PERIOD_KINDS.flatMap((kind) => periodsOfYear(year, kind).flatMap((p) => dutiesFor(p, orgs)));
}

/** The duties of the periods the instant falls in (its month, quarter, half-year and year). */
export function dutiesAt(instant: Date, orgs: readonly Organisation[]): DeadlineSpec[] {
  return PERIOD_KINDS.flatMap((kind) => dutiesFor(periodOf(instant, kind), orgs));
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

/** The duties of `periodsToGenerate`, only of the given kinds (those a feature can meet). */
export function dutiesToGenerate(instant: Date, orgs: readonly Organisation[], kinds: readonly DeadlineKind[]): DeadlineSpec[] {
  return periodsToGenerate(instant).flatMap((p) => dutiesFor(p, orgs)).filter((s) => kinds.includes(s.kind));
}
