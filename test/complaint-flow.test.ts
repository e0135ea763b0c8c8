/**
 * The complaint mechanism (M3, M15 二) through the engine, on the database driver of
 * the environment (PGlite locally, PostgreSQL in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import { complaintEvents, complaints, conversations, deadlines, deliveries } from '../db/schema';
import type { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

/** Files a complaint through every step; returns the tracking number. */
async function file(p: Person, what: string, opts: { accused?: string; contact?: string; where?: string } = {}): Promise<string> {
  await p.say('我要投诉');
  await p.say(what);
  await p.say(opts.where ?? '抚宁镇兴华街12号');
  await p.say('11月20日晚上');
  await p.say(opts.accused ?? '跳过');
  await p.say(opts.contact ?? '张三 13800138000');
  return trackingNoIn(await p.text('确认提交'));
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('filing a complaint step by step', () => {
  it('asks each question in turn, summarises, registers in the ledger and routes it', async () => {
    const citizen = new Person(engine, 'citizen-1');
    const inspector = await staff('scjg-officer-1', 'scjg', 'officer');

    expect(last(await citizen.say('我要投诉')).text).toContain('1/5');
    expect(last(await citizen.say('超市卖过期食品，酸奶过期一个月还在卖')).text).toContain('2/5');
    expect(last(await citizen.say('骊城街道某某超市')).text).toContain('3/5');
    const accusedPrompt = last(await citizen.say('昨天下午'));
    expect(accusedPrompt.text).toContain('4/5');
    expect(accusedPrompt.options).toEqual(['跳过']);
    const contactPrompt = last(await citizen.say('跳过'));
    expect(contactPrompt.options).toEqual(['匿名']);
    const summary = last(await citizen.say('李四 13912345678'));
    expect(summary.text).toContain('事由：超市卖过期食品');
    expect(summary.text).toContain('李四 13912345678');
    expect(summary.text).toContain('拟交由：抚宁区市场监督管理局');
    expect(summary.options).toEqual(['确认提交', '更改受理单位', '取消']);

    const done = await citizen.text('确认提交');
    const no = trackingNoIn(done);
    expect(no).toMatch(/^TS-2026-\d{6}$/);
    expect(done).toContain('抚宁区市场监督管理局');
    // 7 working days from Wed 2026-11-25: Dec 4 (no holidays in between).
    expect(done).toContain('2026年12月4日 23:59');

    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row).toMatchObject({ status: 'registered', what: '超市卖过期食品，酸奶过期一个月还在卖', contactName: '李四', contactPhone: '13912345678' });
    expect(directory.byId(row!.handlingOrgId)!.code).toBe('scjg');
    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(['registered']);

    const notice = await inspector.inbox();
    expect(notice).toHaveLength(1);
    expect(notice[0]!.text).toContain(`【新投诉举报】${no}`);
    expect(notice[0]!.text).toContain('13912345678'); // the handling body may contact the complainant
    expect(notice[0]!.options).toContain(`受理 ${no}`);
  });

  it('re-prompts with the reason on invalid answers and keeps the step', async () => {
    const p = new Person(engine, 'citizen-invalid');
    await p.say('投诉');
    const tooShort = await p.say('吵');
    expect(tooShort[0]!.text).toContain('太短');
    expect(last(tooShort).text).toContain('1/5');
    await p.say('楼下饭店每天夜里排油烟');
    await p.say('台营镇');
    await p.say('不清楚');
    await p.say('跳过');
    const badPhone = await p.say('王五');
    expect(badPhone[0]!.text).toContain('手机号码');
    expect(last(badPhone).text).toContain('5/5');
    const huge = await p.say('很'.repeat(300));
    expect(huge[0]!.text).toContain('手机号码');
    const summary = last(await p.say('匿名'));
    expect(summary.text).toContain('联系方式：匿名');
    const wrongConfirm = await p.say('好的吧');
    expect(wrongConfirm[0]!.text).toContain('请选择');
    await p.say('取消');
  });

  it('返回 goes back one step and the new answer replaces the old one; 取消 discards everything', async () => {
    const p = new Person(engine, 'citizen-back');
    await p.say('投诉');
    await p.say('工地夜间施工噪音很大');
    const first = await p.say('返回');
    expect(last(first).text).toContain('1/5');
    expect((await p.say('返回'))[0]!.text).toContain('已经是第一步');
    await p.say('化工厂夜里偷排废水，河水发黑发臭');
    await p.say('榆关镇');
    await p.say('本周');
    await p.say('跳过');
    const summary = last(await p.say('匿名'));
    expect(summary.text).toContain('化工厂夜里偷排废水');
    expect(summary.text).not.toContain('工地夜间施工');
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints);
    expect((await p.say('取消'))[0]!.text).toBe('已取消。');
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await p.say('返回'))[0]!.text).toContain('没有进行中的操作');
  });

  it('帮助 inside a flow explains and re-asks; 查询 inside a flow answers and re-asks', async () => {
    const p = new Person(engine, 'citizen-help');
    const no = await file(p, '药店销售假药，吃了没有效果');
    await p.say('投诉');
    await p.say('小区里有人私搭乱建违章建筑');
    const help = await p.say('帮助');
    expect(help[0]!.text).toContain('正在填写投诉举报');
    expect(last(help).text).toContain('2/5');
    const q = await p.say(`查询 ${no}`);
    expect(q[0]!.text).toContain(`投诉举报 ${no}`);
    expect(last(q).text).toContain('2/5');
    await p.say('取消');
  });

  it('lets the citizen correct the routing', async () => {
    const p = new Person(engine, 'citizen-route');
    await p.say('投诉');
    await p.say('村里有人焚烧秸秆，烟很大');
    await p.say('坟坨镇');
    await p.say('今天上午');
    await p.say('跳过');
    await p.say('匿名');
    const choose = last(await p.say('更改受理单位'));
    expect(choose.text).toContain('请选择受理单位');
    expect((await p.say('不存在的单位'))[0]!.text).toContain('没有找到');
    const summary = last(await p.say('坟坨镇'));
    expect(summary.text).toContain('拟交由：坟坨镇人民政府（您选择的单位）');
    const no = trackingNoIn(await p.text('确认提交'));
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(directory.byId(row!.handlingOrgId)!.code).toBe('ftz');
    expect(row!.routedBy).toBe('citizen');
  });
});

