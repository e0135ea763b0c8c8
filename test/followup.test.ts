/**
 * Closing the loop (issue 18) through the engine: 办结 → 回访/评价 → 申请重办 → 司法局
 * 同意重办 (a new 办结 clock) → 办结 again → 评价; the reminder after 3 working days and
 * 未评价 after 7; 满意度统计 counting 已办结 and 已解决 apart; refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { FEATURES } from '../bot/features';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import { complaintEvents, complaintFollowups, complaints, deadlines } from '../db/schema';
import type { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { inboxText, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');
let officer: Person;
let justice: Person;

const featureSweep = () =>
  new Scheduler({ uow: unitOfWork(database.db), directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }), features: FEATURES }).featureSweeps();

async function file(p: Person, what = '某某超市销售过期酸奶，过期一个月仍在卖'): Promise<string> {
  await p.say('我要投诉');
  await p.say(what);
  await p.say('骊城街道某某超市');
  await p.say('11月20日晚上');
  await p.say('跳过');
  await p.say('张三 13800138000');
  return trackingNoIn(await p.text('确认提交'));
}

async function resolve(no: string, result = '经查属实，已责令下架并立案处罚。'): Promise<string> {
  await officer.say(`办结 ${no}`);
  await officer.say(result);
  return officer.text('确认');
}

async function rate(p: Person, no: string, resolved: string, satisfaction: string, comment = '无'): Promise<string> {
  const opened = last(await p.say(`评价 ${no}`));
  expect(opened.options).toEqual(['已解决', '部分解决', '未解决']);
  expect(last(await p.say(resolved)).options).toEqual(['满意', '基本满意', '不满意']);
  await p.say(satisfaction);
  return p.text(comment);
}

/** Filed, accepted and 办结 once; the complainant's inbox emptied. */
async function resolvedComplaint(p: Person): Promise<string> {
  const no = await file(p);
  expect(await officer.text(`受理 ${no}`)).toContain('已受理');
  expect(await resolve(no)).toContain(`已办结 ${no}`);
  await p.inbox();
  return no;
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  const ctx = { engine, db: database.db, directory, now: () => now };
  officer = await staffMember(ctx, 'scjg-officer', 'scjg', 'officer');
  justice = await staffMember(ctx, 'sfj-justice', 'sfj', 'justice');
});
afterAll(async () => database?.close());

