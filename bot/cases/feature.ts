/**
 * Enforcement cases (M4, M10, M13, M15 一): 立案 (with 管辖), 证据, 移送 with the head's approval,
 * 接收/退回, 刑事结果, 办结 with the discipline referral (违纪线索), 责令移送, and 期限 to check a clock.
 */
import { fileLines } from '../attachments/render';
import { canClose, canTransfer, CASE_STATUS_LABEL } from '../../domain/cases/case';
import { CASE_ROLES, RECEIVER_ROLES, canOrderTransfer, canSeeOrder } from '../../domain/cases/access';
import { missingChecks } from '../../domain/cases/evidence';
import { termsOf } from '../../domain/cases/order';
import { disciplineRelevant } from '../../domain/cases/party';
import { formatDue } from '../../domain/calendar/calendar';
import { dueFor, parseRule } from '../../domain/deadlines/rules';
import { SERIES, parseRecordNo } from '../../domain/record-no';
import { hasRole } from '../../domain/roles';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import {
  acceptTransfer, approveReferralBy, approveTransfer, loadCase, loadCaseForAction, loadReferral, loadTransfer, receiveReferralBy,
  recordCriminalOutcome, recordJurisdiction, refuseTransfer, returnTransfer, writeMatters,
} from './actions';
import { clockOf } from './clocks';
import { closeFlow } from './close-flow';
import { confirmDraft, evidenceConfirmFlow, evidenceFlow } from './evidence-flow';
import { orderFlow } from './order-flow';
import { parseClockStart } from './parse';
import { caseFlow, caseFlowOneOrg } from './register';
import { caseText, orderText, referralText, transferText } from './render';
import { transferFlow, transferSuggestions } from './transfer-flow';

const AJ = record(SERIES.case);
const YS = record(SERIES.transfer);
const JJ = record(SERIES.referral);

/** The bodies where the person handles cases (officer or head of a department or township). */
function caseOrgs(t: Turn): number[] {
  const dir = t.services.directory;
  return [...new Set(t.actor.grants.filter((g) => CASE_ROLES.includes(g.role)).map((g) => g.orgId))].filter((id) => {
    const kind = dir.byId(id)?.kind;
    return kind === 'department' || kind === 'township';
  });
}

const result = (r: { ok: true; value: string } | { ok: false; reason: string }, options?: string[]): Outcome => say(r.ok ? r.value : r.reason, r.ok ? options : undefined);

async function startRegister(t: Turn): Promise<Outcome> {
  const orgs = caseOrgs(t);
  if (!orgs.length) return say('立案登记供行政执法部门和乡镇的执法人员、负责人使用。');
  return orgs.length === 1 ? openFlow(caseFlowOneOrg, { orgChoices: orgs, orgId: orgs[0], parties: [] }) : openFlow(caseFlow, { orgChoices: orgs, parties: [] });
}

async function startTransfer(t: Turn, caseNo: string): Promise<Outcome> {
  const c = await loadCaseForAction(t, caseNo);
  if (!c.ok) return say(c.reason);
  const allowed = canTransfer(c.value);
  if (!allowed.ok) return say(allowed.reason);
  const openOrders = (await t.store.orders.list({ orgId: c.value.orgId, states: ['open'] }, 20)).map(termsOf);
  // The urgency recorded with the finding of jurisdiction stands (the clock already runs on it).
  const urgentOnRecord = clockOf(t.services.directory, c.value) ? c.value.jurisdiction?.urgent : undefined;
  return openFlow(transferFlow, {
    caseNo, fromOrgId: c.value.orgId, suggestions: await transferSuggestions(t, c.value.summary, c.value.orgId), openOrders, urgentOnRecord, materials: [],
  });
}