describe('handling: accept, forward, assist, result', () => {
  it('an officer accepts and records a result; the citizen is told both', async () => {
    const citizen = new Person(engine, 'citizen-2');
    const officer = await staff('scjg-officer-2', 'scjg', 'officer');
    const no = await file(citizen, '菜市场有商户缺斤短两，一斤只有八两');
    await officer.inbox();

    expect(await officer.text(`受理 ${no}`)).toContain(`已受理 ${no}`);
    expect(await officer.text(`受理 ${no}`)).toContain('已经受理');
    const told = await citizen.inbox();
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('【受理告知】');
    expect(told[0]!.text).toContain('抚宁区市场监督管理局');

    expect(await officer.text(`办结 ${no}`)).toContain('请填写调查处理结果');
    expect(await officer.text('查')).toContain('太短');
    expect(await officer.text('经查属实，已责令改正并罚款五千元')).toContain('确认登记');
    expect(await officer.text('确认')).toContain(`已办结 ${no}`);

    const result = await citizen.inbox();
    expect(result).toHaveLength(1);
    expect(result[0]!.text).toContain('【办理结果】');
    expect(result[0]!.text).toContain('已责令改正并罚款五千元');
    expect(await citizen.text(`查询 ${no}`)).toContain('状态：已办结');

    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(['registered', 'accepted', 'resolved', 'followup_asked']); // 回访 (issue 18)
  });

  it('a result needs acceptance first, and only the handling body may act', async () => {
    const citizen = new Person(engine, 'citizen-3');
    const outsider = await staff('sthj-officer-3', 'sthj', 'officer');
    const liaison = await staff('scjg-liaison-3', 'scjg', 'liaison');
    const officer = await staff('scjg-officer-3', 'scjg', 'officer');
    const no = await file(citizen, '网店虚假宣传，说是进口奶粉其实是国产的');
    expect(await officer.text(`办结 ${no}`)).toContain('请先受理');
    expect(await outsider.text(`受理 ${no}`)).toContain('未找到'); // another body cannot even see it
    expect(await liaison.text(`受理 ${no}`)).toContain('只有承办单位');
    expect(await citizen.text(`受理 ${no}`)).toContain('只有承办单位');
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row!.status).toBe('registered');
  });

  it('a district department forwards to a township; the township reports the result back (M15 二)', async () => {
    const citizen = new Person(engine, 'citizen-4');
    const cgj = await staff('cgj-officer-4', 'cgj', 'officer');
    const township = await staff('lsyz-officer-4', 'lsyz', 'officer');
    const no = await file(citizen, '村民在村道边私搭乱建彩钢房', { where: '留守营镇某村' });
    // Route it to cgj explicitly so the test does not depend on the classifier.
    await database.db.update(complaints).set({ handlingOrgId: directory.byCode('cgj')!.id }).where(eq(complaints.trackingNo, no));
    await citizen.inbox();

    expect(await cgj.text(`转办 ${no}`)).toContain('请选择或输入接收单位');
    expect(await cgj.text('城管')).toContain('不能转办给本单位');
    expect(await cgj.text('留守营镇')).toContain('理由');
    expect(await cgj.text('属于乡镇综合执法事项')).toContain('已将');
    const told = await citizen.inbox();
    expect(told.at(-1)!.text).toContain('转交 留守营镇人民政府');
    expect((await township.inbox()).some((r) => r.text.includes(`【转办】`) && r.text.includes(no))).toBe(true);
    expect(await cgj.text(`受理 ${no}`)).toContain('只有承办单位') // the forwarder still sees it, but no longer handles it;

    await township.say(`受理 ${no}`);
    await township.say(`办结 ${no}`);
    await township.say('已拆除违建彩钢房');
    await township.say('确认');
    expect((await citizen.inbox()).some((r) => r.text.includes('已拆除违建彩钢房'))).toBe(true);
    const back = await cgj.inbox();
    expect(back.some((r) => r.text.includes('【结果反馈】') && r.text.includes('已拆除违建彩钢房'))).toBe(true);
  });
});