describe('the loop closed in chat', () => {
  it('办结 → 评价 asked → 不满意 → 申请重办 → 司法局 reopens → the body gets it with a clock → 办结 again → 满意', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const citizen = new Person(engine, 'citizen-loop');
    const no = await file(citizen);
    await officer.text(`受理 ${no}`);
    await citizen.inbox();
    await resolve(no);

    // One message: the result and the question (回访).
    const asked = await citizen.inbox();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain(`【办理结果】您的投诉举报 ${no} 已办结`);
    expect(asked[0]!.text).toContain('【回访】问题是否已经解决？');
    expect(asked[0]!.options).toEqual([`评价 ${no}`, `查询 ${no}`]);

    const thanks = await rate(citizen, no, '未解决', '不满意', '超市还在卖过期酸奶');
    expect(thanks).toContain('未解决，不满意：超市还在卖过期酸奶');
    expect(thanks).toContain(`申请重办 ${no}`);
    expect(await citizen.text(`评价 ${no}`)).toContain('您已评价过');
    expect(await citizen.text(`查询 ${no}`)).toContain('回访评价：未解决，不满意（超市还在卖过期酸奶）');
    const seen = await officer.text(`查询 ${no}`);
    expect(seen).toContain('回访评价：未解决，不满意');
    expect(seen).not.toContain('超市还在卖过期酸奶'); // the comment is the complainant's

    // 已办结 is not 已解决: the figures count them apart.
    const before = await justice.text('满意度统计 2026-11');
    expect(before).toContain('办结率 100.0%（1/1）');
    expect(before).toContain('解决率 0.0%（0/1）');
    expect(before).toContain('满意率 0.0%（0/1）');

    now = new Date('2026-11-26T10:00:00+08:00');
    expect(await citizen.text(`申请重办 ${no} 超市仍在销售过期食品，问题没有解决`)).toContain('已提交重办申请');
    const request = await inboxText(justice);
    expect(request).toContain(`【重办申请】投诉举报 ${no}`);
    expect(request).toContain('超市仍在销售过期食品');
    expect(await justice.text('待办')).toContain(no);

    now = new Date('2026-11-30T10:00:00+08:00'); // the new clock ends on another day than the first
    const reopened = await justice.text(`同意重办 ${no}`);
    expect(reopened).toContain(`已决定重办 ${no}`);
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row).toMatchObject({ status: 'accepted', result: null });
    // The handling body gets it back with a new 办结 clock (督办 by 司法局).
    const order = await inboxText(officer);
    expect(order).toContain(`【重办督办】司法局决定重办投诉举报 ${no}`);
    const [clock] = await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'complaint-resolve'), eq(deadlines.subjectId, `${no}#重办1`)));
    expect(clock).toMatchObject({ state: 'open', supervisorOrgCode: 'sfj', orgId: row!.handlingOrgId });
    // 查询 shows the new clock, not the first one (met at the first 办结).
    const due = reopened.match(/期限 (.+?)；/)![1]!;
    expect(await officer.text(`查询 ${no}`)).toContain(`下一期限：办理结果告知，截至 ${due}`);
    expect(order).toContain(`请于 ${due} 前重新办理`);
    expect(await inboxText(citizen)).toContain('【重办】');
    expect(await citizen.text(`查询 ${no}`)).toContain('重办申请：已重办；已重办 1 次');

    now = new Date('2026-12-01T10:00:00+08:00');
    expect(await resolve(no, '复查后已没收全部过期酸奶并罚款。')).toContain(`已办结 ${no}`);
    const [met] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, `${no}#重办1`));
    expect(met!.state).toBe('met');
    expect((await citizen.inbox()).some((r) => r.text.includes('【回访】'))).toBe(true);
    expect(await rate(citizen, no, '已解决', '满意', '谢谢')).toContain('已解决，满意：谢谢');

    const after = await justice.text('满意度统计 2026-11');
    expect(after).toContain('受理登记 1 件，已办结 1 件，重办 1 次');
    expect(after).toContain('按期办结率 100.0%（1/1）');
    expect(after).toContain('解决率 100.0%（1/1）');
    expect(after).toContain('满意率 100.0%（1/1）');
    expect(after).toContain('抚宁区市场监督管理局');

    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id)).orderBy(asc(complaintEvents.id));
    expect(events.map((e) => e.kind)).toEqual([
      'registered', 'accepted', 'resolved', 'followup_asked', 'rated', 'reopen_requested', 'reopened', 'resolved', 'followup_asked', 'rated',
    ]);
  });

  it('counts each state apart: 已办结, 已解决, 满意, 未评价, 待评价, not yet 办结', async () => {
    // December: a month of its own.
    now = new Date('2026-12-01T10:00:00+08:00');
    const a = new Person(engine, 'citizen-fig-a');
    const b = new Person(engine, 'citizen-fig-b');
    const c = new Person(engine, 'citizen-fig-c');
    const d = new Person(engine, 'citizen-fig-d');
    const noA = await resolvedComplaint(a);
    const noB = await resolvedComplaint(b);
    await resolvedComplaint(c);
    await file(d); // registered, not 办结
    await rate(a, noA, '已解决', '基本满意');
    await rate(b, noB, '部分解决', '不满意');
    const text = await justice.text('满意度统计 2026-12');
    expect(text).toContain('受理登记 4 件，已办结 3 件');
    expect(text).toContain('办结率 75.0%（3/4）');
    expect(text).toContain('已评价 2 件（未评价 0，待评价 1）');
    expect(text).toContain('解决率 50.0%（1/2）');
    expect(text).toContain('满意率 50.0%（1/2）');
    // c says nothing: after 7 working days it is 未评价.
    now = new Date('2026-12-15T10:00:00+08:00');
    await featureSweep();
    expect(await justice.text('满意度统计 2026-12')).toContain('已评价 2 件（未评价 1，待评价 0）');
    expect(await justice.text('满意度统计 2025-01')).toContain('没有登记的投诉举报');
  });
});

