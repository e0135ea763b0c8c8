/**
 * 考核评价 (M9): a unit's year-end self-assessment (考核自评 — departments and townships, the
 * 下级人民政府 the bureau assesses too) and a unit's half-yearly evaluation of its own
 * officers (考核评议). Both are drafted item by item — over several sittings, every answer
 * kept — submitted, approved by the unit's head, and so filed with the justice bureau
 * (报本级司法行政机关备案); a filed self-assessment is also reported to the district
 * government and public (「主动报本级政府接受监督并向社会公开」). The bureau grades a
 * self-assessment with one of the plan's four grades; the grade is only the bureau's until
 * the district government approves it (审定, keeping or changing it), and only then is it
 * fed back to the unit and published (「报本级政府审定后向被考核单位反馈并予公布」). On an
 * approved grade the government may record a commendation (表彰奖励, grade 优秀) or a
 * criticism (通报批评, grade 不合格). An officer evaluation is filed only.
 *
 *   draft ──submit (every item filled)──▶ submitted ──approve (head)──▶ filed ──grade (司法局)──▶ graded ──ratify (区政府)──▶ ratified
 *     ▲                                     │                                  (self-assessments only)
 *     └────────── send back (退回, reason) ◀──┘
 *
 * The self-assessment's items are the plan's six assessment subjects (M9「主要对…等进行考核
 * 评价」), each with a score and its evidence; the evaluation's items are officers, each
 * with a grade and a comment.
 */
import { type Result, fail, ok } from './result';
import { type Actor, hasRole, isAdmin, isStaffOf } from './roles';
import { GOVERNMENT_ROLES } from './dispute';
import { type Period, type PeriodKind, parsePeriodKey, periodOf } from './deadlines/periods';
import type { DeadlineKind } from './deadlines/deadline';
import { SERIES, type Series } from './record-no';

/** M9, in the plan's words and order: what the yearly assessment looks at. */
export const DIMENSIONS = [
  { key: 'awareness', label: '提高行政机关工作人员特别是领导干部依法行政意识和能力的情况', short: '依法行政意识和能力' },
  { key: 'institutions', label: '依法行政制度建设和实施的情况', short: '制度建设和实施' },
  { key: 'decisions', label: '依法、科学、民主决策的情况', short: '依法科学民主决策' },
  { key: 'enforcement', label: '规范行政执法的情况', short: '规范行政执法' },
  { key: 'disputes', label: '依法化解社会矛盾纠纷的情况', short: '依法化解社会矛盾纠纷' },
  { key: 'results', label: '推进依法行政、建设法治政府取得实际效果的情况', short: '实际效果' },
] as const;
export type DimensionKey = (typeof DIMENSIONS)[number]['key'];

/** M9「考核结果分为优秀、良好、合格、不合格四个等次」. */
export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type Grade = (typeof GRADES)[number];
export const isGrade = (s: string): s is Grade => (GRADES as readonly string[]).includes(s);

export type AssessmentKind = 'self' | 'officers';

export const KIND_LABEL: Record<AssessmentKind, string> = { self: '考核自评', officers: '执法人员考核评议' };
/** The chat word that opens each kind. */
export const COMMAND_OF: Record<AssessmentKind, string> = { self: '自评', officers: '考核评议' };
export const SERIES_OF: Record<AssessmentKind, Series> = { self: SERIES.assessment, officers: SERIES.evaluation };
/** The periodic duty each kind meets (domain/deadlines/duties.ts). */
export const DUTY_OF: Record<AssessmentKind, DeadlineKind> = { self: 'self-assessment', officers: 'officer-evaluation' };
export const CYCLE_OF: Record<AssessmentKind, PeriodKind> = { self: 'year', officers: 'half-year' };

export const SCORE_MAX = 100;
export const MAX_NOTE = 1000;
export const MIN_NOTE = 4;
export const MAX_NAME = 20;
export const MAX_OFFICERS = 300;
export const MAX_REASON = 500;

/** One answered item: a dimension with its score, or an officer with a grade. `note` is the evidence or comment. */
export interface Item {
  key: string; // dimension key, or the officer's name
  score?: number;
  grade?: Grade;
  note: string;
  /**
   * Answered in part when the person paused (暂存) mid-item: the score without its evidence,
   * or the officer (and grade) without the comment. Kept so no answer is lost; it counts as
   * not filled until completed.
   */
  pending?: true;
}

const complete = (i: Item) => !i.pending;

