/**
 * What the meeting offices and the member units do to meetings and decided items, inside
 * one turn's transaction: every save is optimistic and leaves a line in the ledger
 * (case_events, by record number); notices go to the liaisons and heads concerned.
 */
import { formatDue, formatLocal, localYear } from '../../domain/calendar/calendar';
import { deadlineFor, formatLocalDate } from '../../domain/deadlines/rules';
import { remindersFor } from '../../domain/deadlines/reminders';
import { periodSubject } from '../../domain/deadlines/duties';
import * as I from '../../domain/meetings/item';
import type { MeetingItem } from '../../domain/meetings/item';
import * as L from '../../domain/meetings/liaisons';
import * as M from '../../domain/meetings/meeting';
import type { Meeting, MeetingBody, MeetingFacts, Schedule } from '../../domain/meetings/meeting';
import {
  MEMBER_ROLES, OFFICE, canReportItem, canSeeItem, canSeeMeeting, memberOrgsOf, memberUnits, officeOf, runsMeetings,
} from '../../domain/meetings/members';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import type { Subject } from '../../domain/deadlines/deadline';
import { hasRole } from '../../domain/roles';
import type { Turn } from '../turn';
import { RACE, notifyOrg } from '../cases/actions';
import { notifyStaffOf } from '../staff';
import { itemText, meetingText } from './render';

const notFound = (no: string) => `未找到 ${no}，或您无权查看。请核对编号。`;
export const itemSubject = (itemNo: string): Subject => ({ type: 'meeting-item', id: itemNo });
const ITEM_ROLES = ['liaison', 'head', 'officer'] as const;

async function event(t: Turn, recordNo: string, kind: string, orgId: number, note?: string | null) {
  await t.store.caseEvents.add({ recordNo, kind, actorPersonId: t.actor.personId, orgId, note: note ?? null }, t.now);
}

// ── loading with authority ────────────────────────────────────────────────────────────

export async function loadMeeting(t: Turn, no: string): Promise<Result<Meeting>> {
  const m = await t.store.meetings.byNo(no);
  return m && canSeeMeeting(t.actor, m, t.services.directory) ? ok(m) : fail(notFound(no));
}

async function loadForOffice(t: Turn, no: string): Promise<Result<Meeting>> {
  const m = await loadMeeting(t, no);
  if (!m.ok) return m;
  return runsMeetings(t.actor, m.value.body, t.services.directory) ? m : fail(`会议 ${no} 由${t.services.directory.name(m.value.convenerOrgId)}安排和登记。`);
}

export async function loadItem(t: Turn, no: string): Promise<Result<MeetingItem>> {
  const i = await t.store.meetingItems.byNo(no);
  return i && canSeeItem(t.actor, i, t.services.directory) ? ok(i) : fail(notFound(no));
}

export async function attendanceOf(t: Turn, m: Meeting) {
  return M.attendanceOf(await t.store.caseEvents.list(m.meetingNo));
}

async function saveMeeting(t: Turn, before: Meeting, after: Meeting, kind: string, note?: string): Promise<Result<Meeting>> {
  if (!(await t.store.meetings.update(before, after))) return fail(RACE);
  await event(t, after.meetingNo, kind, after.convenerOrgId, note);
  return ok(after);
}

async function saveItem(t: Turn, before: MeetingItem, after: MeetingItem, kind: string, note?: string): Promise<Result<MeetingItem>> {
  if (!(await t.store.meetingItems.update(before, after))) return fail(RACE);
  await event(t, after.itemNo, kind, after.orgId, note);
  return ok(after);
}

/**
 * Tells a member unit about its meeting: the liaison on the roster and the unit's head, or
 * — while the unit has registered none — every liaison and head of it.
 */
async function notifyMembers(t: Turn, m: Pick<Meeting, 'body' | 'memberOrgIds'>, text: string, options: string[]) {
  const roster = new Map((await t.store.liaisons.of(m.body)).map((e) => [e.orgId, e.personId]));
  for (const orgId of m.memberOrgIds) {
    const liaison = roster.get(orgId);
    if (liaison == null) {
      await notifyOrg(t, orgId, MEMBER_ROLES, { text, options });
      continue;
    }
    if (liaison !== t.actor.personId) await t.notify(liaison, { text, options });
    await notifyStaffOf(t, [orgId], ['head'], { text, options }, [t.actor.personId, liaison]);
  }
}