describe('a complaint about 司法局', () => {
  it('its reopening request goes to the coordination office, which decides it; 司法局 neither hears of it nor rules on it', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const ctx = { engine, db: database.db, directory, now: () => now };
    const office = await staffMember(ctx, 'xtb-coordination', 'xtb', 'coordination');
    const citizen = new Person(engine, 'citizen-about-sfj');
    await citizen.say('我要投诉');
    await citizen.say('某某超市销售过期酸奶，向司法局反映后司法局工作人员推诿不管');
    await citizen.say('骊城街道某某超市');
    await citizen.say('11月20日晚上');
    let r = last(await citizen.say('司法局'));
    for (let i = 0; i < 3 && r.options?.includes('是'); i++) r = last(await citizen.say('是'));
    await citizen.say('张三 13800138000');
    const no = trackingNoIn(await citizen.text('确认提交'));
    const [filed] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(filed!.accusedOrgId).toBe(directory.byCode('sfj')!.id);
    // The office handles a complaint about 司法局 (M3, our reading) and records its result.
    expect(filed!.handlingOrgId).toBe(directory.byCode('xtb')!.id);
    expect(await office.text(`受理 ${no}`)).toContain('已受理');
    await office.say(`办结 ${no}`);
    await office.say('经查属实，已督促司法局整改。');
    await office.say('属实');
    expect(await office.text('确认')).toContain(`已办结 ${no}`);
    await citizen.inbox();
    await rate(citizen, no, '未解决', '不满意');
    await justice.inbox();
    await office.inbox();

    const sent = await citizen.text(`申请重办 ${no} 超市仍在销售过期食品，问题没有解决`);
    const officeName = directory.byCode('xtb')!.name;
    expect(sent).toContain(`已提交重办申请，由${officeName}审查决定`);
    const request = await inboxText(office);
    expect(request).toContain(`【重办申请】投诉举报 ${no}`);
    expect(request).toContain('超市仍在销售过期食品');
    expect(await inboxText(justice)).not.toContain(no);
    expect(await justice.text('待办')).not.toContain(no);
    expect(await justice.text(`同意重办 ${no}`)).toContain(`投诉举报 ${no} 没有待您审查的重办申请`);
    expect(await justice.text(`不予重办 ${no} 已依法处理完毕`)).toContain(`投诉举报 ${no} 没有待您审查的重办申请`);

    expect(await office.text('待办')).toContain(no);
    expect(await office.text(`同意重办 ${no}`)).toContain(`已决定重办 ${no}`);
    expect(await inboxText(office)).toContain(`【重办督办】${officeName}决定重办投诉举报 ${no}`);
    expect(await inboxText(justice)).not.toContain(no);
  });
});

describe('reminder and 未评价 on the working-day calendar', () => {
  it('asks once more at 09:00 on the 4th working day, closes as 未评价 after the 7th', async () => {
    now = new Date('2026-11-25T10:00:00+08:00'); // Wednesday
    const p = new Person(engine, 'citizen-silent');
    const no = await resolvedComplaint(p);
    const [f] = await database.db.select().from(complaintFollowups).where(eq(complaintFollowups.trackingNo, no));
    // Thu 26, Fri 27, Mon 30 are the three working days; the weekend does not count.
    expect(f!.remindAt.toISOString()).toBe(new Date('2026-12-01T09:00:00+08:00').toISOString());

    now = new Date('2026-11-30T20:00:00+08:00');
    await featureSweep();
    expect(await p.inbox()).toEqual([]);
    now = new Date('2026-12-01T09:01:00+08:00');
    await featureSweep();
    const again = await p.inbox();
    expect(again).toHaveLength(1);
    expect(again[0]!.text).toContain(`【再次回访】您的投诉举报 ${no}`);
    await featureSweep();
    expect(await p.inbox()).toEqual([]); // once

    now = new Date('2026-12-04T23:00:00+08:00'); // 7th working day, not over
    await featureSweep();
    let [row] = await database.db.select().from(complaintFollowups).where(eq(complaintFollowups.trackingNo, no));
    expect(row!.state).toBe('reminded');
    now = new Date('2026-12-05T00:01:00+08:00');
    await featureSweep();
    [row] = await database.db.select().from(complaintFollowups).where(eq(complaintFollowups.trackingNo, no));
    expect(row!.state).toBe('unrated');
    expect(await p.text(`评价 ${no}`)).toContain('回访已结束（未评价）');
    expect(await p.text(`申请重办 ${no} 问题一直没有解决`)).toContain('未评价');
    const [c] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    const kinds = (await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, c!.id))).map((e) => e.kind);
    expect(kinds).toContain('followup_reminded');
    expect(kinds).toContain('unrated');
  });

  it('answered in time: neither reminded nor closed', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const p = new Person(engine, 'citizen-prompt');
    const no = await resolvedComplaint(p);
    await rate(p, no, '已解决', '满意');
    now = new Date('2026-12-10T10:00:00+08:00');
    await featureSweep();
    expect(await p.inbox()).toEqual([]);
    const [row] = await database.db.select().from(complaintFollowups).where(eq(complaintFollowups.trackingNo, no));
    expect(row!.state).toBe('answered');
  });
});

