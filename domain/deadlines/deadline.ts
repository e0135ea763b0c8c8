/**
 * One model for every clock the plan sets (requirements: "Deadlines the product watches"):
 * a deadline is a duty of one organisation (`orgId`) about one subject, due at an instant,
 * chased by a supervising body. Its lifecycle is a discriminated union on `state`:
 *
 *   open ──meet / recordProgress(≥ required)──▶ met
 *     │──miss (only after dueAt)──────────────▶ missed
 *     └──waive (with a reason)─────────────────▶ waived
 *
 * Every state but `open` is final: a missed deadline stays missed (the record of the
 * lateness is the point of watching it), and a late `meet` is refused once it has been
 * marked missed. A deadline still open after its due instant may be met; `isLate` says so.
 * One exception, for count duties: an item that stops counting (a guiding case the bureau
 * returns) is withdrawn, and a duty met by it goes back to open when it falls short.
 */
import { ORG } from '../organisation';
import { type Result, fail, ok } from '../result';
import { formatLocal } from '../calendar/calendar';

export const DEADLINE_KINDS = [
  'complaint-accept', // 受理告知 (M3, M15 二)
  'township-transfer', // 乡镇移送 3个工作日 (M15 一)
  'urgent-transfer', // 紧急移送 24小时 (M15 一)
  'discipline-referral', // 纪检移送 办结后10个工作日 (M10)
  'rectification', // 整改 (M7 行政执法监督通知书)
  'transfer-order', // 责令限期移送 (M4)
  'meeting-item', // 议定事项 (M1)
  'guiding-cases', // 案例指导 ≥3件/年 (M11)
  'self-assessment', // 考核自评 年终 (M9)
  'officer-evaluation', // 执法人员考核评议 每半年 (M9)
  'info-inspection', // 行政执法公示网上巡查 每季度 (M5)
  'approval-meeting', // 审批监管联席会议 每季度至少一次 (M14)
  'info-reports', // 执法信息报送 每月≥2篇 (四(三))
  'joint-meeting', // 联席会议 每年一次 (M1)
  // Answers owed to another body (issue 14): readings in domain/deadlines/rules.ts.
  'dispute-response', // 对协调意见表态 (M2)
  'info-request-reply', // 信息查询答复 (M5, M15 三)
  'assistance-reply', // 执法协助答复 (M15 五)
  'complaint-assist', // 协助调查答复 (M3)
  'complaint-resolve', // 投诉举报办结 (M3, M15 二)
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_LABEL: Record<DeadlineKind, string> = {
  'complaint-accept': '受理告知',
  'township-transfer': '乡镇移送',
  'urgent-transfer': '紧急移送',
  'discipline-referral': '纪检移送',
  rectification: '整改',
  'transfer-order': '责令限期移送',
  'meeting-item': '议定事项',
  'guiding-cases': '案例指导',
  'self-assessment': '考核自评',
  'officer-evaluation': '考核评议',
  'info-inspection': '行政执法公示网上巡查',
  'approval-meeting': '审批监管联席会议',
  'info-reports': '执法信息报送',
  'joint-meeting': '联席会议',
  'dispute-response': '协调意见表态',
  'info-request-reply': '信息查询答复',
  'assistance-reply': '执法协助答复',
  'complaint-assist': '协查答复',
  'complaint-resolve': '投诉办结',
};

/** The bodies that chase a deadline: 司法局 or 执法协调小组办公室. */
export type SupervisorCode = typeof ORG.justiceBureau | typeof ORG.coordinationOffice;

/**
 * Who chases (督办) each kind, following the plan:
 * - 司法局 (sfj): it coordinates and supervises complaints (M3), is the 监督协调机关 of case
 *   transfers and may order one within a time limit (M4; M15 transfers are case transfers),
 *   supervises enforcement and issues the 监督通知书 (M7), supervises accountability (M8,
 *   hence the M10 referral), receives the self-assessment and evaluations for the record
 *   (M9), reviews guiding cases (M11) and receives the monthly information (四(三)
 *   「加强与区司法局的沟通联系」).
 * - 执法协调小组办公室 (xtb): it chases the items decided by the joint meeting (M1) and
 *   inspects how every mechanism is carried out (四(二)); so it chases the mechanism-level
 *   duties of other bodies — the bureau's quarterly online inspection, whose result goes
 *   to 区委全面依法治区委员会 (M5), and the approval bureau's quarterly meeting (M14) — and
 *   its own yearly joint meeting: the plan names no body above the office but the
 *   committee itself, which is not in the directory, so it is its own supervisor and an
 *   escalation reaches its head.
 * - The answers owed to another body are chased by 司法局: it is the 争议协调机关 (M2), the
 *   统筹监督机关 of enforcement information (M5), and coordinates and supervises complaints
 *   (M3) and the township–district cooperation it coordinates as a whole (M15).
 */
export const SUPERVISOR_OF: Record<DeadlineKind, SupervisorCode> = {
  'complaint-accept': ORG.justiceBureau,
  'township-transfer': ORG.justiceBureau,
  'urgent-transfer': ORG.justiceBureau,
  'discipline-referral': ORG.justiceBureau,
  rectification: ORG.justiceBureau,
  'transfer-order': ORG.justiceBureau,
  'meeting-item': ORG.coordinationOffice,
  'guiding-cases': ORG.justiceBureau,
  'self-assessment': ORG.justiceBureau,
  'officer-evaluation': ORG.justiceBureau,
  'info-inspection': ORG.coordinationOffice,
  'approval-meeting': ORG.coordinationOffice,
  'info-reports': ORG.justiceBureau,
  'joint-meeting': ORG.coordinationOffice,
  'dispute-response': ORG.justiceBureau,
  'info-request-reply': ORG.justiceBureau,
  'assistance-reply': ORG.justiceBureau,
  'complaint-assist': ORG.justiceBureau,
  'complaint-resolve': ORG.justiceBureau,
};

/** What the deadline is about: a complaint, a case, a notice, a period ('period', '2026-Q4'). */
export interface Subject {
  type: string;
  id: string;
}

/** Fields every state shares. */
export interface DeadlineFields {
  kind: DeadlineKind;
  subject: Subject;
  orgId: number; // whose duty (责任单位)
  supervisorOrgCode: SupervisorCode; // who chases (督办单位)
  dueAt: Date;
  provisional: boolean; // 暂定: computed over days the official calendar does not cover yet
  rule: string; // how dueAt was computed, in words
  /**
   * The event the clock runs from (发现、登记、办结 …), kept so a clock counted in working
   * days can be counted again when the calendar of its years changes (recompute.ts).
   * Absent on periodic duties, and on old rows whose event could not be recovered.
   */
  startedAt?: Date;
  required?: number; // "≥ N per period" duties: how many are due
  progress?: number; // … and how many have been done
}

export type DeadlineState =
  | { state: 'open' }
  | { state: 'met'; metAt: Date }
  | { state: 'missed'; missedAt: Date }
  | { state: 'waived'; waivedAt: Date; reason: string };

/** A new deadline, before it is stored: always open, no id. */
export type DeadlineSpec = DeadlineFields & { state: 'open' };

export type Deadline = DeadlineFields & { id: number } & DeadlineState;

export type DeadlineStatus = DeadlineState['state'];

export const STATE_LABEL: Record<DeadlineStatus, string> = {
  open: '进行中',
  met: '已完成',
  missed: '已逾期',
  waived: '已免除',
};

export const MAX_WAIVE_REASON = 500;

/** The fields of the common part plus the id, without those a state adds. */
function base(d: Deadline): DeadlineFields & { id: number } {
  const { state: _s, metAt: _m, missedAt: _x, waivedAt: _w, reason: _r, ...rest } = d as Deadline &
    Partial<{ metAt: Date; missedAt: Date; waivedAt: Date; reason: string }>;
  return { ...rest, subject: { ...rest.subject } };
}

const name = (d: DeadlineFields): string => `「${DEADLINE_LABEL[d.kind]}」期限`;

function notOpen(d: Deadline): string {
  switch (d.state) {
    case 'met':
      return `${name(d)}已于 ${formatLocal(d.metAt)} 完成。`;
    case 'missed':
      return `${name(d)}已于 ${formatLocal(d.missedAt)} 记为逾期，不能再变更。`;
    case 'waived':
      return `${name(d)}已于 ${formatLocal(d.waivedAt)} 免除。`;
    case 'open':
      return `${name(d)}仍在进行中。`;
  }
}

const isCountDuty = (d: DeadlineFields): d is DeadlineFields & { required: number } => d.required !== undefined;

/** Marks an open deadline met. A count duty is met through `recordProgress` once enough is done. */
export function meet(d: Deadline, at: Date): Result<Deadline> {
  if (d.state !== 'open') return fail(notOpen(d));
  if (isCountDuty(d) && (d.progress ?? 0) < d.required)
    return fail(`${name(d)}要求完成 ${d.required} 件，目前 ${d.progress ?? 0} 件，还差 ${d.required - (d.progress ?? 0)} 件。`);
  return ok({ ...base(d), state: 'met', metAt: at });
}

/** Records that an open deadline was not met; only once its due instant has passed. */
export function miss(d: Deadline, at: Date): Result<Deadline> {
  if (d.state !== 'open') return fail(notOpen(d));
  if (at.getTime() <= d.dueAt.getTime()) return fail(`${name(d)}到 ${formatLocal(d.dueAt)} 才届满，尚未逾期。`);
  return ok({ ...base(d), state: 'missed', missedAt: at });
}

/** Lifts an open deadline (e.g. the case was withdrawn), with the reason on record. */
export function waive(d: Deadline, reason: string, at: Date): Result<Deadline> {
  if (d.state !== 'open') return fail(notOpen(d));
  const text = reason.trim();
  if (!text) return fail('免除期限须写明理由。');
  if (text.length > MAX_WAIVE_REASON) return fail(`免除理由不能超过 ${MAX_WAIVE_REASON} 字。`);
  return ok({ ...base(d), state: 'waived', waivedAt: at, reason: text });
}

/**
 * Adds `n` done items (n new reports, cases, …) to a count duty. It becomes met when the
 * progress reaches the requirement; further items still count on a met duty (its metAt
 * stays when it was first reached). Refused on a missed or waived duty: late items belong
 * to the next period's duty.
 */
export function recordProgress(d: Deadline, n: number, at: Date): Result<Deadline> {
  if (!isCountDuty(d)) return fail(`${name(d)}不是计数类任务，请直接标记完成。`);
  if (!Number.isInteger(n) || n < 1) return fail('完成数量须为正整数。');
  if (d.state === 'missed' || d.state === 'waived') return fail(notOpen(d));
  const progress = (d.progress ?? 0) + n;
  if (d.state === 'met') return ok({ ...base(d), progress, state: 'met', metAt: d.metAt });
  if (progress >= d.required) return ok({ ...base(d), progress, state: 'met', metAt: at });
  return ok({ ...base(d), progress, state: 'open' });
}

/**
 * Takes back `n` items that no longer count (a guiding case the bureau returned, M11). An
 * open duty counts down; a met one stays met while it still has enough, else it is open
 * again (`reopened`: it needs its reminders back; past its due instant the next sweep
 * records it missed). A missed or waived duty is final and keeps its record.
 */
export function withdrawProgress(d: Deadline, n: number): Result<{ deadline: Deadline; reopened: boolean }> {
  if (!isCountDuty(d)) return fail(`${name(d)}不是计数类任务。`);
  if (!Number.isInteger(n) || n < 1) return fail('撤回数量须为正整数。');
  if (d.state === 'missed' || d.state === 'waived') return fail(notOpen(d));
  const progress = Math.max(0, (d.progress ?? 0) - n);
  if (d.state === 'met' && progress >= d.required) return ok({ deadline: { ...base(d), progress, state: 'met', metAt: d.metAt }, reopened: false });
  return ok({ deadline: { ...base(d), progress, state: 'open' }, reopened: d.state === 'met' });
}

/** Met after its due instant (possible while it was still open, before the sweep marked it missed). */
export function isLate(d: Deadline): boolean {
  return d.state === 'met' && d.metAt.getTime() > d.dueAt.getTime();
}

/** Open and past its due instant: what a sweep should mark missed. */
export function isOverdue(d: Deadline, now: Date): boolean {
  return d.state === 'open' && now.getTime() > d.dueAt.getTime();
}

/** The idempotency key of a deadline: one per (kind, orgId, subject). */
export function deadlineKey(d: Pick<DeadlineFields, 'kind' | 'orgId' | 'subject'>): string {
  return `${d.kind}|${d.orgId}|${d.subject.type}:${d.subject.id}`;
}
