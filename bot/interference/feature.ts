/**
 * 干预记录 (M12 履职免责): 记录干预 opens a step-by-step record for officers and heads;
 * the supervising body uses 干预记录列表, 查询 GY-… and 核验干预记录.
 */
import { SERIES } from '../../domain/record-no';
import { MAX_TEXT, METHODS, caseNoIn } from '../../domain/interference';
import { recorderOrgs, supervisesAny } from '../../domain/interference-access';
import { type Feature, openFlow, say } from '../feature';
import { type Filled, type Flow, boundedText, done, invalid, needs, next } from '../flow';
import { textStep } from '../steps';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { factLines } from './render';
import { NOT_RECORDER, appendRecord, listRecords, showRecord, supervisors, verifyRecords } from './records';

export interface InterferenceDraftData {
  orgId: number; // the body the officer records for
  caseRef?: string;
  unit?: string | null;
  person?: string | null;
  orgMatch?: number | null; // the directory's body named by unit (or person)
  occurred?: string;
  method?: string;
  request?: string;
  response?: string | null;
}

const SKIP = '跳过';
const CONFIRM = '确认提交';
const CHANGE_ORG = '更改记录单位';
const CANCEL = '取消';
const STEPS = 7;
const head = (n: number) => `【干预记录 ${n}/${STEPS}】`;

function facts(d: Filled<InterferenceDraftData, 'caseRef' | 'occurred' | 'method' | 'request'>) {
  return {
    caseRef: d.caseRef, caseNo: caseNoIn(d.caseRef),
    interfererOrgId: d.orgMatch ?? null, interfererUnit: d.unit ?? null, interfererPerson: d.person ?? null,
    occurred: d.occurred, method: d.method, request: d.request, response: d.response ?? null,
  };
}

