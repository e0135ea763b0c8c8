/**
 * Two calendar sources: an instance starts on a package that knows neither 2025 nor 2026,
 * a 2025 notice is entered from a file (bad files refused, nothing stored) and confirmed;
 * then an instance starts on the upgraded package that knows both. The year it newly
 * covers moves the provisional clocks (one is now already due: reported, not escalated);
 * the year that was entered stays as entered, and its difference with the package is
 * reported to 司法局 — once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import pino from 'pino';
import { CalendarKeeper } from '../bot/calendar/keeper';
import { submitNoticeFile } from '../bot/calendar/notice-file';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlineReminders, deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import { LiveCalendar } from '../domain/calendar/live';
import { type YearNotices, packageYears } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import { type Person, numberIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { countRows, inboxText, staffMember } from './support/staff';

const log = pino({ level: 'silent' });
let database: TestDatabase;
let directory: Directory;
let now = new Date('2026-10-14T10:00:00+08:00'); // a Wednesday
const clock = () => now;
const at = (s: string) => new Date(s);

async function instance(pkg: YearNotices) {
  const uow = unitOfWork(database.db);
  const calendar = new LiveCalendar(pkg);
  const { engine, directory: dir } = await createEngine(uow, { clock, calendar });
  const keeper = new CalendarKeeper({ uow, directory: dir, calendar, clock, log });
  await keeper.load();
  const started = await keeper.start();
  const scheduler = new Scheduler({ uow, directory: dir, clock, pushPlatforms: () => new Set(), log, calendar, calendarKeeper: keeper });
  return { engine, calendar, keeper, scheduler, started, directory: dir };
}

let old: Awaited<ReturnType<typeof instance>>;
let officer: Person;
let justice: Person;
let caseNo: string;

const clock9Oct = async () => (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'township-transfer'), eq(deadlines.subjectId, caseNo))))[0]!;

/** The 2025 notice as the package has it, but with 8 October 2025 left a working day: an entry the package will contradict. */
function notice2025WithSlip() {
  const n = packageYears().get(2025)!;
  return {
    year: 2025,
    holidays: n.holidays.map((h) => ({ name: h.name, days: h.days.filter((d) => d !== '2025-10-08') })),
    workdays: n.workdays,
  };
}

beforeAll(async () => {
  database = await testDatabase();
  old = await instance(packageYears({ without: [2025, 2026] }));
  directory = old.directory;
});
afterAll(async () => database?.close());

describe('on a package that does not know 2025 or 2026', () => {
  it('counts a transfer found on Fri 9 October 2026 on the guess: due Wed 14, 暂定', async () => {
    const ctx = { engine: old.engine, db: database.db, directory, now: clock };
    officer = await staffMember(ctx, 'pkg-officer', '留守营镇', 'officer');
    justice = await staffMember(ctx, 'pkg-justice', 'sfj', 'justice');
    for (const t of ['立案', '非法占用耕地建房，面积约300平方米', '《土地管理法》第七十七条', '无', '2026-10-09 10:00', '孙某', '自然人', '群众', '无', '无', '否', '当事人已登记完毕', '自然资源', '否']) await officer.say(t);
    caseNo = numberIn('AJ', await officer.text('确认登记'));
    for (const t of [`移送 ${caseNo}`, '自然资源', '属于对方管辖（乡镇与区职能部门之间）', '非法占用耕地建房，属自然资源部门查处', '留守营移〔2026〕9号', '调查报告', '无', '无', '事实说明', '无']) await officer.say(t);
    expect(await officer.text('提交审批')).toContain('暂定');
    expect(await clock9Oct()).toMatchObject({ dueAt: at('2026-10-14T23:59:59+08:00'), provisional: true, state: 'open' });
  });

  it('refuses a bad notice file with a reason and stores nothing', async () => {
    const uow = unitOfWork(database.db);
    const before = await countRows(database.db, ['calendar_notices', 'outbox']);
    const good = notice2025WithSlip();
    const cases: [unknown, string][] = [
      ['2025', '文件内容应为 JSON 对象'],
      [{ holidays: [] }, '缺少 year（年份）'],
      [{ ...good, year: '2025' }, 'year 应为数字'],
      [{ ...good, source: 'gov.cn' }, '只能有 year、holidays、workdays 三项'],
      [{ ...good, holidays: [{ name: '元旦', days: ['2025-01-01'], off: true }] }, 'holidays 第1项：节日只能有 name 和 days 两项'],
      [{ ...good, holidays: [{ name: '元旦', days: [20250101] }] }, 'holidays 第1项 days 第1项：日期应为字符串'],
      [{ year: 2025, holidays: [] }, '没有任何节假日'],
      [{ ...good, holidays: [...good.holidays, { name: '国庆补假', days: ['2025-10-01'] }] }, '日期不能重叠'],
      [{ ...good, workdays: ['2025-10-09'] }, '2025年10月9日（星期四）是工作日'],
      [{ ...good, holidays: [{ name: '元旦', days: ['2024-12-31'] }] }, '不在2025年内'],
      [{ ...good, holidays: [{ name: '元旦', days: ['2025/01/01'] }] }, '「2025/01/01」不是有效日期'],
    ];
    for (const [json, reason] of cases) {
      const r = await submitNoticeFile(uow, directory, json, now);
      expect(r.ok ? 'stored' : r.reason, JSON.stringify(json).slice(0, 80)).toContain(reason);
    }
    expect(await countRows(database.db, ['calendar_notices', 'outbox'])).toEqual(before);
  });

  it('takes a 2025 notice from a file once a 司法局 staff member confirms it', async () => {
    const r = await submitNoticeFile(unitOfWork(database.db), directory, notice2025WithSlip(), now);
    expect(r.ok).toBe(true);
    expect(await inboxText(justice)).toContain('【节假日安排待确认】服务器操作员（命令行文件）录入了2025年节假日安排');
    expect(old.calendar.sourceOf(2025)).toBe('statutory');
    expect(await justice.text('确认节假日 2025')).toContain('2025年节假日安排即日生效（服务器操作员（命令行文件）录入）');
    expect(old.calendar.sourceOf(2025)).toBe('entered');
    expect(old.calendar.isWorkday('2025-10-08')).toBe(true);
    await inboxText(justice);
  });
});