/** 已召开 or 补录: the minutes go to every member unit. */
async function sendMinutes(t: Turn, m: Extract<Meeting, { state: 'held' }>) {
  const dir = t.services.directory;
  await notifyMembers(t, m, `【会议纪要】${M.BODY_LABEL[m.body]} ${m.meetingNo}（${formatLocal(m.heldAt)}召开）\n议题：${m.topic}\n纪要：${m.minutes}\n召集：${dir.name(m.convenerOrgId)}`, [
    `查询 ${m.meetingNo}`,
  ]);
}

/** The reply line for a period duty a held meeting met, or why it did not. */
async function meetMeetingDuty(t: Turn, m: Meeting): Promise<string> {
  const duty = M.dutyMet(m);
  if (!duty) return '';
  const met = await t.store.deadlines.close(duty.kind, m.convenerOrgId, periodSubject(duty.period), { state: 'met' }, t.now);
  const what = `${duty.period.label}${duty.kind === 'joint-meeting' ? '联席会议' : '审批监管联席会议'}召开任务`;
  if (met) return `\n${what}已完成。`;
  const d = await t.store.deadlines.find(duty.kind, m.convenerOrgId, periodSubject(duty.period));
  return d?.state === 'missed' ? `\n${what}此前已记为逾期，逾期记录保留，本次召开记录备查。` : '';
}

async function inviteMembers(t: Turn, m: Meeting) {
  const dir = t.services.directory;
  await notifyMembers(t, m, `【会议通知】${dir.name(m.convenerOrgId)}通知召开${M.BODY_LABEL[m.body]}，请贵单位联络员确认参会。\n${meetingText(m, dir)}`, [
    `参会 ${m.meetingNo}`, `请假 ${m.meetingNo}`, `查询 ${m.meetingNo}`,
  ]);
}

// ── meetings ─────────────────────────────────────────────────────────────────────────

/** The office schedules a meeting: numbered, stored, every member unit's liaison notified. */
export async function scheduleMeeting(t: Turn, body: MeetingBody, kind: M.MeetingKind, topic: string, s: Schedule): Promise<Result<string>> {
  const dir = t.services.directory;
  if (!runsMeetings(t.actor, body, dir)) return fail(`${M.BODY_LABEL[body]}由${dir.name(officeOf(body, dir))}安排。`);
  const checked = M.checkSchedule(s, t.now);
  if (!checked.ok) return checked;
  const meetingNo = await t.store.numbers.next(SERIES.meeting, localYear(t.now));
  const facts: MeetingFacts = { body, kind, convenerOrgId: officeOf(body, dir)!, topic, memberOrgIds: memberUnits(body, dir).map((o) => o.id) };
  const m = await t.store.meetings.create({ ...facts, meetingNo, createdAt: t.now, state: 'scheduled', scheduledAt: t.now, ...checked.value });
  await event(t, meetingNo, 'scheduled', m.convenerOrgId, topic);
  await inviteMembers(t, m);
  return ok(`已安排${M.BODY_LABEL[body]} ${meetingNo}（${M.KIND_LABEL[kind]}），${formatLocal(checked.value.startsAt)}在${checked.value.place}召开，已通知 ${m.memberOrgIds.length} 个成员单位的联络员。`);
}

/** A member unit proposes a temporary meeting (「经一方提议，可召开临时会议」). */
export async function proposeMeeting(t: Turn, body: MeetingBody, topicText: string): Promise<Result<string>> {
  const dir = t.services.directory;
  const orgs = memberOrgsOf(t.actor, body, dir);
  if (!orgs.length) return fail(`只有${M.BODY_LABEL[body]}成员单位的联络员或负责人可以提议召开临时会议。`);
  const topic = topicText.trim();
  if (topic.length < 4) return fail('请写明提议召开临时会议的议题和理由，如：提议临时会议 城区渣土车管理职责交叉问题。');
  if (topic.length > M.MAX_MEETING_TEXT.topic) return fail(`议题不能超过 ${M.MAX_MEETING_TEXT.topic} 字。`);
  const office = officeOf(body, dir);
  if (office == null) return fail('目录中没有会议办公室，无法提议。');
  const meetingNo = await t.store.numbers.next(SERIES.meeting, localYear(t.now));
  const m = await t.store.meetings.create({
    body, kind: 'temporary', convenerOrgId: office, topic, memberOrgIds: memberUnits(body, dir).map((o) => o.id), proposedByOrgId: orgs[0]!,
    meetingNo, createdAt: t.now, state: 'proposed', proposerPersonId: t.actor.personId,
  });
  await event(t, meetingNo, 'proposed', orgs[0]!, topic);
  await notifyOrg(t, office, [OFFICE[body].role, 'head'], {
    text: `【临时会议提议】${dir.name(orgs[0])}提议召开${M.BODY_LABEL[body]}临时会议。\n${meetingText(m, dir)}\n请安排时间地点，或说明理由不予召开。`,
    options: [`安排 ${meetingNo}`, `不召开 ${meetingNo}`, `查询 ${meetingNo}`],
  });
  return ok(`已提议召开临时会议 ${meetingNo}，已告知${dir.name(office)}。`);
}

