/**
 * 提醒设置 and the liaisons' morning digest. The digest (每日提醒, working days from 08:30)
 * is one message with what falls due this week; a person may pause and resume it. Deadline
 * reminders and escalations (督办) cannot be paused.
 */
import { localDate } from '../../domain/calendar/calendar';
import type { Deadline } from '../../domain/deadlines/deadline';
import { dueThisWeek } from '../../domain/deadlines/digest';
import type { Directory } from '../../domain/organisation';
import type { Reply, Store } from '../../domain/ports';
import { deadlineLine } from '../deadline-text';
import { type Feature, type Outcome, say } from '../feature';
import { text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';

const PAUSE = '暂停每日提醒';
const RESUME = '恢复每日提醒';
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

async function setting(t: Turn, arg: string): Promise<string> {
  const a = arg.trim();
  const paused = await t.store.reminderSettings.digestPaused(t.actor.personId);
  const liaison = t.actor.grants.some((g) => g.role === 'liaison');
  if (/^(暂停|关闭|停止)/.test(a) || a === PAUSE) {
    await t.store.reminderSettings.setDigestPaused(t.actor.personId, true, t.now);
    return '已暂停每日提醒。期限提醒和逾期督办照常发送；发送“提醒设置 恢复”可恢复。';
  }
  if (/^(恢复|开启|打开)/.test(a) || a === RESUME) {
    await t.store.reminderSettings.setDigestPaused(t.actor.personId, false, t.now);
    return `已恢复每日提醒${liaison ? '：工作日 8:30 发送本周到期事项' : '（每日提醒发给各单位联络员）'}。`;
  }
  if (a) return '请发送“提醒设置 暂停”或“提醒设置 恢复”。';
  return [
    `每日提醒：${paused ? '已暂停' : '开启'}${liaison ? '' : '（每日提醒发给各单位联络员）'}`,
    '· 每日提醒：工作日 8:30，一条消息列出本单位本周到期的事项（联络员）',
    '· 期限提醒：到期前2个工作日、到期当日、到期时，发给责任人员（不可关闭）',
    '· 逾期督办：发给单位负责人和督办单位（不可关闭）',
  ].join('\n');
}

async function remind(t: Turn, arg: string): Promise<Outcome> {
  const paused = await t.store.reminderSettings.digestPaused(t.actor.personId);
  return say(await setting(t, arg), arg.trim() ? undefined : [paused ? RESUME : PAUSE]);
}

export const reminders: Feature = {
  name: 'reminders',
  flows: [],
  digest: (ctx, personId) => digestFor(ctx.store, personId, ctx.now, ctx.directory),
  commands: [
    command({
      words: ['提醒设置'],
      args: [text({ what: '设置', example: '暂停', optional: true })],
      who: 'staff',
      denied: '提醒设置供工作人员使用。',
      help: '提醒设置 —— 暂停或恢复每日提醒（逾期督办照常发送）',
      run: (t, [x]) => remind(t, x ?? ''),
    }),
    command({ words: [PAUSE], who: 'staff', denied: '提醒设置供工作人员使用。', run: (t) => remind(t, PAUSE) }),
    command({ words: [RESUME], who: 'staff', denied: '提醒设置供工作人员使用。', run: (t) => remind(t, RESUME) }),
  ],
};

/** The digest of one liaison, or null when nothing of theirs falls due this week. */
export async function digestFor(store: Store, personId: number, now: Date, directory: Directory): Promise<{ reply: Reply | null; items: number }> {
  const orgIds = [...new Set((await store.people.grantsOf(personId)).filter((g) => g.role === 'liaison').map((g) => g.orgId))];
  const due = dueThisWeek(await store.deadlines.openFor(orgIds, 100), now);
  if (!due.length) return { reply: null, items: 0 };
  const day = localDate(now);
  const lines = [`【本周到期】${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 星期${WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()]}，本周内到期 ${due.length} 项：`];
  const byOrg = new Map<number, Deadline[]>();
  for (const d of due) byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), d]);
  for (const [orgId, items] of byOrg) lines.push(`${directory.name(orgId)}：`, ...items.map((d) => deadlineLine(d, directory)));
  lines.push('发送“待办”查看全部；“提醒设置”可暂停每日提醒（逾期督办照常发送）。');
  return { reply: { text: lines.join('\n'), options: ['待办', '提醒设置'] }, items: due.length };
}
