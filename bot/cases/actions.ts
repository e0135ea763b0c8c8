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
import { approveReferral, describeMatters, receiveReferral, type Referral } from '../../domain/cases/referral';
import { disciplineRelevant, partyLine } from '../../domain/cases/party';
import {
  CASE_ROLES, EXTRA_ORG, RECEIVER_ROLES, canHandleCase, canReceiveTransfer, canSeeCase, canSeeReferral, canSeeTransfer, isHeadOf,
} from '../../domain/cases/access';
import { formatDue, formatLocal, localYear } from '../../domain/calendar/calendar';
import { deadlineFor } from '../../domain/deadlines/rules';
import { remindersFor } from '../../domain/deadlines/reminders';
import { ORG } from '../../domain/organisation';
import type { Reply } from '../../domain/ports';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import { type StaffRole, hasRole } from '../../domain/roles';
import { notifyStaffOf } from '../staff';
import { type Turn, TurnAborted } from '../turn';
import { caseClockLine, clockOf, endTransferClock, openCaseClock, settleByAct, settleTransferClock } from './clocks';
import { referralText, transferText } from './render';
import { attachMaterialFiles } from './transfer-files';
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

// ── transfers ────────────────────────────────────────────────────────────────────────

/** Submits a drafted transfer for the head's approval; the case is 移送中 meanwhile. */
export async function submitTransfer(t: Turn, facts: T.TransferFacts): Promise<Result<string>> {
  const checked = T.checkTransfer(facts);
  if (!checked.ok) return checked;
  const loaded = await loadCaseForAction(t, facts.caseNo);
  if (!loaded.ok) return loaded;
  const dir = t.services.directory;
  const transferNo = await t.store.numbers.next(SERIES.transfer, localYear(t.now));
  // The first moment a transfer is needed (M15 一): a transfer between township and district of a
  // case whose finding starts no clock records the finding now, and the clock runs from now.
  const found = !clockOf(dir, loaded.value) && T.transferClock(facts.route, facts.urgent) ? { orgId: facts.toOrgId, foundAt: t.now, urgent: facts.urgent } : undefined;
  const moved = K.startTransfer(loaded.value, transferNo, found);
  if (!moved.ok) return moved;
  const saved = await saveCase(t, loaded.value, moved.value, { kind: 'transfer-submitted', note: transferNo });
  if (!saved.ok) return saved;
  const x = await t.store.transfers.create({ ...(await attachMaterialFiles(t, facts, transferNo)), transferNo, drafterPersonId: t.actor.personId, submittedAt: t.now, state: 'awaiting-approval' });
  await t.store.caseEvents.add({ recordNo: transferNo, kind: 'submitted', actorPersonId: t.actor.personId, orgId: facts.fromOrgId }, t.now);
  const clock = (await openCaseClock(t, saved.value)) ?? (await caseClockLine(t, saved.value));
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
  // Judged by the moment it is sent (M15 一), whether or not the sweep came by first.
  await settleTransferClock(t, s.fromOrgId, s.caseNo);
  await complyOrders(t, s);
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

/**
 * The orders to transfer (责令限期移送) this transfer meets — that case, to that body or to the
 * police (domain/cases/order.ts) — met by the moment it is sent; the issuer is told either way
 * the clock went.
 */
async function complyOrders(t: Turn, s: Transfer): Promise<void> {
  const dir = t.services.directory;
  for (const order of await t.store.orders.list({ orgId: s.fromOrgId, states: ['open'] }, 100)) {
    const complied = comply(order, s, t.now, dir);
    if (!complied.ok) continue;
    if (!(await t.store.orders.update(order, complied.value))) throw new TurnAborted(RACE);
    const clock = await settleByAct(t, 'transfer-order', order.toOrgId, { type: 'order', id: order.orderNo });
    await t.store.caseEvents.add({ recordNo: order.orderNo, kind: 'complied', actorPersonId: t.actor.personId, orgId: order.toOrgId, note: s.transferNo }, t.now);
    const late = clock?.state === 'missed' ? `\n移送时已超过责令期限（${formatLocal(clock.dueAt)}），记为逾期。` : '';
    await notifyOrg(t, order.issuerOrgId, RECEIVER_ROLES.concat(['justice']), {
      text: `【责令移送已执行】${dir.name(order.toOrgId)}已按 ${order.orderNo} 移送案件 ${s.caseNo} 至${dir.name(s.toOrgId)}（${s.transferNo}）。${late}`,
      options: [`查询 ${order.orderNo}`],
    });
  }
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

/**
 * 刑事处理结果 (M4): what the police, the procuratorate or the court decided. The department
 * is told what is left to it; the procuratorate (which supervises the police's decision on
 * opening a case) and the justice bureau (监督协调机关) get it too.
 */
export async function recordCriminalOutcome(t: Turn, no: string, outcome: string): Promise<Result<string>> {
  const x = await loadTransfer(t, no);
  if (!x.ok) return x;
  const s = x.value;
  if (s.route !== 'criminal') return fail(`${no} 不是涉嫌犯罪移送。`);
  const police = canReceiveTransfer(t.actor, s);
  const procuratorate = orgOf(t, EXTRA_ORG.procuratorate);
  const mayRecord = police || (procuratorate != null && t.actor.grants.some((g) => g.orgId === procuratorate)) || t.actor.grants.some((g) => g.orgId === s.fromOrgId && CASE_ROLES.includes(g.role));
  if (!mayRecord) return fail('只有公安机关、检察机关或移送单位可以登记刑事处理结果。');
  const next = T.recordOutcome(s, outcome, t.actor.personId, t.now);
  if (!next.ok) return next;
  const { text, pursued } = next.value.criminalOutcome;
  const saved = await saveTransfer(t, s, next.value, 'criminal-outcome', text);
  if (!saved.ok) return saved;
  const moved = await moveCase(t, s.caseNo, (c) => K.criminalOutcome(c, pursued, text, t.now), 'criminal-outcome', text);
  const referral = moved.status === 'closed' ? await referralOnClosure(t, moved, null) : null;
  const dir = t.services.directory;
  const decide = moved.status === 'open';
  await notifyOrg(t, s.fromOrgId, CASE_ROLES, {
    text: decide
      ? `【请作出决定】移送 ${no}（案件 ${s.caseNo}）的刑事处理结果：${text}。\n请依法决定是否作出行政处罚决定，并发送“办结 ${s.caseNo}”登记。`
      : `【刑事处理结果】移送 ${no}（案件 ${s.caseNo}）：${text}。案件已办结${s.decisionNo && !pursued ? `，行政处罚决定 ${s.decisionNo} 维持` : ''}。${referral ? `\n${referral}` : ''}`,
    options: decide ? [`办结 ${s.caseNo}`, `查询 ${s.caseNo}`] : [`查询 ${s.caseNo}`],
  });
  const copy = { text: `【刑事处理结果】${dir.name(s.toOrgId)}对${dir.name(s.fromOrgId)}移送的涉嫌犯罪案件（${no}，案件 ${s.caseNo}）的处理结果：${text}。`, options: [`查询 ${no}`] };
  await notifyOrg(t, procuratorate, RECEIVER_ROLES, { ...copy, text: `${copy.text}\n如认为公安机关应当立案而不立案，可依法进行立案监督。` });
  await notifyOrg(t, orgOf(t, ORG.justiceBureau), ['justice', 'head'], copy);
  return ok(`已登记 ${no} 的刑事处理结果：${text}，已告知${dir.name(s.fromOrgId)}、${dir.name(procuratorate)}、${dir.name(orgOf(t, ORG.justiceBureau))}。`);
}

// ── closure and the discipline referral (M10) ────────────────────────────────────────

/** `matters`: 涉嫌违纪问题及线索 when the closure opens a referral (written in the dialogue). */
export async function closeCase(t: Turn, caseNo: string, outcome: K.CaseOutcome, matters: string | null = null): Promise<Result<string>> {
  const loaded = await loadCaseForAction(t, caseNo);
  if (!loaded.ok) return loaded;
  const next = K.close(loaded.value, outcome, t.now);
  if (!next.ok) return next;
  const saved = await saveCase(t, loaded.value, next.value, { kind: 'closed', note: outcome.summary });
  if (!saved.ok) return saved;
  const c = saved.value;
  await endTransferClock(t, c.orgId, caseNo, '案件已由本单位办结');
  const referral = await referralOnClosure(t, c, matters);
  return ok([`已办结案件 ${caseNo}。`, ...(referral ? [referral] : [])].join('\n'));
}

/**
 * M10: a case closed with an administrative penalty against a party member or state employee
 * opens the referral — whichever path closed it (办结, or the criminal outcome leaving the
 * penalty standing). What to tell the person acting, or null when none is due.
 */
async function referralOnClosure(t: Turn, c: EnforcementCase, matters: string | null): Promise<string | null> {
  const decisionNo = K.penaltyDecision(c);
  const relevant = disciplineRelevant(c.parties);
  return decisionNo && relevant.length ? openReferral(t, c, decisionNo, relevant.map(partyLine), matters) : null;
}

async function openReferral(t: Turn, c: EnforcementCase, decisionNo: string, parties: string[], matters: string | null): Promise<string> {
  const referralNo = await t.store.numbers.next(SERIES.referral, localYear(t.now));
  const r = await t.store.referrals.create({ referralNo, caseNo: c.caseNo, orgId: c.orgId, parties, decisionNo, closedAt: t.now, openedAt: t.now, matters, state: 'awaiting-approval' });
  await t.store.caseEvents.add({ recordNo: referralNo, kind: 'opened', actorPersonId: t.actor.personId, orgId: c.orgId, note: c.caseNo }, t.now);
  const spec = deadlineFor({ kind: 'discipline-referral' }, { from: t.now, orgId: c.orgId, subject: { type: 'referral', id: referralNo } }, t.services.calendar);
  if (!spec.ok) throw new Error(spec.reason);
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  const due = formatDue({ due: spec.value.dueAt, provisional: spec.value.provisional });
  const dir = t.services.directory;
  const jw = dir.name(orgOf(t, EXTRA_ORG.discipline));
  const write = matters ? '' : `尚需办案人员发送“违纪线索 ${referralNo} 内容”写明涉嫌违纪问题及线索，`;
  await notifyOrg(t, c.orgId, ['head'], {
    text: `【纪检移送待签】案件 ${c.caseNo} 的当事人中有党员或国家工作人员并受到行政处罚，须在办结后10个工作日内（${due}前）将涉嫌违纪问题及线索经负责人签字并加盖公章，附处罚决定书移送${jw}。${matters ? '' : '涉嫌违纪问题及线索尚待办案人员填写。'}\n${referralText(r, dir)}`,
    options: [`批准 ${referralNo}`, `查询 ${referralNo}`],
  });
  return `当事人中有党员或国家工作人员（${parties.join('；')}），已生成纪检移送 ${referralNo}，${write}请单位负责人签字盖章后于 ${due} 前移送${jw}。`;
}

/** 违纪线索 JJ-… 内容: the body's officer or head writes the suspected disciplinary matter before the head signs. */
export async function writeMatters(t: Turn, no: string, text: string): Promise<Result<string>> {
  const r = await loadReferral(t, no);
  if (!r.ok) return r;
  if (!hasRole(t.actor, r.value.orgId, CASE_ROLES)) return fail(`涉嫌违纪问题及线索由${t.services.directory.name(r.value.orgId)}的执法人员或负责人填写。`);
  const next = describeMatters(r.value, text);
  if (!next.ok) return next;
  if (!(await t.store.referrals.update(r.value, next.value))) return fail(RACE);
  await t.store.caseEvents.add({ recordNo: no, kind: 'matters', actorPersonId: t.actor.personId, orgId: r.value.orgId }, t.now);
  if (isHeadOf(t.actor, r.value.orgId)) return ok(`已填写纪检移送 ${no} 的涉嫌违纪问题及线索。您是本单位负责人，可发送“批准 ${no}”签字盖章后移送。`);
  await notifyOrg(t, r.value.orgId, ['head'], { text: `【纪检移送待签】${no} 已填写涉嫌违纪问题及线索，请签字盖章后移送。\n${referralText(next.value, t.services.directory)}`, options: [`批准 ${no}`, `查询 ${no}`] });
  return ok(`已填写纪检移送 ${no} 的涉嫌违纪问题及线索，已提请本单位负责人签字盖章。`);
}

/** 管辖 AJ-… 单位 [紧急]: the holder found the case is another body's (M15 一); the clock runs from now. */
export async function recordJurisdiction(t: Turn, caseNo: string, bodyText: string, urgent: boolean): Promise<Result<string>> {
  const c = await loadCaseForAction(t, caseNo);
  if (!c.ok) return c;
  const dir = t.services.directory;
  const to = dir.find(bodyText, (o) => o.kind !== 'authority');
  if (!to) return fail(`未找到单位“${bodyText.slice(0, 40)}”。请写出有管辖权的单位名称或简称（如：市场监管局、台营镇、公安）。`);
  const route = to.id === c.value.orgId ? null : T.routeBetween(dir.byId(c.value.orgId)!, to, EXTRA_ORG.police);
  if (route && !route.ok) return route;
  const found = K.findJurisdiction(c.value, { orgId: to.id, foundAt: t.now, urgent: urgent && route?.value === 'township-district' });
  if (!found.ok) return found;
  const saved = await saveCase(t, c.value, found.value, { kind: 'jurisdiction-found', note: to.name });
  if (!saved.ok) return saved;
  const clock = await openCaseClock(t, saved.value);
  return ok(`已记录案件 ${caseNo} 属${to.name}管辖（${formatLocal(t.now)} 认定）。\n${clock ? `移送期限：${clock}` : '请及时移送。'}`);
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