export async function scheduleProposed(t: Turn, no: string, s: Schedule): Promise<Result<string>> {
  const m = await loadForOffice(t, no);
  if (!m.ok) return m;
  const next = M.schedule(m.value, s, t.now);
  if (!next.ok) return next;
  const saved = await saveMeeting(t, m.value, next.value, 'scheduled');
  if (!saved.ok) return saved;
  await inviteMembers(t, saved.value);
  const v = saved.value as Meeting & Schedule;
  return ok(`已安排临时会议 ${no}，${formatLocal(v.startsAt)}在${v.place}召开，已通知 ${v.memberOrgIds.length} 个成员单位的联络员。`);
}

export async function declineMeeting(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const m = await loadForOffice(t, no);
  if (!m.ok) return m;
  const next = M.decline(m.value, reason, t.now);
  if (!next.ok) return next;
  const saved = await saveMeeting(t, m.value, next.value, 'declined', reason);
  if (!saved.ok) return saved;
  if (m.value.state === 'proposed') await t.notify(m.value.proposerPersonId, { text: `【临时会议提议】${no} 办公室决定不召开。\n理由：${reason.trim()}`, options: [`查询 ${no}`] });
  return ok(`已登记不召开 ${no}，已告知提议单位。`);
}

export async function cancelMeeting(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const m = await loadForOffice(t, no);
  if (!m.ok) return m;
  const next = M.cancel(m.value, reason, t.now);
  if (!next.ok) return next;
  const saved = await saveMeeting(t, m.value, next.value, 'cancelled', reason);
  if (!saved.ok) return saved;
  await notifyMembers(t, saved.value, `【会议取消】${M.BODY_LABEL[saved.value.body]} ${no} 已取消。\n理由：${reason.trim()}`, [`查询 ${no}`]);
  return ok(`已取消会议 ${no}，已通知各成员单位。`);
}

/** A member unit's liaison or head answers the notice: 参会, or 请假 with a reason. */
export async function answerNotice(t: Turn, no: string, attending: boolean, reason?: string): Promise<Result<string>> {
  const m = await loadMeeting(t, no);
  if (!m.ok) return m;
  const orgs = memberOrgsOf(t.actor, m.value.body, t.services.directory).filter((id) => m.value.memberOrgIds.includes(id));
  if (!orgs.length) return fail(`只有成员单位的联络员或负责人可以确认参会。`);
  if (m.value.state !== 'scheduled') return fail(`会议 ${no} ${M.MEETING_STATE_LABEL[m.value.state]}，无需确认。`);
  if (!attending && !reason?.trim()) return fail(`请写明请假理由：请假 ${no} 理由`);
  for (const orgId of orgs) await event(t, no, attending ? 'attend' : 'absent', orgId, attending ? null : reason!.trim());
  const dir = t.services.directory;
  const names = orgs.map((id) => dir.name(id)).join('、');
  if (!attending) await notifyOrg(t, m.value.convenerOrgId, [OFFICE[m.value.body].role], { text: `【请假】${names}不能参加会议 ${no}：${reason!.trim()}`, options: [`查询 ${no}`] });
  return ok(attending ? `已确认${names}参加会议 ${no}。` : `已登记${names}请假（会议 ${no}），已告知会议办公室。`);
}

