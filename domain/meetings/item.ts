/**
 * 议定事项 (M1): 「联席会议协调议定的有关事项，由执法协调小组办公室责成有关部门落实，有关部门的
 * 落实情况要及时向执法协调小组办公室反馈。执法协调小组办公室要加强跟踪、督促、检查」.
 * An item decided at a held meeting is assigned to one member unit with a due date; the
 * unit reports back (反馈); the office accepts the report (采纳 — the item is done and its
 * clock met) or sends it back with reasons (不采纳 — the unit reports again).
 *
 *   assigned ──unit reports──▶ reported ──office accepts──▶ done
 *      ▲                          │
 *      └──office sends it back────┘
 *
 * Chasing (督办) changes nothing here: it is a line in the ledger and a message.
 */
import { type LocalDate, endOfLocalDay } from '../calendar/calendar';
import { type Result, fail, ok } from '../result';
import { requireText } from '../text';
import type { MeetingBody } from './meeting';

export const MAX_ITEM_TEXT = { content: 500, report: 2000, reason: 500 } as const;

export interface ItemFacts {
  meetingNo: string;
  body: MeetingBody;
  convenerOrgId: number; // the office that chases it
  orgId: number; // 承办单位
  content: string; // 事项内容
  dueDate: LocalDate; // 完成期限
}

interface ItemCommon extends ItemFacts {
  id: number;
  itemNo: string; // YD-YYYY-NNNNNN
  assignerPersonId: number;
  assignedAt: Date;
}

export interface Report {
  report: string;
  reporterPersonId: number;
  reportedAt: Date;
}

export type MeetingItem = ItemCommon &
  (
    | { state: 'assigned'; sentBack?: { reason: string; at: Date } }
    | ({ state: 'reported' } & Report)
    | ({ state: 'done'; acceptedAt: Date; acceptorPersonId: number } & Report)
  );

export type ItemState = MeetingItem['state'];

export const ITEM_STATE_LABEL: Record<ItemState, string> = {
  assigned: '落实中',
  reported: '已反馈，待办公室审核',
  done: '已办结',
};

const words = (s: string, max: number, what: string): Result<string> => requireText(s, 2, max, what);

export function checkItem(content: string): Result<string> {
  return words(content, MAX_ITEM_TEXT.content, '事项内容');
}

export function report(i: MeetingItem, text: string, personId: number, at: Date): Result<MeetingItem> {
  if (i.state !== 'assigned') return fail(`议定事项 ${i.itemNo} ${ITEM_STATE_LABEL[i.state]}，无需再反馈。`);
  const r = words(text, MAX_ITEM_TEXT.report, '落实情况');
  if (!r.ok) return r;
  const { state: _s, sentBack: _b, ...rest } = i;
  return ok({ ...rest, state: 'reported', report: r.value, reporterPersonId: personId, reportedAt: at });
}

export function accept(i: MeetingItem, personId: number, at: Date): Result<MeetingItem> {
  if (i.state !== 'reported') return fail(i.state === 'done' ? `议定事项 ${i.itemNo} 已办结。` : `议定事项 ${i.itemNo} 尚未反馈落实情况。`);
  return ok({ ...i, state: 'done', acceptedAt: at, acceptorPersonId: personId });
}

export function sendBack(i: MeetingItem, reason: string, at: Date): Result<MeetingItem> {
  if (i.state !== 'reported') return fail(i.state === 'done' ? `议定事项 ${i.itemNo} 已办结。` : `议定事项 ${i.itemNo} 尚未反馈落实情况。`);
  const r = words(reason, MAX_ITEM_TEXT.reason, '不采纳的理由');
  if (!r.ok) return r;
  const { state: _s, report: _r, reporterPersonId: _p, reportedAt: _a, ...rest } = i;
  return ok({ ...rest, state: 'assigned', sentBack: { reason: r.value, at } });
}

/** Open (not done) and past the end of its due day. */
export function isOverdue(i: MeetingItem, now: Date): boolean {
  return i.state !== 'done' && now.getTime() > endOfLocalDay(i.dueDate).getTime();
}
