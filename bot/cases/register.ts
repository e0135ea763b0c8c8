/**
 * 立案登记: an officer records a case of their body, step by step, parties included (M10), and
 * whether it is the body's own or another's (管辖, M15 一) — which starts the transfer clock.
 */
import { MAX_CASE_TEXT } from '../../domain/cases/case';
import { MAX_PARTIES, POLITICAL_STATUSES, type Party, makeParty, parsePoliticalStatus, partyLine } from '../../domain/cases/party';
import { localYear, formatLocal } from '../../domain/calendar/calendar';
import { EXTRA_ORG } from '../../domain/cases/access';
import { routeBetween } from '../../domain/cases/transfer';
import { SERIES } from '../../domain/record-no';
import { type Filled, type Flow, boundedText, done, invalid, isConfirm, next, startingAt, needs } from '../flow';
import type { Turn } from '../turn';
import { openCaseClock } from './clocks';
import { parseAmount, parseLocalDateTime } from './parse';
import { yuan } from './render';

export interface CaseDraft {
  orgChoices: number[];
  orgId?: number;
  summary?: string;
  legalBasis?: string;
  amount?: number | null;
  discoveredAt?: string; // ISO instant
  discoveredOn?: string;
  parties: Party[];
  party?: { name: string; kind: Party['kind']; politicalStatus?: Party['politicalStatus']; employer?: string | null; position?: string | null };
  /** The body the case belongs to when not this one (管辖); null: its own. */
  competentOrgId?: number | null;
  urgent?: boolean;
}

const NONE = '无';
const PERSON = '自然人';
const ORGANISATION = '单位';
const ADD = '继续添加当事人';
const FINISH = '当事人已登记完毕';
const CONFIRM = '确认登记';
const YES = '是';
const NO = '否';
const OWN = '属于本单位管辖';
const URGENT = '是，情况紧急（24小时内）';
const NOT_URGENT = '否（3个工作日内）';

const step = (n: number, text: string) => `【立案登记 ${n}/7】${text}`;
const optional = (text: string) => (/^(无|没有|不详)$/.test(text.trim()) ? null : text.trim().slice(0, 100));

function summary(t: Turn, d: Filled<CaseDraft, 'discoveredAt'>): string {
  return [
    '请核对案件信息：',
    `办案单位：${t.services.directory.name(d.orgId)}`,
    `案由及事实：${d.summary}`,
    `法律依据：${d.legalBasis}`,
    `涉案金额：${yuan(d.amount ?? null)}`,
    `发现时间：${formatLocal(new Date(d.discoveredAt))}`,
    '当事人：',
    ...d.parties.map((p, i) => `  ${i + 1}. ${partyLine(p)}`),
    d.competentOrgId ? `管辖：属${t.services.directory.name(d.competentOrgId)}管辖，应移送${d.urgent ? '（情况紧急）' : ''}` : '管辖：本单位',
  ].join('\n');
}

