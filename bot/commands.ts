/**
 * Things said outside a dialogue: command words first (exact and predictable), then the
 * intent classifier. Each returns the replies and, for a dialogue, the flow to open.
 */
import { parseTrackingNo } from '../domain/complaint';
import type { Reply } from '../domain/ports';
import { ROLE_LABEL, isAdmin } from '../domain/roles';
import { ORG } from '../domain/organisation';
import { HANDLER_ROLES } from '../domain/complaint-access';
import { STATUS_LABEL, canForward, canResolve } from '../domain/complaint';
import { formatDue } from '../domain/calendar/calendar';
import { DEADLINE_LABEL } from '../domain/deadlines/deadline';
import { subjectText } from './deadline-text';
import {
  acceptComplaint, loadForAction, loadVisible, requestAssistance,
} from './complaints/actions';
import { complaintFlow } from './complaints/filing';
import { forwardFlow, resultFlow } from './complaints/handling';
import { statusText } from './complaints/render';
import { type Flow, done, invalid } from './flow';
import { INTENT_LABEL, INTENT_THRESHOLD, type Intent } from './intents';
import { issueInvite, normaliseInviteCode, redeemInvite } from './invites';
import { issueLinkCode, listAccounts, redeemLinkCode, setNotifyChannel } from './accounts';
import type { Turn } from './turn';

export interface Outcome {
  replies: Reply[];
  /** A dialogue to open, with its initial data. */
  open?: { flow: Flow<any>; data: Record<string, unknown> };
}

const say = (text: string, options?: string[]): Outcome => ({ replies: [options ? { text, options } : { text }] });

export function helpText(t: Turn): Reply {
  const lines = [
    '执法协同助手可以帮您：',
    '· 投诉 —— 投诉举报违法行为，或投诉执法部门、执法人员',
    '· 查询 编号 —— 查看投诉举报的进度（如：查询 TS-2026-000123）',
    '· 绑定 邀请码 —— 工作人员绑定单位和角色',
    '· 绑定账号 / 我的账号 / 通知渠道 —— 在微信、企业微信、Telegram、网页间关联同一身份',
  ];
  const dir = t.services.directory;
  if (t.actor.grants.length) {
    lines.push(
      '工作人员：',
      '· 待办 —— 本单位待受理、办理中的投诉举报',
      '· 受理 编号 / 转办 编号 / 协查 编号 / 办结 编号',
      '· 逾期 —— 各单位逾期事项（司法局、协调办）',
      `您的身份：${t.actor.grants.map((g) => `${dir.name(g.orgId)}${ROLE_LABEL[g.role]}`).join('、')}`,
    );
  }
  if (isAdmin(t.actor)) lines.push('· 邀请码 单位 角色 —— 生成工作人员邀请码（如：邀请码 市场监管局 执法人员）');
  lines.push('对话中可随时发送“返回”修改上一项，“取消”退出。');
  return { text: lines.join('\n'), options: ['投诉', '查询', '帮助'] };
}

const NUMBER = String.raw`(TS[-－—–_\s]*\d{4}[-－—–_\s]*\d{6})`;
const withNo = (word: string) => new RegExp(`^${word}\\s*${NUMBER}\\s*$`, 'i');

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

/** The numbered choice offered when the classifier is not sure. */
export const chooseFlow: Flow<{ intents: Intent[] }> = {
  name: 'choose',
  help: '请回复序号或选项文字。',
  first: 'pick',
  steps: {
    pick: {
      prompt: (d) => ({
        text: ['没有完全理解您的意思，您是想：', ...d.intents.map((i, n) => `${n + 1}. ${INTENT_LABEL[i]}`)].join('\n'),
        options: d.intents.map((i) => INTENT_LABEL[i]),
      }),
      async answer(text, d, t) {
        const a = text.trim();
        const byNumber = /^\d+$/.test(a) ? d.intents[Number(a) - 1] : undefined;
        const intent = byNumber ?? d.intents.find((i) => INTENT_LABEL[i] === a);
        if (!intent) return invalid(`请回复 1–${d.intents.length} 的序号。`);
        const o = await startIntent(t, intent);
        return o.open ? { kind: 'open', flow: o.open.flow, data: o.open.data, replies: o.replies } : done(...o.replies);
      },
    },
  },
};

async function recentOwn(t: Turn): Promise<string[]> {
  return (await t.store.complaints.listByComplainant(t.actor.personId, 3)).map((c) => `查询 ${c.trackingNo}`);
}

export async function startIntent(t: Turn, intent: Intent): Promise<Outcome> {
  switch (intent) {
    case 'complaint':
      return { replies: [], open: { flow: complaintFlow, data: {} } };
    case 'query': {
      const recent = (await recentOwn(t)).map((s) => s.replace(/^查询 /, ''));
      return { replies: [], open: { flow: queryFlow, data: { recent } } };
    }
    case 'help':
      return { replies: [helpText(t)] };
    case 'transfer':
    case 'dispute':
    case 'selfassess':
      // Honest: these mechanisms are not in the bot yet.
      return say(`“${INTENT_LABEL[intent]}”功能尚未开通，请暂按原有书面程序办理。目前可用：投诉举报、查询进度。`, ['投诉', '查询', '帮助']);
  }
}