describe('answers owed on a complaint', () => {
  const clockOf = async (kind: string, subjectId: string) =>
    (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, kind), eq(deadlines.subjectId, subjectId))))[0];

  it('the result is due 60 days after 受理 (our reading), moved to the next working day, and met by 办结', async () => {
    now = new Date('2026-09-01T10:00:00+08:00');
    const citizen = new Person(engine, 'citizen-result-clock');
    const officer = await staff('scjg-officer-result-clock', 'scjg', 'officer');
    const no = await file(citizen, '菜市场有商户用不合格的电子秤短斤缺两');
    await database.db.update(complaints).set({ handlingOrgId: directory.byCode('scjg')!.id }).where(eq(complaints.trackingNo, no));
    await officer.inbox();
    await citizen.inbox();

    // 60 days after Tue 2026-09-01 is Sat 10-31: the period ends on Mon 11-02.
    expect(await officer.text(`受理 ${no}`)).toContain('办结期限：2026年11月2日 23:59');
    expect((await citizen.inbox()).at(-1)!.text).toContain('2026年11月2日');
    expect(await clockOf('complaint-resolve', no)).toMatchObject({
      state: 'open', orgId: directory.byCode('scjg')!.id, supervisorOrgCode: 'sfj', dueAt: new Date('2026-11-02T23:59:59+08:00'),
    });
    expect(await officer.text('待办')).toContain(`投诉办结 投诉举报 ${no}`);
    expect(await officer.text(`查询 ${no}`)).toContain('下一期限：办理结果告知，截至 2026年11月2日 23:59');

    now = new Date('2026-10-20T10:00:00+08:00');
    await officer.say(`办结 ${no}`);
    await officer.say('经查属实，已没收不合格电子秤并责令改正');
    expect(await officer.text('确认')).toContain(`已办结 ${no}`);
    expect(await clockOf('complaint-resolve', no)).toMatchObject({ state: 'met', closedAt: now });
    now = new Date('2026-11-25T10:00:00+08:00');
  });

  it('the department asked to assist answers in chat (协查答复), within its time; the handler sees it, the complainant stays hidden', async () => {
    now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
    const citizen = new Person(engine, 'citizen-assist');
    const justice = await staff('sfj-staff-assist', 'sfj', 'justice');
    const accused = await staff('cgj-officer-assist', 'cgj', 'officer');
    const accusedLiaison = await staff('cgj-liaison-assist', 'cgj', 'liaison');
    const outsider = await staff('jtj-officer-assist', 'jtj', 'officer');
    for (const t of ['投诉', '城管队员收走我的摊位秤，没有开具任何单据', '抚宁镇农贸市场', '11月23日上午', '城管局的执法人员']) await citizen.say(t);
    await citizen.say('孙七 13600002222');
    const no = trackingNoIn(await citizen.text('确认提交'));
    await justice.say(`受理 ${no}`);
    for (const p of [justice, accused, accusedLiaison]) await p.inbox();

    // Our reading: 15 working days. Wed 11-25 → Wed 12-16.
    expect(await justice.text(`协查 ${no}`)).toContain('答复期限 2026年12月16日 23:59');
    const request = (await accused.inbox()).at(-1)!;
    expect(request.text).toContain('【协助调查】');
    expect(request.text).toContain('请于 2026年12月16日 23:59 前答复');
    expect(request.options).toContain(`协查答复 ${no}`);
    expect(await clockOf('complaint-assist', no)).toMatchObject({ state: 'open', orgId: directory.byCode('cgj')!.id, dueAt: new Date('2026-12-16T23:59:59+08:00') });
    expect(await justice.text(`协查 ${no}`)).toContain('尚待其答复'); // one request at a time

    const todo = await accusedLiaison.say('待办');
    expect(todo[0]!.text).toContain(`${no} 请协助调查`);
    expect(todo[0]!.options).toContain(`协查答复 ${no}`);

    const untouched = (await database.db.select().from(complaints).where(eq(complaints.trackingNo, no)))[0];
    expect(await outsider.text(`协查答复 ${no} 我们也不清楚`)).toContain('未找到');
    expect(await justice.text(`协查答复 ${no} 自己答复`)).toContain('由抚宁区城市管理综合行政执法局答复');
    expect(await accused.text(`协查答复 ${no}`)).toContain('请写明');
    expect((await database.db.select().from(complaints).where(eq(complaints.trackingNo, no)))[0]).toEqual(untouched);

    now = new Date('2026-12-01T15:00:00+08:00');
    const answer = '经核查，当日系依法暂扣占道经营工具，已补开暂扣清单并告知当事人领取方式';
    expect(await accused.text(`协查答复 ${no} ${answer}`)).toContain(`已答复 ${no} 的协助调查`);
    const told = (await justice.inbox()).at(-1)!;
    expect(told.text).toContain(`【协查答复】抚宁区城市管理综合行政执法局就投诉举报 ${no} 答复协助调查`);
    expect(told.text).toContain(answer);
    expect(told.options).toContain(`办结 ${no}`);
    expect(await justice.text(`查询 ${no}`)).toContain(`协助调查：抚宁区城市管理综合行政执法局，已答复（2026年12月1日 15:00）：${answer}`);
    expect(await clockOf('complaint-assist', no)).toMatchObject({ state: 'met' });
    expect(await accusedLiaison.text(`协查答复 ${no} 再补充一句`)).toContain('已答复');
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(['registered', 'accepted', 'assist_requested', 'assist_answered']);
    expect(await citizen.text(`查询 ${no}`)).not.toContain(answer); // the investigation material is not the complainant's

    // The assisting body never sees who complained: not in the request, 待办, 查询 or its own answer.
    const seen = [request.text, todo[0]!.text, await accused.text(`查询 ${no}`), await accusedLiaison.text(`查询 ${no}`), ...(await accused.inbox()).map((r) => r.text)];
    for (const text of seen) {
      expect(text).not.toContain('孙七');
      expect(text).not.toContain('13600002222');
    }
    now = new Date('2026-11-25T10:00:00+08:00');
  });
});

