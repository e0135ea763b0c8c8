/**
 * 行政执法监督检查 (M7): the justice bureau records an inspection (监督检查) by one of the
 * plan's methods over the plan's list of subjects, issues a 行政执法监督通知书 to a body
 * with its findings and a rectification deadline, and reviews the rectification report.
 * The findings of a round go out as a problem bulletin (问题通报). The inspected bodies
 * 「要予以配合，并如实提供情况」: each may put its account on the record.
 *
 * 「各行政执法部门法制工作机构负责本部门行政执法监督的具体工作」: a department (or township)
 * also inspects its own officers. Such an internal inspection is the body's own record
 * (its inspector is the body, the subject its offices or officers); the bureau sees it
 * but issues no notice or bulletin on it — the body follows up itself, and takes up an
 * officer's fault as the 追究机关 (M8). The product has no separate 法制机构 role: the
 * body's liaison and head act for it (our reading).
 *
 * A notice's lifecycle (discriminated union; each transition takes the state it needs):
 *
 *   issued (整改中, round n) ──submitReport──▶ reported (待验收) ──acceptReport──▶ accepted (验收通过)
 *        ▲                                        │ └──failReport (整改不到位)──▶ failed ──▶ 责任追究 (M8)
 *        └──────── returnReport (退回，第 n+1 轮) ◀┘
 *
 * The rectification clock (deadline kind 'rectification', due at the end of the date on
 * the notice): a report filed by then meets it — the department did what the notice asked
 * within the time it gave, and the bureau's review time is not the department's. A
 * returned report opens a new round with the date the bureau sets (it may keep the
 * original date while that has not passed); each round is its own deadline, so a round
 * missed is escalated by the sweep and recorded for accountability.
 */
import type { LocalDate } from './calendar/calendar';
import type { Subject } from './deadlines/deadline';
import { isLocalDate } from './deadlines/rules';
import type { Organisation } from './organisation';
import { SERIES, parseRecordNo } from './record-no';
import { type Result, fail, ok } from './result';
import { type Actor, type StaffRole, hasRole, isAdmin, isStaffOf } from './roles';

