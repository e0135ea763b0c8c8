/**
 * Year-end filings across the turn of 2025/2026 on the official calendar (M9 自评, M11
 * 指导案例): due on the 15th working day of January (22 January 2026: 1–3 January are the
 * New Year holiday, Sunday the 4th a make-up working day), so nothing escalates on
 * 1 January and a January filing — last year's by default — is on time. A guiding case
 * counts toward the year it is about; one the bureau returns stops counting. The scheduler
 * runs on a clock the test moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { dutyKinds } from '../bot/feature';
import { FEATURES } from '../bot/features';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { accounts, deadlineReminders, deadlines, guidingCases } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import type { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { selfAssess, submitGuidingCase } from './support/duties';
import { inboxTexts, staffMember } from './support/staff';

const at = (s: string) => new Date(`${s}+08:00`);

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let scheduler: Scheduler;
let now = at('2025-12-20T10:00:00');
let liaison: Person;
let head: Person;
let justice: Person;

const duty = async (kind: string, code: string, period: string) =>
  (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, kind), eq(deadlines.orgId, directory.byCode(code)!.id), eq(deadlines.subjectId, period))))[0]!;

/** Everything waiting for the person (the inbox is read a page at a time). */
async function received(p: Person): Promise<string> {
  const all: string[] = [];
  for (let page = await inboxTexts(p); page.length; page = await inboxTexts(p)) all.push(...page);
  return all.join('\n');
}

async function tickAt(s: string): Promise<void> {
  now = at(s);
  await scheduler.tick();
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  scheduler = new Scheduler({
    uow: unitOfWork(database.db), directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }),
    calendar: officialCalendar, duties: dutyKinds(FEATURES),
  });
  const s = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);
  liaison = await s('ye-scjg-liaison', 'scjg', 'liaison');
  head = await s('ye-scjg-head', 'scjg', 'head');
  justice = await s('ye-sfj-justice', 'sfj', 'justice');
});
afterAll(async () => database?.close());

describe('upgrading from the last release (year-end duties due 31 December)', () => {
  const id = (code: string) => directory.byCode(code)!.id;
  const oldDuty = (kind: string, code: string, extra: Partial<typeof deadlines.$inferInsert> = {}) => ({
    kind, subjectType: 'period', subjectId: '2025', orgId: id(code), supervisorOrgCode: 'sfj', dueAt: at('2025-12-31T23:59:59'),
    provisional: false, rule: '考核自评：2025年度年终考核自评，报司法局备案，截至2025年12月31日 23:59（M9）', ...extra,
  });

  it('moves the open duties to the new due instant with new reminders; closed ones keep their record', async () => {
    const [open] = await database.db.insert(deadlines).values(oldDuty('self-assessment', 'cgj')).returning();
    await database.db.insert(deadlineReminders).values([
      { deadlineId: open!.id, key: 'before-2', at: at('2025-12-29T09:00:00'), audience: 'responsible', sentAt: at('2025-12-29T09:00:00') },
      { deadlineId: open!.id, key: 'due', at: at('2025-12-31T23:59:59'), audience: 'responsible' },
      { deadlineId: open!.id, key: 'escalation', at: at('2026-01-01T00:00:59'), audience: 'head-and-supervisor' },
    ]);
    await database.db.insert(deadlines).values(oldDuty('self-assessment', 'wjj', { state: 'met', closedAt: at('2025-12-10T10:00:00') }));

    await tickAt('2025-12-20T10:00:00');

    expect(await duty('self-assessment', 'cgj', '2025')).toMatchObject({
      id: open!.id, state: 'open', dueAt: at('2026-01-22T23:59:59'), provisional: false,
      rule: '考核自评：2025年度年终考核自评，报司法局备案，截至2026年1月22日 23:59（方案（九），次年1月第15个工作日）',
    });
    const reminders = await database.db.select().from(deadlineReminders).where(eq(deadlineReminders.deadlineId, open!.id));
    expect(reminders.map((r) => [r.key, r.at, r.sentAt]).sort((x, y) => (x[1] as Date).getTime() - (y[1] as Date).getTime())).toEqual([
      ['before-2', at('2026-01-20T09:00:00'), null],
      ['due-morning', at('2026-01-22T09:00:00'), null],
      ['due', at('2026-01-22T23:59:59'), null],
      ['escalation', at('2026-01-23T00:00:59'), null],
    ]);
    expect(await duty('self-assessment', 'wjj', '2025')).toMatchObject({ state: 'met', dueAt: at('2025-12-31T23:59:59'), closedAt: at('2025-12-10T10:00:00') });
  });

  it('recounts an open guiding-case duty without the cases the bureau returned (the migration’s data step)', async () => {
    const [person] = await database.db.select({ id: accounts.personId }).from(accounts).where(eq(accounts.externalId, 'ye-scjg-liaison'));
    const base = { orgId: id('cgj'), year: 2025, actKind: '行政处罚', title: '某案例', summary: '基本案情和处理结果的简要说明文字', why: '社会普遍关注', submittedBy: person!.id, submittedAt: at('2025-06-01T10:00:00') };
    await database.db.insert(guidingCases).values([
      { ...base, recordNo: 'AL-2025-900001' },
      { ...base, recordNo: 'AL-2025-900002', status: 'returned', reviewedBy: person!.id, reviewedAt: at('2025-06-05T10:00:00'), returnReason: '不具有指导意义' },
    ]);
    await database.db.update(deadlines).set({ progress: 2 }).where(and(eq(deadlines.kind, 'guiding-cases'), eq(deadlines.orgId, id('cgj')), eq(deadlines.subjectId, '2025')));
    const step = readFileSync(new URL(`../db/migrations/${readdirSync(new URL('../db/migrations', import.meta.url)).find((f) => f.endsWith('_guiding_cases_returned_uncounted.sql'))}`, import.meta.url), 'utf8');
    await database.db.execute(sql.raw(step));
    expect(await duty('guiding-cases', 'cgj', '2025')).toMatchObject({ state: 'open', progress: 1 });
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ progress: 0 });
    await database.db.delete(guidingCases).where(eq(guidingCases.orgId, id('cgj')));
  });
});