/** Open cases of the person's bodies as options for a command word. */
async function pickCase(t: Turn, word: string): Promise<Outcome> {
  const orgs = caseOrgs(t);
  if (!orgs.length) return say(`“${word}”供行政执法部门和乡镇的执法人员、负责人使用。`);
  const open = (await Promise.all(orgs.map((orgId) => t.store.cases.list({ orgId, states: ['open'] }, 8)))).flat();
  if (!open.length) return say(`本单位没有办理中的案件。请先发送“立案”登记案件。`, ['立案']);
  return say(`请发送“${word} 案件编号”，如：${word} ${open[0]!.caseNo}`, open.slice(0, 8).map((c) => `${word} ${c.caseNo}`));
}

async function query(t: Turn, text: string): Promise<Outcome | null> {
  const dir = t.services.directory;
  const aj = parseRecordNo(SERIES.case, text);
  if (aj) {
    const c = await loadCase(t, aj);
    if (!c.ok) return say(c.reason);
    const events = await t.store.caseEvents.list(aj);
    return say(`${caseText(c.value, dir)}\n办理记录：${events.length} 条`);
  }
  const ys = parseRecordNo(SERIES.transfer, text);
  if (ys) {
    const x = await loadTransfer(t, ys);
    if (!x.ok) return say(x.reason);
    // loadTransfer asked the transfer's policy: its materials' files, as sent, with this viewer's links.
    const files = await fileLines(t, { kind: 'transfer', no: ys }, 'original', t.actor.personId);
    return say([transferText(x.value, dir), ...files].join('\n'));
  }
  const jj = parseRecordNo(SERIES.referral, text);
  if (jj) {
    const r = await loadReferral(t, jj);
    return say(r.ok ? referralText(r.value, dir) : r.reason);
  }
  const zl = parseRecordNo(SERIES.order, text);
  if (zl) {
    const o = await t.store.orders.byNo(zl);
    return say(o && canSeeOrder(t.actor, o, dir) ? orderText(o, dir) : `未找到 ${zl}，或您无权查看。请核对编号。`);
  }
  return null;
}

/** 期限 乡镇移送 2024-09-27: the due instant of a rule from an event. */
function clock(t: Turn, rest: string): Outcome {
  const [ruleText, fromText, dateText] = rest.trim().split(/\s+/);
  if (!ruleText || !fromText) return say('请发送“期限 规则 日期”，如：期限 乡镇移送 2024-09-27（规则：乡镇移送、紧急移送、纪检移送、受理告知）。');
  const rule = parseRule(ruleText, dateText);
  if (!rule.ok) return say(rule.reason);
  const from = parseClockStart(fromText);
  if (!from) return say('日期格式应为 2024-09-27，或 2024-09-27T15:30（北京时间）。');
  const due = dueFor(rule.value, from, t.services.calendar);
  if (!due.ok) return say(due.reason);
  return say(`${due.value.rule}\n截止：${formatDue({ due: due.value.dueAt, provisional: due.value.provisional })}`);
}