export const caseFlow: Flow<CaseDraft, 'org' | 'summary' | 'legalBasis' | 'amount' | 'discovered' | 'partyName' | 'partyKind' | 'political' | 'employer' | 'position' | 'stateEmployee' | 'more' | 'jurisdiction' | 'urgent' | 'confirm'> = {
  name: 'case-register',
  title: '立案登记',
  help: '正在登记案件：按提示逐项填写；每名当事人都要登记政治面貌、工作单位和职务（监察执纪衔接）；最后说明是否属于本单位管辖（属乡镇与区职能部门另一方管辖的，自发现之日起计算移送期限）。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: (d, t) => ({ text: '您在多个单位任职，请选择办案单位：', options: d.orgChoices.map((id) => t.services.directory.name(id)) }),
      answer(text, d, t) {
        const org = d.orgChoices.find((id) => t.services.directory.name(id) === text.trim());
        return org ? next('summary', { ...d, orgId: org }) : invalid('请从选项中选择办案单位。');
      },
    },
    summary: {
      prompt: () => ({ text: step(1, '请填写案由及基本违法事实：') }),
      answer(text, d) {
        const v = boundedText(text, 5, MAX_CASE_TEXT.summary, '案由及基本事实');
        return v.ok ? next('legalBasis', { ...d, summary: v.value }) : invalid(v.reason);
      },
    },
    legalBasis: {
      prompt: () => ({ text: step(2, '请填写法律依据（违反及依据的法律法规条款）：') }),
      answer(text, d) {
        const v = boundedText(text, 2, MAX_CASE_TEXT.legalBasis, '法律依据');
        return v.ok ? next('amount', { ...d, legalBasis: v.value }) : invalid(v.reason);
      },
    },
    amount: {
      prompt: () => ({ text: step(3, '涉案金额（元）是多少？没有请回复“无”。'), options: [NONE] }),
      answer(text, d) {
        const a = parseAmount(text);
        return a !== null && typeof a === 'object' ? invalid(a.error) : next('discovered', { ...d, amount: a });
      },
    },
    discovered: {
      prompt: () => ({ text: step(4, '何时发现该违法行为？（如 2026-11-20 14:30，或“今天”）\n乡镇与区职能部门之间的移送期限从发现之日起算。'), options: ['今天'] }),
      answer(text, d, t) {
        const p = parseLocalDateTime(text, t.now);
        return 'error' in p ? invalid(p.error) : next('partyName', { ...d, discoveredAt: p.at.toISOString(), discoveredOn: p.date });
      },
    },
    partyName: {
      prompt: (d) => ({ text: step(5, `请填写第 ${d.parties.length + 1} 名当事人的姓名或名称：`) }),
      answer(text, d) {
        const v = boundedText(text, 2, 100, '当事人姓名或名称');
        return v.ok ? next('partyKind', { ...d, party: { name: v.value, kind: 'person' } }) : invalid(v.reason);
      },
    },
    partyKind: needs(['party'], {
      prompt: (d) => ({ text: `${d.party?.name} 是自然人还是单位？`, options: [PERSON, ORGANISATION] }),
      answer(text, d) {
        if (text.trim() === ORGANISATION) {
          const p = makeParty({ name: d.party.name, kind: 'organisation', politicalStatus: null, employer: null, position: null, stateEmployee: false });
          return p.ok ? next('more', { ...d, parties: [...d.parties, p.value], party: undefined }) : invalid(p.reason);
        }
        if (text.trim() !== PERSON) return invalid('请回复“自然人”或“单位”。');
        return next('political', { ...d, party: { ...d.party, kind: 'person' } });
      },
    }),
    political: needs(['party'], {
      prompt: (d) => ({ text: `${d.party?.name} 的政治面貌：`, options: [...POLITICAL_STATUSES] }),
      answer(text, d) {
        const s = parsePoliticalStatus(text);
        return s ? next('employer', { ...d, party: { ...d.party, politicalStatus: s } }) : invalid(`请选择政治面貌：${POLITICAL_STATUSES.join('、')}。`);
      },
    }),
    employer: needs(['party'], {
      prompt: (d) => ({ text: `${d.party?.name} 的工作单位（没有请回复“无”）：`, options: [NONE] }),
      answer: (text, d) => next('position', { ...d, party: { ...d.party, employer: optional(text) } }),
    }),
    position: needs(['party'], {
      prompt: (d) => ({ text: `${d.party?.name} 的职务（没有请回复“无”）：`, options: [NONE] }),
      answer: (text, d) => next('stateEmployee', { ...d, party: { ...d.party, position: optional(text) } }),
    }),
    stateEmployee: needs(['party'], {
      prompt: (d) => ({ text: `${d.party?.name} 是否为国家工作人员？`, options: [YES, NO] }),
      answer(text, d) {
        const a = text.trim();
        if (a !== YES && a !== NO) return invalid('请回复“是”或“否”。');
        const p = makeParty({
          name: d.party.name, kind: 'person', politicalStatus: d.party.politicalStatus ?? null,
          employer: d.party.employer ?? null, position: d.party.position ?? null, stateEmployee: a === YES,
        });
        return p.ok ? next('more', { ...d, parties: [...d.parties, p.value], party: undefined }) : invalid(p.reason);
      },
    }),
    more: {
      prompt: (d) => ({ text: step(6, `已登记当事人 ${d.parties.length} 名：\n${d.parties.map(partyLine).join('\n')}`), options: [ADD, FINISH] }),
      answer(text, d) {
        if (text.trim() === ADD) return d.parties.length >= MAX_PARTIES ? invalid(`当事人最多登记 ${MAX_PARTIES} 名。`) : next('partyName', d);
        return text.trim() === FINISH ? next('jurisdiction', d) : invalid(`请回复“${ADD}”或“${FINISH}”。`);
      },
    },
    /** 管辖 (M15 一): found to be another body's, the transfer clock runs from the discovery. */
    jurisdiction: needs(['orgId'], {
      prompt: () => ({
        text: step(7, `该违法行为是否属于本单位管辖？属于其他单位管辖的，请写出有管辖权的单位（如：市场监管局、某镇；涉嫌犯罪的写“公安”）。\n乡镇与区职能部门之间须自发现之日起3个工作日内（情况紧急的24小时内）移送有管辖权的一方。`),
        options: [OWN],
      }),
      answer(text, d, t) {
        const a = text.trim();
        if (a === OWN || /^(本单位|本单位管辖|属于本单位|是)$/.test(a)) return next('confirm', { ...d, competentOrgId: null, urgent: false });
        const dir = t.services.directory;
        const to = dir.find(a, (o) => o.kind !== 'authority');
        if (!to) return invalid(`未找到该单位。属于本单位管辖的请回复“${OWN}”，否则写出有管辖权的单位名称或简称。`);
        if (to.id === d.orgId) return next('confirm', { ...d, competentOrgId: null, urgent: false });
        const route = routeBetween(dir.byId(d.orgId)!, to, EXTRA_ORG.police);
        if (!route.ok) return invalid(route.reason);
        const draft = { ...d, competentOrgId: to.id, urgent: false };
        return route.value === 'township-district' ? next('urgent', draft) : next('confirm', draft);
      },
    }),
    urgent: needs(['competentOrgId'], {
      prompt: (d, t) => ({ text: `属${t.services.directory.name(d.competentOrgId)}管辖。情况是否紧急？（紧急的须在发现后24小时内移送，否则3个工作日内）`, options: [URGENT, NOT_URGENT] }),
      answer(text, d) {
        const a = text.trim();
        if (a !== URGENT && a !== NOT_URGENT && a !== YES && a !== NO) return invalid('请回复“是”或“否”。');
        return next('confirm', { ...d, urgent: a === URGENT || a === YES });
      },
    }),
    confirm: needs(['orgId', 'summary', 'legalBasis', 'discoveredAt', 'discoveredOn'], {
      prompt: (d, t) => ({ text: summary(t, d), options: [CONFIRM, '取消'] }),
      async answer(text, d, t) {
        if (!isConfirm(text, CONFIRM)) return invalid(`请回复“${CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const caseNo = await t.store.numbers.next(SERIES.case, localYear(t.now));
        const c = await t.store.cases.create({
          caseNo, orgId: d.orgId, officerPersonId: t.actor.personId, registeredAt: t.now, status: 'open',
          summary: d.summary, legalBasis: d.legalBasis, amount: d.amount ?? null,
          discoveredAt: new Date(d.discoveredAt), discoveredOn: d.discoveredOn, parties: d.parties, evidence: [],
          // Found at 立案 to be another body's: found when the violation was discovered.
          jurisdiction: d.competentOrgId ? { orgId: d.competentOrgId, foundAt: new Date(d.discoveredAt), urgent: d.urgent ?? false } : null,
        });
        await t.store.caseEvents.add({ recordNo: caseNo, kind: 'registered', actorPersonId: t.actor.personId, orgId: c.orgId }, t.now);
        const clock = await openCaseClock(t, c);
        const transfer = d.competentOrgId ? `\n属${t.services.directory.name(d.competentOrgId)}管辖，请及时移送${clock ? `。移送期限：${clock}` : '。'}` : '';
        return done({
          text: `已登记案件 ${caseNo}。${transfer}\n可发送“证据 ${caseNo}”登记并确认证据，“移送 ${caseNo}”移送案件，“办结 ${caseNo}”登记办结。`,
          options: [`证据 ${caseNo}`, `移送 ${caseNo}`, `查询 ${caseNo}`],
        });
      },
    }),
  },
};

/** The same dialogue for someone who handles cases in one body only: no body to choose. */
export const caseFlowOneOrg = startingAt(caseFlow, 'case-register-one', 'summary');
