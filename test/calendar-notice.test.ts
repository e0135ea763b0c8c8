/**
 * The official calendar stays official: with a package that does not know 2026 (the
 * chinese-days data minus 2026), clocks into 2026 run on the statutory guess and are marked
 * 暂定; the real 2026 notice is entered in chat as if it were new, step by step, refused on
 * every bad answer, and takes effect only when a second person confirms it. Then the
 * provisional clocks move — a transfer found on 29 September from Tue 6 to Fri 9 October
 * (3 working days across 国庆), its reminders with it, the officer told; one already marked
 * missed is restored — and a second instance sees the year on its next sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { createWebApp } from '../adapters/web/server';
import { webSessionRepo } from '../db/identity/repo';
import { webTranscriptRepo } from '../db/transcript';
import { CalendarKeeper } from '../bot/calendar/keeper';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlineChanges, deadlineReminders, deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import { LiveCalendar } from '../domain/calendar/live';
import { packageYears } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import { Person, numberIn } from './support/chat';
import { linkAccounts } from './support/link';
import { type TestDatabase, testDatabase } from './support/db';
import { WebClient } from './support/http';
import { countRows, inboxText, staffMember } from './support/staff';

const log = pino({ level: 'silent' });
let database: TestDatabase;
let directory: Directory;
let now = new Date('2026-09-28T10:00:00+08:00'); // a Monday
const clock = () => now;
const at = (s: string) => new Date(s);

/** One running instance: its own calendar (package without 2026), engine, keeper and scheduler. */
async function instance() {
  const uow = unitOfWork(database.db);
  const calendar = new LiveCalendar(packageYears({ without: [2026] }));
  const { engine, directory: dir, router } = await createEngine(uow, { clock, calendar });
  const keeper = new CalendarKeeper({ uow, directory: dir, calendar, clock, log });
  await keeper.load();
  await keeper.start();
  const scheduler = new Scheduler({ uow, directory: dir, clock, pushPlatforms: () => new Set(), log, calendar, calendarKeeper: keeper });
  return { engine, calendar, keeper, scheduler, router, directory: dir };
}

let first: Awaited<ReturnType<typeof instance>>;
let second: Awaited<ReturnType<typeof instance>>;
const staff = (engine: Engine, id: string, org: string, role: string, name?: string) =>
  staffMember({ engine, db: database.db, directory, now: clock }, id, org, role, name);

/** Registers a case discovered at `found` (or today) and submits its transfer from the township to a department. */
async function transferredCase(officer: Person, found = '今天'): Promise<string> {
  for (const t of ['立案', '非法占用耕地建房，面积约300平方米', '《土地管理法》第七十七条', '无', found, '钱某', '自然人', '群众', '无', '无', '否', '当事人已登记完毕', '自然资源', '否']) await officer.say(t);
  const caseNo = numberIn('AJ', await officer.text('确认登记'));
  for (const t of [`移送 ${caseNo}`, '自然资源', '属于对方管辖（乡镇与区职能部门之间）', '非法占用耕地建房，属自然资源部门查处', '留守营移〔2026〕5号', '调查报告', '无', '无', '事实说明', '无']) await officer.say(t);
  expect(await officer.text('提交审批')).toContain('已提交移送');
  return caseNo;
}

const clockOf = async (caseNo: string) => (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'township-transfer'), eq(deadlines.subjectId, caseNo))))[0]!;
const remindersOf = async (id: number) =>
  Object.fromEntries(
    (await database.db.select().from(deadlineReminders).where(eq(deadlineReminders.deadlineId, id)).orderBy(asc(deadlineReminders.at))).map((r) => [r.key, { at: r.at, sent: r.sentAt !== null }]),
  );

beforeAll(async () => {
  database = await testDatabase();
  first = await instance();
  second = await instance();
  directory = first.directory;
});
afterAll(async () => database?.close());

let officer: Person;
let justiceA: Person;
let justiceB: Person;
let foundMonday: string; // found 28 Sep: provisional due Mon 5 Oct, missed before the notice is confirmed
let foundTuesday: string; // found 29 Sep: provisional due Tue 6 Oct

