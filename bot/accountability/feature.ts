/**
 * 责任追究 (M8), kept by the justice bureau: 问责 / 追责记录 lists the findings, 追责立项
 * records one, 追责决定 ZR-… records the deciding authority and the outcome, 不予追究 ZR-…
 * closes one with the reason; 查询 ZR-… shows one.
 */
import {
  AUTHORITIES, AUTHORITY_LABEL, type Authority, FAULT_GROUNDS, type FaultGround, GROUND_LABEL, MAX_FAULT_TEXT, canKeepRecord, parseAuthority,
  parseGround,
} from '../../domain/accountability';
import { ORG } from '../../domain/organisation';
import { SERIES } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { type Flow, boundedText, done, invalid, next } from '../flow';
import { matchRecordCommand } from '../record-command';
import { type TextActionSpec, startTextAction, textActionFlow } from '../text-action';
import type { Turn } from '../turn';
import { KEEPERS_ONLY, contextOf, decideFinding, dismissFinding, loadFinding, loadProposed, proposeFinding } from './actions';
import { findingLine, findingText, targetText } from './render';

const keeper = (t: Turn) => canKeepRecord(t.actor, t.services.directory.byCode(ORG.justiceBureau)!.id);

// ── 追责决定: the authority that decided, then the outcome ──

interface DecideDraft {
  no: string;
  proposed: Authority;
  authority?: Authority;
  outcome?: string;
}

export const decideFlow: Flow<DecideDraft> = {
  name: 'finding-decide',
  help: '正在登记追责处理结果：先选择作出处理的机关，再写明处理结果。发送“返回”修改，“取消”放弃。',
  first: 'authority',
  steps: {
    authority: {
      prompt: (d) => ({
        text: `${d.no}：由哪个机关作出处理？（行政处理由所在执法机关按管理权限实施；行政处分、职务调整由人事任免机关或监察机关实施；涉嫌犯罪移送司法机关）`,
        options: [d.proposed, ...AUTHORITIES.filter((a) => a !== d.proposed)].map((a) => AUTHORITY_LABEL[a]),
      }),
      answer(text, d) {
        const authority = parseAuthority(text);
        return authority ? next('outcome', { ...d, authority }) : invalid('请从选项中选择处理机关。');
      },
    },
    outcome: {
      prompt: (d) => ({ text: `${AUTHORITY_LABEL[d.authority!]}的处理结果（如：通报批评；记过处分；移送公安机关）：` }),
      answer(text, d) {
        const v = boundedText(text, 2, MAX_FAULT_TEXT, '处理结果');
        return v.ok ? next('confirm', { ...d, outcome: v.value }) : invalid(v.reason);
      },
    },
    confirm: {
      prompt: (d) => ({ text: `确认登记 ${d.no} 的处理结果？\n处理机关：${AUTHORITY_LABEL[d.authority!]}\n处理结果：${d.outcome}`, options: ['确认', '取消'] }),
      async answer(text, d, t) {
        if (text.trim() !== '确认') return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        const r = await decideFinding(t, d.no, d.authority!, d.outcome!);
        return done(r.ok ? { text: r.value, options: [`查询 ${d.no}`] } : { text: r.reason });
      },
    },
  },
};

// ── 不予追究: a reason ──

const DISMISS: Record<string, TextActionSpec> = {
  dismiss: {
    prompt: (no) => `不予追究 ${no}：请写明理由（如：经核实不存在过错；依方案（八）应由监察机关处理，不适用本机制）：`,
    what: '不予追究的理由', min: 4, max: MAX_FAULT_TEXT,
    check: (t, no) => loadProposed(t, no, '决定不予追究'),
    run: dismissFinding,
  },
};
export const dismissFlow = textActionFlow('finding-dismiss', '正在登记不予追究：请写明理由。发送“取消”放弃。', DISMISS);

// ── 追责立项: a finding recorded by the bureau ──

interface ProposeDraft {
  orgId?: number;
  officer?: string | null; // null: against the body itself
  ground?: FaultGround;
  facts?: string;
}

const WHOLE_BODY = '单位';

