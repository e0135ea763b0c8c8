/**
 * Approval decisions (M14) through the engine: a CSV export imported the way the script
 * does it reaches the supervising department's liaison, who acknowledges and reports
 * back; a re-import duplicates nothing; an unclassified one is routed by the bureau; a
 * misrouted one is returned; a refusal to cooperate reaches the justice bureau; wrong
 * roles change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { decisionsFromCsv, importDecisions } from '../bot/approvals/import';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { bindStaff, countRows, inboxText } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

/** What `npm run import-approvals` does after reading the file. */
async function importCsv(text: string) {
  const rows = decisionsFromCsv(text);
  if (!rows.ok) throw new Error(rows.reason);
  return unitOfWork(database.db).run((store) => importDecisions({ store, directory, now, running: new Set(), source: 'csv' }, rows.value));
}

async function counts() {
  const states = ((await database.db.execute(sql.raw('SELECT no, state, org_id FROM approval_decisions ORDER BY no'))) as any).rows;
  return { ...(await countRows(database.db, ['approval_decisions', 'case_events'])), states };
}

const CSV = [
  '\ufeff审批决定文号,审批事项,申请人,决定日期,证照编号,有效期至',
  '抚审批〔2026〕101号,公共场所卫生许可,"抚宁区""悦来""宾馆",2026/11/20,卫公字2026-088,2030-11-19',
  '抚审批〔2026〕102号,"食品经营许可（新办，含网络经营）",某某餐饮店,2026-11-21,JY1130323000001,',
  '抚审批〔2026〕103号,其他事项登记,某合作社,2026-11-22,,',
  '抚审批〔2026〕104号,取水许可,,2026-11-22,,',
].join('\r\n');

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('approval decisions imported by CSV', () => {
  it('reach the supervising department’s liaison, who acknowledges and reports supervision', async () => {
    const health = await staff('a-wjj', '卫健局', '联络员');
    const market = await staff('a-scjg', '市场监管局', '联络员');
    const bureau = await staff('a-spj', '行政审批局', '审批局工作人员');
    const justice = await staff('a-sfj', '司法局', '司法局工作人员');
    const marketHead = await staff('a-scjg-head', '市场监管局', '负责人');

    const report = await importCsv(CSV);
    expect(report.imported.map((i) => i.supervisor)).toEqual(['抚宁区卫生健康局', '抚宁区市场监督管理局', null]);
    expect(report.rejected).toEqual([{ index: 4, reason: '缺少申请人。' }]);
    const [hotel, restaurant, other] = report.imported.map((i) => i.approvalNo) as [string, string, string];

    const pushed = await inboxText(health);
    expect(pushed).toContain('【审批决定推送】');
    expect(pushed).toContain(hotel);
    expect(pushed).toContain('抚宁区"悦来"宾馆');
    expect(pushed).toContain('卫生健康类');
    expect(pushed).not.toContain(restaurant);
    expect(await inboxText(market)).toContain(restaurant);
    expect(await inboxText(bureau)).toContain(`【审批决定待分派】${other}`);

    // A re-import adds nothing and tells nobody again.
    const again = await importCsv(CSV);
    expect(again.imported).toEqual([]);
    expect(again.duplicates.map((d) => d.approvalNo)).toEqual([hotel, restaurant, other]);
    expect(await inboxText(health)).toBe('');

    // 签收 and 监管情况: the bureau hears back.
    expect(await health.text('审批决定')).toContain(hotel);
    expect(await health.text(`签收 ${hotel}`)).toContain('已签收');
    expect(await health.text(`监管情况 ${hotel} 已现场核查，卫生条件符合许可要求`)).toContain('已向行政审批局反馈');
    const back = await inboxText(bureau);
    expect(back).toContain('【监管情况反馈】');
    expect(back).toContain('已现场核查');
    expect(await bureau.text(`查询 ${hotel}`)).toContain('监管部门已反馈监管情况');

    // The unclassified one is routed by the bureau; the department returns it as not its own.
    expect(await bureau.text(`分派 ${other} 卫健局`)).toContain('已通知其联络员');
    expect(await inboxText(health)).toContain(other);
    expect(await health.text(`退回 ${other} 不属本部门监管职责，应属农业农村部门`)).toContain('已告知行政审批局改派');
    expect(await inboxText(bureau)).toContain('【审批决定退回】');
    expect(await health.text(`查询 ${other}`)).toContain('未找到');
    expect(await bureau.text(`分派 ${other} 农业农村局`)).toContain('该部门尚无联络员绑定');

    // A refusal to cooperate is a fault finding (M8) for the justice bureau to decide.
    expect(await bureau.text(`拒绝配合 ${restaurant} 市场监管局拒不签收且未派员核查`)).toContain('已报司法局');
    const refusal = await inboxText(justice);
    expect(refusal).toContain('【责任追究】新增待认定的追责记录');
    expect(refusal).toContain('拒绝配合');
    expect(refusal).toContain('方案（十四）');

    // The department's head is told and offered to take up the responsible officer's fault (M8).
    const notice = (await marketHead.inbox()).find((r) => r.text.includes('【拒绝业务配合】'))!;
    expect(notice.options).toEqual([`追责立项 ${restaurant}`, `查询 ${restaurant}`]);
    expect(await marketHead.text(`追责立项 ${restaurant}`)).toContain(`（来源：审批决定 ${restaurant}）：针对哪位执法人员`);
    await marketHead.say('周某');
    await marketHead.say('7');
    await marketHead.say('拒不签收审批决定且未派员核查');
    expect(await marketHead.text('确认')).toContain('已登记追责记录');
    expect(await health.text(`追责立项 ${restaurant}`)).toContain('未找到'); // another department, not its head
  });

  it('turns away wrong roles and bad input without changing anything', async () => {
    const market = await staff('b-scjg', '市场监管局', '联络员');
    const water = await staff('b-swj', '水务局', '联络员');
    const bureauLiaison = await staff('b-spj', '行政审批局', '联络员');
    const citizen = new Person(engine, 'b-citizen');
    const report = await importCsv('decisionNo,item,applicant,decidedOn\nB-1,取水许可,某厂,2026-11-23\n');
    const no = report.imported[0]!.approvalNo;
    expect(report.imported[0]!.supervisor).toBe('抚宁区水务局');
    await water.inbox();

    const before = await counts();
    expect(await citizen.text(`查询 ${no}`)).toContain('未找到');
    expect(await citizen.text('审批决定')).toContain('行政审批局和对口监管部门');
    expect(await market.text(`签收 ${no}`)).toContain('未找到');
    expect(await market.text(`监管情况 ${no} 已核查`)).toContain('未找到');
    expect(await water.text(`分派 ${no} 市场监管局`)).toContain('由行政审批局分派');
    expect(await bureauLiaison.text(`分派 ${no} 市场监管局`)).toContain('由行政审批局分派');
    expect(await bureauLiaison.text(`签收 ${no}`)).toContain('由抚宁区水务局签收');
    expect(await water.text(`监管情况 ${no}`)).toContain('请写明监管情况');
    expect(await water.text(`退回 ${no} 否`)).toContain('退回须写明理由');
    expect(await water.text(`拒绝配合 ${no} 某情况说明`)).toContain('由行政审批局登记');
    expect(await water.text('签收 SP-2026-999999')).toContain('未找到');
    expect(await counts()).toEqual(before);

    await expect(importCsv('a,b\n"1,2\n')).rejects.toThrow('引号未闭合');
    await expect(importCsv('decisionNo,item\n')).rejects.toThrow('没有审批决定');
    expect(await counts()).toEqual(before);
  });
});