describe('bad input', () => {
  it('unknown number, not the complainant, wrong role, bad month', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const p = new Person(engine, 'citizen-bad');
    const other = new Person(engine, 'citizen-other');
    const no = await resolvedComplaint(p);
    expect(await p.text('评价 TS-2026-999999')).toContain('未找到您的投诉举报 TS-2026-999999');
    expect(await other.text(`评价 ${no}`)).toContain('只有投诉人本人');
    expect(await other.text(`申请重办 ${no} 我觉得处理不公`)).toContain('只有投诉人本人');
    expect(await p.text('评价')).toContain('投诉举报编号');
    expect(await p.text(`同意重办 ${no}`)).toContain('由司法局处理');
    expect(await officer.text('满意度统计 2026-11')).toContain('由司法局处理');
    expect(await justice.text('满意度统计 2026-13')).toContain('月份格式');
    // 申请重办 before rating, and with a satisfied rating.
    expect(await p.text(`申请重办 ${no} 问题没有解决啊`)).toContain(`请先评价`);
    await rate(p, no, '已解决', '满意');
    expect(await p.text(`申请重办 ${no} 问题没有解决啊`)).toContain('只有评价为“未解决”或“不满意”');
    expect(await justice.text(`同意重办 ${no}`)).toContain('没有待处理的重办申请');
    // An unfinished rating writes nothing.
    const q = new Person(engine, 'citizen-half');
    const no2 = await resolvedComplaint(q);
    await q.say(`评价 ${no2}`);
    expect(await q.text('很好')).toContain('请选择');
    await q.say('取消');
    const [row] = await database.db.select().from(complaintFollowups).where(eq(complaintFollowups.trackingNo, no2));
    expect(row!.state).toBe('asked');
  });

  it('after 15 working days no reopening; 不予重办 tells the reason', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const p = new Person(engine, 'citizen-late');
    const no = await resolvedComplaint(p);
    await rate(p, no, '未解决', '不满意');
    now = new Date('2026-12-17T10:00:00+08:00'); // the 15th working day (Dec 16) is over
    expect(await p.text(`申请重办 ${no} 问题依旧没有解决`)).toContain('超过 15 个工作日');
    now = new Date('2026-12-16T10:00:00+08:00');
    expect(await p.text(`申请重办 ${no} 问题依旧没有解决`)).toContain('已提交重办申请');
    expect(await p.text(`申请重办 ${no} 问题依旧没有解决`)).toContain('请等待司法局处理');
    expect(await justice.text(`不予重办 ${no}`)).toContain('不予重办的理由');
    expect(await justice.text(`不予重办 ${no} 已依法处理完毕，无新的事实`)).toContain(`已决定不予重办 ${no}`);
    const told = await inboxText(p);
    expect(told).toContain('重办申请未获同意');
    expect(told).toContain('已依法处理完毕，无新的事实');
    const [c] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(c!.status).toBe('resolved');
  });

  it('a third reopening is refused', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const p = new Person(engine, 'citizen-thrice');
    const no = await resolvedComplaint(p);
    for (let i = 1; i <= 2; i++) {
      await rate(p, no, '未解决', '不满意');
      expect(await p.text(`申请重办 ${no} 第${i}次：问题依旧`)).toContain('已提交重办申请');
      expect(await justice.text(`同意重办 ${no}`)).toContain('已决定重办');
      expect(await resolve(no, `第${i}次复查处理完毕。`)).toContain('已办结');
      await p.inbox();
    }
    await rate(p, no, '未解决', '不满意');
    expect(await p.text(`申请重办 ${no} 第3次：问题依旧`)).toContain('已重办 2 次，不能再申请重办');
    const clocks = await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'complaint-resolve'), like(deadlines.subjectId, `${no}%`)));
    expect(clocks.map((d) => d.subjectId).sort()).toEqual([no, `${no}#重办1`, `${no}#重办2`]);
  });
});
