/** Complaints (投诉举报, M3 and M15 二): filing, 查询, and the handlers' 受理/协查/转办/办结. */
import { STATUS_LABEL, canForward, canResolve, parseTrackingNo } from '../../domain/complaint';
import { SERIES } from '../../domain/record-no';
import { HANDLER_ROLES, forwardRefusal, mayBeAccused } from '../../domain/complaint-access';
import { formatDue } from '../../domain/calendar/calendar';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { type Flow, done, invalid } from '../flow';
import { record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { ASSIST_ROLES, acceptComplaint, answerAssistance, complaintStatus, justiceBureauId, loadForAction, loadVisible, requestAssistance } from './actions';
import { complaintFlow, complaintToldFlow, startComplaint } from './filing';
import { forwardFlow, resultFlow } from './handling';

/** 查询 without a number: ask for it, offering the person's own recent complaints. */
export const queryFlow: Flow<{ recent: string[] }, 'number'> = {
  name: 'query',
  title: '查询',
  help: '请输入投诉举报编号，如 TS-2026-000123。发送“取消”退出。',
  first: 'number',
  steps: {
    number: {
      prompt: (d) => ({ text: '请输入要查询的投诉举报编号（如 TS-2026-000123）：', ...(d.recent.length ? { options: d.recent } : {}) }),
      async answer(text, _d, t) {
        const no = parseTrackingNo(text);
        if (!no) return invalid('编号格式应为 TS-年份-6位数字，如 TS-2026-000123。');
        const c = await loadVisible(t, no);
        return done({ text: c.ok ? await complaintStatus(t, c.value) : c.reason });
      },
    },
  },
};

async function startQuery(t: Turn): Promise<Outcome> {
  const recent = (await t.store.complaints.listByComplainant(t.actor.personId, 3)).map((c) => c.trackingNo);
  return openFlow(queryFlow, { recent });
}

const orgsWith = (t: Turn, roles: readonly string[]) => [...new Set(t.actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgId))];
const handlerOrgs = (t: Turn) => orgsWith(t, HANDLER_ROLES);
/** The bodies whose 协助调查 requests the person may answer (协查答复). */
const assistOrgs = (t: Turn) => orgsWith(t, ASSIST_ROLES);

/** 转办 TS-…: to another competent body, never to the accused one (M3). */
async function startForward(t: Turn, no: string): Promise<Outcome> {
  const c = await loadForAction(t, no, 'forward');
  if (!c.ok) return say(c.reason);
  const allowed = canForward(c.value);
  if (!allowed.ok) return say(allowed.reason);
  const jb = justiceBureauId(t);
  const refusal = forwardRefusal(c.value, jb);
  if (refusal) return say(`${refusal}\n如需部门配合调查，请发送“协查 ${no} 单位名称”。`);
  const routed = t.services.router.route(c.value.what, c.value.where);
  const alternatives = routed
    ? [routed.orgId, ...routed.alternatives.map((a) => a.orgId)].filter((id) => id !== c.value.handlingOrgId && !mayBeAccused(c.value, id, jb))
    : [];
  return openFlow(forwardFlow, { trackingNo: no, fromOrgId: c.value.handlingOrgId, alternatives, accused: c.value.accused });
}

async function startResult(t: Turn, no: string): Promise<Outcome> {
  const c = await loadForAction(t, no, 'resolve');
  if (!c.ok) return say(c.reason);
  const allowed = canResolve(c.value);
  if (!allowed.ok) return say(allowed.reason);
  return openFlow(resultFlow, { trackingNo: no, accused: c.value.accused.kind !== 'none' });
}

const TS = record(SERIES.complaint);
const handles = (t: Turn) => handlerOrgs(t).length > 0;

export const complaints: Feature = {
  name: 'complaints',
  flows: [complaintFlow, complaintToldFlow, forwardFlow, resultFlow, queryFlow],

  intents: {
    complaint: async (t, text) => startComplaint(t, text),
    query: startQuery,
  },

  commands: [
    command({
      words: ['投诉', '举报', '投诉举报'],
      help: '投诉 —— 投诉举报违法行为，或投诉执法部门、执法人员',
      run: () => openFlow(complaintFlow, {}),
    }),
    command({
      words: ['我要投诉', '我要举报', '我想投诉', '我想举报', '我要投诉举报'],
      args: [text({ what: '问题', optional: true, attached: true })],
      // 「我要投诉楼下饭店油烟直排」: the sentence already tells the problem (slot filling).
      run: (t, [told]) => (told ? startComplaint(t, told) : openFlow(complaintFlow, {})),
    }),
    command({ words: ['查询'], run: startQuery }),
    command({
      words: ['查询'],
      args: [TS],
      inFlow: 'answer',
      help: '查询 编号 —— 查看投诉举报的进度（如：查询 TS-2026-000123）',
      async run(t, [no]) {
        const c = await loadVisible(t, no);
        return c.ok ? complaintStatus(t, c.value) : c.reason;
      },
    }),
    command({
      words: ['受理'],
      args: [TS],
      help: (t) => (handles(t) ? '受理 编号 / 转办 编号 / 协查 编号 [单位] / 办结 编号 —— 办理投诉举报' : null),
      run: (t, [no]) => acceptComplaint(t, no),
    }),
    command({
      words: ['协查'],
      args: [TS, text({ what: '单位', optional: true, max: 60 })],
      run: (t, [no, body]) => requestAssistance(t, no, body),
    }),
    command({
      words: ['协查答复'],
      args: [TS, text({ what: '协助调查的情况', example: '调查情况' })],
      help: (t) => (assistOrgs(t).length ? '协查答复 编号 情况 —— 答复承办单位的协助调查请求' : null),
      async run(t, [no, answer]) {
        const r = await answerAssistance(t, no, answer);
        return say(r.ok ? r.value : r.reason, [`查询 ${no}`]);
      },
    }),
    command({ words: ['转办'], args: [TS], run: (t, [no]) => startForward(t, no) }),
    command({ words: ['办结'], args: [TS], run: (t, [no]) => startResult(t, no) }),
  ],

  async todo(t) {
    const orgIds = handlerOrgs(t);
    const lines: string[] = [];
    const options: string[] = [];
    // Requests to assist an investigation, for the body asked: never the complainant's identity here.
    for (const orgId of assistOrgs(t)) {
      for (const c of await t.store.complaints.awaitingAssist(orgId, 20)) {
        lines.push(`· ${c.trackingNo} 请协助调查（${t.services.directory.name(c.handlingOrgId)}办理）：${c.what.slice(0, 30)}`);
        options.push(`协查答复 ${c.trackingNo}`);
      }
    }
    if (!orgIds.length) return lines.length ? { lines: ['协助调查：', ...lines], options } : null;
    if (lines.length) lines.unshift('协助调查：');
    for (const orgId of orgIds) {
      const open = await t.store.complaints.listForOrg(orgId, ['registered', 'accepted'], 20);
      lines.push(`${t.services.directory.name(orgId)}：${open.length ? '' : '暂无待办投诉举报'}`);
      for (const c of open) {
        lines.push(`· ${c.trackingNo} ${STATUS_LABEL[c.status]}${c.status === 'registered' ? `，受理期限 ${formatDue(c.acceptDue)}` : ''}：${c.what.slice(0, 30)}`);
        options.push(c.status === 'registered' ? `受理 ${c.trackingNo}` : `办结 ${c.trackingNo}`);
      }
    }
    return { lines, options };
  },
};