/** The office records the meeting held, with its minutes; a regular one meets the period's duty. */
export async function holdMeeting(t: Turn, no: string, minutes: string): Promise<Result<string>> {
  const m = await loadForOffice(t, no);
  if (!m.ok) return m;
  const next = M.hold(m.value, minutes, t.now);
  if (!next.ok) return next;
  const saved = await saveMeeting(t, m.value, next.value, 'held', minutes.trim());
  if (!saved.ok) return saved;
  const dutyLine = await meetMeetingDuty(t, saved.value);
  await sendMinutes(t, saved.value as Extract<Meeting, { state: 'held' }>);
  return ok(`已登记会议 ${no} 召开，会议纪要已送达各成员单位。${dutyLine}\n请逐项登记议定事项：议定事项 ${no}`);
}

/** 补录会议: a meeting the office held offline, entered with its real date and minutes. */
export async function recordHeldMeeting(t: Turn, body: MeetingBody, kind: M.MeetingKind, topic: string, s: Schedule, minutes: string): Promise<Result<string>> {
  const dir = t.services.directory;
  if (!runsMeetings(t.actor, body, dir)) return fail(`${M.BODY_LABEL[body]}由${dir.name(officeOf(body, dir))}登记。`);
  const meetingNo = await t.store.numbers.next(SERIES.meeting, localYear(t.now));
  const facts: MeetingFacts = { body, kind, convenerOrgId: officeOf(body, dir)!, topic, memberOrgIds: memberUnits(body, dir).map((o) => o.id) };
  const held = M.recordHeld({ ...facts, id: 0, meetingNo }, s, minutes, t.now);
  if (!held.ok) return held;
  const m = await t.store.meetings.create(held.value);
  await event(t, meetingNo, 'recorded-held', m.convenerOrgId, minutes.trim());
  const dutyLine = await meetMeetingDuty(t, m);
  await sendMinutes(t, held.value);
  return ok(`已补录${M.BODY_LABEL[body]} ${meetingNo}（${M.KIND_LABEL[kind]}，${formatLocal(s.startsAt)}召开），会议纪要已送达 ${m.memberOrgIds.length} 个成员单位。${dutyLine}\n请逐项登记议定事项：议定事项 ${meetingNo}`);
}

// ── the liaison roster (联络员制度) ───────────────────────────────────────────────────

/** The member units where the person holds the liaison role, for that meeting. */
export const liaisonOrgsOf = (t: Turn, body: MeetingBody): number[] =>
  memberOrgsOf(t.actor, body, t.services.directory).filter((id) => hasRole(t.actor, id, ['liaison']));

/** Registers the person as the unit's one liaison for the meeting; whoever was before is told. */
export async function registerLiaison(t: Turn, body: MeetingBody, orgId: number, entry: { name: string; post: string; phone: string }): Promise<Result<string>> {
  const dir = t.services.directory;
  if (!liaisonOrgsOf(t, body).includes(orgId)) return fail(`只有${M.BODY_LABEL[body]}成员单位的联络员可以登记。`);
  const name = L.checkName(entry.name);
  if (!name.ok) return name;
  const post = L.checkPost(entry.post);
  if (!post.ok) return post;
  const phone = L.checkPhone(entry.phone);
  if (!phone.ok) return phone;
  const before = await t.store.liaisons.register({ body, orgId, personId: t.actor.personId, name: name.value, post: post.value, phone: phone.value, registeredAt: t.now });
  await event(t, `liaison:${body}:${dir.byId(orgId)?.code}`, 'liaison-registered', orgId, `${name.value} ${post.value} ${phone.value}`);
  if (before && before.personId !== t.actor.personId) {
    await t.notify(before.personId, { text: `【联络员变更】${name.value}已登记为${dir.name(orgId)}的${M.BODY_LABEL[body]}联络员，您不再是该会议的联络员。` });
  }
  const office = officeOf(body, dir);
  if (office != null) await notifyOrg(t, office, [OFFICE[body].role], { text: `【联络员登记】${dir.name(orgId)}：${name.value}（${post.value}，${phone.value}）` });
  const replaced = before && before.personId !== t.actor.personId ? `，接替${before.name}` : '';
  return ok(`已登记为${dir.name(orgId)}的${body === 'joint' ? '联席会议' : '审批监管联席会议'}联络员${replaced}，会议通知将发送给您。`);
}

