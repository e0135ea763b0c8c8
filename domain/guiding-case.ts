/**
 * 案例指导 (M11): a department selects typical cases of its own, by kind of act (按照行政处罚、
 * 行政许可等行政执法行为种类进行分类选择), and submits them to the justice bureau, which
 * reviews them (审查, with experts) and, once the government has published the accepted
 * ones (公报、报刊、案例汇编), marks them published.
 *
 *   submitted ──accept──▶ accepted ──publish──▶ published
 *       └──────send back (reason)──▶ returned
 *
 * Each submission counts toward the department's 「每年一般不少于3件」 of the year it is
 * about — 「于每年1月之前将上年度行政执法案例…报送」: in January a case is last year's unless
 * the department names the year. A case the bureau returns no longer counts (it was not a
 * case fit to guide others); the department may submit a better one.
 */
import { type Result, fail, ok } from './result';
import { type Actor, hasRole, isAdmin } from './roles';
import type { Organisation } from './organisation';
import { localDate } from './calendar/calendar';

/** M5 lists the kinds of enforcement act; M11 classifies guiding cases by them. */
export const ACT_KINDS = ['行政处罚', '行政许可', '行政强制', '行政征收', '行政收费', '行政检查', '其他'] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** M11: what makes a case worth guiding others by. */
export const TYPICAL_BECAUSE = ['办理数量较大', '社会普遍关注', '容易发生执法偏差', '法律政治社会效果较好'] as const;

export const LIMITS = { title: [4, 60], summary: [20, 3000], why: [4, 1000], reason: [2, 500] } as const;

export interface CaseFacts {
  actKind: ActKind;
  title: string; // 案例名称
  summary: string; // 基本案情和处理结果
  why: string; // 典型意义
}

interface Common extends CaseFacts {
  id: number;
  recordNo: string;
  orgId: number;
  year: number; // the year it is about, whose 「不少于3件」 it counts toward
  submittedBy: number;
  submittedAt: Date;
}

interface Reviewed {
  reviewedBy: number;
  reviewedAt: Date;
}

export type GuidingCase =
  | (Common & { status: 'submitted' })
  | (Common & Reviewed & { status: 'accepted' })
  | (Common & Reviewed & { status: 'returned'; reason: string })
  | (Common & Reviewed & { status: 'published'; publishedBy: number; publishedAt: Date });

export type GuidingCaseStatus = GuidingCase['status'];

export const STATUS_LABEL: Record<GuidingCaseStatus, string> = {
  submitted: '已报送，待司法局审查',
  accepted: '审查合格，待发布',
  returned: '已退回',
  published: '已发布',
};

export const parseActKind = (text: string): ActKind | undefined => {
  const t = text.trim();
  return ACT_KINDS.find((k) => k === t || (t.length >= 2 && k === `行政${t}`));
};

/** Checks a text answer against its bounds; the trimmed text. */
export function bounded(text: string, [min, max]: readonly [number, number], what: string): Result<string> {
  const t = text.trim();
  if (t.length < min) return fail(`${what}太短，请至少写 ${min} 个字。`);
  if (t.length > max) return fail(`${what}不能超过 ${max} 字（当前 ${t.length} 字）。`);
  return ok(t);
}

export function checkFacts(f: { actKind: string; title: string; summary: string; why: string }): Result<CaseFacts> {
  const actKind = parseActKind(f.actKind);
  if (!actKind) return fail(`行为种类应为：${ACT_KINDS.join('、')}。`);
  const title = bounded(f.title, LIMITS.title, '案例名称');
  if (!title.ok) return title;
  const summary = bounded(f.summary, LIMITS.summary, '基本案情');
  if (!summary.ok) return summary;
  const why = bounded(f.why, LIMITS.why, '典型意义');
  if (!why.ok) return why;
  return ok({ actKind, title: title.value, summary: summary.value, why: why.value });
}

const name = (c: GuidingCase) => `指导案例 ${c.recordNo}`;

function reviewedAlready(c: GuidingCase): string {
  switch (c.status) {
    case 'accepted':
      return `${name(c)}已审查合格。`;
    case 'returned':
      return `${name(c)}已退回。`;
    case 'published':
      return `${name(c)}已发布。`;
    case 'submitted':
      return `${name(c)}尚未审查。`;
  }
}

