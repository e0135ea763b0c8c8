/**
 * Information sharing (M5, M15 三) through the engine: a township asks a district
 * department for enforcement information and gets it; a refusal without a listed ground
 * is not accepted, one with a ground reaches the requester and the justice bureau; the
 * units report their period statistics and the bureau sees who has not; wrong roles
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { bindStaff, countRows, inboxText, numberIn } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-12-02T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);
async function counts() {
  const states = ((await database.db.execute(sql.raw('SELECT no, state, body FROM info_requests ORDER BY no'))) as any).rows;
  return { ...(await countRows(database.db, ['info_requests', 'info_statistics', 'case_events'])), states };
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

async function ask(p: Person, to: string, subject: string): Promise<string> {
  await p.say('信息查询');
  await p.say(to);
  await p.say(subject);
  expect(await p.text('办理占道经营案件需核实当事人违法记录')).toContain('请确认信息查询');
  return numberIn('XX', await p.text('确认提出'));
}

describe('a request for enforcement information', () => {
  it('is answered, or refused only on a listed ground', async () => {
    const town = await staff('s-town', '台营镇', '执法人员');
    const market = await staff('s-scjg', '市场监管局', '联络员');
    const justice = await staff('s-sfj', '司法局', '司法局工作人员');

    const first = await ask(town, '市场监管局', '台营镇某食品店近三年的行政处罚记录');
    expect(await inboxText(market)).toContain('【信息查询】台营镇人民政府请求查询执法信息');
    expect(await market.text(`答复 ${first} 2024年因销售过期食品被罚款5000元（抚市监罚〔2024〕17号）`)).toContain('已答复');
    expect(await inboxText(town)).toContain('抚市监罚〔2024〕17号');
    expect(await market.text(`答复 ${first} 补充`)).toContain('已提供');

    const second = await ask(town, '市场监管局', '某企业的产品配方及检验报告原件');
    const before = await counts();
    expect(await market.text(`拒绝 ${second}`)).toContain('拒绝提供须写明法定理由');
    const PLAN = '除涉及国家秘密、商业秘密、个人隐私及其他法定事由外，行政机关不得以保守秘密为由拒绝其他行政机关查询所需的执法信息。';
    expect(await market.text(`拒绝 ${second} 保密 不便提供`)).toContain(PLAN);
    expect(await market.text(`拒绝 ${second} 工作秘密 属内部资料`)).toContain(PLAN);
    expect(await market.text(`拒绝 ${second} 其他法定事由 属于本局工作秘密，依《中华人民共和国保守国家秘密法》第九条不宜提供`)).toContain(PLAN);
    expect(await market.text(`拒绝 ${second} 其他法定事由`)).toContain('所依据的法律、法规名称和条款');
    expect(await market.text(`拒绝 ${second} 其他法定事由 依照有关法律规定不能提供`)).toContain('所依据的法律、法规名称和条款');
    expect(await market.text(`拒绝 ${second} 其他法定事由 依据《食品安全法》不能提供`)).toContain('条款');
    expect(await counts()).toEqual(before);
    expect(await market.text(`拒绝 ${second} 商业秘密 配方属企业技术秘密`)).toContain('已登记拒绝提供');
    expect(await inboxText(town)).toContain('【信息查询被拒绝】抚宁区市场监督管理局拒绝提供');
    const copy = await inboxText(justice);
    expect(copy).toContain('【信息查询拒绝备查】');
    expect(copy).toContain('涉及商业秘密');
    expect(await justice.text(`查询 ${second}`)).toContain('涉及商业秘密，配方属企业技术秘密');
  });

  it('turns away bodies not concerned and people without an enforcement role', async () => {
    const town = await staff('u-town', '榆关镇', '执法人员');
    const water = await staff('u-water', '水务局', '执法人员');
    const other = await staff('u-other', '林业局', '执法人员');
    const citizen = new Person(engine, 'u-citizen');
    const no = await ask(town, '水务局', '榆关镇某河段采砂许可及处罚情况');
    const before = await counts();
    expect(await citizen.text('信息查询')).toContain('工作人员使用');
    expect(await citizen.text(`查询 ${no}`)).toContain('未找到');
    expect(await other.text(`答复 ${no} 无记录`)).toContain('未找到');
    expect(await town.text(`答复 ${no} 自问自答`)).toContain('由抚宁区水务局答复');
    expect(await water.text(`答复 ${no}`)).toContain('请写明提供的信息');
    expect(await citizen.text('统计上报')).toContain('工作人员使用');
    expect(await town.text('统计汇总 2026-11')).toContain('供司法局查看');
    await town.say('信息查询');
    expect(await town.text('榆关镇')).toContain('不能向本单位查询');
    await town.say('取消');
    expect(await counts()).toEqual(before);
  });
});

describe('the time to answer a request (our reading: 10 working days)', () => {
  const sweep = () => new Scheduler({ uow: unitOfWork(database.db), directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) }).sweep();
  const clockOf = async (no: string) => (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'info-request-reply'), eq(deadlines.subjectId, no))))[0];

  it('runs on the working-day calendar, is met by an answer or a lawful refusal, and is reminded, escalated and listed when missed', async () => {
    now = new Date('2026-12-02T10:00:00+08:00'); // a Wednesday
    const town = await staff('c-town', '茶棚乡', '执法人员');
    const market = await staff('c-scjg', '市场监管局', '执法人员');
    const marketHead = await staff('c-scjg-head', '市场监管局', '负责人');
    const justice = await staff('c-sfj', '司法局', '司法局工作人员');

    const answered = await ask(town, '市场监管局', '茶棚乡某超市近两年的食品抽检结果');
    const refused = await ask(town, '市场监管局', '茶棚乡某企业员工的身份证号码和住址');
    const silent = await ask(town, '市场监管局', '茶棚乡某饭店的行政许可及变更记录');
    // Wed 12-02 → 12-03, 12-04, 12-07 … 12-11, 12-14, 12-15, 12-16.
    const notice = await inboxText(market);
    expect(notice).toContain('请于 2026年12月16日 23:59 前答复');
    expect(await clockOf(silent)).toMatchObject({ state: 'open', orgId: directory.byCode('scjg')!.id, supervisorOrgCode: 'sfj', dueAt: new Date('2026-12-16T23:59:59+08:00') });
    expect(await market.text('待办')).toContain(`信息查询答复 信息查询 ${silent}`);

    expect(await market.text(`答复 ${answered} 两次抽检均合格（抽检单号见附件）`)).toContain('已答复');
    expect(await clockOf(answered)).toMatchObject({ state: 'met' });
    expect(await market.text(`拒绝 ${refused} 个人隐私 员工身份证号码和住址属个人信息`)).toContain('已登记拒绝提供');
    expect(await clockOf(refused)).toMatchObject({ state: 'met' });
    for (const p of [market, marketHead, justice, town]) await p.inbox();

    now = new Date('2026-12-14T09:00:00+08:00'); // two working days before the due day
    await sweep();
    const reminder = (await market.inbox()).at(-1)!;
    expect(reminder.text).toContain(`【期限提醒】信息查询答复：信息查询 ${silent}`);
    expect(reminder.options).toContain(`答复 ${silent}`);
    expect(reminder.text).not.toContain(answered);

    now = new Date('2026-12-17T00:05:00+08:00');
    await sweep();
    expect(await inboxText(marketHead)).toContain(`【督办】抚宁区市场监督管理局 的信息查询答复：信息查询 ${silent} 已逾期`);
    expect(await inboxText(justice)).toContain('【督办】');
    expect(await clockOf(silent)).toMatchObject({ state: 'missed' });
    expect(await justice.text('逾期 市场监管局')).toContain(`信息查询答复 信息查询 ${silent}`);
    // A late answer is still recorded; the miss stays on record.
    expect(await market.text(`答复 ${silent} 许可证号JY11303230012345，2025年变更经营场所一次`)).toContain('已答复');
    expect(await clockOf(silent)).toMatchObject({ state: 'missed' });
    now = new Date('2026-12-02T10:00:00+08:00');
  });
});

describe('periodic statistics', () => {
  it('are reported by the units, corrected, and summed for the justice bureau with the missing units', async () => {
    const traffic = await staff('st-jtj', '交通运输局', '联络员');
    const env = await staff('st-sthj', '生态环境局', '负责人');
    const justice = await staff('st-sfj', '司法局', '司法局工作人员');
    const report = async (p: Person, period: string, figures: string) => {
      expect(await p.text('统计上报')).toContain('统计期间');
      await p.say(period);
      expect(await p.text('12 30')).toContain('请按顺序填写 6 个数字');
      expect(await p.text(figures)).toContain('重大具体行政行为');
      expect(await p.text('无')).toContain('请确认上报');
      return p.text('确认上报');
    };
    expect(await traffic.text('统计上报')).toContain('统计期间');
    expect(await traffic.text('2027-01')).toContain('尚未开始');
    await traffic.say('取消');
    const first = await report(traffic, '2026年11月', '12 30 2 0 0 45');
    expect(first).toContain('已上报抚宁区交通运输局2026年11月执法信息统计 TJ-');
    expect(await report(traffic, '2026-11', '12 31 2 0 0 45')).toContain('第 2 版');
    await report(env, '2026-11', '3 8 1 0 0 20');
    const summary = await justice.text('统计汇总 2026-11');
    expect(summary).toContain('已上报 2 个单位');
    expect(summary).toContain('行政处罚 39');
    expect(summary).toContain('未上报：抚宁区市场监督管理局');
    expect(summary).not.toContain('未上报：抚宁区交通运输局');
  });

  it('include the townships: their reports count and a silent one is listed', async () => {
    const town = await staff('st-town', '留守营镇', '联络员');
    const justice = await staff('st-sfj-2', '司法局', '司法局工作人员');
    await town.say('统计上报');
    await town.say('2026-10');
    await town.say('0 5 0 0 0 12');
    await town.say('无');
    expect(await town.text('确认')).toContain('已上报留守营镇人民政府2026年10月执法信息统计'); // 确认 confirms every form
    const summary = await justice.text('统计汇总 2026-10');
    expect(summary).toContain('· 留守营镇人民政府：');
    expect(summary).toContain('行政处罚 5');
    expect(summary).toMatch(/未上报：[^\n]*台营镇人民政府/);
    expect(summary).toMatch(/乡镇（街道）未上报 \d+ 个/);
  });
});

describe('the quarterly online inspection of 行政执法公示', () => {
  it('goes to the coordination office for the committee’s deliberation, then to every unit', async () => {
    const justice = await staff('xc-sfj', '司法局', '司法局工作人员');
    const office = await staff('xc-xtb', '执法协调小组办公室', '协调办工作人员');
    const unit = await staff('xc-zjj', '住建局', '联络员');
    const town = await staff('xc-town', '茶棚乡', '负责人');
    expect(await justice.text('网上巡查')).toContain('行政执法公示网上巡查');
    await justice.say('全部公示平台');
    await justice.say('住建局、水务局行政处罚决定10月以来未在公示专栏公开，其余单位按时更新');
    const recorded = await justice.text('确认提交');
    const no = numberIn('XC', recorded);
    expect(recorded).toContain('报区委全面依法治区委员会审议');
    const toOffice = (await office.inbox()).find((r) => r.text.includes(no))!;
    expect(toOffice.text).toContain('请提交委员会审议');
    expect(toOffice.options).toEqual([`审议 ${no}`]);
    expect(await inboxText(unit)).toBe(''); // not before the committee has deliberated

    const before = await countRows(database.db, ['info_inspections', 'outbox']);
    expect(await justice.text(`审议 ${no} 同意通报`)).toContain('执法协调小组办公室');
    expect(await unit.text(`审议 ${no} 同意通报`)).toContain('执法协调小组办公室');
    expect(await office.text(`审议 ${no}`)).toContain('请写明委员会审议意见');
    expect(await office.text('审议 XC-2026-999999 同意')).toContain('未找到');
    expect(await countRows(database.db, ['info_inspections', 'outbox'])).toEqual(before);

    expect(await office.text(`审议 ${no} 委员会审议同意，责成住建局、水务局于12月31日前补充公开`)).toContain('已通报全区');
    for (const p of [unit, town]) {
      const circulated = await inboxText(p);
      expect(circulated).toContain(`【网上巡查通报】`);
      expect(circulated).toContain('住建局、水务局行政处罚决定10月以来未在公示专栏公开');
      expect(circulated).toContain('审议意见：委员会审议同意，责成住建局、水务局于12月31日前补充公开');
    }
    expect(await inboxText(justice)).toContain('已经委员会审议并通报全区');
    expect(await office.text(`审议 ${no} 再审议一次`)).toContain('已经审议');
  });
});