interface Common {
  id: number;
  recordNo: string;
  kind: AssessmentKind;
  orgId: number;
  period: string; // period key: '2026' (self) or '2026-H2' (officers)
  items: Item[];
  version: number; // every change bumps it: the optimistic check
  createdBy: number;
  createdAt: Date;
  /** The last time the head sent it back, kept while it is redrafted. */
  returned: { reason: string; by: number; at: Date } | null;
}

interface Submitted {
  submittedBy: number;
  submittedAt: Date;
}
interface Filed extends Submitted {
  approvedBy: number;
  filedAt: Date; // 备案
}

interface Graded extends Filed {
  grade: Grade; // the bureau's (拟定)
  gradedBy: number;
  gradedAt: Date;
}

/** M9「对…成绩突出的单位…给予表彰奖励，对工作不力的予以通报批评」, recorded on an approved grade. */
export type DistinctionKind = 'commend' | 'criticise';
export interface Distinction {
  kind: DistinctionKind;
  note: string; // 事由 (and the people commended, if any)
  by: number;
  at: Date;
}
export const DISTINCTION_LABEL: Record<DistinctionKind, string> = { commend: '表彰奖励', criticise: '通报批评' };
/** The approved grade each distinction rests on (our reading: 成绩突出 is 优秀, 工作不力 is 不合格). */
export const DISTINCTION_GRADE: Record<DistinctionKind, Grade> = { commend: '优秀', criticise: '不合格' };

export type Assessment =
  | (Common & { status: 'draft' })
  | (Common & Submitted & { status: 'submitted' })
  | (Common & Filed & { status: 'filed' })
  | (Common & Graded & { status: 'graded' })
  | (Common & Graded & {
      status: 'ratified';
      result: Grade; // the grade the government approved: the bureau's or its own
      ratifiedBy: number;
      ratifiedAt: Date;
      distinction: Distinction | null;
    });

export type AssessmentStatus = Assessment['status'];

export const STATUS_LABEL: Record<AssessmentStatus, string> = {
  draft: '填写中',
  submitted: '待负责人审核',
  filed: '已报司法局备案',
  graded: '司法局已评定等次，待区政府审定',
  ratified: '区政府已审定，已反馈并公布',
};

const title = (a: Pick<Common, 'kind' | 'recordNo'>) => `${KIND_LABEL[a.kind]} ${a.recordNo}`;

function common(a: Assessment): Common {
  const {
    status: _s, submittedBy: _a, submittedAt: _b, approvedBy: _c, filedAt: _d, grade: _e, gradedBy: _f, gradedAt: _g,
    result: _h, ratifiedBy: _i, ratifiedAt: _j, distinction: _k, ...rest
  } = a as Assessment & Partial<Graded & { result: Grade; ratifiedBy: number; ratifiedAt: Date; distinction: Distinction | null }>;
  return { ...rest, items: rest.items.map((i) => ({ ...i })) };
}

function notDraft(a: Assessment): string {
  switch (a.status) {
    case 'submitted':
      return `${title(a)}已提交，正在等待负责人审核，不能修改。`;
    case 'filed':
      return `${title(a)}已报司法局备案，不能修改。`;
    case 'graded':
    case 'ratified':
      return `${title(a)}已评定等次，不能修改。`;
    case 'draft':
      return `${title(a)}仍在填写中。`;
  }
}

/** The dimension of a key, or undefined. */
export const dimension = (key: string) => DIMENSIONS.find((d) => d.key === key);

/** Checks an answer for one item of this kind; the item as it will be stored. */
export function checkItem(kind: AssessmentKind, item: Item): Result<Item> {
  const note = item.note.trim();
  const what = kind === 'self' ? '依据和佐证' : '评语';
  if (note.length < MIN_NOTE) return fail(`${what}太短，请至少写 ${MIN_NOTE} 个字。`);
  if (note.length > MAX_NOTE) return fail(`${what}不能超过 ${MAX_NOTE} 字（当前 ${note.length} 字）。`);
  if (kind === 'self') {
    if (!dimension(item.key)) return fail(`没有考核项目“${item.key}”。`);
    const s = item.score;
    if (s === undefined || !Number.isInteger(s) || s < 0 || s > SCORE_MAX) return fail(`自评分应为 0–${SCORE_MAX} 的整数。`);
    return ok({ key: item.key, score: s, note });
  }
  const name = checkOfficerName(item.key);
  if (!name.ok) return name;
  if (item.grade === undefined || !isGrade(item.grade)) return fail(`考核评议等次应为：${GRADES.join('、')}。`);
  return ok({ key: name.value, grade: item.grade, note });
}

