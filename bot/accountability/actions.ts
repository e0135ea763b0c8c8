/**
 * 责任追究 (M8): recording fault findings — by the justice bureau in chat, automatically
 * when a deadline that is a fault in itself is missed, or by any feature through
 * `proposeFinding` (e.g. a refusal to share information, M5) — and recording the
 * deciding authority's decision. The justice bureau is told of every new finding.
 */
import { formatDue, localYear } from '../../domain/calendar/calendar';
import * as A from '../../domain/accountability';
import {
  DEFAULT_AUTHORITY, type Finding, type FindingProposed, GROUND_OF_MISSED, type NewFinding, RECORD_KEEPER_ROLES, canKeepRecord, findingIn,
  validateFinding,
} from '../../domain/accountability';
import { DEADLINE_LABEL, type Deadline } from '../../domain/deadlines/deadline';
import { ORG, type Directory } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { reportMissedOrder } from '../cases/order-missed';
import { subjectText } from '../deadline-text';
import { type Notifier, notifyStaffOf } from '../staff';
import type { Turn } from '../turn';
import { findingText } from './render';

/** What recording a finding needs: a turn gives it (`contextOf`), and so does the deadline sweep. */
export interface FindingContext extends Notifier {
  now: Date;
  directory: Directory;
  /** The person acting, who gets a reply rather than a notice; none for the sweep. */
  actorPersonId?: number;
}

export const contextOf = (t: Turn): FindingContext => ({
  store: t.store, notify: t.notify, now: t.now, directory: t.services.directory, actorPersonId: t.actor.personId,
});

const justiceBureauId = (dir: Directory): number => dir.byCode(ORG.justiceBureau)!.id;

/**
 * Records a proposed fault finding (待认定) and tells the justice bureau. The one function
 * other features call to propose one. With a source record it is idempotent: ok(null) when
 * a finding on that ground against that body from that source exists.
 */
export async function proposeFinding(ctx: FindingContext, f: Omit<NewFinding, 'proposedAt'>): Promise<Result<FindingProposed | null>> {
  const valid = validateFinding({ ...f, proposedAt: ctx.now });
  if (!valid.ok) return valid;
  if (f.source && (await ctx.store.findings.existsFor(f.ground, f.target.orgId, f.source))) return ok(null);
  const no = await ctx.store.numbers.next(SERIES.fault, localYear(ctx.now));
  const created = await ctx.store.findings.propose({ ...valid.value, proposedAuthority: DEFAULT_AUTHORITY[f.ground] }, no);
  if (!created) return ok(null);
  await notifyStaffOf(
    ctx, [justiceBureauId(ctx.directory)], RECORD_KEEPER_ROLES,
    { text: `【责任追究】新增待认定的追责记录\n${findingText(created, ctx.directory)}`, options: [`追责决定 ${no}`, `不予追究 ${no}`, `查询 ${no}`] },
    ctx.actorPersonId != null ? [ctx.actorPersonId] : [],
  );
  return ok(created);
}

/**
 * Called by the deadline sweep, in its transaction, when it marks a deadline missed: a
 * missed 责令限期移送, 纪检移送 or 整改 deadline is a fault of the responsible body.
 */
export async function onDeadlineMissed(ctx: FindingContext, d: Deadline): Promise<void> {
  const ground = GROUND_OF_MISSED[d.kind];
  if (!ground) return;
  const due = formatDue({ due: d.dueAt, provisional: d.provisional });
  // 责令限期移送 (M4): reported to 区政府 and the issuer, the proposal naming the head (bot/cases/order-missed.ts).
  const consequence = d.kind === 'transfer-order' ? await reportMissedOrder(ctx, d) : '';
  const r = await proposeFinding(ctx, {
    target: { kind: 'org', orgId: d.orgId },
    ground,
    facts: `${DEADLINE_LABEL[d.kind]}：${subjectText(d)}，期限 ${due} 届满未完成（${d.rule}）。${consequence}`,
    source: { ...d.subject },
    proposedBy: null,
  });
  if (!r.ok) throw new Error(`fault finding for deadline ${d.id}: ${r.reason}`);
}

export const NOT_FOUND = (no: string) => `未找到追责记录 ${no}，或您无权查看。`;
export const KEEPERS_ONLY = '追责记录由司法局（全区行政执法责任追究工作的监督机关）工作人员或负责人查看和登记。';

export async function loadFinding(t: Turn, no: string): Promise<Result<Finding>> {
  const f = await t.store.findings.byNo(no);
  if (!f || !canKeepRecord(t.actor, justiceBureauId(t.services.directory))) return fail(NOT_FOUND(no));
  return ok(f);
}

/** A proposed finding the actor may decide on; for the check before a dialogue opens, too. */
export async function loadProposed(t: Turn, no: string, action: string): Promise<Result<FindingProposed>> {
  const f = await loadFinding(t, no);
  return f.ok ? findingIn(f.value, 'proposed', action) : f;
}

async function save(t: Turn, before: Finding, after: Result<Finding>): Promise<Result<Finding>> {
  if (!after.ok) return after;
  if (!(await t.store.findings.update(before, after.value))) return fail(`追责记录 ${before.no} 刚刚被他人处理，请发送“查询 ${before.no}”查看。`);
  return after;
}

export async function decideFinding(t: Turn, no: string, authority: A.Authority, outcome: string): Promise<Result<string>> {
  const f = await loadProposed(t, no, '登记处理结果');
  if (!f.ok) return f;
  const saved = await save(t, f.value, A.decide(f.value, authority, outcome, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  return ok(`已登记 ${no} 的处理结果：${A.AUTHORITY_LABEL[authority]}，${outcome.trim()}。`);
}

export async function dismissFinding(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const f = await loadProposed(t, no, '决定不予追究');
  if (!f.ok) return f;
  const saved = await save(t, f.value, A.dismiss(f.value, reason, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  return ok(`已登记 ${no} 不予追究，理由：${reason.trim()}。`);
}
