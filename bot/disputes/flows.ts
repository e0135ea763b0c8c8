/** Dispute dialogues: the application (申请协调) and the acts that take a text. */
import {
  APPLICANT_ROLES, DISPUTE_KINDS, DISPUTE_KIND_LABEL, type DisputeKind, MAX_DISPUTE_TEXT, MIN_FACTS, MIN_OPINION, MIN_REASON,
  canBeParty, checkNegotiation, checkParties, parseDisputeKind, rulingWord, validateApplication,
} from '../../domain/dispute';
import type { Organisation } from '../../domain/organisation';
import { type Flow, boundedText, done, invalid, next, needs } from '../flow';
import { type TextActionSpec, textActionFlow } from '../text-action';
import type { Turn } from '../turn';
import { apply, canStart, declineDispute, issueOpinion, reportDispute, respondToOpinion, ruleDispute } from './actions';
import { describe } from './render';

export interface ApplicationDraft {
  applicantOrgId: number;
  kind?: DisputeKind;
  respondentOrgIds?: number[];
  facts?: string;
  negotiation?: string;
}

const KIND_OPTIONS = DISPUTE_KINDS.map((k) => DISPUTE_KIND_LABEL[k].replace(/争议.*$/, ''));

/** The bodies the actor may apply for: departments and townships where they are officer, head or liaison. */
export function applicantOrgs(t: Turn): Organisation[] {
  const dir = t.services.directory;
  const ids = [...new Set(t.actor.grants.filter((g) => APPLICANT_ROLES.includes(g.role)).map((g) => g.orgId))];
  return ids.map((id) => dir.byId(id)).filter((o): o is Organisation => !!o && canBeParty(o));
}

/** 「城管局、抚宁镇」 → the bodies, or which name was not found. */
function findBodies(t: Turn, text: string): { orgs: Organisation[] } | { unknown: string } {
  const orgs: Organisation[] = [];
  for (const name of text.split(/[、，,；;\s]+/).map((s) => s.trim()).filter(Boolean)) {
    const o = t.services.directory.find(name);
    if (!o) return { unknown: name };
    orgs.push(o);
  }
  return { orgs };
}