export async function command(t: Turn, raw: string): Promise<Outcome> {
  const text = raw.trim();
  let m: RegExpMatchArray | null;

  if (/^(帮助|help|菜单|\/start|\/help|\?|？)$/i.test(text)) return { replies: [helpText(t)] };
  if (/^(取消|返回)$/.test(text)) return say('当前没有进行中的操作。', ['投诉', '查询', '帮助']);

  if (/^(绑定账号|关联账号)$/.test(text)) return say(await issueLinkCode(t));
  if (text === '我的账号') return say(await listAccounts(t));
  if ((m = text.match(/^通知渠道\s*(\S*)\s*$/))) {
    if (!m[1]) return say(await listAccounts(t));
    const r = await setNotifyChannel(t, m[1]);
    return say(r.ok ? r.value : r.reason);
  }
  if ((m = text.match(/^绑定\s*(\S*)\s*$/))) {
    if (!m[1]) return say('请发送“绑定 邀请码”（工作人员）或“绑定 关联码”（关联其他平台账号），如：绑定 ABCDE-FGHJK。发送“绑定账号”可获取关联码。');
    // A staff invitation first, then an account link code: both are single use.
    const invite = await redeemInvite(t, m[1]);
    if (invite.ok || normaliseInviteCode(m[1]).length !== 10) return say(invite.ok ? invite.value : invite.reason);
    const link = await redeemLinkCode(t, m[1]);
    if (link) return say(link.ok ? link.value : link.reason);
    return say('邀请码或关联码无效、已使用或已过期。');
  }

  if ((m = text.match(/^查询\s*(.*)$/s))) {
    if (!m[1]) return startIntent(t, 'query');
    const no = parseTrackingNo(m[1]);
    if (!no) return say('编号格式应为 TS-年份-6位数字，如：查询 TS-2026-000123。');
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
    return { replies: [], open: { flow: forwardFlow, data: { trackingNo: no, fromOrgId: c.value.handlingOrgId, alternatives } } };
  }
  if ((m = text.match(withNo('办结')))) {
    const no = parseTrackingNo(m[1]!)!;
    const c = await loadForAction(t, no, 'resolve');
    if (!c.ok) return say(c.reason);
    const allowed = canResolve(c.value);
    if (!allowed.ok) return say(allowed.reason);
    return { replies: [], open: { flow: resultFlow, data: { trackingNo: no } } };
  }
  if (/^(受理|协查|转办|办结)/.test(text)) return say('请在指令后写上投诉举报编号，如：受理 TS-2026-000123。');

  if (text === '待办') return todo(t);
  if (text === '逾期') return overdue(t);

  if ((m = text.match(/^邀请码\s+(\S+)\s+(\S+)(?:\s+(\d+))?\s*$/))) {
    if (!isAdmin(t.actor)) return say('只有管理员可以生成邀请码。');
    const r = await issueInvite(t.store, t.services.directory, m[1]!, m[2]!, t.now, m[3] ? Number(m[3]) : undefined);
    return say(r.ok ? `邀请码：${r.value.code}\n单位：${r.value.org}\n角色：${r.value.role}\n有效期至：${r.value.expires}\n仅可使用一次，请当面或通过可信渠道交给本人，由其发送“绑定 ${r.value.code}”。` : r.reason);
  }

  if (/^(我要)?(投诉|举报|投诉举报)$/.test(text) || /^我(要|想)(投诉|举报)/.test(text)) return startIntent(t, 'complaint');

  const ranked = t.services.intents.recognise(text);
  const top = ranked[0];
  if (top && top.confidence >= INTENT_THRESHOLD) return startIntent(t, top.label);
  const intents = ranked.length ? ranked.slice(0, 3).map((r) => r.label) : (['complaint', 'query', 'help'] as Intent[]);
  return { replies: [], open: { flow: chooseFlow, data: { intents } } };
}

/** 逾期: the missed deadlines of every body, for the supervising bodies (司法局, 协调办). */
async function overdue(t: Turn): Promise<Outcome> {
  const dir = t.services.directory;
  const supervising = [dir.byCode(ORG.justiceBureau)!.id, dir.byCode(ORG.coordinationOffice)!.id];
  if (!isAdmin(t.actor) && !t.actor.grants.some((g) => supervising.includes(g.orgId))) {
    return say('“逾期”供司法局、执法协调小组办公室查看各单位逾期事项。本单位的期限请发送“待办”。');
  }
  const missed = await t.store.deadlines.missed(100);
  if (!missed.length) return say('目前没有逾期事项。');
  const byOrg = new Map<number, string[]>();
  for (const d of missed) {
    const line = `· ${DEADLINE_LABEL[d.kind]} ${subjectText(d)}，截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}`;
    byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), line]);
  }
  const lines = [`逾期事项（${missed.length} 项）：`];
  for (const [orgId, items] of byOrg) lines.push(`${dir.name(orgId)}（${items.length}）`, ...items);
  return say(lines.join('\n'));
}

async function todo(t: Turn): Promise<Outcome> {
  const orgIds = [...new Set(t.actor.grants.filter((g) => (HANDLER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgId))];
  if (!orgIds.length) return say('“待办”供执法单位工作人员使用。群众可发送“查询 编号”查看自己的投诉举报。');
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
  const clocks = await t.store.deadlines.openFor(orgIds, 20);
  if (clocks.length) {
    lines.push('期限：');
    for (const d of clocks) lines.push(`· ${DEADLINE_LABEL[d.kind]} ${subjectText(d)}（${t.services.directory.name(d.orgId)}），截止 ${formatDue({ due: d.dueAt, provisional: d.provisional })}`);
  }
  return say(lines.join('\n'), options.length ? options.slice(0, 8) : undefined);
}

