/**
 * Joint meetings (M1) and approval–supervision meetings (M14): 安排会议, 提议临时会议,
 * 参会/请假, 已召开 (the minutes go to every member unit), 补录会议 for one held offline,
 * 议定事项 with 反馈, 采纳/不采纳 and 督办, 会议事项 to see what is open and overdue, and the
 * liaison roster (登记联络员, 联络员名单). Its meetings meet the periodic duties in MEETING_DUTIES.
 */
import { BODY_LABEL, type MeetingBody } from '../../domain/meetings/meeting';
import { memberOrgsOf, officeBodies, runsMeetings } from '../../domain/meetings/members';
import { isOverdue } from '../../domain/meetings/item';
import { SERIES, parseRecordNo } from '../../domain/record-no';
import { type Feature, type Outcome, openFlow, say } from '../feature';
import { oneOf, optional, record, text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import {
  acceptItem, answerNotice, attendanceOf, cancelMeeting, chase, declineMeeting, holdMeeting, liaisonOrgsOf, loadItem, loadMeeting, proposeMeeting,
  reportItem, rosterText, sendBackItem, visibleItems,
} from './actions';
import {
  itemFlow, liaisonFlow, liaisonFlowOne, recordFlow, recordFlowOneBody, scheduleFlow, scheduleFlowOneBody, scheduleProposedFlow,
} from './flows';
import { itemLine, itemText, meetingText } from './render';

import { MEETING_DUTIES } from '../../domain/meetings/meeting';
export { MEETING_DUTIES };

const HY = record(SERIES.meeting);
const YD = record(SERIES.meetingItem);
const result = (r: { ok: true; value: string } | { ok: false; reason: string }, options?: string[]): Outcome => say(r.ok ? r.value : r.reason, r.ok ? options : undefined);

const isMember = (t: Turn) => (['joint', 'approval'] as const).some((b) => memberOrgsOf(t.actor, b, t.services.directory).length > 0);

function startSchedule(t: Turn, record = false): Outcome {
  const bodies = officeBodies(t.actor, t.services.directory);
  if (!bodies.length) return say('会议由执法协调小组办公室（联席会议）或行政审批局（审批监管联席会议）安排和登记。成员单位可发送“提议临时会议 议题”。');
  const [many, one] = record ? [recordFlow, recordFlowOneBody] : [scheduleFlow, scheduleFlowOneBody];
  return bodies.length === 1 ? openFlow(one, { bodies, body: bodies[0] }) : openFlow(many, { bodies });
}

function startLiaison(t: Turn): Outcome {
  const choices = (['joint', 'approval'] as const).flatMap((body) => liaisonOrgsOf(t, body).slice(0, 1).map((orgId) => ({ body, orgId })));
  if (!choices.length) return say('联络员由联席会议成员单位中担任联络员角色的工作人员登记。');
  return choices.length === 1 ? openFlow(liaisonFlowOne, { choices, body: choices[0]!.body, orgId: choices[0]!.orgId }) : openFlow(liaisonFlow, { choices });
}

async function startScheduleProposed(t: Turn, no: string): Promise<Outcome> {
  const m = await loadMeeting(t, no);
  if (!m.ok) return say(m.reason);
  if (!runsMeetings(t.actor, m.value.body, t.services.directory)) return say(`会议 ${no} 由${t.services.directory.name(m.value.convenerOrgId)}安排。`);
  if (m.value.state !== 'proposed') return say(`会议 ${no} 不是待安排的提议。`, [`查询 ${no}`]);
  return openFlow(scheduleProposedFlow, { bodies: [m.value.body], body: m.value.body, kind: 'temporary', topic: m.value.topic, meetingNo: no });
}

async function startItem(t: Turn, no: string): Promise<Outcome> {
  const m = await loadMeeting(t, no);
  if (!m.ok) return say(m.reason);
  if (!runsMeetings(t.actor, m.value.body, t.services.directory)) return say(`议定事项由${t.services.directory.name(m.value.convenerOrgId)}登记。`);
  if (m.value.state !== 'held') return say(`会议 ${no} 尚未登记召开：会后请先发送“已召开 ${no} 会议纪要”。`);
  return openFlow(itemFlow, { meetingNo: no, members: m.value.memberOrgIds });
}

/** 会议事项: open items, overdue first, with the commands that apply. */
async function listItems(t: Turn): Promise<Outcome> {
  if (!t.actor.grants.length) return say('“会议事项”供工作人员使用。');
  const items = await visibleItems(t, ['assigned', 'reported']);
  if (!items.length) return say('目前没有待落实的议定事项。');
  const late = items.filter((i) => isOverdue(i, t.now));
  const office = officeBodies(t.actor, t.services.directory).length > 0;
  const lines = [`待落实的议定事项 ${items.length} 项${late.length ? `，其中逾期 ${late.length} 项` : ''}：`, ...[...late, ...items.filter((i) => !late.includes(i))].map((i) => itemLine(i, t.services.directory, t.now))];
  const options = items.slice(0, 6).map((i) => (office ? (i.state === 'reported' ? `采纳 ${i.itemNo}` : `督办 ${i.itemNo}`) : `反馈 ${i.itemNo}`));
  return say(lines.join('\n'), options);
}

async function query(t: Turn, text: string): Promise<Outcome | null> {
  const m = parseRecordNo(SERIES.meeting, text);
  if (m) {
    const r = await loadMeeting(t, m);
    if (!r.ok) return say(r.reason);
    const lines = [meetingText(r.value, t.services.directory, await attendanceOf(t, r.value))];
    const items = (await t.store.meetingItems.list({ otherOrgId: r.value.convenerOrgId }, 500)).filter((i) => i.meetingNo === m);
    if (items.length) lines.push(`议定事项 ${items.length} 项：`, ...items.map((i) => itemLine(i, t.services.directory, t.now)));
    return say(lines.join('\n'));
  }
  const i = parseRecordNo(SERIES.meetingItem, text);
  if (i) {
    const r = await loadItem(t, i);
    return say(r.ok ? itemText(r.value, t.services.directory, t.now) : r.reason);
  }
  return null;
}

export const meetings: Feature = {
  name: 'meetings',
  flows: [scheduleFlow, scheduleFlowOneBody, scheduleProposedFlow, itemFlow, recordFlow, recordFlowOneBody, liaisonFlow, liaisonFlowOne],
  duties: MEETING_DUTIES,

  commands: [
    command({
      words: ['安排会议', '召开会议', '会议安排', '会议通知'],
      help: (t) => (officeBodies(t.actor, t.services.directory).length ? [
        '安排会议 —— 安排联席会议并通知成员单位联络员；安排 会议编号 —— 安排成员单位提议的临时会议',
        '已召开 会议编号 纪要 / 议定事项 会议编号 —— 登记会议召开（纪要送达各成员单位）和议定事项',
        '补录会议 —— 登记线下已召开的会议及纪要；联络员名单 [审批监管] —— 各成员单位联络员',
        '采纳 / 不采纳 事项编号、督办 事项编号或会议编号 —— 审核反馈、督办落实',
      ] : null),
      run: (t) => startSchedule(t),
    }),
    command({ words: ['补录会议', '会议补录', '登记已召开会议'], run: (t) => startSchedule(t, true) }),
    command({
      words: ['登记联络员', '联络员登记'],
      help: (t) => ((['joint', 'approval'] as const).some((b) => liaisonOrgsOf(t, b).length) ? '登记联络员 —— 登记本单位的会议联络员（每单位一名）' : null),
      run: startLiaison,
    }),
    command({
      words: ['联络员名单'],
      args: [optional(oneOf(['审批监管', '审批']))],
      inFlow: 'answer',
      run: (t, [b]) => rosterText(t, b ? 'approval' : 'joint'),
    }),
    command({
      words: ['提议会议', '提议临时会议'],
      args: [text({ what: '议题', optional: true })],
      help: (t) => (isMember(t) ? ['参会 / 请假 会议编号 —— 确认参会；提议临时会议 议题 —— 提议召开临时联席会议', '反馈 事项编号 落实情况 —— 反馈议定事项'] : null),
      run: async (t, [x]) => result(await proposeMeeting(t, 'joint', x ?? '')),
    }),
    command({
      words: ['提议审批监管会议', '提议审批监管临时会议'],
      args: [text({ what: '议题', optional: true })],
      run: async (t, [x]) => result(await proposeMeeting(t, 'approval', x ?? '')),
    }),
    command({
      words: ['会议事项', '议定事项', '督办'],
      inFlow: 'answer',
      help: (t) => (t.actor.grants.length ? '会议事项 —— 待落实和逾期的议定事项' : null),
      run: listItems,
    }),
    command({ words: ['查询'], args: [record(SERIES.meeting, SERIES.meetingItem)], inFlow: 'answer', run: async (t, [no]) => (await query(t, no)) ?? `未找到 ${no}。` }),
    command({ words: ['安排'], args: [HY], run: (t, [no]) => startScheduleProposed(t, no) }),
    command({ words: ['不召开'], args: [HY, text({ what: '理由' })], run: (t, [no, x]) => declineMeeting(t, no, x) }),
    command({ words: ['取消会议'], args: [HY, text({ what: '理由' })], run: (t, [no, x]) => cancelMeeting(t, no, x) }),
    command({ words: ['参会'], args: [HY], run: (t, [no]) => answerNotice(t, no, true) }),
    command({ words: ['请假'], args: [HY, text({ what: '请假理由', optional: true })], run: (t, [no, x]) => answerNotice(t, no, false, x) }),
    command({
      words: ['已召开'],
      args: [HY, text({ what: '会议纪要（主要议定内容）', example: '纪要内容' })],
      run: async (t, [no, x]) => result(await holdMeeting(t, no, x), [`议定事项 ${no}`]),
    }),
    command({ words: ['议定事项'], args: [HY], run: (t, [no]) => startItem(t, no) }),
    command({ words: ['反馈'], args: [YD, text({ what: '落实情况' })], run: (t, [no, x]) => reportItem(t, no, x) }),
    command({ words: ['采纳'], args: [YD], run: (t, [no]) => acceptItem(t, no) }),
    command({ words: ['不采纳'], args: [YD, text({ what: '理由' })], run: (t, [no, x]) => sendBackItem(t, no, x) }),
    command({ words: ['督办'], args: [record(SERIES.meeting, SERIES.meetingItem)], run: (t, [no]) => chase(t, no) }),
  ],

  async todo(t) {
    const dir = t.services.directory;
    const lines: string[] = [];
    const options: string[] = [];
    for (const body of officeBodies(t.actor, dir)) {
      const office = dir.byCode(body === 'joint' ? 'xtb' : 'spj')!.id;
      for (const m of await t.store.meetings.list({ orgId: office, states: ['proposed', 'scheduled'] }, 10)) {
        lines.push(`· ${BODY_LABEL[m.body]} ${m.meetingNo}：${m.state === 'proposed' ? '临时会议提议待安排' : '待召开'}，${m.topic.slice(0, 30)}`);
        options.push(m.state === 'proposed' ? `安排 ${m.meetingNo}` : `查询 ${m.meetingNo}`);
      }
    }
    for (const b of ['joint', 'approval'] as const) {
      const orgs = memberOrgsOf(t.actor, b, dir);
      if (!orgs.length) continue;
      for (const m of await t.store.meetings.list({ states: ['scheduled'] }, 20)) {
        if (m.body !== b || !orgs.some((o) => m.memberOrgIds.includes(o))) continue;
        lines.push(`· 会议通知 ${m.meetingNo}：${m.topic.slice(0, 30)}`);
        options.push(`参会 ${m.meetingNo}`);
      }
    }
    const items = await visibleItems(t, ['assigned', 'reported']);
    if (items.length) lines.push('议定事项：', ...items.slice(0, 10).map((i) => itemLine(i, dir, t.now)));
    return lines.length ? { lines: [...new Set(lines)], options: [...new Set(options)] } : null;
  },
};
