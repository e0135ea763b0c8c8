/** Complaints (投诉举报, M3 and M15 二): filing, 查询, and the handlers' 受理/协查/转办/办结. */
import { STATUS_LABEL, canForward, canResolve, parseTrackingNo } from '../../domain/complaint';
import { HANDLER_ROLES } from '../../domain/complaint-access';
import { formatDue } from '../../domain/calendar/calendar';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { type Flow, done, invalid } from '../flow';
import type { Turn } from '../turn';
import { acceptComplaint, loadForAction, loadVisible, requestAssistance } from './actions';
import { complaintFlow } from './filing';
import { forwardFlow, resultFlow } from './handling';
import { statusText } from './render';

/** 查询 without a number: ask for it, offering the person's own recent complaints. */
export const queryFlow: Flow<{ recent: string[] }> = {
  name: 'query',
  help: '请输入投诉举报编号，如 TS-2026-000123。发送“取消”退出。',
  first: 'number',
  steps: {
    number: {
      prompt: (d) => ({ text: '请输入要查询的投诉举报编号（如 TS-2026-000123）：', ...(d.recent.length ? { options: d.recent } : {}) }),
      async answer(text, _d, t) {
        const no = parseTrackingNo(text);
        if (!no) return invalid('编号格式应为 TS-年份-6位数字，如 TS-2026-000123。');
        const c = await loadVisible(t, no);
        return done({ text: c.ok ? statusText(c.value, t.services.directory, t.actor) : c.reason });
      },
    },
  },
};

const NUMBER = String.raw`(TS[-－—–_\s]*\d{4}[-－—–_\s]*\d{6})`;
const withNo = (word: string) => new RegExp(`^${word}\\s*${NUMBER}\\s*$`, 'i');

async function startQuery(t: Turn): Promise<Outcome> {
  const recent = (await t.store.complaints.listByComplainant(t.actor.personId, 3)).map((c) => c.trackingNo);
  return openFlow(queryFlow, { recent });
}

const handlerOrgs = (t: Turn) => [...new Set(t.actor.grants.filter((g) => (HANDLER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgId))];

export const complaints: Feature = {
  name: 'complaints',
  flows: [complaintFlow, forwardFlow, resultFlow, queryFlow],

  help(t) {
    const lines = [
      '· 投诉 —— 投诉举报违法行为，或投诉执法部门、执法人员',
      '· 查询 编号 —— 查看投诉举报的进度（如：查询 TS-2026-000123）',
    ];
    if (handlerOrgs(t).length) lines.push('· 受理 编号 / 转办 编号 / 协查 编号 / 办结 编号 —— 办理投诉举报');
    return lines;
  },

  intents: {
    complaint: async () => openFlow(complaintFlow, {}),
    query: startQuery,
  },

  async command(t, text) {
    let m: RegExpMatchArray | null;
    if (/^(我要)?(投诉|举报|投诉举报)$/.test(text) || /^我(要|想)(投诉|举报)/.test(text)) return openFlow(complaintFlow, {});
    if ((m = text.match(/^查询\s*(.*)$/s))) {
      if (!m[1]) return startQuery(t);
      const no = parseTrackingNo(m[1]);
      if (!no) return null; // another feature's number, or not a number at all
      const c = await loadVisible(t, no);
      return say(c.ok ? statusText(c.value, t.services.directory, t.actor) : c.reason);
    }
    if ((m = text.match(withNo('受理')))) {
      const r = await acceptComplaint(t, parseTrackingNo(m[1]!)!);
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(withNo('协查')))) {
      const r = await requestAssistance(t, parseTrackingNo(m[1]!)!);
      return say(r.ok ? r.value : r.reason);
    }
    if ((m = text.match(withNo('转办')))) {
      const no = parseTrackingNo(m[1]!)!;
      const c = await loadForAction(t, no, 'forward');
      if (!c.ok) return say(c.reason);
      const allowed = canForward(c.value);
      if (!allowed.ok) return say(allowed.reason);
      const routed = t.services.router.route(c.value.what, c.value.where);
      const alternatives = routed ? [routed.orgId, ...routed.alternatives.map((a) => a.orgId)].filter((id) => id !== c.value.handlingOrgId) : [];
      return openFlow(forwardFlow, { trackingNo: no, fromOrgId: c.value.handlingOrgId, alternatives });
    }
    if ((m = text.match(withNo('办结')))) {
      const no = parseTrackingNo(m[1]!)!;
      const c = await loadForAction(t, no, 'resolve');
      if (!c.ok) return say(c.reason);
      const allowed = canResolve(c.value);
      if (!allowed.ok) return say(allowed.reason);
      return openFlow(resultFlow, { trackingNo: no, accused: c.value.accusedOrgId != null });
    }
    if (/^(受理|协查|转办|办结)\s*(TS|$)/i.test(text)) return say('请在指令后写上投诉举报编号，如：受理 TS-2026-000123。');
    return null;
  },

  async todo(t) {
    const orgIds = handlerOrgs(t);
    if (!orgIds.length) return null;
    const lines: string[] = [];
    const options: string[] = [];
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