/** An officer's name as the evaluation lists it. */
export function checkOfficerName(text: string): Result<string> {
  const name = text.trim();
  if (name.length < 2 || name.length > MAX_NAME) return fail(`执法人员姓名应为 2–${MAX_NAME} 个字。`);
  if (/[\d\s]/.test(name)) return fail('请只写一位执法人员的姓名。');
  return ok(name);
}

/** Parses a score as people type it: 85, 85分, ８５. */
export function parseScore(text: string): Result<number> {
  const t = text.normalize('NFKC').trim().replace(/分$/, '').trim();
  if (!/^\d{1,3}$/.test(t) || Number(t) > SCORE_MAX) return fail(`请输入 0–${SCORE_MAX} 的整数分数，如：85。`);
  return ok(Number(t));
}

/** Records (or replaces) one item of a draft. */
export function setItem(a: Assessment, item: Item): Result<Assessment> {
  if (a.status !== 'draft') return fail(notDraft(a));
  const checked = checkItem(a.kind, item);
  if (!checked.ok) return checked;
  const items = common(a).items;
  const i = items.findIndex((x) => x.key === checked.value.key);
  if (i >= 0) items[i] = checked.value;
  else if (a.kind === 'officers' && items.length >= MAX_OFFICERS) return fail(`一次考核评议最多 ${MAX_OFFICERS} 人。`);
  else items.push(checked.value);
  if (a.kind === 'self') items.sort((x, y) => DIMENSIONS.findIndex((d) => d.key === x.key) - DIMENSIONS.findIndex((d) => d.key === y.key));
  return ok({ ...common(a), items, version: a.version + 1, status: 'draft' });
}

/**
 * Keeps a partial answer when the person pauses (暂存): a dimension's score, or an officer's
 * name and grade. A completed item keeps its evidence or comment and takes the new score or
 * grade; otherwise the item is stored pending.
 */
export function holdAnswer(a: Assessment, part: { key: string; score?: number; grade?: Grade }): Result<Assessment> {
  if (a.status !== 'draft') return fail(notDraft(a));
  const items = common(a).items;
  const i = items.findIndex((x) => x.key === part.key);
  const before = i >= 0 ? items[i]! : undefined;
  const held: Item = before && complete(before)
    ? { ...before, ...(part.score !== undefined ? { score: part.score } : {}), ...(part.grade ? { grade: part.grade } : {}) }
    : { key: part.key, ...(part.score !== undefined ? { score: part.score } : {}), ...(part.grade ? { grade: part.grade } : {}), note: '', pending: true };
  if (i >= 0) items[i] = held;
  else if (a.kind === 'officers' && items.length >= MAX_OFFICERS) return fail(`一次考核评议最多 ${MAX_OFFICERS} 人。`);
  else items.push(held);
  if (a.kind === 'self') items.sort((x, y) => DIMENSIONS.findIndex((d) => d.key === x.key) - DIMENSIONS.findIndex((d) => d.key === y.key));
  return ok({ ...common(a), items, version: a.version + 1, status: 'draft' });
}

/** Drops an officer from a draft evaluation. */
export function removeItem(a: Assessment, key: string): Result<Assessment> {
  if (a.status !== 'draft') return fail(notDraft(a));
  const items = common(a).items.filter((x) => x.key !== key.trim());
  if (items.length === a.items.length) return fail(`没有“${key.trim()}”这一项。`);
  return ok({ ...common(a), items, version: a.version + 1, status: 'draft' });
}

/** What is still missing before it can be submitted: the unanswered dimensions, or one officer at least. */
export function missing(a: Pick<Common, 'kind' | 'items'>): string[] {
  if (a.kind === 'officers') {
    const partial = a.items.filter((i) => !complete(i)).map((i) => `${i.key}的${i.grade ? '评语' : '等次和评语'}`);
    return partial.length ? partial : a.items.length ? [] : ['至少一名执法人员'];
  }
  return DIMENSIONS.filter((d) => !a.items.some((i) => i.key === d.key && complete(i))).map((d) => d.short);
}

/** Whether the item of that key is filled in full (not held pending). */
export const isFilled = (a: Pick<Common, 'items'>, key: string): boolean => a.items.some((i) => i.key === key && complete(i));

export function submit(a: Assessment, by: number, at: Date): Result<Assessment> {
  if (a.status !== 'draft') return fail(notDraft(a));
  const left = missing(a);
  if (left.length) return fail(`还有 ${left.length} 项未填写：${left.join('、')}。填写完整后才能提交。`);
  return ok({ ...common(a), version: a.version + 1, status: 'submitted', submittedBy: by, submittedAt: at });
}