describe('after the package is upgraded to one that knows 2025 and 2026', () => {
  let upgraded: Awaited<ReturnType<typeof instance>>;

  it('keeps the entered 2025 and reports its difference with the package to 司法局', async () => {
    upgraded = await instance(packageYears());
    expect(upgraded.started.years).toEqual([2026]); // 2025 is entered: compared, not applied
    expect(upgraded.calendar.sourceOf(2025)).toBe('entered');
    expect(upgraded.calendar.isWorkday('2025-10-08')).toBe(true);
    expect(upgraded.calendar.sourceOf(2026)).toBe('package');
    const reported = await inboxText(justice);
    expect(reported).toContain('【节假日数据差异】软件包（chinese-days）现已包含2025年节假日数据，与已录入的2025年正式安排有 1 处不同');
    expect(reported).toContain('2025年10月8日（星期三）：已录入的正式安排为工作日，软件包数据为休息日');
    // … and what the newly covered 2026 did to the clocks (below).
    expect(reported).toContain('【期限重算】软件包新增或更新了2026年节假日数据');
    expect(reported).toContain('按正式安排已经届满 1 项（未自动督办，请核实处理）');
  });

  it('moves the provisional clocks of the year it newly covers, and reports one now due instead of escalating it', async () => {
    // Officially Sat 10 October 2026 is a make-up working day: 3 working days end Tue 13.
    expect(await clock9Oct()).toMatchObject({ dueAt: at('2026-10-13T23:59:59+08:00'), provisional: false, state: 'open' });
    const told = await inboxText(officer);
    expect(told).toContain(`【期限已届满】因2026年节假日安排公布，乡镇移送：案件 ${caseNo}（留守营镇人民政府）的期限由2026年10月14日 23:59（暂定：该年度调休安排尚未公布）调整为2026年10月13日 23:59。`);
    expect(told).toContain('系统未自动督办');
    const id = (await clock9Oct()).id;
    expect(await database.db.select().from(deadlineReminders).where(and(eq(deadlineReminders.deadlineId, id), isNull(deadlineReminders.sentAt)))).toEqual([]);

    now = at('2026-10-15T10:00:00+08:00');
    await upgraded.scheduler.tick();
    expect((await clock9Oct()).state).toBe('open'); // not escalated, not marked missed
    expect(await inboxText(justice)).not.toContain('【督办】');
  });

  it('reports nothing again at the next start', async () => {
    const again = await instance(packageYears());
    expect(again.started.years).toEqual([]);
    expect(again.started.report.moved).toEqual([]);
    expect(await inboxText(justice)).toBe('');
  });
});
