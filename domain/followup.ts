/**
 * 回访与评价 (closing the loop, issue 18): after each 办结 of a complaint the complainant
 * is asked whether it was resolved and how satisfied they are. One follow-up per 办结
 * (`round` 1, then 2 and 3 after reopening). Its lifecycle, a discriminated union on `state`:
 *
 *   asked ──(3 working days)──▶ reminded ──(7 working days after 办结)──▶ unrated (未评价)
 *     └──────────────┴──answer──▶ answered
 *
 * An answered follow-up saying 未解决 or 不满意 may carry a reopening request (申请重办),
 * within 15 working days of 办结, decided by 司法局 (M3 协调和监督):
 *
 *   requested ──▶ reopened (重办, the handling body gets a new clock) | declined (with a reason)
 *
 * A complaint reopens at most twice. "已办结" (the complaint's state) and "已解决" (the
 * complainant's answer) are different facts and counted apart (figures below).
 */
import { type Result, fail, ok } from './result';

export const RESOLVED_ANSWERS = ['已解决', '部分解决', '未解决'] as const;
export type ResolvedAnswer = (typeof RESOLVED_ANSWERS)[number];
export const SATISFACTION = ['满意', '基本满意', '不满意'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/** Our reading of the plan (README): asked again after 3 working days, 未评价 after 7, reopening within 15, at most twice. */
export const FOLLOWUP_DAYS = { remindAfter: 3, closeAfter: 7, reopenWithin: 15 } as const;
export const MAX_REOPENS = 2;
export const MAX_COMMENT = 500;
export const MAX_REASON = 500;

export interface Rating {
  resolved: ResolvedAnswer;
  satisfaction: Satisfaction;
  comment: string | null;
  at: Date;
}

export type Reopen =
  | { state: 'requested'; reason: string; at: Date }
  | { state: 'reopened'; reason: string; at: Date; decidedAt: Date; decidedBy: number }
  | { state: 'declined'; reason: string; at: Date; decidedAt: Date; decidedBy: number; declineReason: string };

export interface FollowUpFields {
  complaintId: number;
  trackingNo: string;
  complainantPersonId: number;
  /** The body that recorded this 办结 (重办 goes back to it). */
  orgId: number;
  round: number;
  resolvedAt: Date; // 办结
  remindAt: Date;
  closeAt: Date;
  reopenUntil: Date;
}

export type FollowUp = FollowUpFields & { id: number } & (
  | { state: 'asked' }
  | { state: 'reminded'; remindedAt: Date }
  | { state: 'answered'; rating: Rating; reopen: Reopen | null }
  | { state: 'unrated'; closedAt: Date }
);
export type FollowUpState = FollowUp['state'];
export type Answered = Extract<FollowUp, { state: 'answered' }>;

export const FOLLOWUP_LABEL: Record<FollowUpState, string> = {
  asked: '待评价',
  reminded: '待评价（已再次询问）',
  answered: '已评价',
  unrated: '未评价',
};

const fields = (f: FollowUp): FollowUpFields & { id: number } => {
  const { state: _s, remindedAt: _r, rating: _a, reopen: _o, closedAt: _c, ...rest } = f as FollowUp &
    Partial<{ remindedAt: Date; rating: Rating; reopen: Reopen | null; closedAt: Date }>;
  return rest;
};

const closed = (f: FollowUp): string =>
  f.state === 'answered' ? `您已评价过投诉举报 ${f.trackingNo} 的办理结果。` : `投诉举报 ${f.trackingNo} 的回访已结束（未评价）。`;

/** The complainant's answer, while the follow-up is open (before its 7th working day ends). */
export function rate(f: FollowUp, r: Omit<Rating, 'at'>, at: Date): Result<Answered> {
  if (f.state === 'answered' || f.state === 'unrated') return fail(closed(f));
  if (at.getTime() > f.closeAt.getTime()) return fail(`投诉举报 ${f.trackingNo} 的回访已结束（未评价）。`);
  const comment = r.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT) return fail(`意见不能超过 ${MAX_COMMENT} 字。`);
  return ok({ ...fields(f), state: 'answered', rating: { ...r, comment, at }, reopen: null });
}

