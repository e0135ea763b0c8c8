/**
 * What officers, heads and receivers do to case records, inside one turn's transaction.
 * Every save is optimistic (the record must be unchanged since read) and leaves a line
 * in the case ledger; notices go to the people of the bodies concerned.
 */
import * as K from '../../domain/cases/case';
import type { EnforcementCase } from '../../domain/cases/case';
import * as T from '../../domain/cases/transfer';
import type { Transfer } from '../../domain/cases/transfer';
import { comply } from '../../domain/cases/order';
import { approveReferral, receiveReferral, type Referral } from '../../domain/cases/referral';
import { disciplineRelevant, partyLine } from '../../domain/cases/party';
import {
  CASE_ROLES, EXTRA_ORG, RECEIVER_ROLES, canHandleCase, canReceiveTransfer, canSeeCase, canSeeReferral, canSeeTransfer, isHeadOf,
} from '../../domain/cases/access';
import { formatDue, localYear } from '../../domain/calendar/calendar';
import { deadlineFor } from '../../domain/deadlines/rules';
import type { DeadlineKind, Subject } from '../../domain/deadlines/deadline';
import { remindersFor } from '../../domain/deadlines/reminders';
import { ORG } from '../../domain/organisation';
import type { Reply } from '../../domain/ports';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import type { StaffRole } from '../../domain/roles';
import { notifyStaffOf } from '../staff';
import { type Turn, TurnAborted } from '../turn';
import { referralText, transferText } from './render';

export const caseSubject = (caseNo: string): Subject => ({ type: 'case', id: caseNo });
const notFound = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;

// ── loading with authority ────────────────────────────────────────────────────────────

export async function loadCase(t: Turn, caseNo: string): Promise<Result<EnforcementCase>> {
  const c = await t.store.cases.byNo(caseNo);
  return c && canSeeCase(t.actor, c, t.services.directory) ? ok(c) : fail(notFound(caseNo));
}

export async function loadCaseForAction(t: Turn, caseNo: string): Promise<Result<EnforcementCase>> {
  const c = await loadCase(t, caseNo);
  if (!c.ok) return c;
  if (!canHandleCase(t.actor, c.value)) return fail(`只有办案单位（${t.services.directory.name(c.value.orgId)}）的执法人员或负责人可以办理该案件。`);
  return c;
}

export async function loadTransfer(t: Turn, no: string): Promise<Result<Transfer>> {
  const x = await t.store.transfers.byNo(no);
  return x && canSeeTransfer(t.actor, x, t.services.directory) ? ok(x) : fail(notFound(no));
}

export async function loadReferral(t: Turn, no: string): Promise<Result<Referral>> {
  const r = await t.store.referrals.byNo(no);
  return r && canSeeReferral(t.actor, r, t.services.directory) ? ok(r) : fail(notFound(no));
}

// ── saving ───────────────────────────────────────────────────────────────────────────

export const RACE = '该记录刚刚被他人处理，请发送“查询 编号”查看最新状态。';

export async function saveCase(t: Turn, before: EnforcementCase, after: EnforcementCase, e: { kind: string; note?: string }): Promise<Result<EnforcementCase>> {
  if (!(await t.store.cases.update(before, after))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: after.caseNo, kind: e.kind, actorPersonId: t.actor.personId, orgId: before.orgId, note: e.note ?? null }, t.now);
  return ok(after);
}

async function saveTransfer(t: Turn, before: Transfer, after: Transfer, kind: string, note?: string): Promise<Result<Transfer>> {
  if (!(await t.store.transfers.update(before, after))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: after.transferNo, kind, actorPersonId: t.actor.personId, orgId: after.fromOrgId, note: note ?? null }, t.now);
  return ok(after);
}

/** The case a transfer moves, re-read and moved in the same transaction; if it cannot move, the whole turn is undone. */
async function moveCase(t: Turn, caseNo: string, move: (c: EnforcementCase) => Result<EnforcementCase>, kind: string, note?: string): Promise<EnforcementCase> {
  const before = await t.store.cases.byNo(caseNo);
  const after = before ? move(before) : fail<EnforcementCase>(notFound(caseNo));
  const saved = before && after.ok ? await saveCase(t, before, after.value, { kind, note }) : after;
  if (!saved.ok) throw new TurnAborted(saved.reason);
  return saved.value;
}

// ── notices ──────────────────────────────────────────────────────────────────────────