/** 联络员名单: each member unit and its liaison, or that it has named none (the office only). */
export async function rosterText(t: Turn, body: MeetingBody): Promise<Result<string>> {
  const dir = t.services.directory;
  if (!runsMeetings(t.actor, body, dir)) return fail(`联络员名单由${dir.name(officeOf(body, dir))}查看。`);
  const roster = new Map((await t.store.liaisons.of(body)).map((e) => [e.orgId, e]));
  const units = memberUnits(body, dir);
  const lines = units.map((o) => {
    const e = roster.get(o.id);
    return `· ${o.name}：${e ? `${e.name}（${e.post}，${e.phone}）` : '未明确'}`;
  });
  const missing = units.filter((o) => !roster.has(o.id)).length;
  return ok([`${M.BODY_LABEL[body]}联络员名单（成员单位 ${units.length} 个，未明确联络员的成员单位 ${missing} 个）：`, ...lines].join('\n'));
}

// ── decided items ────────────────────────────────────────────────────────────────────

/** The office assigns an item decided at a held meeting to a member unit, with its clock. */
export async function assignItem(t: Turn, meetingNo: string, orgId: number, content: string, dueDate: string): Promise<Result<string>> {
  const m = await loadForOffice(t, meetingNo);
  if (!m.ok) return m;
  if (m.value.state !== 'held') return fail(`会议 ${meetingNo} ${M.MEETING_STATE_LABEL[m.value.state]}，召开后才能登记议定事项。`);
  const dir = t.services.directory;
  if (!m.value.memberOrgIds.includes(orgId)) return fail(`${dir.name(orgId)}不是该会议的成员单位。`);
  const c = I.checkItem(content);
  if (!c.ok) return c;
  const itemNo = await t.store.numbers.next(SERIES.meetingItem, localYear(t.now));
  const spec = deadlineFor({ kind: 'meeting-item', date: dueDate }, { from: t.now, orgId, subject: itemSubject(itemNo) }, t.services.calendar);
  if (!spec.ok) return spec;
  const item = await t.store.meetingItems.create({
    meetingNo, body: m.value.body, convenerOrgId: m.value.convenerOrgId, orgId, content: c.value, dueDate,
    itemNo, assignerPersonId: t.actor.personId, assignedAt: t.now, state: 'assigned',
  });
  await event(t, itemNo, 'assigned', orgId, meetingNo);
  await t.store.deadlines.open(spec.value, remindersFor(spec.value, t.now, t.services.calendar));
  await notifyOrg(t, orgId, MEMBER_ROLES, {
    text: `【议定事项】${dir.name(m.value.convenerOrgId)}责成贵单位落实会议 ${meetingNo} 议定的事项，请于期限前反馈落实情况。\n${itemText(item, dir, t.now)}`,
    options: [`反馈 ${itemNo}`, `查询 ${itemNo}`],
  });
  return ok(`已登记议定事项 ${itemNo}，由${dir.name(orgId)}于 ${formatDue({ due: spec.value.dueAt, provisional: false })} 前落实并反馈，已通知该单位联络员。`);
}