/** Asked once more: only an unanswered follow-up whose time has come. */
export function remind(f: FollowUp, at: Date): Result<FollowUp> {
  if (f.state !== 'asked') return fail(f.state === 'reminded' ? '已再次询问。' : closed(f));
  if (at.getTime() < f.remindAt.getTime()) return fail('尚未到再次询问的时间。');
  return ok({ ...fields(f), state: 'reminded', remindedAt: at });
}

/** Closed as 未评价 once its last day has ended unanswered. */
export function expire(f: FollowUp, at: Date): Result<FollowUp> {
  if (f.state !== 'asked' && f.state !== 'reminded') return fail(closed(f));
  if (at.getTime() <= f.closeAt.getTime()) return fail('回访尚未到期。');
  return ok({ ...fields(f), state: 'unrated', closedAt: at });
}

/** Whether the answer allows asking to reopen (未解决 or 不满意). */
export const allowsReopen = (r: Rating): boolean => r.resolved === '未解决' || r.satisfaction === '不满意';

/**
 * 申请重办: on this 办结's answer, 未解决 or 不满意, within 15 working days of 办结, once
 * per 办结, and while the complaint has been reopened fewer than twice.
 */
export function requestReopen(f: FollowUp, reason: string, reopensSoFar: number, at: Date): Result<Answered> {
  if (f.state !== 'answered') return fail(f.state === 'unrated' ? `投诉举报 ${f.trackingNo} 的回访已结束（未评价），不能申请重办。` : `请先评价投诉举报 ${f.trackingNo} 的办理结果：发送“评价 ${f.trackingNo}”。`);
  if (!allowsReopen(f.rating)) return fail('只有评价为“未解决”或“不满意”时才能申请重办。');
  if (f.reopen) return fail(f.reopen.state === 'requested' ? `已申请重办 ${f.trackingNo}，请等待司法局处理。` : `本次办结已申请过重办（${f.reopen.state === 'reopened' ? '已重办' : '不予重办'}）。`);
  if (reopensSoFar >= MAX_REOPENS) return fail(`投诉举报 ${f.trackingNo} 已重办 ${MAX_REOPENS} 次，不能再申请重办。如有异议，可通过信访等其他途径反映。`);
  if (at.getTime() > f.reopenUntil.getTime()) return fail(`投诉举报 ${f.trackingNo} 办结已超过 ${FOLLOWUP_DAYS.reopenWithin} 个工作日，不能申请重办。`);
  const text = reason.trim();
  if (text.length < 4) return fail('请写明申请重办的理由（至少 4 个字）。');
  if (text.length > MAX_REASON) return fail(`理由不能超过 ${MAX_REASON} 字。`);
  return ok({ ...f, reopen: { state: 'requested', reason: text, at } });
}

type Requested = Answered & { reopen: Extract<Reopen, { state: 'requested' }> };
const pending = (f: FollowUp): Result<Requested> =>
  f.state === 'answered' && f.reopen?.state === 'requested' ? ok(f as Requested) : fail(`投诉举报 ${f.trackingNo} 没有待处理的重办申请。`);

/** 司法局 decides: reopen (同意重办). */
export function approveReopen(f: FollowUp, by: number, at: Date): Result<Answered> {
  const p = pending(f);
  if (!p.ok) return p;
  return ok({ ...p.value, reopen: { ...p.value.reopen, state: 'reopened', decidedAt: at, decidedBy: by } });
}

/** 司法局 decides: decline (不予重办), with a reason the complainant is told. */
export function declineReopen(f: FollowUp, reason: string, by: number, at: Date): Result<Answered> {
  const p = pending(f);
  if (!p.ok) return p;
  const text = reason.trim();
  if (text.length < 4) return fail('请写明不予重办的理由（至少 4 个字）。');
  if (text.length > MAX_REASON) return fail(`理由不能超过 ${MAX_REASON} 字。`);
  return ok({ ...p.value, reopen: { ...p.value.reopen, state: 'declined', decidedAt: at, decidedBy: by, declineReason: text } });
}