describe('answers no longer owed', () => {
  it('转办 after 受理 lifts the result clock of the body that lets it go, and the 协查 clock of the body asked', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const citizen = new Person(engine, 'citizen-forward-clocks');
    const justice = await staff('sfj-staff-forward-clocks', 'sfj', 'justice');
    const accused = await staff('cgj-officer-forward-clocks', 'cgj', 'officer');
    for (const t of ['投诉', '城管队员在早市乱收卫生费，不给收据', '抚宁镇早市', '11月24日', '城管局的执法人员', '匿名']) await citizen.say(t);
    const no = trackingNoIn(await citizen.text('确认提交'));
    await justice.say(`受理 ${no}`);
    await justice.say(`协查 ${no}`);
    await justice.say(`转办 ${no}`);
    await justice.say('市场监管局');
    expect(await justice.text('属于收费行为监管事项')).toContain('已将');
    const clocks = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, no));
    const byKind = Object.fromEntries(clocks.map((d) => [d.kind, d]));
    expect(byKind['complaint-resolve']).toMatchObject({ state: 'waived', waiveReason: '已转办 抚宁区市场监督管理局', orgId: directory.byCode('sfj')!.id });
    expect(byKind['complaint-assist']).toMatchObject({ state: 'waived', orgId: directory.byCode('cgj')!.id });
    expect(await accused.text('待办')).not.toContain(no);
    expect(await accused.text(`协查答复 ${no} 经核查情况属实`)).toContain('未找到');
  });
});

