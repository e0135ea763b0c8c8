/**
 * 争议协调 (M2) and 执法管辖争议 (M15 六): an enforcement body applies, the justice bureau
 * 受理 / 不予受理, 出具意见, the parties 同意 / 不同意, the bureau 报请裁决, the district
 * government 裁决 (决定); anyone involved may 查询 ZY-….
 */
import { type Dispute, isBureau, isGovernment, partyOf, rulingWord } from '../../domain/dispute';
import { SERIES } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { startTextAction } from '../text-action';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { acceptDispute, answerClocks, bodies, lapsedParties, loadVisible, respondToOpinion } from './actions';
import { DISPUTE_TEXT_ACTIONS, applicantOrgs, applicationFlow, disputeTextFlow } from './flows';
import { type AnswerState, statusText } from './render';

async function startApplication(t: Turn): Promise<Outcome> {
  const orgs = applicantOrgs(t);
  if (!orgs.length) {
    return say('争议协调由区行政执法部门、乡镇（街道）的执法人员、负责人或联络员提出申请。群众反映问题请发送“投诉”。', ['投诉', '帮助']);
  }
  return openFlow(applicationFlow, { applicantOrgId: orgs[0]!.id });
}

const ZY = record(SERIES.dispute);
/** What may follow the number: a reason or an opinion (asked for when left out). */
const REST = text({ what: '内容', optional: true });
const textAct = (t: Turn, action: string, no: string, rest?: string) => startTextAction(t, disputeTextFlow, DISPUTE_TEXT_ACTIONS, action, no, rest);
const reply = (r: { ok: true; value: string } | { ok: false; reason: string }, no: string) => (r.ok ? say(r.value, [`查询 ${no}`]) : say(r.reason));

/** The parties' answer clocks of an opinion-issued dispute, and who has let theirs run out. */
async function answerState(t: Turn, d: Dispute): Promise<AnswerState | undefined> {
  if (d.status !== 'opinion-issued') return undefined;
  const clocks = await answerClocks(t, d);
  return { clocks, lapsed: lapsedParties(d, clocks, t.now) };
}

/** 待办 lines and options for one dispute, from where the person stands. */
function todoFor(t: Turn, d: Dispute, answers: AnswerState | undefined): { line: string; option?: string } | null {
  const b = bodies(t);
  const head = `· ${d.no} ${t.services.directory.name(d.applicantOrgId)}申请`;
  if (isBureau(t.actor, b)) {
    if (d.status === 'applied') return { line: `${head}，待受理`, option: `受理 ${d.no}` };
    if (d.status === 'accepted') return { line: `${head}，协调中，待出具意见`, option: `出具意见 ${d.no}` };
    if (d.status === 'opinion-issued' && d.positions.some((p) => !p.agree)) return { line: `${head}，有单位不同意协调意见`, option: `报请裁决 ${d.no}` };
    if (answers?.lapsed.length) return { line: `${head}，有单位逾期未表态（视为不同意）`, option: `报请裁决 ${d.no}` };
  }
  if (isGovernment(t.actor, b) && d.status === 'reported') return { line: `${head}，待区政府${rulingWord(d.kind)}`, option: `${rulingWord(d.kind)} ${d.no}` };
  const party = partyOf(t.actor, d);
  if (party !== undefined && d.status === 'opinion-issued' && !d.positions.some((p) => p.orgId === party)) {
    return { line: `${head}，请对协调意见表态`, option: `同意 ${d.no}` };
  }
  return null;
}

export const disputes: Feature = {
  name: 'disputes',
  flows: [applicationFlow, disputeTextFlow],

  intents: { dispute: startApplication },
  commands: [
    command({
      words: ['争议协调', '申请争议协调', '协调争议', '申请协调争议', '执法争议协调', '申请执法争议协调', '管辖争议', '申请管辖争议', '申请协调'],
      help: (t) => (applicantOrgs(t).length ? '争议协调 —— 与其他部门、乡镇的职责、依据、程序、标准或执法管辖争议，先行协商不成的申请司法局协调' : null),
      run: startApplication,
    }),
    command({
      words: ['查询'],
      args: [ZY],
      inFlow: 'answer',
      help: (t) => (applicantOrgs(t).length || t.actor.grants.length ? '查询 ZY-编号 —— 争议协调进度' : null),
      async run(t, [no]) {
        const d = await loadVisible(t, no);
        return d.ok ? statusText(d.value, t.services.directory, await answerState(t, d.value)) : d.reason;
      },
    }),
    command({
      words: ['受理'],
      args: [ZY],
      help: (t) => (isBureau(t.actor, bodies(t)) ? '受理 / 不予受理 / 出具意见 / 报请裁决 ZY-编号 —— 办理争议协调' : null),
      run: async (t, [no]) => reply(await acceptDispute(t, no), no),
    }),
    command({ words: ['不予受理'], args: [ZY, REST], run: (t, [no, rest]) => textAct(t, 'decline', no, rest) }),
    command({ words: ['出具意见', '出具协调意见', '协调意见'], args: [ZY, REST], run: (t, [no, rest]) => textAct(t, 'opinion', no, rest) }),
    command({
      words: ['同意'],
      args: [ZY, REST],
      help: (t) => (applicantOrgs(t).length ? '同意 编号 / 不同意 编号 理由 —— 对协调意见表态（如：同意 ZY-2026-000001）' : null),
      run: async (t, [no, rest]) => reply(await respondToOpinion(t, no, true, rest ?? null), no),
    }),
    command({ words: ['不同意'], args: [ZY, REST], run: (t, [no, rest]) => textAct(t, 'disagree', no, rest) }),
    command({ words: ['报请裁决', '报请决定', '报请区政府裁决', '报请区政府决定'], args: [ZY, REST], run: (t, [no, rest]) => textAct(t, 'report', no, rest) }),
    command({
      words: ['裁决', '决定'],
      args: [ZY, REST],
      help: (t) => (isGovernment(t.actor, bodies(t)) ? '裁决 ZY-编号 —— 区政府裁决（决定）争议' : null),
      run: (t, [no, rest]) => textAct(t, 'rule', no, rest),
    }),
  ],

  async todo(t) {
    const items = [];
    const bureau = isBureau(t.actor, bodies(t)); // only the bureau's items depend on the clocks
    for (const d of await t.store.disputes.active(50)) {
      const item = todoFor(t, d, bureau ? await answerState(t, d) : undefined);
      if (item) items.push(item);
    }
    if (!items.length) return null;
    return { lines: ['争议协调：', ...items.map((i) => i.line)], options: items.flatMap((i) => (i.option ? [i.option] : [])) };
  },
};