/** The head's approval: filed with the justice bureau (备案). */
export function approve(a: Assessment, by: number, at: Date): Result<Assessment> {
  if (a.status !== 'submitted') return fail(a.status === 'draft' ? `${title(a)}尚未提交审核。` : `${title(a)}已经审核通过并备案。`);
  return ok({ ...common(a), version: a.version + 1, status: 'filed', submittedBy: a.submittedBy, submittedAt: a.submittedAt, approvedBy: by, filedAt: at });
}

/** The head sends it back with the reason; it becomes a draft again, answers kept. */
export function sendBack(a: Assessment, reason: string, by: number, at: Date): Result<Assessment> {
  if (a.status !== 'submitted') return fail(a.status === 'draft' ? `${title(a)}尚未提交审核。` : `${title(a)}已经审核通过并备案，不能退回。`);
  const text = reason.trim();
  if (text.length < 2) return fail('退回须写明理由，如：退回 ZP-2026-000001 第4项缺少案卷评查材料。');
  if (text.length > MAX_REASON) return fail(`退回理由不能超过 ${MAX_REASON} 字。`);
  return ok({ ...common(a), version: a.version + 1, status: 'draft', returned: { reason: text, by, at } });
}

/** The justice bureau's annual grade of a filed self-assessment: its proposal to the government. */
export function grade(a: Assessment, g: string, by: number, at: Date): Result<Assessment> {
  if (a.kind !== 'self') return fail('执法人员考核评议结果报司法局备案即可，无需评定等次。');
  if (!isGrade(g)) return fail(`考核等次应为：${GRADES.join('、')}。`);
  if (a.status === 'graded' || a.status === 'ratified') return fail(`${title(a)}已评定为“${a.grade}”。`);
  if (a.status !== 'filed') return fail(`${title(a)}尚未经负责人审核备案，不能评定等次。`);
  return ok({ ...a, items: common(a).items, version: a.version + 1, status: 'graded', grade: g, gradedBy: by, gradedAt: at });
}

/** 区政府 审定: approves the bureau's grade, or sets its own (the reason is then on record in the notices). */
export function ratify(a: Assessment, g: string | undefined, by: number, at: Date): Result<Assessment> {
  if (a.kind !== 'self') return fail('执法人员考核评议结果无需审定。');
  if (g !== undefined && !isGrade(g)) return fail(`考核等次应为：${GRADES.join('、')}。`);
  if (a.status === 'ratified') return fail(`${title(a)}已由区政府审定为“${a.result}”。`);
  if (a.status !== 'graded') return fail(`${title(a)}尚未经司法局评定等次，不能审定。`);
  return ok({ ...a, items: common(a).items, version: a.version + 1, status: 'ratified', result: g ?? a.grade, ratifiedBy: by, ratifiedAt: at, distinction: null });
}

/** 表彰奖励 / 通报批评 on an approved grade, once per assessment. */
export function distinguish(a: Assessment, kind: DistinctionKind, note: string, by: number, at: Date): Result<Assessment> {
  const label = DISTINCTION_LABEL[kind];
  if (a.kind !== 'self' || a.status !== 'ratified') return fail(`${title(a)}的考核等次尚未经区政府审定，不能${label}。`);
  if (a.distinction) return fail(`${title(a)}已于此前记录${DISTINCTION_LABEL[a.distinction.kind]}。`);
  if (a.result !== DISTINCTION_GRADE[kind]) return fail(`${label}依据年度考核结果：审定等次为“${DISTINCTION_GRADE[kind]}”的单位才能${label}，${title(a)}审定为“${a.result}”。`);
  const text = note.trim();
  if (text.length < 4) return fail(`${label}须写明事由（至少 4 个字）。`);
  if (text.length > MAX_REASON) return fail(`事由不能超过 ${MAX_REASON} 字。`);
  return ok({ ...a, items: common(a).items, version: a.version + 1, distinction: { kind, note: text, by, at } });
}

/** Filed with the bureau: from then on reported to the government and public (M9「主动…向社会公开」). */
export const isPublic = (a: Pick<Assessment, 'status'>): boolean => a.status === 'filed' || a.status === 'graded' || a.status === 'ratified';

/** The grade the public and the unit may know: only the one the government approved. */
export const approvedGrade = (a: Assessment): Grade | null => (a.status === 'ratified' ? a.result : null);