describe('confidentiality and authority', () => {
  it('a complaint about a department goes to the justice bureau and the department never sees who complained', async () => {
    const citizen = new Person(engine, 'citizen-5');
    const justice = await staff('sfj-staff-5', 'sfj', 'justice');
    const accusedOfficer = await staff('cgj-officer-5', 'cgj', 'officer');
    const accusedHead = await staff('cgj-head-5', 'cgj', 'head');
    await accusedOfficer.inbox();
    await accusedHead.inbox();

    await citizen.say('投诉');
    await citizen.say('城管执法人员没收我的三轮车，不开任何手续');
    await citizen.say('抚宁镇集贸市场');
    await citizen.say('11月24日');
    await citizen.say('城管局的执法人员');
    const summary = last(await citizen.say('赵六 13700001111'));
    expect(summary.text).toContain('拟交由：抚宁区司法局');
    expect(summary.text).toContain('被投诉对象：抚宁区城市管理综合行政执法局');
    const no = trackingNoIn(await citizen.text('确认提交'));

    const jb = await justice.inbox();
    expect(jb.at(-1)!.text).toContain('13700001111'); // the justice bureau handles it and may call back
    expect(await justice.text(`受理 ${no}`)).toContain('已受理');
    expect(await justice.text(`协查 ${no}`)).toContain('投诉人身份对其保密');

    for (const p of [accusedOfficer, accusedHead]) {
      const notices = await p.inbox();
      expect(notices.some((r) => r.text.includes('【协助调查】'))).toBe(true);
      const status = await p.text(`查询 ${no}`);
      expect(status).toContain('城管执法人员没收');
      for (const text of [...notices.map((r) => r.text), status]) {
        expect(text).not.toContain('13700001111');
        expect(text).not.toContain('赵六');
      }
    }
    // The justice bureau still sees the identity.
    expect(await justice.text(`查询 ${no}`)).toContain('赵六');
  });

  it('查询 answers the complainant and authorised staff, and "not found" to everyone else', async () => {
    const citizen = new Person(engine, 'citizen-6');
    const stranger = new Person(engine, 'stranger-6');
    const otherBody = await staff('jtj-officer-6', 'jtj', 'officer');
    const handler = await staff('scjg-officer-6', 'scjg', 'officer');
    const no = await file(citizen, '饭店用地沟油炒菜，后厨卫生很差');

    const own = await citizen.text(`查询 ${no}`);
    expect(own).toContain('状态：已登记，待受理');
    expect(own).toContain('下一期限：受理告知');
    expect(await handler.text(`查询 ${no}`)).toContain('饭店用地沟油');
    const unknown = 'TS-2026-999999';
    const notFound = await stranger.text(`查询 ${no}`);
    expect(notFound).toContain('未找到');
    expect(notFound).toBe((await stranger.text(`查询 ${unknown}`)).replace(unknown, no)); // same words: no leak of existence
    expect(await otherBody.text(`查询 ${no}`)).toContain('未找到');
    expect(await stranger.text('查询 abc')).toContain('编号格式');
  });
});

