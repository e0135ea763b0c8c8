/**
 * What people do to a dispute (M2, M15 六), and who is told. Each act re-reads the dispute
 * in the turn's transaction, checks role then state (a refusal names the state and the
 * next step), and saves with an optimistic check, so two people acting at once cannot
 * both succeed. Every party, the bureau (and, once reported, the government) hears of
 * every step.
 */
import { formatDue, localYear } from '../../domain/calendar/calendar';
import { disputeSubject } from '../../domain/deadlines/answers';
import { type Deadline, isOverdue } from '../../domain/deadlines/deadline';
import * as D from '../../domain/dispute';
import {
  APPLICANT_ROLES, BUREAU_ROLES, type Dispute, type DisputeBodies, type DisputeFacts, GOVERNMENT_ROLES, canViewDispute, inState,
  isBureau, isGovernment, partiesOf, partyOf, rulingWord,
} from '../../domain/dispute';
import type { Reply } from '../../domain/ports';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { meetAnswerClock, openAnswerClock, waiveAnswerClock } from '../answer-clocks';
import { fixedBodies, notifyStaffOf } from '../staff';
import type { Turn } from '../turn';
import { describe, kindLine } from './render';

export const bodies = (t: Turn): DisputeBodies => fixedBodies(t.services.directory);

export const NOT_FOUND = (no: string) => `未找到争议协调 ${no}，或您无权查看。请核对编号。`;

/** The dispute if the actor may see it; "not found" otherwise, so existence does not leak. */
export async function loadVisible(t: Turn, no: string): Promise<Result<Dispute>> {
  const d = await t.store.disputes.byNo(no);
  if (!d || !canViewDispute(t.actor, d, bodies(t))) return fail(NOT_FOUND(no));
  return ok(d);
}

export type DisputeAct = 'accept' | 'decline' | 'opinion' | 'respond' | 'report' | 'rule';

const WHO: Record<DisputeAct, string> = {
  accept: '只有司法局工作人员或负责人可以受理争议协调申请。',
  decline: '只有司法局工作人员或负责人可以决定不予受理。',
  opinion: '只有司法局工作人员或负责人可以出具协调意见。',
  respond: '只有争议当事方的执法人员、负责人或联络员可以对协调意见表态。',
  report: '只有司法局工作人员或负责人可以报请区政府裁决。',
  rule: '只有区政府的负责人或工作人员可以作出裁决（决定）。',
};

/** The dispute, if the actor may see it and holds the role the act needs. */
export async function loadFor(t: Turn, no: string, act: DisputeAct): Promise<Result<Dispute>> {
  const d = await loadVisible(t, no);
  if (!d.ok) return d;
  const b = bodies(t);
  const allowed = act === 'respond' ? partyOf(t.actor, d.value) !== undefined : act === 'rule' ? isGovernment(t.actor, b) : isBureau(t.actor, b);
  return allowed ? d : fail(WHO[act]);
}

/** The state each act needs, for the check before a dialogue opens. */
const NEEDS: Record<DisputeAct, [D.DisputeStatus, string]> = {
  accept: ['applied', '受理'],
  decline: ['applied', '不予受理'],
  opinion: ['accepted', '出具协调意见'],
  respond: ['opinion-issued', '对协调意见表态'],
  report: ['opinion-issued', '报请区政府裁决'],
  rule: ['reported', '裁决'],
};

/** Role and state: whether the act may start now. */
export async function canStart(t: Turn, no: string, act: DisputeAct): Promise<Result<Dispute>> {
  const d = await loadFor(t, no, act);
  if (!d.ok) return d;
  const [status, verb] = NEEDS[act];
  const s = inState(d.value, status, act === 'rule' ? rulingWord(d.value.kind) : verb);
  if (!s.ok) return s;
  if (act === 'report') {
    const issued = s.value as D.OpinionIssued;
    const r = D.canReport(issued, lapsedParties(issued, await answerClocks(t, issued), t.now));
    if (!r.ok) return r;
  }
  return d;
}

/**
 * Each party's clock to answer the opinion (M2, our reading: 5 working days). A dispute of an
 * older release has none until start-up gives it one (db/answer-clocks.ts).
 */