export const recordFlow: Flow<InterferenceDraftData, 'case' | 'unit' | 'person' | 'occurred' | 'method' | 'request' | 'response' | 'confirm' | 'org'> = {
  name: 'interference',
  title: '记录干预',
  help: '正在记录干预情况。按提示逐项如实填写；发送“返回”修改上一项，“取消”放弃本次记录（不会保存任何内容）。',
  first: 'case',
  steps: {
    case: {
      prompt: () => ({
        text: [
          '按照实施方案（十二），对任何单位或者个人违法干预行政执法活动、插手具体案件处理的情况，要全面、如实记录，存档备查。记录报送司法局，记录人身份不会告知被记录的单位。',
          `${head(1)}涉及哪个案件？请写案件编号（如 AJ-2026-000012），或案件名称、当事人等简要说明。`,
        ].join('\n'),
      }),
      answer(text, d) {
        const v = boundedText(text, 2, MAX_TEXT.caseRef, '涉及的案件');
        return v.ok ? next('unit', { ...d, caseRef: v.value }) : invalid(v.reason);
      },
    },
    unit: {
      prompt: () => ({ text: `${head(2)}实施干预的是哪个单位？（如：某局、某镇政府；个人干预、单位不明可选“跳过”）`, options: [SKIP] }),
      answer(text, d, t) {
        if (text.trim() === SKIP) return next('person', { ...d, unit: null, orgMatch: null });
        const v = boundedText(text, 2, MAX_TEXT.unit, '干预单位');
        if (!v.ok) return invalid(v.reason);
        return next('person', { ...d, unit: v.value, orgMatch: t.services.directory.find(v.value)?.id ?? null });
      },
    },
    person: {
      prompt: () => ({ text: `${head(3)}实施干预的人员姓名和职务？（如：张某，某局副局长；不清楚可选“跳过”）`, options: [SKIP] }),
      answer(text, d, t) {
        if (text.trim() === SKIP) {
          if (!d.unit) return invalid('单位和人员至少要写明一项。请写明实施干预的人员，或发送“返回”填写单位。');
          return next('occurred', { ...d, person: null });
        }
        const v = boundedText(text, 2, MAX_TEXT.person, '干预人员');
        if (!v.ok) return invalid(v.reason);
        // A person's description may name their body ("农业局李某"): it is the named unit then.
        const orgMatch = d.orgMatch ?? t.services.directory.find(v.value)?.id ?? null;
        return next('occurred', { ...d, person: v.value, orgMatch });
      },
    },
    occurred: textStep({
      ask: `${head(4)}干预发生在什么时间？（如：11月20日上午10时）`,
      what: '干预时间', min: 2, max: MAX_TEXT.occurred,
      then: (occurred, d) => next('method', { ...d, occurred }),
    }),
    method: textStep({
      ask: `${head(5)}以什么方式干预？请选择或直接写明。`, options: METHODS,
      what: '干预方式', min: 2, max: MAX_TEXT.method,
      then: (method, d) => next('request', { ...d, method }),
    }),
    request: textStep({
      ask: `${head(6)}对方提出了什么要求？请如实、完整写明原话或大意（如：要求对某商户从轻处罚、不予立案）。`,
      what: '提出的要求', min: 5, max: MAX_TEXT.request,
      then: (request, d) => next('response', { ...d, request }),
    }),
    response: {
      prompt: () => ({ text: `${head(7)}您是如何应对的？（如：当场拒绝，告知依法办理；可选“跳过”）`, options: [SKIP] }),
      answer(text, d) {
        if (text.trim() === SKIP) return next('confirm', { ...d, response: null });
        const v = boundedText(text, 2, MAX_TEXT.response, '应对情况');
        return v.ok ? next('confirm', { ...d, response: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['caseRef', 'occurred', 'method', 'request'], {
      prompt(d, t) {
        const dir = t.services.directory;
        const several = recorderOrgs(t.actor).length > 1;
        return {
          text: [
            '请核对干预记录（提交后不能修改或删除）：',
            ...factLines(facts(d), dir),
            `记录单位：${dir.name(d.orgId)}`,
          ].join('\n'),
          options: several ? [CONFIRM, CHANGE_ORG, CANCEL] : [CONFIRM, CANCEL],
        };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (a === CHANGE_ORG && recorderOrgs(t.actor).length > 1) return next('org', d);
        if (a !== CONFIRM && a !== '确认' && a !== '提交') return invalid(`请选择“${CONFIRM}”或“${CANCEL}”。`);
        const r = await appendRecord(t, d.orgId, facts(d));
        return done(r.ok ? r.value : { text: r.reason });
      },
    }),
    org: {
      prompt: (_d, t) => ({ text: '以哪个单位的身份记录？', options: recorderOrgs(t.actor).map((id) => t.services.directory.name(id)) }),
      answer(text, d, t) {
        const org = t.services.directory.find(text);
        if (!org || !recorderOrgs(t.actor).includes(org.id)) return invalid('请从选项中选择您任执法人员或负责人的单位。');
        return next('confirm', { ...d, orgId: org.id });
      },
    },
  },
};

function start(t: Turn) {
  const orgs = recorderOrgs(t.actor);
  if (!orgs.length) return say(NOT_RECORDER);
  return openFlow(recordFlow, { orgId: orgs[0]! });
}

export const interference: Feature = {
  name: 'interference',
  flows: [recordFlow],

  commands: [
    command({
      words: ['记录干预', '干预记录', '登记干预', '记录干预情况'],
      help: (t) => (recorderOrgs(t.actor).length ? '记录干预 —— 记录单位或个人干预执法、插手案件的情况（存档备查，提交后不可修改）' : null),
      run: start,
    }),
    command({
      words: ['干预记录列表', '干预记录台账', '查看干预记录'],
      inFlow: 'answer',
      help: (t) => (supervisesAny(t.actor, supervisors(t)) ? '干预记录列表 / 查询 GY-编号 / 核验干预记录 —— 查阅干预记录，核验是否被改动' : null),
      async run(t) {
        const r = await listRecords(t);
        return r.ok ? { replies: [r.value] } : r.reason;
      },
    }),
    command({ words: ['核验干预记录'], args: [text({ what: '范围', optional: true })], inFlow: 'answer', run: (t, [x]) => verifyRecords(t, x ?? '') }),
    command({ words: ['查询'], args: [record(SERIES.interference)], inFlow: 'answer', run: (t, [no]) => showRecord(t, no) }),
  ],
};