export const applicationFlow: Flow<ApplicationDraft, 'kind' | 'respondents' | 'facts' | 'negotiation' | 'confirm'> = {
  name: 'dispute-apply',
  title: '争议协调申请',
  help: '正在申请行政执法争议协调：依次填写争议类型、对方单位、争议事实和先行协商情况。发送“返回”修改上一项，“取消”放弃。',
  first: 'kind',
  steps: {
    kind: {
      prompt: (d, t) => ({
        text: `【争议协调 1/4】${t.services.directory.name(d.applicantOrgId)}申请争议协调。争议属于哪一类？（职责、依据、程序、标准；乡镇与区职能部门的执法管辖争议选“管辖”）`,
        options: KIND_OPTIONS,
      }),
      answer(text, d) {
        const kind = parseDisputeKind(text);
        return kind ? next('respondents', { ...d, kind }) : invalid('请选择：职责、依据、程序、标准或管辖。');
      },
    },
    respondents: needs(['kind'], {
      prompt: () => ({ text: '【争议协调 2/4】争议对方是哪个单位？多个单位请用顿号分隔（如：城管局、抚宁镇）。' }),
      answer(text, d, t) {
        const found = findBodies(t, text);
        if ('unknown' in found) return invalid(`没有找到单位“${found.unknown}”。请输入区职能部门或乡镇（街道）的名称。`);
        const ids = checkParties(d.kind, t.services.directory.byId(d.applicantOrgId)!, found.orgs);
        return ids.ok ? next('facts', { ...d, respondentOrgIds: ids.value }) : invalid(ids.reason);
      },
    }),
    facts: {
      prompt: () => ({ text: '【争议协调 3/4】请写明争议事实：涉及什么事项，各方的主张分别是什么？' }),
      answer(text, d) {
        const v = boundedText(text, MIN_FACTS, MAX_DISPUTE_TEXT, '争议事实');
        return v.ok ? next('negotiation', { ...d, facts: v.value }) : invalid(v.reason);
      },
    },
    negotiation: {
      prompt: () => ({
        text: '【争议协调 4/4】方案要求先行协商，协商不成的才申请协调。请写明已进行的协商：时间、方式、参加单位，以及未能达成一致的分歧。',
      }),
      answer(text, d) {
        const v = checkNegotiation(text);
        return v.ok ? next('confirm', { ...d, negotiation: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['kind'], {
      prompt: (d, t) => ({
        text: ['请核对争议协调申请：', ...describe(d as Required<ApplicationDraft>, t.services.directory), '提交后由司法局审查受理，并告知各当事方。'].join('\n'),
        options: ['确认提交', '取消'],
      }),
      async answer(text, d, t) {
        if (!['确认提交', '确认', '提交'].includes(text.trim())) return invalid('请选择“确认提交”或“取消”，或发送“返回”修改。');
        const dir = t.services.directory;
        const applicant = dir.byId(d.applicantOrgId)!;
        if (!applicantOrgs(t).some((o) => o.id === applicant.id)) return done({ text: `您已不是 ${applicant.name} 的工作人员，不能以该单位名义申请。` });
        const facts = validateApplication({
          kind: d.kind, applicant, respondents: (d.respondentOrgIds ?? []).map((id) => dir.byId(id)!), applicantPersonId: t.actor.personId,
          facts: d.facts ?? '', negotiation: d.negotiation ?? '',
        });
        if (!facts.ok) return invalid(facts.reason);
        const created = await apply(t, facts.value);
        if (!created.ok) return done({ text: created.reason });
        const no = created.value.no;
        return done({ text: `已提交争议协调申请，编号：${no}。\n司法局和对方单位已收到通知；受理、协调意见和${rulingWord(d.kind)}结果都会告知您。`, options: [`查询 ${no}`] });
      },
    }),
  },
};

const MAX = MAX_DISPUTE_TEXT;

export const DISPUTE_TEXT_ACTIONS: Record<string, TextActionSpec> = {
  decline: {
    prompt: (no) => `不予受理 ${no}：请写明理由（将告知各当事方）：`,
    what: '不予受理的理由', min: MIN_REASON, max: MAX,
    check: (t, no) => canStart(t, no, 'decline'),
    run: declineDispute,
  },
  opinion: {
    prompt: (no) => `出具协调意见 ${no}：请写明协调意见（职责划分、适用依据或处理方式）：`,
    what: '协调意见', min: MIN_OPINION, max: MAX,
    confirm: (no, text) => `确认就 ${no} 出具以下协调意见，并送达各当事方？\n${text}`,
    check: (t, no) => canStart(t, no, 'opinion'),
    run: issueOpinion,
  },
  disagree: {
    prompt: (no) => `不同意 ${no} 的协调意见：请写明理由：`,
    what: '不同意的理由', min: 2, max: MAX,
    check: (t, no) => canStart(t, no, 'respond'),
    run: (t, no, text) => respondToOpinion(t, no, false, text),
  },
  report: {
    prompt: (no) => `报请区政府裁决 ${no}：请写明司法局的书面建议：`,
    what: '书面建议', min: MIN_OPINION, max: MAX,
    confirm: (no, text) => `确认将 ${no} 连同以下书面建议报请区政府？\n${text}`,
    check: (t, no) => canStart(t, no, 'report'),
    run: reportDispute,
  },
  rule: {
    prompt: (no) => `区政府对 ${no} 的裁决（决定）：请写明内容：`,
    what: '裁决内容', min: MIN_OPINION, max: MAX,
    confirm: (no, text) => `确认记录区政府对 ${no} 的以下裁决（决定），并告知各方？\n${text}`,
    check: (t, no) => canStart(t, no, 'rule'),
    run: ruleDispute,
  },
};

export const disputeTextFlow = textActionFlow(
  'dispute-text',
  '争议协调',
  '正在办理争议协调：请按提示填写。发送“返回”修改，“取消”放弃。',
  DISPUTE_TEXT_ACTIONS,
);