describe('year-end filings (M9, M11)', () => {
  it('are due on the 15th working day of January, and nothing escalates on 1 January', async () => {
    await tickAt('2025-12-20T10:00:00');
    const todo = await liaison.text('待办');
    expect(todo).toContain('考核自评 2025年度（抚宁区市场监督管理局），截止 2026年1月22日 23:59');
    expect(todo).toContain('案例指导 2025年度（抚宁区市场监督管理局），已完成 0/3，截止 2026年1月22日 23:59');

    for (const s of ['2025-12-31T09:00:00', '2026-01-01T00:01:00', '2026-01-01T00:02:00', '2026-01-02T09:00:00']) await tickAt(s);
    for (const p of [justice, head]) expect(await received(p)).not.toContain('考核自评：2025年度 已逾期');
    expect(await duty('self-assessment', 'scjg', '2025')).toMatchObject({ state: 'open', dueAt: at('2026-01-22T23:59:59') });
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ state: 'open', dueAt: at('2026-01-22T23:59:59') });
    // Reminded before the new due instant: two working days before (Tuesday 20 January), that morning, and after.
    const [d] = await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'self-assessment'), eq(deadlines.orgId, directory.byCode('scjg')!.id), eq(deadlines.subjectId, '2025')));
    const reminders = await database.db.select().from(deadlineReminders).where(eq(deadlineReminders.deadlineId, d!.id));
    expect(reminders.map((r) => [r.key, r.at]).sort((x, y) => (x[1] as Date).getTime() - (y[1] as Date).getTime())).toEqual([
      ['before-2', at('2026-01-20T09:00:00')],
      ['due-morning', at('2026-01-22T09:00:00')],
      ['due', at('2026-01-22T23:59:59')],
      ['escalation', at('2026-01-23T00:00:59')],
    ]);
  });

  it('a self-assessment filed in January is last year’s and on time', async () => {
    now = at('2026-01-12T10:00:00');
    const approved = await selfAssess(liaison, head);
    expect(approved).toContain('抚宁区市场监督管理局 2025年度考核自评');
    expect(approved).toContain('2025年度「考核自评」已完成。');
    expect(approved).not.toContain('逾期');
    expect(await duty('self-assessment', 'scjg', '2025')).toMatchObject({ state: 'met', closedAt: at('2026-01-12T10:00:00') });
  });

  it('a guiding case sent in January counts toward the year it is about', async () => {
    now = at('2026-01-13T10:00:00');
    expect(await liaison.text('报送案例')).toContain('报送2025年度行政执法指导案例');
    await liaison.text('取消');
    const first = await submitGuidingCase(liaison, '某超市销售过期食品行政处罚案');
    expect(first).toContain('2025年度「案例指导」已完成 1 件，要求不少于 3 件，截止 2026年1月22日 23:59');
    expect(await liaison.text('报送案例 2027')).toContain('2027年度尚未开始');
    // This year's case, named: counts toward 2026.
    await liaison.say('报送案例 2026');
    await liaison.say('行政许可');
    await liaison.say('某企业申请食品经营许可变更案');
    await liaison.say('企业变更经营场所后申请许可变更，经现场核查符合条件，当场作出准予变更决定。');
    await liaison.say('办理数量较大');
    expect(await liaison.text('确认报送')).toContain('2026年度「案例指导」已完成 1 件，要求不少于 3 件');
    expect((await database.db.select().from(guidingCases).orderBy(guidingCases.id)).map((c) => c.year)).toEqual([2025, 2026]);
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ state: 'open', progress: 1 });
    expect(await duty('guiding-cases', 'scjg', '2026')).toMatchObject({ state: 'open', progress: 1 });
  });

  it('a case the bureau returns does not count: a year met by it opens again', async () => {
    await submitGuidingCase(liaison, '某药店无证经营医疗器械案');
    expect(await submitGuidingCase(liaison, '某企业虚假宣传案')).toContain('2025年度「案例指导」已完成（3/3）');
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ state: 'met', progress: 3 });
    const [, , third] = await database.db.select().from(guidingCases).orderBy(guidingCases.id);
    await received(liaison);

    const returned = await justice.text(`退回 ${third!.recordNo} 案情简单，不具有指导意义`);
    expect(returned).toContain('退回的案例不计入报送数量');
    expect(returned).toContain('2025年度「案例指导」已完成 2 件，要求不少于 3 件，截止 2026年1月22日 23:59');
    expect(await received(liaison)).toContain('2025年度「案例指导」已完成 2 件');
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ state: 'open', progress: 2, closedAt: null });
    expect(await liaison.text('待办')).toContain('案例指导 2025年度（抚宁区市场监督管理局），已完成 2/3，截止 2026年1月22日 23:59');
  });

  it('after the 15th working day, what was not filed is escalated; what was filed is not', async () => {
    await received(justice);
    await tickAt('2026-01-22T09:00:00');
    expect(await received(liaison)).toContain('【今日到期】案例指导：2025年度');
    await tickAt('2026-01-23T00:01:00');
    const escalated = await received(justice);
    expect(escalated).toContain('【督办】抚宁区林业局 的考核自评：2025年度 已逾期（截止 2026年1月22日 23:59）');
    expect(escalated).toContain('【督办】抚宁区市场监督管理局 的案例指导：2025年度 已逾期（截止 2026年1月22日 23:59）');
    expect(escalated).not.toContain('抚宁区市场监督管理局 的考核自评');
    expect(await duty('guiding-cases', 'scjg', '2025')).toMatchObject({ state: 'missed', progress: 2, closedAt: at('2026-01-23T00:01:00') });
    expect(await duty('self-assessment', 'scjg', '2025')).toMatchObject({ state: 'met' });
  });

  it('a case about a year before the bot is recorded, and no duty is made up for that year only to be missed', async () => {
    await liaison.say('报送案例 2023');
    await liaison.say('行政强制');
    await liaison.say('某企业违法排污查封扣押案');
    await liaison.say('企业超标排放污染物，依法查封其排污设备，整改后解除查封。');
    await liaison.say('法律政治社会效果较好');
    const sent = await liaison.text('确认报送');
    expect(sent).toContain('已报送指导案例');
    expect(sent).not.toContain('案例指导」');
    expect((await database.db.select().from(guidingCases).orderBy(guidingCases.id)).at(-1)).toMatchObject({ year: 2023, title: '某企业违法排污查封扣押案' });
    expect(await database.db.select().from(deadlines).where(eq(deadlines.subjectId, '2023'))).toEqual([]);
  });
});