/** Tells the staff of one body holding those roles, except the person acting; how many were told. */
export async function notifyOrg(t: Turn, orgId: number | undefined, roles: readonly StaffRole[], reply: Reply): Promise<number> {
  return orgId == null ? 0 : (await notifyStaffOf(t, [orgId], roles, reply, [t.actor.personId])).length;
}

const orgOf = (t: Turn, code: string) => t.services.directory.byCode(code)?.id;

// ── transfer clocks (M15 一) ─────────────────────────────────────────────────────────

const transferClock = (x: T.TransferFacts): DeadlineKind | null =>
  x.route === 'township-district' ? (x.urgent ? 'urgent-transfer' : 'township-transfer') : null;

/** Opens the 3-working-day (or 24-hour) clock from discovery; null when the route has none. */
export async function openTransferClock(t: Turn, c: EnforcementCase, x: T.TransferFacts): Promise<string | null> {
  const kind = transferClock(x);
  if (kind !== 'township-transfer' && kind !== 'urgent-transfer') return null;
  const spec = deadlineFor({ kind }, { from: c.discoveredAt, orgId: c.orgId, subject: caseSubject(c.caseNo) }, t.services.calendar);
  if (!spec.ok) return null;
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  return `${spec.value.rule}，截止 ${formatDue({ due: spec.value.dueAt, provisional: spec.value.provisional })}`;
}

async function closeTransferClocks(t: Turn, orgId: number, caseNo: string, outcome: { state: 'met' } | { state: 'waived'; reason: string }) {
  for (const kind of ['township-transfer', 'urgent-transfer'] as const) await t.store.deadlines.close(kind, orgId, caseSubject(caseNo), outcome, t.now);
}

// ── transfers ────────────────────────────────────────────────────────────────────────

/** Submits a drafted transfer for the head's approval; the case is 移送中 meanwhile. */
export async function submitTransfer(t: Turn, facts: T.TransferFacts): Promise<Result<string>> {
  const checked = T.checkTransfer(facts);
  if (!checked.ok) return checked;
  const loaded = await loadCaseForAction(t, facts.caseNo);
  if (!loaded.ok) return loaded;
  const transferNo = await t.store.numbers.next(SERIES.transfer, localYear(t.now));
  const moved = K.startTransfer(loaded.value, transferNo);
  if (!moved.ok) return moved;
  const saved = await saveCase(t, loaded.value, moved.value, { kind: 'transfer-submitted', note: transferNo });
  if (!saved.ok) return saved;
  const x = await t.store.transfers.create({ ...facts, transferNo, drafterPersonId: t.actor.personId, submittedAt: t.now, state: 'awaiting-approval' });
  await t.store.caseEvents.add({ recordNo: transferNo, kind: 'submitted', actorPersonId: t.actor.personId, orgId: facts.fromOrgId }, t.now);
  const clock = await openTransferClock(t, loaded.value, facts);
  const dir = t.services.directory;
  const heads = await notifyOrg(t, facts.fromOrgId, ['head'], {
    text: `【移送审批】${dir.name(facts.fromOrgId)}拟将案件 ${facts.caseNo} 移送 ${dir.name(facts.toOrgId)}，请审批。\n${transferText(x, dir)}${clock ? `\n期限：${clock}` : ''}`,
    options: [`批准 ${transferNo}`, `不批准 ${transferNo}`, `查询 ${transferNo}`],
  });
  const headLine = isHeadOf(t.actor, facts.fromOrgId) ? `您是本单位负责人，可直接发送“批准 ${transferNo}”。` : heads ? '已提请本单位负责人审批。' : '本单位尚无负责人绑定，请联系管理员为负责人生成邀请码。';
  return ok([`已提交移送 ${transferNo}，待负责人审批后以${dir.name(facts.fromOrgId)}名义移送。`, headLine, clock ? `期限：${clock}` : ''].filter(Boolean).join('\n'));
}

async function loadForDecision(t: Turn, no: string): Promise<Result<Transfer>> {
  const x = await loadTransfer(t, no);
  if (!x.ok) return x;
  if (!isHeadOf(t.actor, x.value.fromOrgId)) return fail(`移送须由${t.services.directory.name(x.value.fromOrgId)}负责人审批。`);
  return x;
}