export async function answerClocks(t: Turn, d: Dispute): Promise<Map<number, Deadline>> {
  const clocks = new Map<number, Deadline>();
  if (d.status !== 'opinion-issued') return clocks;
  for (const orgId of partiesOf(d)) {
    const c = await t.store.deadlines.find('dispute-response', orgId, disputeSubject(d.no));
    if (c) clocks.set(orgId, c);
  }
  return clocks;
}

/** The silent parties whose time to answer has run out: past due, whether or not the sweep has marked it yet. */
export function lapsedParties(d: D.OpinionIssued, clocks: ReadonlyMap<number, Deadline>, now: Date): number[] {
  return D.silentParties(d).filter((id) => {
    const c = clocks.get(id);
    return !!c && (c.state === 'missed' || isOverdue(c, now));
  });
}

async function save(t: Turn, before: Dispute, after: Result<Dispute>): Promise<Result<Dispute>> {
  if (!after.ok) return after;
  if (!(await t.store.disputes.update(before, after.value))) return fail(`争议 ${before.no} 刚刚被他人处理，请发送“查询 ${before.no}”查看最新状态。`);
  return after;
}

/** Tells every party and the bureau (and any other bodies given); options go to whom they fit. */
async function tell(
  t: Turn, d: Dispute, text: string, opts: { parties?: string[]; bureau?: string[]; government?: boolean } = {},
): Promise<void> {
  const b = bodies(t);
  const query = `查询 ${d.no}`;
  const reply = (options: string[] | undefined): Reply => ({ text, options: [...(options ?? []), query] });
  const skip = [t.actor.personId];
  skip.push(...(await notifyStaffOf(t, [b.justiceBureauId], BUREAU_ROLES, reply(opts.bureau), skip)));
  skip.push(...(await notifyStaffOf(t, partiesOf(d), APPLICANT_ROLES, reply(opts.parties), skip)));
  if (opts.government) await notifyStaffOf(t, [b.governmentId], GOVERNMENT_ROLES, { text, options: [`${rulingWord(d.kind)} ${d.no}`, query] }, skip);
}

export async function apply(t: Turn, facts: DisputeFacts): Promise<Result<Dispute>> {
  const no = await t.store.numbers.next(SERIES.dispute, localYear(t.now));
  const d = await t.store.disputes.create({ ...facts, no, appliedAt: t.now });
  await tell(t, d, [`【争议协调申请】${d.no}`, ...describe(d, t.services.directory), '请司法局审查是否受理。'].join('\n'), {
    bureau: [`受理 ${d.no}`, `不予受理 ${d.no}`],
  });
  return ok(d);
}

