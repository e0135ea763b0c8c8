/**
 * Things said outside a dialogue: command words first (exact and predictable, through the
 * router), then the intent classifier. The core words (帮助, 待办, 逾期 …) are here; each
 * mechanism's words are its feature's (bot/features.ts), and 绑定, 关联 and the other
 * words of accounts and roles are bot/identity's.
 */
import type { Reply } from '../domain/ports';
import { ROLE_LABEL } from '../domain/roles';
import { deadlineLine } from './deadline-text';
import { mayOversee, overdueGroups, overdueText } from './overdue';
import { type Outcome, say } from './feature';
import { optional, org } from './router/args';
import { type Command, command as declare } from './router/command';
import { CommandRouter } from './router/router';
import { FEATURES } from './features';
import { type Flow, done, invalid } from './flow';
import { INTENT_LABEL, INTENT_THRESHOLD, type Intent } from './intents';
import type { Turn } from './turn';
import { SERIES, parseRecordNo } from '../domain/record-no';

const bareRecordNo = (text: string): string | undefined => {
  for (const series of Object.values(SERIES)) {
    const no = parseRecordNo(series, text);
    if (no) return no;
  }
  return undefined;
};

export type { Outcome } from './feature';

/** 帮助: what this person may do, from the command declarations. */
export function helpText(t: Turn): Reply {
  const lines = ['执法协同助手可以帮您：'];
  for (const f of FEATURES) lines.push(...ROUTER.helpLines(t, f.commands));
  lines.push(...ROUTER.helpLines(t, CORE_COMMANDS));
  const dir = t.services.directory;
  if (t.actor.grants.length) lines.push(`您的身份：${t.actor.grants.map((g) => `${dir.name(g.orgId)}${ROLE_LABEL[g.role]}`).join('、')}`);
  lines.push('对话中可随时发送“返回”修改上一项，“取消”退出。');
  return { text: lines.join('\n'), options: ['投诉', '查询', '帮助'] };
}

/** The core's own words: 帮助, 取消 and 返回 outside a dialogue, 待办, 逾期. */
export const CORE_COMMANDS: readonly Command[] = [
  declare({ words: ['帮助', 'help', '菜单', '/start', '/help', '?', '？'], inFlow: 'answer', run: (t) => ({ replies: [helpText(t)] }) }),
  // Inside a dialogue the engine takes these itself (取消 leaves it, 返回 goes back a step).
  declare({ words: ['取消', '返回'], inFlow: 'answer', run: () => say('当前没有进行中的操作。', ['投诉', '查询', '帮助']) }),
  declare({ words: ['待办'], inFlow: 'answer', help: (t) => (t.actor.grants.length ? '待办 —— 本单位待办事项和期限' : null), run: todo }),
  declare({
    words: ['逾期'],
    args: [optional(org())],
    who: (t) => mayOversee(t.actor, t.services.directory),
    denied: '“逾期”供司法局、执法协调小组办公室查看各单位逾期事项。本单位的期限请发送“待办”。',
    inFlow: 'answer',
    help: '逾期 [单位] —— 各单位（或某单位）逾期事项（司法局、协调办）',
    run: async (t, [o]) => say(overdueText(await overdueGroups(t.store, o?.id), t.services.directory)),
  }),
];

/** Every command word of the bot, checked for clashes when this module loads (at start). */
export const ROUTER = new CommandRouter([...FEATURES.flatMap((f) => f.commands), ...CORE_COMMANDS]);

/** What a citizen can start from the menu; staff get their own kinds of work too. */
const CITIZEN_INTENTS: readonly Intent[] = ['complaint', 'query', 'help'];

/**
 * The numbered choice offered when the classifier is not sure. It is a step like any
 * other, and one nobody can get stuck in: anything that is not one of its numbers or
 * labels is taken as a new message (a command word, another phrase) and the menu is left.
 */
export const chooseFlow: Flow<{ intents: Intent[] }, 'pick'> = {
  name: 'choose',
  title: '功能选择',
  help: '请回复序号或选项文字；也可以直接发送其他指令（如“帮助”），或发送“取消”退出。',
  first: 'pick',
  menu: true,
  steps: {
    pick: {
      prompt: (d) => ({
        text: [
          '没有完全理解您的意思，您是想：',
          ...d.intents.map((i, n) => `${n + 1}. ${INTENT_LABEL[i]}`),
          '请回复序号，或直接发送其他指令；发送“取消”退出。',
        ].join('\n'),
        options: d.intents.map((i) => INTENT_LABEL[i]),
      }),
      async answer(text, d, t) {
        const a = text.trim();
        const byNumber = /^\d+$/.test(a) ? d.intents[Number(a) - 1] : undefined;
        const intent = byNumber ?? d.intents.find((i) => INTENT_LABEL[i] === a);
        const o = intent ? await startIntent(t, intent) : await command(t, a);
        return o.open ? { kind: 'open', flow: o.open.flow, data: o.open.data, replies: o.replies } : done(...o.replies);
      },
    },
  },
};

/** The menu's choices for this person: the classifier's best guesses they may use, at most three. */
export function menuIntents(t: Turn, ranked: readonly Intent[]): Intent[] {
  const allowed = (i: Intent) => t.actor.grants.length > 0 || CITIZEN_INTENTS.includes(i);
  const picks = ranked.filter(allowed).slice(0, 3);
  for (const i of CITIZEN_INTENTS) if (picks.length < 3 && !picks.includes(i)) picks.push(i);
  return picks;
}

export async function startIntent(t: Turn, intent: Intent, text = ''): Promise<Outcome> {
  if (intent === 'help') return { replies: [helpText(t)] };
  for (const f of FEATURES) {
    const start = f.intents?.[intent];
    if (start) return start(t, text);
  }
  // Honest: a mechanism not in the bot yet.
  return say(`“${INTENT_LABEL[intent]}”功能尚未开通，请暂按原有书面程序办理。目前可用：投诉举报、查询进度。`, ['投诉', '查询', '帮助']);
}

export async function command(t: Turn, raw: string): Promise<Outcome> {
  const text = raw.trim();

  // A record number on its own (TS-2026-000001) asks for its status.
  const bare = bareRecordNo(text);
  if (bare) return command(t, `查询 ${bare}`);

  const m = ROUTER.match(t, text);
  if (m) return ROUTER.run(t, m);

  const ranked = t.services.intents.recognise(text);
  const top = ranked[0];
  if (top && top.confidence >= INTENT_THRESHOLD) return startIntent(t, top.label, text);
  return { replies: [], open: { flow: chooseFlow, data: { intents: menuIntents(t, ranked.map((r) => r.label)) } } };
}

async function todo(t: Turn): Promise<Outcome> {
  const sections = [];
  for (const f of FEATURES) {
    const s = await f.todo?.(t);
    if (s) sections.push(s);
  }
  const orgIds = [...new Set(t.actor.grants.map((g) => g.orgId))];
  const clocks = await t.store.deadlines.openFor(orgIds, 20);
  if (!sections.length && !clocks.length) {
    return say(t.actor.grants.length ? '目前没有待办事项。' : '“待办”供执法单位工作人员使用。群众可发送“查询 编号”查看自己的投诉举报。');
  }
  const lines = sections.flatMap((s) => s.lines);
  const options = sections.flatMap((s) => s.options);
  if (clocks.length) {
    lines.push('期限：');
    for (const d of clocks) lines.push(deadlineLine(d, t.services.directory, { org: true }));
  }
  return say(lines.join('\n'), options.length ? options.slice(0, 8) : undefined);
}