describe('2026 before its notice is entered', () => {
  it('counts clocks into it on the statutory guess and says they are provisional', async () => {
    officer = await staff(first.engine, 'cal-officer', '留守营镇', 'officer');
    await staff(first.engine, 'cal-head', '留守营镇', 'head');
    justiceA = await staff(first.engine, 'cal-justice-a', 'sfj', 'justice', '张司法');
    justiceB = await staff(first.engine, 'cal-justice-b', 'sfj', 'justice', '李司法');
    foundMonday = await transferredCase(officer);
    now = at('2026-09-29T10:00:00+08:00');
    foundTuesday = await transferredCase(officer);

    expect((await clockOf(foundMonday)).dueAt).toEqual(at('2026-10-05T23:59:59+08:00'));
    const tuesday = await clockOf(foundTuesday);
    expect(tuesday).toMatchObject({ dueAt: at('2026-10-06T23:59:59+08:00'), provisional: true, startedAt: at('2026-09-29T00:00:00+08:00') }); // 「今天」: the day
    expect(await officer.text('待办')).toContain('2026年10月6日 23:59（暂定');
    expect(await officer.text('期限 乡镇移送 2026-09-29')).toContain('2026年10月6日 23:59（暂定');
    expect(await officer.text('节假日 2026')).toContain('暂定：国务院该年节假日安排尚未录入');

    // The early reminder goes out on 30 September; the Monday clock is escalated and missed on 6 October.
    now = at('2026-09-30T10:00:00+08:00');
    await first.scheduler.sweep();
    now = at('2026-10-06T08:00:00+08:00');
    await first.scheduler.sweep();
    expect((await clockOf(foundMonday)).state).toBe('missed');
    expect(await remindersOf(tuesday.id)).toMatchObject({
      'before-2': { at: at('2026-09-30T09:00:00+08:00'), sent: true },
      'due-morning': { at: at('2026-10-06T09:00:00+08:00'), sent: false },
    });
    await officer.inbox();
    await justiceA.inbox();
  });
});