export const cases: Feature = {
  name: 'cases',
  flows: [caseFlow, caseFlowOneOrg, evidenceFlow, evidenceConfirmFlow, transferFlow, closeFlow, orderFlow],

  intents: {
    transfer: (t) => pickCase(t, '移送'),
  },

  commands: [
    command({
      words: ['立案', '立案登记', '登记案件', '案件登记'],
      help: (t) => (caseOrgs(t).length ? '立案 —— 登记案件及当事人身份信息' : null),
      run: startRegister,
    }),
    command({
      words: ['期限'],
      args: [text({ what: '规则和日期', example: '乡镇移送 2024-09-27', optional: true })],
      who: 'staff',
      denied: '“期限”供工作人员使用。',
      inFlow: 'answer',
      help: '期限 规则 日期 —— 计算期限（如：期限 乡镇移送 2024-09-27）',
      run: (t, [x]) => clock(t, x ?? ''),
    }),
    command({
      words: ['查询'],
      args: [record(SERIES.case, SERIES.transfer, SERIES.referral, SERIES.order)],
      inFlow: 'answer',
      run: async (t, [no]) => (await query(t, no)) ?? `未找到 ${no}。`,
    }),
    command({
      words: ['证据'],
      args: [AJ],
      help: (t) => (caseOrgs(t).length ? '证据 案件编号 / 证据确认 案件编号 —— 登记并逐项确认证据' : null),
      async run(t, [no]) {
        const c = await loadCaseForAction(t, no);
        if (!c.ok) return c.reason;
        if (c.value.status !== 'open') return `案件 ${no} ${CASE_STATUS_LABEL[c.value.status]}，不能登记证据。`;
        return openFlow(evidenceFlow, { caseNo: no, pending: [], confirmed: [] });
      },
    }),
    command({
      words: ['证据确认'],
      args: [AJ],
      async run(t, [no]) {
        const c = await loadCaseForAction(t, no);
        if (!c.ok) return c.reason;
        if (c.value.status !== 'open') return `案件 ${no} ${CASE_STATUS_LABEL[c.value.status]}，不能确认证据。`;
        const item = c.value.evidence.find((e) => missingChecks(e).length);
        return item ? openFlow(evidenceConfirmFlow, confirmDraft(no, item)) : say(`案件 ${no} 的证据均已确认。`, [`证据 ${no}`]);
      },
    }),
    command({
      words: ['管辖'],
      args: [AJ, text({ what: '有管辖权的单位（情况紧急的在末尾加“紧急”）', example: '单位名称' })],
      help: (t) => (caseOrgs(t).length ? '管辖 案件编号 单位 —— 办理中发现案件属其他单位管辖（乡镇与区职能部门之间自此起算移送期限）' : null),
      async run(t, [no, rest]) {
        const urgent = /\s*(紧急|情况紧急)$/.test(rest);
        const body = rest.replace(/\s*(紧急|情况紧急)$/, '').trim();
        if (!body) return `请写明有管辖权的单位：管辖 ${no} 单位名称（情况紧急的在末尾加“紧急”）`;
        return result(await recordJurisdiction(t, no, body, urgent), [`移送 ${no}`, `查询 ${no}`]);
      },
    }),
    command({
      words: ['移送', '案件移送'],
      help: (t) => (caseOrgs(t).length ? '移送 案件编号 —— 移送案件（负责人审批后以本单位名义移送）' : null),
      run: (t) => pickCase(t, '移送'),
    }),
    command({ words: ['移送'], args: [AJ], run: (t, [no]) => startTransfer(t, no) }),
    command({
      words: ['违纪线索'],
      args: [JJ, text({ what: '涉嫌违纪问题及线索', example: '内容' })],
      help: (t) => (caseOrgs(t).length ? '违纪线索 纪检移送编号 内容 —— 填写涉嫌违纪问题及线索' : null),
      run: async (t, [no, x]) => result(await writeMatters(t, no, x), [`查询 ${no}`]),
    }),
    command({
      words: ['办结'],
      args: [AJ],
      help: (t) => (caseOrgs(t).length ? '办结 案件编号 —— 登记案件办结' : null),
      async run(t, [no]) {
        const c = await loadCaseForAction(t, no);
        if (!c.ok) return c.reason;
        const allowed = canClose(c.value);
        return allowed.ok ? openFlow(closeFlow, { caseNo: no, discipline: disciplineRelevant(c.value.parties).length > 0 }) : allowed.reason;
      },
    }),
    command({
      words: ['批准'],
      args: [YS],
      help: (t) => (t.actor.grants.some((g) => g.role === 'head') ? '批准 / 不批准 移送编号、批准 纪检移送编号 —— 负责人审批' : null),
      run: (t, [no]) => approveTransfer(t, no),
    }),
    command({ words: ['批准'], args: [JJ], run: (t, [no]) => approveReferralBy(t, no) }),
    command({ words: ['不批准'], args: [YS, text({ what: '理由' })], run: (t, [no, x]) => refuseTransfer(t, no, x) }),
    command({
      words: ['接收'],
      args: [YS],
      help: (t) => (t.actor.grants.some((g) => RECEIVER_ROLES.includes(g.role)) ? '接收 / 退回 移送编号 —— 接收单位处理移送' : null),
      run: (t, [no]) => acceptTransfer(t, no),
    }),
    command({ words: ['接收'], args: [JJ], run: (t, [no]) => receiveReferralBy(t, no) }),
    command({ words: ['退回'], args: [YS, text({ what: '退回理由', example: '不属本单位管辖' })], run: (t, [no, x]) => returnTransfer(t, no, x) }),
    command({ words: ['刑事结果'], args: [YS, text({ what: '处理结果', example: '不予立案' })], run: (t, [no, x]) => recordCriminalOutcome(t, no, x) }),
    command({
      words: ['责令移送', '责令限期移送'],
      help: (t) => (canOrderTransfer(t.actor, t.services.directory) != null ? '责令移送 —— 责令行政执法部门限期移送案件' : null),
      run(t) {
        const issuer = canOrderTransfer(t.actor, t.services.directory);
        return issuer == null ? '责令限期移送由司法局或检察院作出。' : openFlow(orderFlow, { issuerOrgId: issuer });
      },
    }),
  ],

  async todo(t) {
    const lines: string[] = [];
    const options: string[] = [];
    const dir = t.services.directory;
    for (const orgId of caseOrgs(t)) {
      const open = await t.store.cases.list({ orgId, states: ['open', 'transferring', 'with-police'] }, 10);
      const owed = (c: (typeof open)[number]) => (c.status === 'open' && c.jurisdiction ? `（属${dir.name(c.jurisdiction.orgId)}管辖，待移送）` : '');
      if (open.length) lines.push(`${dir.name(orgId)} 案件：`, ...open.map((c) => `· ${c.caseNo} ${CASE_STATUS_LABEL[c.status]}${owed(c)}：${c.summary.slice(0, 30)}`));
    }
    for (const g of t.actor.grants) {
      if (g.role === 'head') {
        for (const x of await t.store.transfers.list({ orgId: g.orgId, states: ['awaiting-approval'] }, 10)) {
          lines.push(`· 待审批移送 ${x.transferNo}：${x.caseNo} → ${dir.name(x.toOrgId)}`);
          options.push(`批准 ${x.transferNo}`);
        }
        for (const r of await t.store.referrals.list({ orgId: g.orgId, states: ['awaiting-approval'] }, 10)) {
          lines.push(`· 待签批纪检移送 ${r.referralNo}：${r.caseNo}`);
          options.push(`批准 ${r.referralNo}`);
        }
      }
      if (RECEIVER_ROLES.includes(g.role)) {
        for (const x of await t.store.transfers.list({ otherOrgId: g.orgId, states: ['sent'] }, 10)) {
          lines.push(`· 待接收移送 ${x.transferNo}：来自${dir.name(x.fromOrgId)}`);
          options.push(`接收 ${x.transferNo}`);
        }
        for (const o of await t.store.orders.list({ orgId: g.orgId, states: ['open'] }, 10)) {
          lines.push(`· 责令限期移送 ${o.orderNo}：${o.caseRef.slice(0, 30)}${o.receiverOrgId != null ? ` → ${dir.name(o.receiverOrgId)}` : ''}，期限 ${o.limitDate}`);
        }
      }
    }
    if (hasRole(t.actor, dir.byCode('jw')?.id ?? -1, RECEIVER_ROLES)) {
      for (const r of await t.store.referrals.list({ states: ['sent'] }, 10)) {
        lines.push(`· 待接收纪检移送 ${r.referralNo}：来自${dir.name(r.orgId)}`);
        options.push(`接收 ${r.referralNo}`);
      }
    }
    return lines.length ? { lines: [...new Set(lines)], options: [...new Set(options)] } : null;
  },
};
