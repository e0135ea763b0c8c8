/**
 * 责任追究 (M8): recording fault findings — by the justice bureau or, against its own
 * officers, by a body's head in chat; automatically when a deadline that is a fault in
 * itself is missed; or by any feature through `proposeFinding` (e.g. a refusal to share
 * information, M5) — and recording the decision. The justice bureau (监督机关) is told of
 * every finding and every decision; the officer's body (追究机关) of every finding against
 * one of its officers, which it then decides.
 */
import { formatDue, localYear } from '../../domain/calendar/calendar';
import * as A from '../../domain/accountability';
import {
  AGENCY_ROLES, type Finding, type FindingProposed, GROUND_OF_MISSED, type NewFinding, RECORD_KEEPER_ROLES, canDecideFinding, canSeeFinding, findingIn,
  proposedAuthorityOf, validateFinding,
} from '../../domain/accountability';
import { DEADLINE_LABEL, type Deadline } from '../../domain/deadlines/deadline';
import { ORG, type Directory } from '../../domain/organisation';
import type { Reply } from '../../domain/ports';
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

/** The commands that decide a finding, for whoever decides it. */
const decideOptions = (no: string) => [`追责决定 ${no}`, `不予追究 ${no}`, `查询 ${no}`];

/**
 * Tells the supervisor and, for a finding against an officer, the officer's body — which
 * decides it. (A body's own faults reach it through the feature that records them: the
 * 督办 of a missed deadline, the 整改不合格 notice, the refusal notice.)
 */
async function tellAbout(ctx: FindingContext, f: Finding, headline: string, decidable: boolean): Promise<void> {
  const skip = ctx.actorPersonId != null ? [ctx.actorPersonId] : [];
  const text = `${headline}\n${findingText(f, ctx.directory)}`;
  const officer = f.target.kind === 'officer';
  const bureau: Reply = { text, options: decidable && !officer ? decideOptions(f.no) : [`查询 ${f.no}`] };
  const told = await notifyStaffOf(ctx, [justiceBureauId(ctx.directory)], RECORD_KEEPER_ROLES, bureau, skip);
  if (officer) await notifyStaffOf(ctx, [f.target.orgId], AGENCY_ROLES, { text, options: decidable ? decideOptions(f.no) : [`查询 ${f.no}`] }, [...skip, ...told]);
}

/**
 * Records a proposed fault finding (待认定) and tells the bureau and, for an officer, the
 * officer's body. The one function other features call to propose one. With a source
 * record it is idempotent: ok(null) when a finding on that ground against that target
 * from that source exists.
 */
export async function proposeFinding(ctx: FindingContext, f: Omit<NewFinding, 'proposedAt'>): Promise<Result<FindingProposed | null>> {
  const valid = validateFinding({ ...f, proposedAt: ctx.now });
  if (!valid.ok) return valid;
  if (f.source && (await ctx.store.findings.existsFor(f.ground, valid.value.target, f.source))) return ok(null);
  const no = await ctx.store.numbers.next(SERIES.fault, localYear(ctx.now));
  const created = await ctx.store.findings.propose({ ...valid.value, proposedAuthority: proposedAuthorityOf(valid.value.target, f.ground) }, no);
  if (!created) return ok(null);
  const headline = created.target.kind === 'officer'
    ? `【责任追究】新增待认定的追责记录（由${ctx.directory.name(created.target.orgId)}作为责任追究机关认定处理）`
    : '【责任追究】新增待认定的追责记录';
  await tellAbout(ctx, created, headline, true);
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
export const KEEPERS_ONLY = '追责记录由司法局（全区行政执法责任追究工作的监督机关）和各执法单位负责人（对本单位执法人员）查看和登记。';

export async function loadFinding(t: Turn, no: string): Promise<Result<Finding>> {
  const f = await t.store.findings.byNo(no);
  if (!f || !canSeeFinding(t.actor, f, justiceBureauId(t.services.directory))) return fail(NOT_FOUND(no));
  return ok(f);
}

/** Who decides the finding, as a sentence for those who may not. */
export function decidedBy(f: Finding, dir: Directory): string {
  return f.target.kind === 'officer'
    ? `追责记录 ${f.no} 由${dir.name(f.target.orgId)}负责人（责任追究机关）认定处理，司法局监督。`
    : `追责记录 ${f.no} 针对单位本身，由司法局登记区政府等处理机关的决定。`;
}

/** A proposed finding the actor may decide on; for the check before a dialogue opens, too. */
export async function loadProposed(t: Turn, no: string, action: string): Promise<Result<FindingProposed>> {
  const f = await loadFinding(t, no);
  if (!f.ok) return f;
  const open = findingIn(f.value, 'proposed', action);
  if (!open.ok) return open;
  const dir = t.services.directory;
  return canDecideFinding(t.actor, f.value, justiceBureauId(dir)) ? open : fail(decidedBy(f.value, dir));
}

async function save(t: Turn, before: Finding, after: Result<Finding>): Promise<Result<Finding>> {
  if (!after.ok) return after;
  if (!(await t.store.findings.update(before, after.value))) return fail(`追责记录 ${before.no} 刚刚被他人处理，请发送“查询 ${before.no}”查看。`);
  return after;
}

export async function decideFinding(t: Turn, no: string, kind: A.OutcomeKind, authority: A.Authority, outcome: string): Promise<Result<string>> {
  const f = await loadProposed(t, no, '登记处理结果');
  if (!f.ok) return f;
  const saved = await save(t, f.value, A.decide(f.value, kind, authority, outcome, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tellAbout(contextOf(t), saved.value, '【责任追究】追责记录已处理', false);
  return ok(`已登记 ${no} 的处理结果：${A.OUTCOME_KIND_LABEL[kind]}（${A.AUTHORITY_LABEL[authority]}），${outcome.trim()}。`);
}

export async function dismissFinding(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const f = await loadProposed(t, no, '决定不予追究');
  if (!f.ok) return f;
  const saved = await save(t, f.value, A.dismiss(f.value, reason, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tellAbout(contextOf(t), saved.value, '【责任追究】追责记录决定不予追究', false);
  return ok(`已登记 ${no} 不予追究，理由：${reason.trim()}。`);
}