/** 日常监督、专项监督、大数据监测分析、委托第三方评估、抽查暗访 (M7). */
export const INSPECTION_METHODS = ['routine', 'special', 'bigdata', 'third-party', 'unannounced'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export const METHOD_LABEL: Record<InspectionMethod, string> = {
  routine: '日常监督',
  special: '专项监督',
  bigdata: '大数据监测分析',
  'third-party': '委托第三方评估',
  unannounced: '抽查暗访',
};

const METHOD_WORDS: Record<InspectionMethod, readonly string[]> = {
  routine: ['日常', '日常检查'],
  special: ['专项', '专项检查'],
  bigdata: ['大数据', '大数据监测', '大数据分析', '监测分析'],
  'third-party': ['第三方', '第三方评估', '委托第三方'],
  unannounced: ['抽查', '暗访', '抽查暗访', '明察暗访'],
};

/** 监督内容 (M7), in the plan's order. */
export const SUPERVISION_SUBJECTS = [
  'legality', 'team', 'decisions', 'duties', 'responsibility', 'discretion', 'three-systems', 'files', 'major-filing', 'civility', 'other',
] as const;
export type SupervisionSubject = (typeof SUPERVISION_SUBJECTS)[number];

export const SUBJECT_LABEL: Record<SupervisionSubject, string> = {
  legality: '行政执法主体、执法权限、执法程序的合法性',
  team: '行政执法队伍管理情况',
  decisions: '行政执法决定的合法性和适当性',
  duties: '行政执法职责履行情况',
  responsibility: '行政执法责任制落实情况',
  discretion: '行政裁量基准制度落实情况',
  'three-systems': '行政执法公示、全过程记录、重大执法决定法制审核制度落实情况',
  files: '行政执法案卷管理情况',
  'major-filing': '重大行政处罚备案制度落实情况',
  civility: '文明执法情况',
  other: '依法要监督的其他内容',
};

export const MAX_SUPERVISION_TEXT = 2000;
export const MIN_FINDINGS = 10;
export const MIN_REPORT = 10;
export const MIN_REVIEW_REASON = 4;

function bounded(raw: string, min: number, what: string): Result<string> {
  const t = raw.trim();
  if (t.length < min) return fail(`${what}太短，请至少写 ${min} 个字。`);
  if (t.length > MAX_SUPERVISION_TEXT) return fail(`${what}不能超过 ${MAX_SUPERVISION_TEXT} 字。`);
  return ok(t);
}

/** 1–5, the method's name or a short form (专项, 暗访 …). */
export function parseMethod(text: string): InspectionMethod | undefined {
  const t = text.trim().replace(/\s+/g, '');
  const n = /^\d$/.test(t) ? INSPECTION_METHODS[Number(t) - 1] : undefined;
  return n ?? INSPECTION_METHODS.find((m) => m === t || METHOD_LABEL[m] === t || METHOD_WORDS[m].includes(t));
}

/** Numbers of the subjects list ("1 3 5", "1、3、5", "2-4") or 全部. */
export function parseSubjects(text: string): Result<SupervisionSubject[]> {
  const t = text.trim();
  if (/^(全部|所有|全选)$/.test(t)) return ok([...SUPERVISION_SUBJECTS]);
  const byName = SUPERVISION_SUBJECTS.find((s) => SUBJECT_LABEL[s] === t);
  if (byName) return ok([byName]);
  const picked = new Set<number>();
  for (const part of t.split(/[\s,，、;；]+/).filter(Boolean)) {
    const range = part.match(/^(\d{1,2})[-－~～至到](\d{1,2})$/);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : /^\d{1,2}$/.test(part) ? [Number(part), Number(part)] : [NaN, NaN];
    if (!(from >= 1 && to <= SUPERVISION_SUBJECTS.length && from <= to)) {
      return fail(`请回复监督内容的序号（1–${SUPERVISION_SUBJECTS.length}，可多选，如“1 3 5”），或“全部”。`);
    }
    for (let i = from; i <= to; i++) picked.add(i);
  }
  if (!picked.size) return fail('请至少选择一项监督内容。');
  return ok([...picked].sort((a, b) => a - b).map((i) => SUPERVISION_SUBJECTS[i - 1]!));
}

/** 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日 → 2026-12-31. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const m = text.trim().match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) return undefined;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isLocalDate(d) ? d : undefined;
}

/** Bodies a notice may go to: district enforcement departments and townships. */
export const canBeSupervised = (o: Organisation): boolean => o.kind === 'department' || o.kind === 'township';

// ── inspections ──

export interface NewInspection {
  /** 司法局, or a body's 法制工作机构 inspecting the body itself. */
  inspectorOrgId: number;
  method: InspectionMethod;
  subjects: SupervisionSubject[];
  orgIds: number[]; // 被监督单位 (an internal inspection: the body itself)
  /** An internal inspection: the offices or officers checked (检查对象); null for the bureau's. */
  officers: string | null;
  summary: string; // 检查情况
  recordedBy: number;
  recordedAt: Date;
}

export interface Inspection extends NewInspection {
  id: number;
  no: string; // JC-2026-000001
  bulletinAt: Date | null; // 问题通报印发全区
}

/** An inspection a body made of itself (its 法制工作机构), not the bureau's. */
export const isInternal = (i: Pick<NewInspection, 'inspectorOrgId'>, b: Pick<SupervisionBodies, 'justiceBureauId'>): boolean =>
  i.inspectorOrgId !== b.justiceBureauId;

export function validateInspection(i: NewInspection, b: Pick<SupervisionBodies, 'justiceBureauId'>): Result<NewInspection> {
  if (!i.subjects.length) return fail('请至少选择一项监督内容。');
  if (isInternal(i, b)) {
    if (i.orgIds.length !== 1 || i.orgIds[0] !== i.inspectorOrgId) return fail('本部门内部监督检查只针对本单位。');
    const officers = bounded(i.officers ?? '', 2, '检查对象');
    if (!officers.ok) return officers;
    const summary = bounded(i.summary, 4, '检查情况');
    return summary.ok ? ok({ ...i, subjects: [...new Set(i.subjects)], officers: officers.value, summary: summary.value }) : summary;
  }
  if (!i.orgIds.length) return fail('请写明被监督单位。');
  if (new Set(i.orgIds).size !== i.orgIds.length) return fail('被监督单位有重复。');
  const summary = bounded(i.summary, 4, '检查情况');
  if (!summary.ok) return summary;
  return ok({ ...i, subjects: [...new Set(i.subjects)], officers: null, summary: summary.value });
}

export const parseInspectionNo = (text: string): string | undefined => parseRecordNo(SERIES.inspection, text);

/** An inspected body's account of itself (如实提供情况). */
export const checkAccount = (text: string): Result<string> => bounded(text, 4, '提供的情况');

// ── notices ──

/** A round that ended with the report sent back (退回重新整改). */
export interface PastRound {
  round: number;
  dueDate: LocalDate;
  report: string;
  reportedAt: Date;
  reportedBy: number;
  returnReason: string;
  returnedAt: Date;
  returnedBy: number;
}

export interface NewNotice {
  inspectionId: number;
  orgId: number; // 被监督单位
  findings: string; // 发现的问题
  dueDate: LocalDate; // 整改期限
  dueAt: Date;
  issuedBy: number;
  issuedAt: Date;
}

interface NoticeCommon extends NewNotice {
  id: number;
  no: string; // JD-2026-000001
  round: number; // 1, then 2 … after each 退回
  history: PastRound[];
  /** Optimistic-concurrency token kept by storage. */
  version: number;
}
interface ReportFields {
  report: string;
  reportedAt: Date;
  reportedBy: number;
}
interface ReviewFields extends ReportFields {
  reviewedBy: number;
  reviewedAt: Date;
}

export type NoticeIssued = NoticeCommon & { status: 'issued' };
export type NoticeReported = NoticeCommon & ReportFields & { status: 'reported' };
export type NoticeAccepted = NoticeCommon & ReviewFields & { status: 'accepted' };
export type NoticeFailed = NoticeCommon & ReviewFields & { status: 'failed'; failReason: string };
export type Notice = NoticeIssued | NoticeReported | NoticeAccepted | NoticeFailed;
export type NoticeStatus = Notice['status'];
export type NoticeIn<S extends NoticeStatus> = Extract<Notice, { status: S }>;

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  issued: '已下发，整改中',
  reported: '已报送整改报告，待验收',
  accepted: '整改验收通过',
  failed: '整改不到位，已移交责任追究',
};