export async function reportItem(t: Turn, no: string, text: string): Promise<Result<string>> {
  const i = await loadItem(t, no);
  if (!i.ok) return i;
  const dir = t.services.directory;
  if (!canReportItem(t.actor, i.value)) return fail(`议定事项 ${no} 由${dir.name(i.value.orgId)}反馈落实情况。`);
  const next = I.report(i.value, text, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await saveItem(t, i.value, next.value, 'reported', text.trim());
  if (!saved.ok) return saved;
  await notifyOrg(t, i.value.convenerOrgId, [OFFICE[i.value.body].role, 'head'], {
    text: `【落实反馈】${dir.name(i.value.orgId)}反馈议定事项 ${no}：\n${itemText(saved.value, dir, t.now)}`,
    options: [`采纳 ${no}`, `不采纳 ${no}`, `查询 ${no}`],
  });
  return ok(`已反馈议定事项 ${no} 的落实情况，待${dir.name(i.value.convenerOrgId)}审核。`);
}

async function loadItemForOffice(t: Turn, no: string): Promise<Result<MeetingItem>> {
  const i = await loadItem(t, no);
  if (!i.ok) return i;
  return runsMeetings(t.actor, i.value.body, t.services.directory) ? i : fail(`议定事项 ${no} 由${t.services.directory.name(i.value.convenerOrgId)}审核和督办。`);
}

export async function acceptItem(t: Turn, no: string): Promise<Result<string>> {
  const i = await loadItemForOffice(t, no);
  if (!i.ok) return i;
  const next = I.accept(i.value, t.actor.personId, t.now);
  if (!next.ok) return next;
  const saved = await saveItem(t, i.value, next.value, 'accepted');
  if (!saved.ok) return saved;
  const onTime = await t.store.deadlines.close('meeting-item', i.value.orgId, itemSubject(no), { state: 'met' }, t.now);
  await notifyOrg(t, i.value.orgId, ITEM_ROLES, { text: `【议定事项办结】${no} 的落实情况已被采纳，事项办结。`, options: [`查询 ${no}`] });
  return ok(`已采纳 ${no} 的落实情况，事项办结。${onTime ? '' : '（该事项已逾期，逾期记录保留。）'}`);
}

export async function sendBackItem(t: Turn, no: string, reason: string): Promise<Result<string>> {
  const i = await loadItemForOffice(t, no);
  if (!i.ok) return i;
  const next = I.sendBack(i.value, reason, t.now);
  if (!next.ok) return next;
  const saved = await saveItem(t, i.value, next.value, 'sent-back', reason.trim());
  if (!saved.ok) return saved;
  await notifyOrg(t, i.value.orgId, MEMBER_ROLES, {
    text: `【反馈未采纳】议定事项 ${no} 的落实情况未被采纳：${reason.trim()}\n请继续落实并于 ${formatLocalDate(i.value.dueDate)} 前重新反馈。`,
    options: [`反馈 ${no}`, `查询 ${no}`],
  });
  return ok(`已退回 ${no} 的反馈，已告知${t.services.directory.name(i.value.orgId)}。`);
}

/** 督办: the office chases one item, or every unfinished item of a meeting. */
export async function chase(t: Turn, no: string): Promise<Result<string>> {
  const dir = t.services.directory;
  let items: MeetingItem[];
  if (no.startsWith(SERIES.meeting)) {
    const m = await loadForOffice(t, no);
    if (!m.ok) return m;
    items = (await t.store.meetingItems.list({ otherOrgId: m.value.convenerOrgId, states: ['assigned'] }, 500)).filter((i) => i.meetingNo === no);
    if (!items.length) return ok(`会议 ${no} 没有待落实的议定事项。`);
  } else {
    const i = await loadItemForOffice(t, no);
    if (!i.ok) return i;
    if (i.value.state !== 'assigned') return fail(`议定事项 ${no} ${I.ITEM_STATE_LABEL[i.value.state]}，无需督办。`);
    items = [i.value];
  }
  const lines: string[] = [];
  for (const i of items) {
    const late = I.isOverdue(i, t.now);
    await event(t, i.itemNo, 'chased', i.orgId, late ? 'overdue' : null);
    const sent = await notifyOrg(t, i.orgId, MEMBER_ROLES, {
      text: `【督办】${dir.name(i.convenerOrgId)}督促贵单位落实议定事项 ${i.itemNo}${late ? '（已逾期）' : ''}，请尽快反馈落实情况。\n${itemText(i, dir, t.now)}`,
      options: [`反馈 ${i.itemNo}`, `查询 ${i.itemNo}`],
    });
    lines.push(`· ${i.itemNo} ${dir.name(i.orgId)}${late ? '（已逾期）' : ''}${sent ? '' : '：该单位尚无联络员或负责人绑定，请电话督办'}`);
  }
  return ok([`已督办 ${items.length} 项：`, ...lines].join('\n'));
}

/** Items the person should see in a list: all of the offices they run, and their units'. */
export async function visibleItems(t: Turn, states: readonly I.ItemState[]): Promise<MeetingItem[]> {
  const dir = t.services.directory;
  const out = new Map<string, MeetingItem>();
  for (const body of ['joint', 'approval'] as const) {
    const office = officeOf(body, dir);
    if (office != null && runsMeetings(t.actor, body, dir)) for (const i of await t.store.meetingItems.list({ otherOrgId: office, states }, 200)) out.set(i.itemNo, i);
  }
  for (const orgId of new Set(t.actor.grants.map((g) => g.orgId))) for (const i of await t.store.meetingItems.list({ orgId, states }, 100)) out.set(i.itemNo, i);
  return [...out.values()].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.itemNo.localeCompare(b.itemNo));
}