/** The mean score of a self-assessment's answered dimensions, one decimal. */
export function averageScore(a: Pick<Common, 'items'>): number | null {
  const scores = a.items.flatMap((i) => (i.score === undefined || !complete(i) ? [] : [i.score]));
  return scores.length ? Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 10) / 10 : null;
}

// ── who may do what ──

/** The liaison or the head of the unit drafts and submits (M9: the unit assesses itself). */
export const DRAFTER_ROLES = ['liaison', 'head'] as const;

export const canDraft = (actor: Actor, orgId: number) => hasRole(actor, orgId, DRAFTER_ROLES);
export const canApprove = (actor: Actor, a: Pick<Common, 'orgId'>) => hasRole(actor, a.orgId, ['head']);
export const canGrade = (actor: Actor, justiceBureauId: number) => hasRole(actor, justiceBureauId, ['justice', 'head']);
/** The district government approves the grades and records 表彰 / 通报 (the roles that rule on disputes). */
export const canRatify = (actor: Actor, governmentId: number) => hasRole(actor, governmentId, GOVERNMENT_ROLES);

/** The bodies M9 gives a part (directory ids). */
export interface AssessmentBodies {
  justiceBureauId: number;
  governmentId: number;
}

/**
 * Everything, drafts included: the unit, the bureau and admins; the government once a
 * self-assessment is filed (报本级政府接受监督). Anyone else gets the public view of a filed one.
 */
export const canView = (actor: Actor, a: Pick<Assessment, 'orgId' | 'kind' | 'status'>, b: AssessmentBodies) =>
  isAdmin(actor) || isStaffOf(actor, a.orgId) || canGrade(actor, b.justiceBureauId) ||
  (a.kind === 'self' && isPublic(a) && isStaffOf(actor, b.governmentId));

// ── which period ──

/**
 * The period an assessment started now is for. The year-end self-assessment is written
 * around the turn of the year: in January, 自评 means last year's. Likewise an officer
 * evaluation in January or July means the half-year just ended.
 */
export function defaultPeriod(kind: AssessmentKind, now: Date): Period {
  const current = periodOf(now, CYCLE_OF[kind]);
  const inFirstMonth = periodOf(now, 'month').key === periodOf(current.start, 'month').key;
  return inFirstMonth ? periodOf(new Date(current.start.getTime() - 1), CYCLE_OF[kind]) : current;
}

/**
 * The period a person names: 2025 / 2025年 (self), 2026-H1 / 2026上半年 / 2026年下半年
 * (officers); refused when it lies in the future or is not of the kind's cycle.
 */
export function parsePeriod(kind: AssessmentKind, text: string, now: Date): Result<Period> {
  const key = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(\d{4})年?(上|下)半年$/, (_m, y: string, h: string) => `${y}-H${h === '上' ? 1 : 2}`)
    .replace(/^(\d{4})年度?$/, '$1')
    .toUpperCase();
  const p = parsePeriodKey(key);
  const example = kind === 'self' ? '2025' : '2025上半年';
  if (!p || p.kind !== CYCLE_OF[kind]) return fail(`请写明${kind === 'self' ? '年度' : '半年度'}，如：${COMMAND_OF[kind]} ${example}。`);
  if (p.start.getTime() > now.getTime()) return fail(`${p.label}尚未开始。`);
  if (p.year < 2021) return fail('只能填写 2021 年（实施方案印发）以后的考核。');
  return ok(p);
}

/** 考核自评 and 考核评议 (M9). */
export interface AssessmentRepo {
  /** Starts the unit's draft for the period, or returns the one that exists (whoever started it). */
  open(a: { recordNo: string; kind: AssessmentKind; orgId: number; period: string; createdBy: number; createdAt: Date }): Promise<Assessment>;
  find(kind: AssessmentKind, orgId: number, period: string): Promise<Assessment | null>;
  byRecordNo(recordNo: string): Promise<Assessment | null>;
  /** Saves a transition if the version is still the one read. */
  update(before: Assessment, after: Assessment): Promise<boolean>;
  /** Of these units (all when undefined), in these states, oldest period first. */
  list(orgIds: readonly number[] | undefined, statuses: readonly AssessmentStatus[], limit: number): Promise<Assessment[]>;
  /** Every unit's of these periods ('2026', '2026-H1' …) in these states, by period then unit: the year's public results. */
  ofPeriods(periods: readonly string[], statuses: readonly AssessmentStatus[]): Promise<Assessment[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    assessments: AssessmentRepo;
  }
}