describe('entering the 2026 notice in chat', () => {
  const ask = (p: Person, text: string) => p.text(text);

  it('is only for 司法局 staff and administrators', async () => {
    expect(await ask(officer, '录入节假日')).toContain('由司法局工作人员或管理员录入和确认');
    expect(await ask(officer, '确认节假日 2026')).toContain('由司法局工作人员或管理员录入和确认');
  });

  it('goes holiday by holiday and refuses each bad answer at its step', async () => {
    const before = await countRows(database.db, ['calendar_notices', 'deadline_changes']);
    expect(await ask(justiceA, '录入节假日')).toContain('请输入年份');
    expect(await ask(justiceA, '明年')).toContain('之间的年份');
    expect(await ask(justiceA, '2026')).toContain('第1个节日');
    expect(await ask(justiceA, '完成')).toContain('没有任何节假日'); // an empty year
    expect(await ask(justiceA, '元旦')).toContain('「元旦」放假日期');
    expect(await ask(justiceA, '2025-12-31至2026-01-03')).toContain('2025年12月31日（星期三）不在2026年内');
    expect(await ask(justiceA, '1月32日')).toContain('「1月32日」不是有效日期');
    expect(await ask(justiceA, '1月1日至3日')).toContain('「元旦」的调休上班日期');
    expect(await ask(justiceA, '1月5日')).toContain('2026年1月5日（星期一）是工作日，调休上班日应为星期六或星期日');
    expect(await ask(justiceA, '1月4日')).toContain('第2个节日');
    for (const [name, days, work] of [
      ['春节', '2月15日至23日', '2月14日、2月28日'],
      ['清明节', '4月4日至6日', '无'],
      ['劳动节', '5月1日至5日', '5月9日'],
      ['端午节', '6月19日至21日', '无'],
      ['中秋节', '9月25日至27日', '无'],
    ]) {
      await justiceA.say(name!);
      await justiceA.say(days!);
      expect(await ask(justiceA, work!)).toContain('个节日');
    }
    expect(await ask(justiceA, '国庆节')).toContain('「国庆节」放假日期');
    expect(await ask(justiceA, '9月27日至10月7日')).toContain('2026年9月27日（星期日）同时出现在「中秋节」放假日期和「国庆节」放假日期中');
    await justiceA.say('10月1日至7日');
    await justiceA.say('9月20日、10月10日');
    expect(await ask(justiceA, '春节')).toContain('录入了两次');
    const summary = await ask(justiceA, '完成');
    expect(summary).toContain('请核对2026年节假日安排');
    expect(summary).toContain('7. 国庆节：10月1日至7日放假，共7天；9月20日、10月10日上班');
    expect(summary).toContain('须由另一名司法局工作人员或管理员核对确认才生效');
    expect(await countRows(database.db, ['calendar_notices', 'deadline_changes'])).toEqual(before); // nothing stored yet
    expect(await ask(justiceA, '提交')).toContain('待另一名司法局工作人员或管理员核对确认后生效');
  });

  it('waits for a second person: the entrant cannot confirm it, and nothing moves meanwhile', async () => {
    const asked = await inboxText(justiceB);
    expect(asked).toContain('【节假日安排待确认】张司法录入了2026年节假日安排');
    expect(asked).toContain('确认节假日 2026');
    expect(await ask(justiceB, '待办')).toContain('2026年节假日安排（张司法录入）待您核对确认');

    const before = await countRows(database.db, ['deadline_changes', "calendar_notices WHERE state = 'confirmed'"]);
    expect(await ask(justiceA, '确认节假日 2026')).toContain('两人核对');
    expect(await ask(justiceA, '录入节假日')).toContain('请输入年份');
    expect(await ask(justiceA, '2026')).toContain('已有一份待确认的节假日安排（张司法录入）');
    await justiceA.say('取消');
    expect(await countRows(database.db, ['deadline_changes', "calendar_notices WHERE state = 'confirmed'"])).toEqual(before);
    expect((await clockOf(foundTuesday)).dueAt).toEqual(at('2026-10-06T23:59:59+08:00'));
    expect(first.calendar.sourceOf(2026)).toBe('statutory');
  });

  it('takes effect when the second person confirms: the provisional clocks move and the officer is told', async () => {
    now = at('2026-10-06T08:30:00+08:00');
    const reply = await justiceB.text('确认节假日 2026');
    expect(reply).toContain('已确认，2026年节假日安排即日生效（张司法录入）');
    expect(reply).toContain('期限调整 1 项');
    expect(reply).toContain('已恢复计时 1 项');
    expect(first.calendar.sourceOf(2026)).toBe('entered');

    // Found on Tue 29 Sep: 3 working days are Wed 30 Sep, Thu 8 and Fri 9 October.
    const tuesday = await clockOf(foundTuesday);
    expect(tuesday).toMatchObject({ dueAt: at('2026-10-09T23:59:59+08:00'), provisional: false, state: 'open' });
    expect(await remindersOf(tuesday.id)).toEqual({
      'before-2': { at: at('2026-09-30T09:00:00+08:00'), sent: true }, // sent stays sent
      'due-morning': { at: at('2026-10-09T09:00:00+08:00'), sent: false },
      due: { at: at('2026-10-09T23:59:59+08:00'), sent: false },
      escalation: { at: at('2026-10-10T00:00:59+08:00'), sent: false },
    });
    const [change] = await database.db.select().from(deadlineChanges).where(eq(deadlineChanges.deadlineId, tuesday.id));
    expect(change).toMatchObject({
      outcome: 'moved', reason: '因2026年节假日安排公布',
      dueBefore: at('2026-10-06T23:59:59+08:00'), dueAfter: at('2026-10-09T23:59:59+08:00'), provisionalBefore: true, provisionalAfter: false,
    });
    const told = await inboxText(officer);
    expect(told).toContain(`【期限调整】因2026年节假日安排公布，乡镇移送：案件 ${foundTuesday}（留守营镇人民政府）的期限由2026年10月6日 23:59（暂定：该年度调休安排尚未公布）调整为2026年10月9日 23:59。`);

    // Found on Mon 28 Sep: missed on the guess (Mon 5 Oct), due Thu 8 Oct officially — open again.
    const monday = await clockOf(foundMonday);
    expect(monday).toMatchObject({ state: 'open', closedAt: null, dueAt: at('2026-10-08T23:59:59+08:00'), provisional: false });
    expect(await remindersOf(monday.id)).toMatchObject({
      due: { at: at('2026-10-08T23:59:59+08:00'), sent: false },
      escalation: { at: at('2026-10-09T00:00:59+08:00'), sent: false },
    });
    expect(told).toContain(`【期限恢复】因2026年节假日安排公布，乡镇移送：案件 ${foundMonday}`);
    expect(await inboxText(justiceA)).toContain('【节假日安排生效】2026年节假日安排已由李司法核对确认');

    expect(await officer.text('期限 乡镇移送 2026-09-29')).toMatch(/2026年10月9日 23:59$/);
    const todo = await officer.text('待办');
    expect(todo).toContain('2026年10月9日 23:59');
    expect(todo).not.toContain('暂定');
    expect(await officer.text('节假日 2026')).toContain('2026年：正式安排（张司法录入，李司法于 2026年10月6日 08:30 确认）');
  });

  it('is seen by a second instance on its next sweep, which moves the clocks it counted on the old calendar meanwhile', async () => {
    const officer2 = await staff(second.engine, 'cal-officer-2', '留守营镇', 'officer');
    expect(second.calendar.sourceOf(2026)).toBe('statutory'); // not reloaded yet
    const caseNo = await transferredCase(officer2); // found Tue 6 Oct on the stale calendar: Wed 7, Thu 8, Fri 9
    expect(await clockOf(caseNo)).toMatchObject({ dueAt: at('2026-10-09T23:59:59+08:00'), provisional: true });

    const app = createWebApp({ engine: second.engine, router: second.router, directory, dbKind: 'pglite', ping: async () => {}, log, calendar: second.calendar, sessions: webSessionRepo(database.db), transcript: webTranscriptRepo(database.db) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((res) => server.once('listening', res));
    try {
      const compute = () => new WebClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).request('/api/deadlines/compute?rule=township-transfer&from=2026-09-29');
      expect((await compute()).body).toMatchObject({ due: '2026-10-06T23:59:59+08:00', provisional: true });
      await second.scheduler.tick(); // the version changed: reload, count again
      expect(second.calendar.sourceOf(2026)).toBe('entered');
      expect((await compute()).body).toMatchObject({ due: '2026-10-09T23:59:59+08:00', provisional: false });
    } finally {
      await new Promise<void>((res) => server.close(() => res()));
    }
    // Officially Wed 7 Oct is a holiday: Thu 8, Fri 9, Sat 10 (a make-up day).
    expect(await clockOf(caseNo)).toMatchObject({ dueAt: at('2026-10-10T23:59:59+08:00'), provisional: false });
    expect(await inboxText(officer2)).toContain('调整为2026年10月10日 23:59');
    expect(await second.keeper.refresh()).toBe(false); // nothing new: no reload
  });

  it('is sent back with a reason, and a rejected notice changes nothing', async () => {
    await justiceA.say('录入节假日');
    for (const t of ['2027', '国庆节', '10月1日至7日', '无', '完成', '提交']) await justiceA.say(t);
    await inboxText(justiceB);
    expect(await justiceB.text('退回节假日 2027')).toContain('退回须写明理由');
    expect(await justiceB.text('退回节假日 2027 只录入了国庆节')).toContain('已退回2027年节假日安排，未生效');
    expect(await inboxText(justiceA)).toContain('理由：只录入了国庆节');
    expect(await justiceB.text('确认节假日 2027')).toContain('2027年没有待确认的节假日安排');
    expect(first.calendar.sourceOf(2027)).toBe('statutory');
    const rows = (await database.db.execute(sql`SELECT year, state FROM calendar_notices ORDER BY id`)) as unknown as { rows: unknown[] };
    expect(rows.rows).toEqual([{ year: 2026, state: 'confirmed' }, { year: 2027, state: 'rejected' }]);
  });

  it('follows its entrant when their account is joined to another (account linking)', async () => {
    const phone = new Person(first.engine, 'cal-justice-a-wecom', 'wecom');
    expect(await linkAccounts(phone, justiceA)).toContain('关联成功'); // a role holder: confirmed on justiceA's own account
    const rows = (await database.db.execute(sql`SELECT DISTINCT n.entered_by = a.person_id AS same FROM calendar_notices n, accounts a WHERE a.external_id = 'cal-justice-a-wecom'`)) as unknown as { rows: { same: boolean }[] };
    expect(rows.rows).toEqual([{ same: true }]);
    expect(await phone.text('确认节假日 2026')).toContain('2026年没有待确认的节假日安排'); // still a keeper, nothing waiting
  });
});