export async function approveTransfer(t: Turn, no: string): Promise<Result<string>> {
  const x = await loadForDecision(t, no);
  if (!x.ok) return x;
  const next = T.approve(x.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await saveTransfer(t, x.value, next.value, 'approved');
  if (!saved.ok) return saved;
  const s = saved.value;
  await closeTransferClocks(t, s.fromOrgId, s.caseNo, { state: 'met' });
  if (s.orderNo) {
    const order = await t.store.orders.byNo(s.orderNo);
    const complied = order && comply(order, s.transferNo, t.now);
    if (order && complied?.ok && (await t.store.orders.update(order, complied.value))) {
      await t.store.deadlines.close('transfer-order', order.toOrgId, { type: 'order', id: order.orderNo }, { state: 'met' }, t.now);
      await t.store.caseEvents.add({ recordNo: order.orderNo, kind: 'complied', actorPersonId: t.actor.personId, orgId: order.toOrgId, note: s.transferNo }, t.now);
      await notifyOrg(t, order.issuerOrgId, RECEIVER_ROLES.concat(['justice']), { text: `【责令移送已执行】${t.services.directory.name(order.toOrgId)}已按 ${order.orderNo} 移送案件（${s.transferNo}）。`, options: [`查询 ${s.transferNo}`] });
    }
  }
  const dir = t.services.directory;
  const letter = transferText(s, dir);
  await notifyOrg(t, s.toOrgId, RECEIVER_ROLES, {
    text: `【案件移送】${dir.name(s.fromOrgId)}向贵单位移送案件，请接收或说明理由退回。\n${letter}`,
    options: [`接收 ${s.transferNo}`, `退回 ${s.transferNo}`, `查询 ${s.transferNo}`],
  });
  const copies: string[] = [];
  if (s.route === 'criminal') {
    // M4: 案件移送书及有关材料目录抄送检察机关和司法行政机关备案.
    for (const [code, roles] of [[EXTRA_ORG.procuratorate, RECEIVER_ROLES], [ORG.justiceBureau, ['justice', 'head']]] as const) {
      const id = orgOf(t, code);
      await notifyOrg(t, id, roles, { text: `【抄送备案】${dir.name(s.fromOrgId)}将涉嫌犯罪案件移送${dir.name(s.toOrgId)}，移送书及材料目录抄送备案。\n${letter}`, options: [`查询 ${s.transferNo}`] });
      copies.push(dir.name(id));
    }
  }
  await notifyOrg(t, s.fromOrgId, CASE_ROLES, { text: `【移送已批准】${s.transferNo} 已由负责人批准，移送 ${dir.name(s.toOrgId)}。`, options: [`查询 ${s.transferNo}`] });
  const extra = s.route === 'criminal' ? `\n已抄送${copies.join('、')}备案；请按规定报${s.superior}。` : '';
  return ok(`已批准 ${s.transferNo}，以${dir.name(s.fromOrgId)}名义移送 ${dir.name(s.toOrgId)}。${extra}`);
}

export async function refuseTransfer(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const x = await loadForDecision(t, no);
  if (!x.ok) return x;
  const next = T.refuse(x.value, t.actor.personId, reason, t.now);
  if (!next.ok) return next;
  const saved = await saveTransfer(t, x.value, next.value, 'refused', reason);
  if (!saved.ok) return saved;
  await moveCase(t, x.value.caseNo, (c) => K.transferBack(c, no), 'transfer-refused', reason);
  await t.notify(x.value.drafterPersonId, { text: `【移送未批准】${no}（案件 ${x.value.caseNo}）未获负责人批准。\n理由：${reason}\n案件仍由本单位办理；补正后可再次发送“移送 ${x.value.caseNo}”。`, options: [`查询 ${x.value.caseNo}`] });
  return ok(`已退回 ${no}，已告知承办人。`);
}

async function loadForReceipt(t: Turn, no: string): Promise<Result<Transfer>> {
  const x = await loadTransfer(t, no);
  if (!x.ok) return x;
  if (!canReceiveTransfer(t.actor, x.value)) return fail(`只有接收单位（${t.services.directory.name(x.value.toOrgId)}）可以接收或退回该移送。`);
  return x;
}

export async function acceptTransfer(t: Turn, no: string): Promise<Result<string>> {
  const x = await loadForReceipt(t, no);
  if (!x.ok) return x;
  const next = T.accept(x.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await saveTransfer(t, x.value, next.value, 'accepted');
  if (!saved.ok) return saved;
  const s = x.value;
  const moved = s.route === 'criminal'
    ? await moveCase(t, s.caseNo, (c) => K.toPolice(c, no, s.decisionNo), 'to-police', no)
    : await moveCase(t, s.caseNo, (c) => K.handOver(c, no, s.toOrgId, t.actor.personId), 'handed-over', no);
  const dir = t.services.directory;
  const wait = s.route === 'criminal' && !s.decisionNo ? '\n尚未作出行政处罚决定：请待公安机关、检察机关或人民法院的处理结果后再决定是否作出行政处罚，届时本助手将提醒您。' : '';
  await notifyOrg(t, s.fromOrgId, CASE_ROLES, { text: `【移送已接收】${dir.name(s.toOrgId)}已接收移送 ${no}（案件 ${s.caseNo}）。${wait}`, options: [`查询 ${no}`] });
  const next2 = s.route === 'criminal'
    ? `请在处理结果作出后发送“刑事结果 ${no} 结果”（如：不予立案、撤销案件、不起诉、无罪判决、免予刑事处罚、追究刑事责任）。`
    : `案件 ${s.caseNo} 现由贵单位办理，可发送“查询 ${s.caseNo}”查看。`;
  return ok(`已接收移送 ${no}。${next2}`);
}

export async function returnTransfer(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const x = await loadForReceipt(t, no);
  if (!x.ok) return x;
  const next = T.giveBack(x.value, t.actor.personId, reason, t.now);
  if (!next.ok) return next;
  const saved = await saveTransfer(t, x.value, next.value, 'returned', reason);
  if (!saved.ok) return saved;
  await moveCase(t, x.value.caseNo, (c) => K.transferBack(c, no), 'transfer-returned', reason);
  const dir = t.services.directory;
  await notifyOrg(t, x.value.fromOrgId, CASE_ROLES, { text: `【移送被退回】${dir.name(x.value.toOrgId)}退回移送 ${no}（案件 ${x.value.caseNo}）。\n理由：${reason}`, options: [`查询 ${x.value.caseNo}`] });
  await notifyOrg(t, orgOf(t, ORG.justiceBureau), ['justice'], { text: `【移送退回】${dir.name(x.value.toOrgId)}退回${dir.name(x.value.fromOrgId)}的移送 ${no}，理由：${reason}。如有争议可申请协调。`, options: [`查询 ${no}`] });
  return ok(`已退回 ${no}，已告知移送单位。`);
}

/** 刑事处理结果: what the police / procuratorate / court decided; the department is told what is left to it. */
export const CRIMINAL_OUTCOMES: Record<string, boolean> = {
  不予立案: false, 撤销案件: false, 不起诉: false, 不予起诉: false, 无罪判决: false, 无罪: false, 免予刑事处罚: false, 免于刑事处罚: false,
  追究刑事责任: true, 已追究刑事责任: true, 有罪判决: true,
};

export async function recordCriminalOutcome(t: Turn, no: string, outcome: string): Promise<Result<string>> {
  const x = await loadTransfer(t, no);
  if (!x.ok) return x;
  const s = x.value;
  if (s.route !== 'criminal') return fail(`${no} 不是涉嫌犯罪移送。`);
  const police = canReceiveTransfer(t.actor, s);
  const procuratorate = orgOf(t, EXTRA_ORG.procuratorate);
  const mayRecord = police || (procuratorate != null && t.actor.grants.some((g) => g.orgId === procuratorate)) || t.actor.grants.some((g) => g.orgId === s.fromOrgId && CASE_ROLES.includes(g.role));
  if (!mayRecord) return fail('只有公安机关、检察机关或移送单位可以登记刑事处理结果。');
  const pursued = CRIMINAL_OUTCOMES[outcome.trim()];
  if (pursued === undefined) return fail(`请写明处理结果：${Object.keys(CRIMINAL_OUTCOMES).join('、')}。`);
  const moved = await moveCase(t, s.caseNo, (c) => K.criminalOutcome(c, pursued, outcome.trim(), t.now), 'criminal-outcome', outcome.trim());
  const dir = t.services.directory;
  const decide = moved.status === 'open';
  await notifyOrg(t, s.fromOrgId, CASE_ROLES, {
    text: decide
      ? `【请作出决定】移送 ${no}（案件 ${s.caseNo}）的刑事处理结果：${outcome.trim()}。\n请依法决定是否作出行政处罚决定，并发送“办结 ${s.caseNo}”登记。`
      : `【刑事处理结果】移送 ${no}（案件 ${s.caseNo}）：${outcome.trim()}。案件已办结。`,
    options: decide ? [`办结 ${s.caseNo}`, `查询 ${s.caseNo}`] : [`查询 ${s.caseNo}`],
  });
  return ok(`已登记 ${no} 的刑事处理结果：${outcome.trim()}，已告知${dir.name(s.fromOrgId)}。`);
}

// ── closure and the discipline referral (M10) ────────────────────────────────────────

export async function closeCase(t: Turn, caseNo: string, outcome: K.CaseOutcome): Promise<Result<string>> {
  const loaded = await loadCaseForAction(t, caseNo);
  if (!loaded.ok) return loaded;
  const next = K.close(loaded.value, outcome, t.now);
  if (!next.ok) return next;
  const saved = await saveCase(t, loaded.value, next.value, { kind: 'closed', note: outcome.summary });
  if (!saved.ok) return saved;
  const c = saved.value;
  await closeTransferClocks(t, c.orgId, caseNo, { state: 'waived', reason: '案件已由本单位办结' });
  const lines = [`已办结案件 ${caseNo}。`];
  const relevant = disciplineRelevant(c.parties);
  if (outcome.kind === 'penalty' && relevant.length) lines.push(await openReferral(t, c, outcome.decisionNo, relevant.map(partyLine)));
  return ok(lines.join('\n'));
}

async function openReferral(t: Turn, c: EnforcementCase, decisionNo: string, parties: string[]): Promise<string> {
  const referralNo = await t.store.numbers.next(SERIES.referral, localYear(t.now));
  const r = await t.store.referrals.create({ referralNo, caseNo: c.caseNo, orgId: c.orgId, parties, decisionNo, closedAt: t.now, openedAt: t.now, state: 'awaiting-approval' });
  await t.store.caseEvents.add({ recordNo: referralNo, kind: 'opened', actorPersonId: t.actor.personId, orgId: c.orgId, note: c.caseNo }, t.now);
  const spec = deadlineFor({ kind: 'discipline-referral' }, { from: t.now, orgId: c.orgId, subject: { type: 'referral', id: referralNo } }, t.services.calendar);
  if (!spec.ok) throw new Error(spec.reason);
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  const due = formatDue({ due: spec.value.dueAt, provisional: spec.value.provisional });
  const dir = t.services.directory;
  await notifyOrg(t, c.orgId, ['head'], {
    text: `【纪检移送待签】案件 ${c.caseNo} 的当事人中有党员或国家工作人员并受到行政处罚，须在办结后10个工作日内（${due}前）经负责人签字并加盖公章，附处罚决定书移送${dir.name(orgOf(t, EXTRA_ORG.discipline))}。\n${referralText(r, dir)}`,
    options: [`批准 ${referralNo}`, `查询 ${referralNo}`],
  });
  return `当事人中有党员或国家工作人员（${parties.join('；')}），已生成纪检移送 ${referralNo}，请单位负责人签字盖章后于 ${due} 前移送${dir.name(orgOf(t, EXTRA_ORG.discipline))}。`;
}

export async function approveReferralBy(t: Turn, no: string): Promise<Result<string>> {
  const r = await loadReferral(t, no);
  if (!r.ok) return r;
  if (!isHeadOf(t.actor, r.value.orgId)) return fail(`纪检移送须由${t.services.directory.name(r.value.orgId)}负责人签字盖章。`);
  const next = approveReferral(r.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  if (!(await t.store.referrals.update(r.value, next.value))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: no, kind: 'sent', actorPersonId: t.actor.personId, orgId: r.value.orgId }, t.now);
  await t.store.deadlines.close('discipline-referral', r.value.orgId, { type: 'referral', id: no }, { state: 'met' }, t.now);
  const dir = t.services.directory;
  const jw = orgOf(t, EXTRA_ORG.discipline);
  await notifyOrg(t, jw, RECEIVER_ROLES, { text: `【涉嫌违纪问题线索移送】${dir.name(r.value.orgId)}移送：\n${referralText(next.value, dir)}`, options: [`接收 ${no}`, `查询 ${no}`] });
  return ok(`已签批纪检移送 ${no}，已移送${dir.name(jw)}。`);
}

export async function receiveReferralBy(t: Turn, no: string): Promise<Result<string>> {
  const r = await loadReferral(t, no);
  if (!r.ok) return r;
  const jw = orgOf(t, EXTRA_ORG.discipline);
  if (!t.actor.grants.some((g) => g.orgId === jw)) return fail('只有纪检监察机关可以接收纪检移送。');
  const next = receiveReferral(r.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  if (!(await t.store.referrals.update(r.value, next.value))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: no, kind: 'received', actorPersonId: t.actor.personId, orgId: r.value.orgId }, t.now);
  await notifyOrg(t, r.value.orgId, CASE_ROLES, { text: `【纪检移送已接收】${t.services.directory.name(jw)}已接收 ${no}（案件 ${r.value.caseNo}）。` });
  return ok(`已接收纪检移送 ${no}。`);
}
