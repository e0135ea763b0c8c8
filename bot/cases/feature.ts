/**
 * Enforcement cases (M4, M10, M13, M15 一): 立案 (with 管辖), 证据, 移送 with the head's approval,
 * 接收/退回, 刑事结果, 办结 with the discipline referral (违纪线索), 责令移送, and 期限 to check a clock.
 */
import { canClose, canTransfer, CASE_STATUS_LABEL } from '../../domain/cases/case';
import { CASE_ROLES, RECEIVER_ROLES, canOrderTransfer, canSeeOrder } from '../../domain/cases/access';
import { missingChecks } from '../../domain/cases/evidence';
import { termsOf } from '../../domain/cases/order';
import { disciplineRelevant } from '../../domain/cases/party';
import { formatDue } from '../../domain/calendar/calendar';
import { dueFor, parseRule } from '../../domain/deadlines/rules';
import { SERIES, parseRecordNo, recordNoPattern } from '../../domain/record-no';
import { hasRole } from '../../domain/roles';
import { type Feature, type Outcome, openFlow, say } from '../feature';
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

const AJ = recordNoPattern(SERIES.case);
const YS = recordNoPattern(SERIES.transfer);
const JJ = recordNoPattern(SERIES.referral);
const ZL = recordNoPattern(SERIES.order);
const cmd = (word: string, no: string, rest = '') => new RegExp(`^${word}\\s*${no}${rest}\\s*$`, 'is');

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
    return say(x.ok ? transferText(x.value, dir) : x.reason);
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

  help(t) {
    const lines: string[] = [];
    if (caseOrgs(t).length) {
      lines.push(
        '· 立案 —— 登记案件及当事人身份信息',
        '· 证据 案件编号 / 证据确认 案件编号 —— 登记并逐项确认证据',
        '· 管辖 案件编号 单位 —— 办理中发现案件属其他单位管辖（乡镇与区职能部门之间自此起算移送期限）',
        '· 移送 案件编号 —— 移送案件（负责人审批后以本单位名义移送）',
        '· 违纪线索 纪检移送编号 内容 —— 填写涉嫌违纪问题及线索',
        '· 办结 案件编号 —— 登记案件办结',
      );
    }
    if (t.actor.grants.some((g) => g.role === 'head')) lines.push('· 批准 / 不批准 移送编号、批准 纪检移送编号 —— 负责人审批');
    if (t.actor.grants.some((g) => RECEIVER_ROLES.includes(g.role))) lines.push('· 接收 / 退回 移送编号 —— 接收单位处理移送');
    if (canOrderTransfer(t.actor, t.services.directory) != null) lines.push('· 责令移送 —— 责令行政执法部门限期移送案件');
    if (t.actor.grants.length) lines.push('· 期限 规则 日期 —— 计算期限（如：期限 乡镇移送 2024-09-27）');
    return lines;
  },

  intents: {
    transfer: (t) => pickCase(t, '移送'),
  },

  async command(t, text) {
    let m: RegExpMatchArray | null;
    if (/^(立案|立案登记|登记案件|案件登记)$/.test(text)) return startRegister(t);
    if ((m = text.match(/^期限\s+(.*)$/s)) || text === '期限') return t.actor.grants.length ? clock(t, m?.[1] ?? '') : say('“期限”供工作人员使用。');
    if ((m = text.match(/^查询\s*(\S+)$/))) return query(t, m[1]!);

    if ((m = text.match(cmd('证据确认', AJ)))) {
      const no = parseRecordNo(SERIES.case, m[1]!)!;
      const c = await loadCaseForAction(t, no);
      if (!c.ok) return say(c.reason);
      if (c.value.status !== 'open') return say(`案件 ${no} ${CASE_STATUS_LABEL[c.value.status]}，不能确认证据。`);
      const item = c.value.evidence.find((e) => missingChecks(e).length);
      return item ? openFlow(evidenceConfirmFlow, confirmDraft(no, item)) : say(`案件 ${no} 的证据均已确认。`, [`证据 ${no}`]);
    }
    if ((m = text.match(cmd('证据', AJ)))) {
      const no = parseRecordNo(SERIES.case, m[1]!)!;
      const c = await loadCaseForAction(t, no);
      if (!c.ok) return say(c.reason);
      if (c.value.status !== 'open') return say(`案件 ${no} ${CASE_STATUS_LABEL[c.value.status]}，不能登记证据。`);
      return openFlow(evidenceFlow, { caseNo: no, pending: [], confirmed: [] });
    }
    if ((m = text.match(cmd('移送', AJ)))) return startTransfer(t, parseRecordNo(SERIES.case, m[1]!)!);
    if ((m = text.match(cmd('办结', AJ)))) {
      const no = parseRecordNo(SERIES.case, m[1]!)!;
      const c = await loadCaseForAction(t, no);
      if (!c.ok) return say(c.reason);
      const allowed = canClose(c.value);
      return allowed.ok ? openFlow(closeFlow, { caseNo: no, discipline: disciplineRelevant(c.value.parties).length > 0 }) : say(allowed.reason);
    }
    if ((m = text.match(cmd('管辖', AJ, '(?:\\s+(.*))?')))) {
      const no = parseRecordNo(SERIES.case, m[1]!)!;
      const rest = (m[2] ?? '').trim();
      const urgent = /\s*(紧急|情况紧急)$/.test(rest);
      const body = rest.replace(/\s*(紧急|情况紧急)$/, '').trim();
      if (!body) return say(`请写明有管辖权的单位：管辖 ${no} 单位名称（情况紧急的在末尾加“紧急”）`);
      return result(await recordJurisdiction(t, no, body, urgent), [`移送 ${no}`, `查询 ${no}`]);
    }
    if ((m = text.match(cmd('违纪线索', JJ, '(?:\\s+(.*))?')))) {
      const no = parseRecordNo(SERIES.referral, m[1]!)!;
      if (!m[2]?.trim()) return say(`请写明涉嫌违纪问题及线索：违纪线索 ${no} 内容`);
      return result(await writeMatters(t, no, m[2]), [`查询 ${no}`]);
    }

    if ((m = text.match(cmd('批准', YS)))) return result(await approveTransfer(t, parseRecordNo(SERIES.transfer, m[1]!)!));
    if ((m = text.match(cmd('批准', JJ)))) return result(await approveReferralBy(t, parseRecordNo(SERIES.referral, m[1]!)!));
    if ((m = text.match(cmd('不批准', YS, '(?:\\s+(.*))?')))) {
      const no = parseRecordNo(SERIES.transfer, m[1]!)!;
      if (!m[2]?.trim()) return say(`请写明理由：不批准 ${no} 理由`);
      return result(await refuseTransfer(t, no, m[2]));
    }
    if ((m = text.match(cmd('接收', YS)))) return result(await acceptTransfer(t, parseRecordNo(SERIES.transfer, m[1]!)!));
    if ((m = text.match(cmd('接收', JJ)))) return result(await receiveReferralBy(t, parseRecordNo(SERIES.referral, m[1]!)!));
    if ((m = text.match(cmd('退回', YS, '(?:\\s+(.*))?')))) {
      const no = parseRecordNo(SERIES.transfer, m[1]!)!;
      if (!m[2]?.trim()) return say(`请写明退回理由：退回 ${no} 理由（如：不属本单位管辖）`);
      return result(await returnTransfer(t, no, m[2]));
    }
    if ((m = text.match(cmd('刑事结果', YS, '(?:\\s+(.*))?')))) {
      const no = parseRecordNo(SERIES.transfer, m[1]!)!;
      if (!m[2]?.trim()) return say(`请写明处理结果：刑事结果 ${no} 不予立案`);
      return result(await recordCriminalOutcome(t, no, m[2]));
    }
    if (/^(责令移送|责令限期移送)$/.test(text)) {
      const issuer = canOrderTransfer(t.actor, t.services.directory);
      return issuer == null ? say('责令限期移送由司法局或检察院作出。') : openFlow(orderFlow, { issuerOrgId: issuer });
    }
    if (/^(移送|案件移送)$/.test(text)) return pickCase(t, '移送');
    // Our words with something that is not a number of ours: say what is expected.
    if (/^(移送|证据|证据确认)\s*\S/.test(text) || /^管辖\s*AJ/i.test(text)) return say('请在指令后写上案件编号，如：移送 AJ-2026-000001。');
    if (/^违纪线索/.test(text)) return say('请写明纪检移送编号和内容，如：违纪线索 JJ-2026-000001 内容。');
    if (/^(批准|不批准|接收|退回|刑事结果)\s*(YS|JJ)/i.test(text)) return say('编号格式应为 YS-年份-6位数字（移送）或 JJ-年份-6位数字（纪检移送）。');
    return null;
  },

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
