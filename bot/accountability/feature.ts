/**
 * 责任追究 (M8). The justice bureau supervises: 问责 / 追责记录 lists every finding, 追责立项
 * records one against any body or officer, and it records the decisions on faults of a
 * body as such. Each body is the 追究机关 of its own officers: its head records findings
 * against them (追责立项), decides them (追责决定 ZR-…: 行政处理 / 处分或职务调整 / 移送司法机关,
 * with the deciding authority and the outcome) or closes them (不予追究 ZR-…). 追责立项 编号
 * opens one from the record where the fault showed (a complaint found true, a failed
 * rectification, a refusal to cooperate); 查询 ZR-… shows one.
 */
import {
  AUTHORITY_LABEL, type Authority, FAULT_GROUNDS, type FaultGround, type FaultTarget, GROUND_LABEL, MAX_FAULT_TEXT, OUTCOME_KINDS, OUTCOME_KIND_LABEL,
  type OutcomeKind, authoritiesFor, canKeepRecord, canOpenFinding, isAgencyHead, parseAuthority, parseGround, parseOutcomeKind,
} from '../../domain/accountability';
import type { Subject } from '../../domain/deadlines/deadline';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { type Filled, type Flow, boundedText, done, invalid, isConfirm, next, startingAt, needs } from '../flow';
import { type TextActionSpec, startTextAction, textActionFlow } from '../text-action';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { KEEPERS_ONLY, contextOf, decideFinding, dismissFinding, loadFinding, loadProposed, onDeadlineMissed, proposeFinding } from './actions';
import { findingSource } from './sources';
import { findingLine, findingText, sourceText, targetText } from './render';

const justiceId = (t: Turn) => t.services.directory.byCode(ORG.justiceBureau)!.id;
const keeper = (t: Turn) => canKeepRecord(t.actor, justiceId(t));
/**
 * The enforcement bodies whose head the person is: the 追究机关 they speak for — the
 * departments and townships, and the approval bureau (行政许可 is enforcement too).
 */
const agencyOrgs = (t: Turn): number[] => {
  const dir = t.services.directory;
  return [...new Set(t.actor.grants.map((g) => g.orgId))].filter((id) => {
    const o = dir.byId(id);
    return !!o && (o.kind === 'department' || o.kind === 'township' || o.code === ORG.approvalBureau) && isAgencyHead(t.actor, id);
  });
};
const mayRecord = (t: Turn) => keeper(t) || agencyOrgs(t).length > 0;

// ── 追责决定: the kind of follow-up, the authority that took it, the outcome ──

interface DecideDraft {
  no: string;
  target: FaultTarget['kind'];
  proposed: Authority;
  kind?: OutcomeKind;
  authority?: Authority;
  outcome?: string;
}

const authorityOptions = (d: Filled<DecideDraft, 'kind'>): readonly Authority[] => {
  const allowed = authoritiesFor(d.target, d.kind);
  return allowed.includes(d.proposed) ? [d.proposed, ...allowed.filter((a) => a !== d.proposed)] : allowed;
};