const NOTICE_NEXT: Record<NoticeStatus, string> = {
  issued: '等待被监督单位报送整改报告',
  reported: '等待司法局验收',
  accepted: '已办结',
  failed: '已办结，转入责任追究',
};

export const parseNoticeNo = (text: string): string | undefined => parseRecordNo(SERIES.notice, text);

/**
 * The notice's 文号, read from its record number: JD-2026-000007 → 抚司执监〔2026〕7号 (the
 * bureau's abbreviation, the year, the sequence). The plan prescribes no form; one number per
 * notice, issued in order, is what a 文号 needs (our reading).
 */
export const NOTICE_DOC_PREFIX = '抚司执监';
export function noticeDocNo(no: string): string {
  const m = no.match(/^[A-Z]{2}-(\d{4})-(\d{6})$/);
  return m ? `${NOTICE_DOC_PREFIX}〔${m[1]}〕${Number(m[2])}号` : no;
}

export function validateNotice(n: NewNotice, inspection: Inspection): Result<NewNotice> {
  if (!inspection.orgIds.includes(n.orgId)) return fail(`该单位不在监督检查 ${inspection.no} 的被监督单位之列。`);
  const findings = bounded(n.findings, MIN_FINDINGS, '发现的问题');
  if (!findings.ok) return findings;
  return ok({ ...n, findings: findings.value });
}

/** Narrows to the state an action needs, or refuses saying where the notice stands. */
export function noticeIn<S extends NoticeStatus>(n: Notice, status: S, action: string): Result<NoticeIn<S>> {
  if (n.status === status) return ok(n as NoticeIn<S>);
  return fail(`监督通知书 ${n.no} 当前为“${NOTICE_STATUS_LABEL[n.status]}”，不能${action}（${NOTICE_NEXT[n.status]}）。`);
}

export function submitReport(n: NoticeIssued, report: string, by: number, at: Date): Result<NoticeReported> {
  const r = bounded(report, MIN_REPORT, '整改报告');
  if (!r.ok) return r;
  return ok({ ...n, status: 'reported', report: r.value, reportedAt: at, reportedBy: by });
}

export function acceptReport(n: NoticeReported, by: number, at: Date): Result<NoticeAccepted> {
  return ok({ ...n, status: 'accepted', reviewedBy: by, reviewedAt: at });
}