/** A 办结 clock's subject id: the first is the tracking number, a reopened one's carries the reopening (`#重办1`). */
export const resolveSubjectId = (trackingNo: string, reopens: number): string => (reopens ? `${trackingNo}#重办${reopens}` : trackingNo);

/** The ports: follow-ups of complaints, one per 办结. */
export interface FollowUpRepo {
  create(f: FollowUpFields): Promise<FollowUp>;
  /** Every follow-up of the complaint, by round. */
  ofComplaint(complaintId: number): Promise<FollowUp[]>;
  /** Saves a transition if nobody changed the follow-up since it was read (state and reopen state). */
  update(before: FollowUp, after: FollowUp): Promise<boolean>;
  /** Open follow-ups to remind or close by `now`, locked for this transaction (other sweepers skip them). */
  due(now: Date, limit: number): Promise<FollowUp[]>;
  /** Reopening requests waiting for 司法局, oldest first. */
  pendingReopens(limit: number): Promise<FollowUp[]>;
  /** The complaints registered in [from, to), with their 办结 clocks and latest follow-up: the month's figures. */
  month(from: Date, to: Date): Promise<MonthComplaint[]>;
}

/** One complaint as the figures see it. */
export interface MonthComplaint {
  orgId: number; // handling body now
  resolved: boolean; // 已办结 now
  /** Its 办结 clocks all met by their due instant (null when not 办结). */
  onTime: boolean | null;
  reopens: number;
  /** Its latest follow-up, if it was 办结. */
  latest: { state: FollowUpState; resolved?: ResolvedAnswer; satisfaction?: Satisfaction } | null;
}

export interface Figures {
  orgId: number | null; // null: all bodies
  total: number; // 受理登记
  resolved: number; // 已办结
  onTime: number; // 按期办结
  rated: number; // 已评价
  solved: number; // 已解决
  satisfied: number; // 满意 + 基本满意
  unrated: number; // 未评价
  waiting: number; // 待评价
  unreachable: number; // 无法回访 (no chat account)
  reopened: number; // 重办次数
}

const empty = (orgId: number | null): Figures => ({ orgId, total: 0, resolved: 0, onTime: 0, rated: 0, solved: 0, satisfied: 0, unrated: 0, waiting: 0, unreachable: 0, reopened: 0 });

/** Per body and in all: the counts behind 办结率, 按期办结率, 解决率 and 满意率. */
export function figures(rows: readonly MonthComplaint[]): { perOrg: Figures[]; all: Figures } {
  const by = new Map<number, Figures>();
  const all = empty(null);
  for (const r of rows) {
    let f = by.get(r.orgId);
    if (!f) by.set(r.orgId, (f = empty(r.orgId)));
    for (const x of [f, all]) {
      x.total++;
      x.reopened += r.reopens;
      if (!r.resolved) continue;
      x.resolved++;
      if (r.onTime) x.onTime++;
      const l = r.latest;
      if (!l) x.unreachable++;
      else if (l.state === 'asked' || l.state === 'reminded') x.waiting++;
      else if (l.state === 'unrated') x.unrated++;
      else {
        x.rated++;
        if (l.resolved === '已解决') x.solved++;
        // Our reading (README): 满意率 counts 满意 and 基本满意 as satisfied.
        if (l.satisfaction !== '不满意') x.satisfied++;
      }
    }
  }
  return { perOrg: [...by.values()].sort((a, b) => a.orgId! - b.orgId!), all };
}

/** 「75.0%（3/4）」; 「—（0/0）」 without a base. */
export const rateText = (n: number, of: number): string => `${of ? `${((100 * n) / of).toFixed(1)}%` : '—'}（${n}/${of}）`;

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    followups: FollowUpRepo; // 回访与评价, 申请重办 (issue 18)
  }
}