export async function acceptDispute(t: Turn, no: string): Promise<Result<string>> {
  const d = await loadFor(t, no, 'accept');
  if (!d.ok) return d;
  const applied = inState(d.value, 'applied', '受理');
  if (!applied.ok) return applied;
  const saved = await save(t, d.value, D.accept(applied.value, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tell(t, saved.value, `【争议协调】${no}（${kindLine(saved.value)}）已由司法局受理，进入协调。`);
  return ok(`已受理 ${no}，已告知各当事方。协调后请发送“出具意见 ${no}”出具协调意见。`);
}

export async function declineDispute(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const d = await loadFor(t, no, 'decline');
  if (!d.ok) return d;
  const applied = inState(d.value, 'applied', '不予受理');
  if (!applied.ok) return applied;
  const saved = await save(t, d.value, D.decline(applied.value, reason, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tell(t, saved.value, `【争议协调】司法局对 ${no} 不予受理。\n理由：${reason.trim()}`);
  return ok(`已对 ${no} 作出不予受理决定，理由已告知各当事方。`);
}

export async function issueOpinion(t: Turn, no: string, opinion: string): Promise<Result<string>> {
  const d = await loadFor(t, no, 'opinion');
  if (!d.ok) return d;
  const accepted = inState(d.value, 'accepted', '出具协调意见');
  if (!accepted.ok) return accepted;
  const saved = await save(t, d.value, D.issueOpinion(accepted.value, opinion, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  // Each party owes its answer from now (our reading of M2: 5 working days, the same day for all).
  let due = '';
  for (const orgId of partiesOf(saved.value)) due = formatDue(await openAnswerClock(t, 'dispute-response', orgId, disputeSubject(no)));
  const word = rulingWord(saved.value.kind);
  await tell(
    t, saved.value,
    `【协调意见】司法局就争议 ${no} 出具协调意见：\n${opinion.trim()}\n请各当事方于 ${due} 前表态：发送“同意 ${no}”，或“不同意 ${no} 理由”。逾期未表态的，视为不同意，司法局可报请区政府${word}。`,
    { parties: [`同意 ${no}`, `不同意 ${no}`] },
  );
  return ok(`已出具 ${no} 的协调意见，已送达各当事方，表态期限 ${due}。各方均同意即办结；有单位不同意或逾期未表态的，可发送“报请裁决 ${no}”。`);
}

export async function respondToOpinion(t: Turn, no: string, agree: boolean, note: string | null): Promise<Result<string>> {
  const d = await loadFor(t, no, 'respond');
  if (!d.ok) return d;
  const issued = inState(d.value, 'opinion-issued', '对协调意见表态');
  if (!issued.ok) return issued;
  const orgId = partyOf(t.actor, d.value)!;
  const saved = await save(t, d.value, D.respond(issued.value, orgId, agree, note, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await meetAnswerClock(t, 'dispute-response', orgId, disputeSubject(no));
  const dir = t.services.directory;
  const stance = agree ? '同意' : `不同意（理由：${note?.trim()}）`;
  if (saved.value.status === 'resolved') {
    await tell(t, saved.value, `【争议协调办结】${dir.name(orgId)} 同意协调意见，各当事方均已同意，争议 ${no} 按协调意见办结。`);
    return ok(`已记录贵单位同意。各当事方均已同意，争议 ${no} 按协调意见办结。`);
  }
  await tell(t, saved.value, `【表态】${dir.name(orgId)} 对争议 ${no} 的协调意见表示${stance}。`, agree ? {} : { bureau: [`报请裁决 ${no}`] });
  return ok(`已记录贵单位${agree ? '同意' : '不同意'}协调意见，已告知司法局和其他当事方。`);
}

export async function reportDispute(t: Turn, no: string, recommendation: string): Promise<Result<string>> {
  const d = await loadFor(t, no, 'report');
  if (!d.ok) return d;
  const issued = inState(d.value, 'opinion-issued', '报请区政府裁决');
  if (!issued.ok) return issued;
  const lapsed = lapsedParties(issued.value, await answerClocks(t, issued.value), t.now);
  const saved = await save(t, d.value, D.report(issued.value, recommendation, t.actor.personId, t.now, lapsed));
  if (!saved.ok) return saved;
  const word = rulingWord(saved.value.kind);
  // No answer is owed any more: the government decides.
  for (const orgId of D.silentParties(issued.value)) await waiveAnswerClock(t, 'dispute-response', orgId, disputeSubject(no), `已报请区政府${word}`);
  const dir = t.services.directory;
  const silent = lapsed.map((id) => `${dir.name(id)}逾期未表态（视为不同意）`);
  await tell(
    t, saved.value,
    [
      `【报请${word}】经协调仍未达成一致，司法局就争议 ${no} 提出书面建议，报请区政府${word}。`, ...describe(saved.value, dir), ...silent,
      `书面建议：${recommendation.trim()}`,
    ].join('\n'),
    { government: true },
  );
  return ok(`已将 ${no} 的书面建议报请区政府${word}，已告知各当事方。`);
}

export async function ruleDispute(t: Turn, no: string, ruling: string): Promise<Result<string>> {
  const d = await loadFor(t, no, 'rule');
  if (!d.ok) return d;
  const word = rulingWord(d.value.kind);
  const reported = inState(d.value, 'reported', word);
  if (!reported.ok) return reported;
  const saved = await save(t, d.value, D.rule(reported.value, ruling, t.actor.personId, t.now));
  if (!saved.ok) return saved;
  await tell(t, saved.value, `【区政府${word}】争议 ${no}（${kindLine(saved.value)}）：\n${ruling.trim()}\n请各当事方遵照执行。`);
  return ok(`已记录区政府对 ${no} 的${word}，已告知司法局和各当事方。`);
}