const base = (c: GuidingCase): Common => {
  const { status: _s, reviewedBy: _a, reviewedAt: _b, reason: _c, publishedBy: _d, publishedAt: _e, ...rest } = c as GuidingCase &
    Partial<Reviewed & { reason: string; publishedBy: number; publishedAt: Date }>;
  return rest;
};

/** 审查合格. */
export function accept(c: GuidingCase, by: number, at: Date): Result<GuidingCase> {
  if (c.status !== 'submitted') return fail(reviewedAlready(c));
  return ok({ ...base(c), status: 'accepted', reviewedBy: by, reviewedAt: at });
}

/** 退回, with the reasons. */
export function sendBack(c: GuidingCase, reason: string, by: number, at: Date): Result<GuidingCase> {
  if (c.status !== 'submitted') return fail(reviewedAlready(c));
  const r = bounded(reason, LIMITS.reason, '退回理由');
  if (!r.ok) return fail(r.reason.startsWith('退回理由太短') ? '退回须写明理由，如：退回 AL-2026-000001 案情不完整，缺少处罚依据。' : r.reason);
  return ok({ ...base(c), status: 'returned', reviewedBy: by, reviewedAt: at, reason: r.value });
}

/** Marks an accepted case as published by the government. */
export function publish(c: GuidingCase, by: number, at: Date): Result<GuidingCase> {
  if (c.status === 'published') return fail(`${name(c)}已于此前标记发布。`);
  if (c.status !== 'accepted') return fail(`${name(c)}须先审查合格，才能标记发布。`);
  return ok({ ...c, status: 'published', publishedBy: by, publishedAt: at });
}

// ── which year ──

/** The first year of the plan (实施方案, 2021). */
export const FIRST_YEAR = 2021;

/** The year a case sent now is about: in January, the year just ended (上年度案例); else this year. */
export function defaultYear(now: Date): number {
  const [y, m] = localDate(now).split('-').map(Number) as [number, number];
  return m === 1 ? y - 1 : y;
}

/** A year as people name it (2025, 2025年, 2025年度): from the plan's year to this one. */
export function parseYear(text: string, now: Date): Result<number> {
  const m = text.normalize('NFKC').trim().match(/^(\d{4})年?度?$/);
  if (!m) return fail('请写明案例所属年度，如：报送案例 2025。');
  const year = Number(m[1]);
  const current = Number(localDate(now).slice(0, 4));
  if (year > current) return fail(`${year}年度尚未开始。`);
  if (year < FIRST_YEAR) return fail(`只能报送 ${FIRST_YEAR} 年（实施方案印发）以后的案例。`);
  return ok(year);
}

// ── who may do what ──

/** M11: 区级以上人民政府工作部门 select them — departments, by their officers, liaison or head. */
export const SUBMITTER_ROLES = ['officer', 'liaison', 'head'] as const;
export const canSubmit = (actor: Actor, org: Organisation) => org.kind === 'department' && hasRole(actor, org.id, SUBMITTER_ROLES);
export const canReview = (actor: Actor, justiceBureauId: number) => hasRole(actor, justiceBureauId, ['justice', 'head']);
export const canView = (actor: Actor, c: Pick<Common, 'orgId'>, justiceBureauId: number) =>
  isAdmin(actor) || actor.grants.some((g) => g.orgId === c.orgId) || canReview(actor, justiceBureauId);

/** 指导案例 (M11). */
export interface GuidingCaseRepo {
  create(c: CaseFacts & { recordNo: string; orgId: number; year: number; submittedBy: number; submittedAt: Date }): Promise<GuidingCase>;
  byRecordNo(recordNo: string): Promise<GuidingCase | null>;
  /** Saves a review if the status is still the one read. */
  update(before: GuidingCase, after: GuidingCase): Promise<boolean>;
  /** Of these units (all when undefined), in these states, oldest first. */
  list(orgIds: readonly number[] | undefined, statuses: readonly GuidingCaseStatus[], limit: number): Promise<GuidingCase[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    guidingCases: GuidingCaseRepo;
  }
}
