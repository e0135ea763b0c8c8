/**
 * Joint enforcement (M6, M15 四、五) through the engine: a lead department registers a
 * major joint action with its work plan and emergency plan, the participants are told and
 * confirm, the lead closes it; a township writes to a district department for technical
 * support and gets an answer; wrong roles change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { deadlines } from '../db/schema';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { bindStaff, countRows, inboxText, numberIn } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-12-02T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);
async function counts() {
  return countRows(database.db, ['joint_actions', 'assistance_requests', 'case_events']);
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('a joint action (M6)', () => {
  it('is registered with its plans, confirmed by the participants and closed by the lead', async () => {
    const lead = await staff('j-scjg', '市场监管局', '执法人员');
    const police = await staff('j-gaj', '公安', '联络员');
    const health = await staff('j-wjj', '卫健局', '联络员');
    const other = await staff('j-lyj', '林业局', '执法人员');

    expect(await lead.text('联合执法')).toContain('执法领域');
    await lead.say('食品药品');
    await lead.say('春节前食品安全联合专项整治');
    expect(await lead.text('市场监管局')).toContain('至少一个配合单位');
    expect(await lead.text('公安、火星局')).toContain('未找到“火星局”');
    expect(await lead.text('公安、卫健局')).toContain('工作方案');
    expect(await lead.text('简单')).toContain('工作方案');
    await lead.say('市场监管局负责检查和抽检，公安负责现场秩序和涉刑线索，卫健局负责食源性疾病监测；12月10日至20日分三组');
    await lead.say('遇暴力抗法由公安现场处置，遇群体性食物中毒由卫健局启动应急响应，总指挥为市场监管局局长');
    const summary = await lead.text('2026-12-10');
    expect(summary).toContain('配合单位：秦皇岛市公安局抚宁分局、抚宁区卫生健康局');
    const no = numberIn('LH', await lead.text('确认部署'));

    const told = await inboxText(police);
    expect(told).toContain('【联合执法】抚宁区市场监督管理局牵头开展联合执法');
    expect(told).toContain('应急预案：遇暴力抗法');
    expect(await inboxText(health)).toContain(no);

    const before = await counts();
    expect(await other.text(`确认参加 ${no}`)).toContain('未找到');
    expect(await lead.text(`确认参加 ${no}`)).toContain('只有配合单位');
    expect(await police.text(`联合执法完成 ${no} 行动结束`)).toContain('由牵头单位');
    expect(await other.text('执法协助')).toContain('乡镇');
    expect(await counts()).toEqual(before);

    expect(await police.text(`确认参加 ${no}`)).toContain('已确认秦皇岛市公安局抚宁分局参加');
    expect(await inboxText(lead)).toContain('【确认参加】');
    expect(await lead.text(`查询 ${no}`)).toContain('未确认：抚宁区卫生健康局');

    // 沟通协商: a participant adds its own part of the plan; the lead is told and everyone sees it.
    expect(await other.text(`补充方案 ${no} 林业局负责林区`)).toContain('未找到');
    expect(await lead.text(`补充方案 ${no} 牵头单位补充`)).toContain('只有配合单位');
    expect(await police.text(`补充方案 ${no}`)).toContain('请写明');
    expect(await police.text(`补充方案 ${no} 抽调治安大队12人分三组随行，负责现场秩序和涉刑线索移交`)).toContain('已补充');
    expect(await inboxText(lead)).toContain('【配合方案】秦皇岛市公安局抚宁分局');
    expect(await health.text(`查询 ${no}`)).toContain('秦皇岛市公安局抚宁分局的方案：抽调治安大队12人分三组随行');

    // Not complete before its start date, nor while a participant has not confirmed.
    const early = await counts();
    expect(await lead.text(`联合执法完成 ${no} 提前结束`)).toContain('2026年12月10日开始');
    now = new Date('2026-12-21T10:00:00+08:00');
    expect(await lead.text(`联合执法完成 ${no} 检查经营户120家`)).toContain('尚未确认参加：抚宁区卫生健康局');
    expect(await counts()).toEqual(early);
    expect(await health.text(`确认参加 ${no}`)).toContain('已确认');
    expect(await lead.text(`联合执法完成 ${no} 检查经营户120家，立案8起，移送公安1起`)).toContain('已登记');
    expect(await inboxText(health)).toContain('【联合执法完成】');
    expect(await police.text(`确认参加 ${no}`)).toContain('已完成');
    expect(await police.text(`补充方案 ${no} 再补充`)).toContain('已完成');
    now = new Date('2026-12-02T10:00:00+08:00');
  });
});

describe('a township’s written request for assistance (M15 五)', () => {
  it('reaches the district department and is tracked to its answer', async () => {
    const town = await staff('x-town', '深河乡', '执法人员');
    const env = await staff('x-sthj', '生态环境局', '执法人员');
    const market = await staff('x-scjg', '市场监管局', '执法人员');
    expect(await town.text('执法协助')).toContain('请哪个区职能部门协助');
    await town.say('生态环境局');
    await town.say('技术支撑');
    expect(await town.text('请协助')).toContain('函告内容');
    await town.say('深河乡某养殖场污水外溢案，需对排放口水样进行检测，请于12月9日前派员采样');
    const no = numberIn('XZ', await town.text('确认函告'));
    const letter = await inboxText(env);
    expect(letter).toContain('【执法协助函】深河乡人民政府书面函告');
    // Our reading: 15 working days, as for a 协查 request. Wed 12-02 → Wed 12-23.
    expect(letter).toContain('请于 2026年12月23日 23:59 前答复');
    const clock = async () => (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'assistance-reply'), eq(deadlines.subjectId, no))))[0];
    expect(await clock()).toMatchObject({ state: 'open', orgId: directory.byCode('sthj')!.id, dueAt: new Date('2026-12-23T23:59:59+08:00') });

    const before = await counts();
    expect(await market.text(`协助答复 ${no} 可以`)).toContain('未找到');
    expect(await town.text(`协助答复 ${no} 自己答复`)).toContain('由秦皇岛市生态环境局抚宁分局答复');
    expect(await env.text(`协助答复 ${no}`)).toContain('请写明答复内容');
    expect(await counts()).toEqual(before);

    expect(await env.text('待办')).toContain(`待答复执法协助 ${no}`);
    expect(await env.text(`协助答复 ${no} 已安排监测站12月8日上午采样，报告3个工作日内出具`)).toContain('已答复');
    expect(await inboxText(town)).toContain('【执法协助答复】');
    expect(await clock()).toMatchObject({ state: 'met' });
    expect(await town.text(`查询 ${no}`)).toContain('已答复');
  });
});