/** 退回重新整改: a new round due at the date given (computed by the caller on the deadline rules). */
export function returnReport(
  n: NoticeReported, reason: string, due: { date: LocalDate; at: Date }, by: number, at: Date,
): Result<NoticeIssued> {
  const r = bounded(reason, MIN_REVIEW_REASON, '退回理由');
  if (!r.ok) return r;
  const { report, reportedAt, reportedBy, status: _s, ...rest } = n;
  const past: PastRound = { round: n.round, dueDate: n.dueDate, report, reportedAt, reportedBy, returnReason: r.value, returnedAt: at, returnedBy: by };
  return ok({ ...rest, status: 'issued', round: n.round + 1, dueDate: due.date, dueAt: due.at, history: [...n.history, past] });
}

/** 整改不到位: the notice ends failed; the caller records a fault finding (M8). */
export function failReport(n: NoticeReported, reason: string, by: number, at: Date): Result<NoticeFailed> {
  const r = bounded(reason, MIN_REVIEW_REASON, '不合格的理由');
  if (!r.ok) return r;
  return ok({ ...n, status: 'failed', reviewedBy: by, reviewedAt: at, failReason: r.value });
}

/** The deadline subject of a notice's current round: JD-… for the first, JD-…#2 after a 退回. */
export const roundSubject = (n: Pick<Notice, 'no' | 'round'>): Subject => ({ type: 'notice', id: n.round === 1 ? n.no : `${n.no}#${n.round}` });

/** `JD-2026-000001#2` → the number and round, for the deadline's text. */
export function parseRoundSubject(id: string): { no: string; round: number } {
  const [no, round] = id.split('#');
  return { no: no!, round: round ? Number(round) : 1 };
}

// ── who may do what ──

export interface SupervisionBodies {
  justiceBureauId: number;
  governmentId: number;
  coordinationOfficeId: number;
}

export const SUPERVISOR_ROLES: readonly StaffRole[] = ['justice', 'head'];
/** The department's liaison and head answer a notice (联络员、负责人), and act for its 法制工作机构. */
export const RECTIFIER_ROLES: readonly StaffRole[] = ['liaison', 'head'];

/** Speaks for a body's 法制工作机构: its liaison or head, of a department or township. */
export const isLegalOffice = (a: Actor, org: Organisation): boolean => canBeSupervised(org) && hasRole(a, org.id, RECTIFIER_ROLES);

export const isSupervisor = (a: Actor, b: SupervisionBodies): boolean => hasRole(a, b.justiceBureauId, SUPERVISOR_ROLES);

/** The bureau, the government and the coordination office (and an admin) see every supervision record. */
export const isOverseer = (a: Actor, b: SupervisionBodies): boolean =>
  isAdmin(a) || [b.justiceBureauId, b.governmentId, b.coordinationOfficeId].some((id) => isStaffOf(a, id));
const overseer = isOverseer;

/** The body the notice is addressed to, the bureau, the government and the coordination office. */
export const canViewNotice = (a: Actor, n: Pick<Notice, 'orgId'>, b: SupervisionBodies): boolean => overseer(a, b) || isStaffOf(a, n.orgId);

/**
 * An inspection and its bulletin: the overseers; the inspector and the bodies inspected
 * (they cooperate and give their account); once 印发全区, every member of staff.
 */
export const canViewInspection = (a: Actor, i: Inspection, b: SupervisionBodies): boolean =>
  overseer(a, b) || isStaffOf(a, i.inspectorOrgId) || i.orgIds.some((id) => isStaffOf(a, id)) || (i.bulletinAt != null && a.grants.length > 0);

// ── storage port ──

export interface SupervisionRepo {
  /** Records an inspection under the number given (NumberingRepo, series JC). */
  createInspection(i: NewInspection, no: string): Promise<Inspection>;
  inspectionByNo(no: string): Promise<Inspection | null>;
  inspectionById(id: number): Promise<Inspection | null>;
  /** Sets the bulletin's publication time once; false if it was already published. */
  publishBulletin(inspectionId: number, at: Date): Promise<boolean>;
  /** Issues a notice under the number given (series JD), round 1. */
  createNotice(n: NewNotice, no: string): Promise<NoticeIssued>;
  noticeByNo(no: string): Promise<Notice | null>;
  /** Saves a transition; false if someone saved the notice since it was read. */
  updateNotice(before: Notice, after: Notice): Promise<boolean>;
  noticesOf(inspectionId: number): Promise<Notice[]>;
  /** Notices in these states, oldest first. */
  noticesIn(statuses: readonly NoticeStatus[], limit: number): Promise<Notice[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    supervision: SupervisionRepo; // 监督检查、监督通知书 (M7)
  }
}
