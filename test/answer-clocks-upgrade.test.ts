/**
 * Upgrading a district that runs the last release: records waiting for an answer had no
 * answer clock (an opinion-issued dispute, accepted complaints, a 协查 request, an open
 * 信息查询 and 执法协助 request). At start-up each gets its clock, counted from the upgrade
 * (nobody was told of a limit before); a second start adds nothing; and the dispute that
 * used to be a dead end can then go to the district government through chat.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { backfillAnswerClocks } from '../db/answer-clocks';
import { complaints, deadlineReminders, deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import { Person, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff, numberIn } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);
const ANSWER_KINDS = ['dispute-response', 'info-request-reply', 'assistance-reply', 'complaint-assist', 'complaint-resolve'];

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

async function complaint(citizen: Person, what: string, accused = '跳过'): Promise<string> {
  for (const t of ['投诉', what, '抚宁镇兴华街', '11月20日', accused, '匿名']) await citizen.say(t);
  return trackingNoIn(await citizen.text('确认提交'));
}

describe('records waiting for an answer when the district upgrades', () => {
  it('get their clocks from the upgrade, once; the old dispute can then be reported', async () => {
    const scjg = await staff('up-scjg', 'scjg', 'officer');
    const cgj = await staff('up-cgj', 'cgj', 'officer');
    const justice = await staff('up-sfj', 'sfj', 'justice');
    const government = await staff('up-qzf', 'qzf', 'head');
    const town = await staff('up-town', 'cpx', 'officer');

    // The records, made as the last release would have left them.
    await scjg.say('争议协调');
    for (const t of ['职责', '城管局', '早市占道经营由谁查处两部门存在职责争议', '11月20日两局召开协调会，未能达成一致意见', '确认提交']) await scjg.say(t);
    const zy = numberIn('ZY', (await justice.inbox()).at(-1)!.text);
    await justice.say(`受理 ${zy}`);
    await justice.say(`出具意见 ${zy} 早市占道经营由城管局查处，市场监管局配合`);
    const accepted = await complaint(new Person(engine, 'up-citizen-1'), '超市卖过期面包，还不给退');
    await database.db.update(complaints).set({ handlingOrgId: directory.byCode('scjg')!.id }).where(eq(complaints.trackingNo, accepted));
    await scjg.say(`受理 ${accepted}`);
    const assisted = await complaint(new Person(engine, 'up-citizen-2'), '城管队员推倒我的水果摊还不开单据', '城管局的执法人员');
    await justice.say(`受理 ${assisted}`);
    await justice.say(`协查 ${assisted}`);
    await town.say('信息查询');
    for (const t of ['市场监管局', '茶棚乡某超市的行政处罚记录', '办理案件需核实当事人违法记录']) await town.say(t);
    const xx = numberIn('XX', await town.text('确认提出'));
    await town.say('执法协助');
    for (const t of ['生态环境局', '技术支撑', '茶棚乡某养殖场污水外溢，需对排放口水样进行检测']) await town.say(t);
    const xz = numberIn('XZ', await town.text('确认函告'));
    const answerClocks = database.db.select({ id: deadlines.id }).from(deadlines).where(inArray(deadlines.kind, ANSWER_KINDS));
    await database.db.delete(deadlineReminders).where(inArray(deadlineReminders.deadlineId, answerClocks));
    await database.db.delete(deadlines).where(inArray(deadlines.kind, ANSWER_KINDS));
    // The last release kept no round of a 协查 request: the data migration makes it the first.
    await database.db.update(complaints).set({ assistRounds: 0 }).where(eq(complaints.trackingNo, assisted));
    const migration = readdirSync(join(__dirname, '../db/migrations')).find((f) => f.endsWith('_answer_clocks_data.sql'))!;
    for (const statement of readFileSync(join(__dirname, '../db/migrations', migration), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await database.db.execute(sql.raw(statement));
    }
    expect((await database.db.select().from(complaints).where(eq(complaints.trackingNo, assisted)))[0]!.assistRounds).toBe(1);

    now = new Date('2026-12-07T10:00:00+08:00'); // the upgrade, a Monday
    const opened = await backfillAnswerClocks(database.db, officialCalendar, now);
    expect(opened).toBe(7); // two silent parties, two accepted complaints, the 协查, the 信息查询, the 执法协助
    expect(await backfillAnswerClocks(database.db, officialCalendar, now)).toBe(0);
    const clocks = await database.db.select().from(deadlines).where(inArray(deadlines.kind, ANSWER_KINDS));
    const of = (kind: string, subjectId: string) => clocks.find((d) => d.kind === kind && d.subjectId === subjectId)!;
    // 5 working days from Mon 12-07: Mon 12-14.
    expect(of('dispute-response', zy)).toMatchObject({ state: 'open', dueAt: new Date('2026-12-14T23:59:59+08:00') });
    expect(of('dispute-response', zy).rule).toContain('自2026年12月7日系统补设答复时限起5个工作日内');
    // 60 days from 12-07 is Fri 2027-02-05, 除夕: past the published calendar the statutory
    // Spring Festival days (除夕 to 初三) and the weekend push it to Tue 02-09, provisionally.
    expect(of('complaint-resolve', accepted)).toMatchObject({
      orgId: directory.byCode('scjg')!.id, dueAt: new Date('2027-02-09T23:59:59+08:00'), provisional: true,
    });
    expect(of('complaint-assist', assisted)).toMatchObject({ orgId: directory.byCode('cgj')!.id, dueAt: new Date('2026-12-28T23:59:59+08:00') });
    expect(of('info-request-reply', xx)).toMatchObject({ orgId: directory.byCode('scjg')!.id, dueAt: new Date('2026-12-21T23:59:59+08:00') });
    expect(of('assistance-reply', xz)).toMatchObject({ orgId: directory.byCode('sthj')!.id, dueAt: new Date('2026-12-28T23:59:59+08:00') });
    const reminders = await database.db.select().from(deadlineReminders).where(eq(deadlineReminders.deadlineId, of('dispute-response', zy).id));
    expect(reminders.map((r) => r.key).sort()).toEqual(['before-2', 'due', 'due-morning', 'escalation']);

    // Before the clock runs out the dispute still waits; after, silence counts as 不同意.
    expect(await justice.text(`报请裁决 ${zy}`)).toContain('尚无当事方表示不同意');
    now = new Date('2026-12-15T09:00:00+08:00');
    expect(await justice.text(`报请裁决 ${zy} 建议区政府明确早市占道经营由城管局查处`)).toContain('报请区政府裁决');
    expect((await government.inbox()).at(-1)!.text).toContain(`【报请裁决】`);
    const closed = await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'dispute-response'), eq(deadlines.subjectId, zy)));
    expect(closed.map((d) => d.state)).toEqual(['waived', 'waived']);
    // The 协查 answered after the upgrade meets its backfilled clock.
    expect(await cgj.text(`协查答复 ${assisted} 经核查，执法人员当日依法暂扣占道经营工具并已补开清单`)).toContain('已答复');
    expect((await database.db.select().from(deadlines).where(eq(deadlines.id, of('complaint-assist', assisted).id)))[0]!.state).toBe('met');
  });
});