describe('delivery', () => {
  it('a message delivered twice is processed once and answered the same', async () => {
    const p = new Person(engine, 'citizen-dup');
    const a = await p.say('我要投诉', 'msg-1');
    const b = await p.say('我要投诉', 'msg-1');
    expect(b).toEqual(a);
    await p.say('商场电梯经常出故障困人', 'msg-2');
    const again = await p.say('商场电梯经常出故障困人', 'msg-2');
    expect(last(again).text).toContain('2/5');
    const [state] = await database.db.select().from(conversations).where(sql`${conversations.chatId} = 'citizen-dup'`);
    expect(state!.state).toMatchObject({ flow: 'complaint', step: 'where', data: { what: '商场电梯经常出故障困人' } });
    const rows = await database.db.select().from(deliveries).where(sql`${deliveries.messageId} in ('msg-1','msg-2')`);
    expect(rows).toHaveLength(2);
  });

  it('the same message delivered concurrently has one effect; two messages at once run in order', async () => {
    const p = new Person(engine, 'citizen-conc');
    const [x, y] = await Promise.all([p.say('投诉', 'c-1'), p.say('投诉', 'c-1')]);
    expect(x).toEqual(y);
    const [s1, s2] = await Promise.all([p.say('路边餐馆占道经营摆桌子', 'c-2'), p.say('骊城街道金山路', 'c-3')]);
    expect(last(s1).text).toContain('2/5');
    expect(last(s2).text).toContain('3/5');
    const [state] = await database.db.select().from(conversations).where(sql`${conversations.chatId} = 'citizen-conc'`);
    expect(state!.state).toMatchObject({ step: 'when', data: { what: '路边餐馆占道经营摆桌子', where: '骊城街道金山路' } });
  });
});

describe('numbered answers', () => {
  it('a bare number picks that option of the current step, from the stored state (no adapter memory needed)', async () => {
    const p = new Person(engine, 'citizen-numbers', 'wechat');
    for (const t of ['投诉', '药店把处方药随便卖，不要处方', '台营镇某药店']) await p.say(t);
    expect(last(await p.say('１')).text).toContain('4/5'); // 不清楚, full-width digit
    expect(last(await p.say('1')).text).toContain('5/5'); // 跳过
    const summary = last(await p.say('1.')); // 匿名
    expect(summary.text).toContain('时间：不清楚');
    expect(summary.text).toContain('联系方式：匿名');
    expect((await p.say('9'))[0]!.text).toContain('请选择'); // out of range: as typed, re-asked
    expect(trackingNoIn(await p.text('1'))).toMatch(/^TS-/); // 确认提交
  });
});

describe('intents', () => {
  it('understands free text and offers a numbered choice when unsure', async () => {
    const p = new Person(engine, 'citizen-intent');
    expect(last(await p.say('我想反映一个问题')).text).toContain('1/5');
    await p.say('取消');
    const unsure = last(await p.say('嗯嗯'));
    expect(unsure.text).toContain('1.');
    expect(unsure.options?.length).toBeGreaterThan(1);
    expect(last(await p.say('1')).text).toMatch(/1\/5|编号|执法协同助手/);
    await p.say('取消');
    expect(await p.text('帮助')).toContain('查询 编号');
    expect(await p.text('我要移送案件')).toContain('执法人员、负责人使用'); // the transfer intent, for staff only
  });
});