export const decideFlow: Flow<DecideDraft, 'kind' | 'authority' | 'outcome' | 'confirm'> = {
  name: 'finding-decide',
  title: '追责决定',
  help: '正在登记追责处理结果：先选择处理类别（行政处理、处分或职务调整、移送司法机关）和作出处理的机关，再写明处理结果。发送“返回”修改，“取消”放弃。',
  first: 'kind',
  steps: {
    kind: {
      prompt: (d) => ({
        text: `${d.no}：根据过错责任认定结论，采取哪类处理？（行政处理由责任追究机关按管理权限实施；处分或职务调整由人事任免机关或监察机关实施；涉嫌犯罪的移送司法机关）`,
        options: OUTCOME_KINDS.map((k) => OUTCOME_KIND_LABEL[k]),
      }),
      answer(text, d) {
        const kind = parseOutcomeKind(text);
        if (!kind) return invalid('请选择：行政处理、处分或职务调整、移送司法机关。');
        const only = authoritiesFor(d.target, kind);
        return only.length === 1 ? next('outcome', { ...d, kind, authority: only[0] }) : next('authority', { ...d, kind });
      },
    },
    authority: needs(['kind'], {
      prompt: (d) => ({ text: `${OUTCOME_KIND_LABEL[d.kind]}由哪个机关作出？`, options: authorityOptions(d).map((a) => AUTHORITY_LABEL[a]) }),
      answer(text, d) {
        const authority = parseAuthority(text);
        return authority && authorityOptions(d).includes(authority) ? next('outcome', { ...d, authority }) : invalid('请从选项中选择处理机关。');
      },
    }),
    outcome: needs(['authority'], {
      prompt: (d) => ({ text: `${AUTHORITY_LABEL[d.authority]}的处理结果（如：责令书面检查；通报批评；记过处分；移送公安机关）：` }),
      answer(text, d) {
        const v = boundedText(text, 2, MAX_FAULT_TEXT, '处理结果');
        return v.ok ? next('confirm', { ...d, outcome: v.value }) : invalid(v.reason);
      },
    }),
    confirm: needs(['kind', 'authority', 'outcome'], {
      prompt: (d) => ({
        text: `确认登记 ${d.no} 的处理结果？\n处理类别：${OUTCOME_KIND_LABEL[d.kind]}\n处理机关：${AUTHORITY_LABEL[d.authority]}\n处理结果：${d.outcome}`,
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await decideFinding(t, d.no, d.kind, d.authority, d.outcome);
        return done(r.ok ? { text: r.value, options: [`查询 ${d.no}`] } : { text: r.reason });
      },
    }),
  },
};

// ── 不予追究: a reason ──

const DISMISS: Record<string, TextActionSpec> = {
  dismiss: {
    prompt: (no) => `不予追究 ${no}：请写明理由（如：经核实不存在过错；依法应由监察机关处理，不适用本机制）：`,
    what: '不予追究的理由', min: 4, max: MAX_FAULT_TEXT,
    check: (t, no) => loadProposed(t, no, '决定不予追究'),
    run: dismissFinding,
  },
};
export const dismissFlow = textActionFlow('finding-dismiss', '不予追究', '正在登记不予追究：请写明理由。发送“取消”放弃。', DISMISS);

// ── 追责立项: a finding recorded by the bureau, or by a body's head against its own officer ──

interface ProposeDraft {
  /** The bodies a head may name (their own); unset for the bureau, which may name any. */
  orgChoices?: number[];
  orgId?: number;
  officer?: string | null; // null: against the body itself (the bureau only)
  ground?: FaultGround;
  facts?: string;
  /** The record the fault showed in, when opened from it (追责立项 TS-… / JD-… / SP-…). */
  source?: Subject;
}

const WHOLE_BODY = '单位';
const targetOf = (d: Filled<ProposeDraft, 'orgId'>): FaultTarget =>
  d.officer ? { kind: 'officer', orgId: d.orgId, name: d.officer, personId: null } : { kind: 'org', orgId: d.orgId };

export const proposeFlow: Flow<ProposeDraft, 'org' | 'target' | 'ground' | 'facts' | 'confirm'> = {
  name: 'finding-propose',
  title: '追责立项',
  help: '正在登记追责线索：依次填写单位、对象、情形和过错事实。发送“返回”修改，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: (d, t) => ({ text: '【追责立项 1/4】涉及哪个单位？', ...(d.orgChoices ? { options: d.orgChoices.map((id) => t.services.directory.name(id)) } : {}) }),
      answer(text, d, t) {
        const org = t.services.directory.find(text, (o) => (d.orgChoices ? d.orgChoices.includes(o.id) : o.kind === 'department' || o.kind === 'township' || o.kind === 'authority'));
        if (org) return next('target', { ...d, orgId: org.id });
        return invalid(d.orgChoices ? '各单位负责人只对本单位执法人员登记追责，请选择本单位。' : '没有找到该单位，请输入单位名称（如：城管局、抚宁镇）。');
      },
    },
    target: {
      prompt: (d, t) => {
        const head = `【追责立项 2/4】${t.services.directory.name(d.orgId)}${d.source ? `（来源：${sourceText(d.source)}）` : ''}：针对哪位执法人员？请写姓名`;
        return d.orgChoices ? { text: `${head}。` } : { text: `${head}；针对单位本身请选“${WHOLE_BODY}”。`, options: [WHOLE_BODY] };
      },
      answer(text, d) {
        const t = text.trim();
        if (t === WHOLE_BODY) return d.orgChoices ? invalid('单位本身的过错由司法局登记，报区政府等机关处理；请写明本单位执法人员的姓名。') : next('ground', { ...d, officer: null });
        if (t.length < 2 || t.length > 40) return invalid(`请写明执法人员姓名（2–40 字）${d.orgChoices ? '' : '，或选择“单位”'}。`);
        return next('ground', { ...d, officer: t });
      },
    },
    ground: {
      prompt: () => ({
        text: ['【追责立项 3/4】属于哪种情形？请回复序号：', ...FAULT_GROUNDS.map((g, i) => `${i + 1}. ${GROUND_LABEL[g]}`)].join('\n'),
        options: FAULT_GROUNDS.map((_g, i) => String(i + 1)),
      }),
      answer(text, d) {
        const ground = parseGround(text);
        return ground ? next('facts', { ...d, ground }) : invalid(`请回复 1–${FAULT_GROUNDS.length} 的序号。`);
      },
    },
    facts: {
      prompt: () => ({ text: '【追责立项 4/4】请写明过错事实（时间、事项、依据）：' }),
      answer(text, d) {
        const v = boundedText(text, 4, MAX_FAULT_TEXT, '过错事实');
        return v.ok ? next('confirm', { ...d, facts: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['orgId', 'ground', 'facts'], {
      prompt: (d, t) => ({
        text: [
          '确认登记以下追责线索？',
          `对象：${targetText(targetOf(d), t.services.directory)}`,
          `情形：${GROUND_LABEL[d.ground]}`,
          `过错事实：${d.facts}`,
          ...(d.source ? [`来源：${sourceText(d.source)}`] : []),
        ].join('\n'),
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const target = targetOf(d);
        if (!canOpenFinding(t.actor, target, justiceId(t))) return done({ text: KEEPERS_ONLY });
        const r = await proposeFinding(contextOf(t), { target, ground: d.ground, facts: d.facts, source: d.source ?? null, proposedBy: t.actor.personId });
        if (!r.ok) return invalid(r.reason);
        if (!r.value) return done({ text: `该对象已就${d.source ? sourceText(d.source) : '此事'}登记过同一情形的追责记录，请发送“问责”查看。` });
        const no = r.value.no;
        const who = target.kind === 'officer' && !isAgencyHead(t.actor, target.orgId) ? `已告知${t.services.directory.name(target.orgId)}负责人认定处理。` : `认定处理后，请发送“追责决定 ${no}”登记处理结果。`;
        return done({ text: `已登记追责记录 ${no}（待认定）。${who}`, options: [`查询 ${no}`] });
      },
    }),
  },
};
/** The same dialogue when the body is known (a head of one body, or opened from a record). */
export const proposeOfficerFlow = startingAt(proposeFlow, 'finding-propose-officer', 'target');

function startPropose(t: Turn): Outcome {
  if (keeper(t)) return openFlow(proposeFlow, {});
  const orgs = agencyOrgs(t);
  if (!orgs.length) return say(KEEPERS_ONLY);
  return orgs.length === 1 ? openFlow(proposeOfficerFlow, { orgChoices: orgs, orgId: orgs[0] }) : openFlow(proposeFlow, { orgChoices: orgs });
}

/** 追责立项 编号: from the record where the fault showed, against an officer of the body concerned. */
async function startProposeFrom(t: Turn, ref: string): Promise<Outcome | null> {
  const src = await findingSource(t, ref);
  if (!src) return null;
  if (!src.ok) return say(src.reason);
  const { orgId, source } = src.value;
  if (keeper(t)) return openFlow(proposeOfficerFlow, { orgId, source, ground: 'duty-fault' });
  if (agencyOrgs(t).includes(orgId)) return openFlow(proposeOfficerFlow, { orgChoices: [orgId], orgId, source, ground: 'duty-fault' });
  return say(KEEPERS_ONLY);
}

async function list(t: Turn): Promise<Outcome> {
  if (!mayRecord(t)) return say(KEEPERS_ONLY);
  const dir = t.services.directory;
  const scope = keeper(t) ? undefined : agencyOrgs(t);
  const open = await t.store.findings.list(['proposed'], 30, scope);
  const closed = await t.store.findings.list(['decided', 'dismissed'], 10, scope);
  if (!open.length && !closed.length) return say('目前没有追责记录。发送“追责立项”可登记追责线索。', ['追责立项']);
  const lines = [`待认定处理（${open.length}）：`, ...open.map((f) => findingLine(f, dir))];
  if (closed.length) lines.push('最近办结：', ...closed.map((f) => findingLine(f, dir)));
  return say(lines.join('\n'), open.slice(0, 6).map((f) => (f.target.kind === 'officer' && !scope ? `查询 ${f.no}` : `追责决定 ${f.no}`)));
}

const ZR = record(SERIES.fault);

export const accountability: Feature = {
  name: 'accountability',
  flows: [decideFlow, dismissFlow, proposeFlow, proposeOfficerFlow],
  onMissedDeadline: onDeadlineMissed,

  commands: [
    command({
      words: ['问责', '追责记录', '责任追究', '追责'],
      inFlow: 'answer',
      help: (t) => (keeper(t)
        ? [
          '问责 / 追责记录 —— 全区责任追究记录（逾期未移送、未按时纪检移送、整改逾期或不到位、执法人员过错等）',
          '追责立项 / 追责决定 ZR-编号 / 不予追究 ZR-编号 —— 登记追责线索；单位本身的过错登记区政府等机关的处理结果',
        ]
        : agencyOrgs(t).length ? ['问责 / 追责立项 —— 本单位执法人员的追责记录；追责决定 / 不予追究 ZR-编号 —— 作为责任追究机关认定处理'] : null),
      run: list,
    }),
    command({ words: ['追责立项', '提出追责', '登记追责'], run: startPropose }),
    command({
      words: ['追责立项', '提出追责', '登记追责'],
      // From the record where the fault showed (M11): a complaint, a notice, an inspection, an approval decision.
      args: [record(SERIES.complaint, SERIES.notice, SERIES.inspection, SERIES.approval)],
      run: async (t, [no]) => (await startProposeFrom(t, no)) ?? `未找到 ${no}。`,
    }),
    command({
      words: ['查询', '追责'],
      args: [ZR],
      inFlow: 'answer',
      async run(t, [no]) {
        const f = await loadFinding(t, no);
        return f.ok ? findingText(f.value, t.services.directory) : f.reason;
      },
    }),
    command({
      words: ['追责决定', '处理结果'],
      args: [ZR],
      async run(t, [no]) {
        const f = await loadProposed(t, no, '登记处理结果');
        if (!f.ok) return f.reason;
        return openFlow(decideFlow, { no, target: f.value.target.kind, proposed: f.value.proposedAuthority });
      },
    }),
    command({ words: ['不予追究'], args: [ZR, text({ what: '理由', optional: true })], run: (t, [no, x]) => startTextAction(t, dismissFlow, DISMISS, 'dismiss', no, x) }),
  ],

  async todo(t) {
    const dir = t.services.directory;
    const lines: string[] = [];
    const options: string[] = [];
    if (keeper(t)) {
      const open = await t.store.findings.list(['proposed'], 20);
      lines.push(...open.map((f) => findingLine(f, dir)));
      options.push(...open.filter((f) => f.target.kind === 'org').map((f) => `追责决定 ${f.no}`));
    } else {
      const orgs = agencyOrgs(t);
      if (orgs.length) {
        const open = (await t.store.findings.list(['proposed'], 20, orgs)).filter((f) => f.target.kind === 'officer');
        lines.push(...open.map((f) => findingLine(f, dir)));
        options.push(...open.map((f) => `追责决定 ${f.no}`));
      }
    }
    return lines.length ? { lines: ['责任追究（待认定）：', ...lines], options } : null;
  },
};