export const proposeFlow: Flow<ProposeDraft> = {
  name: 'finding-propose',
  help: '正在登记追责线索：依次填写单位、对象、情形和过错事实。发送“返回”修改，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: () => ({ text: '【追责立项 1/4】涉及哪个单位？' }),
      answer(text, d, t) {
        const org = t.services.directory.find(text, (o) => o.kind === 'department' || o.kind === 'township' || o.kind === 'authority');
        return org ? next('target', { ...d, orgId: org.id }) : invalid('没有找到该单位，请输入单位名称（如：城管局、抚宁镇）。');
      },
    },
    target: {
      prompt: () => ({ text: `【追责立项 2/4】针对哪位执法人员？请写姓名；针对单位本身请选“${WHOLE_BODY}”。`, options: [WHOLE_BODY] }),
      answer(text, d) {
        const t = text.trim();
        if (t === WHOLE_BODY) return next('ground', { ...d, officer: null });
        if (t.length < 2 || t.length > 40) return invalid('请写明执法人员姓名（2–40 字），或选择“单位”。');
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
    confirm: {
      prompt: (d, t) => ({
        text: [
          '确认登记以下追责线索？',
          `对象：${targetText(d.officer ? { kind: 'officer', orgId: d.orgId!, name: d.officer, personId: null } : { kind: 'org', orgId: d.orgId! }, t.services.directory)}`,
          `情形：${GROUND_LABEL[d.ground!]}`,
          `过错事实：${d.facts}`,
        ].join('\n'),
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (text.trim() !== '确认') return invalid('请选择“确认”或“取消”，或发送“返回”修改。');
        if (!keeper(t)) return done({ text: KEEPERS_ONLY });
        const r = await proposeFinding(contextOf(t), {
          target: d.officer ? { kind: 'officer', orgId: d.orgId!, name: d.officer, personId: null } : { kind: 'org', orgId: d.orgId! },
          ground: d.ground!, facts: d.facts!, source: null, proposedBy: t.actor.personId,
        });
        if (!r.ok) return invalid(r.reason);
        const no = r.value!.no;
        return done({ text: `已登记追责记录 ${no}（待认定）。处理机关作出决定后，请发送“追责决定 ${no}”登记处理结果。`, options: [`查询 ${no}`] });
      },
    },
  },
};

async function list(t: Turn): Promise<Outcome> {
  if (!keeper(t)) return say(KEEPERS_ONLY);
  const dir = t.services.directory;
  const open = await t.store.findings.list(['proposed'], 30);
  const closed = await t.store.findings.list(['decided', 'dismissed'], 10);
  if (!open.length && !closed.length) return say('目前没有追责记录。发送“追责立项”可登记追责线索。', ['追责立项']);
  const lines = [`待认定处理（${open.length}）：`, ...open.map((f) => findingLine(f, dir))];
  if (closed.length) lines.push('最近办结：', ...closed.map((f) => findingLine(f, dir)));
  return say(lines.join('\n'), open.slice(0, 6).map((f) => `追责决定 ${f.no}`));
}

const cmd = (text: string, words: string) => matchRecordCommand(text, words, SERIES.fault);

export const accountability: Feature = {
  name: 'accountability',
  flows: [decideFlow, dismissFlow, proposeFlow],

  help(t) {
    if (!keeper(t)) return [];
    return [
      '· 问责 / 追责记录 —— 责任追究记录（逾期未移送、未按时纪检移送、整改逾期或不到位等）',
      '· 追责立项 / 追责决定 ZR-编号 / 不予追究 ZR-编号 —— 登记追责线索和处理结果',
    ];
  },

  async command(t, text) {
    let c;
    if (/^(问责|追责记录|责任追究|追责)$/.test(text)) return list(t);
    if (/^(追责立项|提出追责|登记追责)$/.test(text)) return keeper(t) ? openFlow(proposeFlow, {}) : say(KEEPERS_ONLY);
    if ((c = cmd(text, '查询|追责'))) {
      const f = await loadFinding(t, c.no);
      return say(f.ok ? findingText(f.value, t.services.directory) : f.reason);
    }
    if ((c = cmd(text, '追责决定|处理结果'))) {
      const f = await loadProposed(t, c.no, '登记处理结果');
      if (!f.ok) return say(f.reason);
      return openFlow(decideFlow, { no: c.no, proposed: f.value.proposedAuthority });
    }
    if ((c = cmd(text, '不予追究'))) return startTextAction(t, dismissFlow, DISMISS, 'dismiss', c.no, c.rest);
    return null;
  },

  async todo(t) {
    if (!keeper(t)) return null;
    const open = await t.store.findings.list(['proposed'], 20);
    if (!open.length) return null;
    return { lines: ['责任追究（待认定）：', ...open.map((f) => findingLine(f, t.services.directory))], options: open.map((f) => `追责决定 ${f.no}`) };
  },
};
