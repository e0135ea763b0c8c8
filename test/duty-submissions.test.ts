/**
 * Submissions that meet periodic duties, by chat: guiding cases (M11) reviewed by the justice
 * bureau, information reports (四(三)) counted per month, and the bureau's quarterly online
 * inspection (M5). Wrong people and bad input are refused and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { deadlines, guidingCases, infoInspections, infoReports } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { submitGuidingCase } from './support/duties';
import { inboxTexts, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-20T10:00:00+08:00');
const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);
const duty = async (kind: string, code: string, period: string) =>
  (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, kind), eq(deadlines.orgId, directory.byCode(code)!.id), eq(deadlines.subjectId, period))))[0];

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('guiding cases (案例指导, M11)', () => {
  let officer: Person;
  let liaison: Person;
  let justice: Person;

  beforeAll(async () => {
    officer = await staff('gc-officer', 'scjg', 'officer');
    liaison = await staff('gc-liaison', 'scjg', 'liaison');
    justice = await staff('gc-justice', 'sfj', 'justice');
  });

  it('are submitted by chat, counted toward the year’s three, and the justice bureau is told', async () => {
    expect(last(await officer.say('报送案例')).options).toContain('行政许可');
    expect(await officer.text('表扬')).toContain('请选择');
    await officer.say('处罚');
    expect(await officer.text('案')).toContain('案例名称太短');
    await officer.say('某超市销售过期酸奶行政处罚案');
    expect(await officer.text('太短')).toContain('基本案情太短');
    await officer.say('某超市销售超过保质期的酸奶，依据食品安全法第一百二十四条没收并罚款五千元。');
    await officer.say('容易发生执法偏差');
    const confirm = await officer.text('确认报送');
    const no = confirm.match(/AL-2026-\d{6}/)![0];
    expect(confirm).toContain('2026年度「案例指导」已完成 1 件，要求不少于 3 件');
    const told = await justice.inbox();
    expect(told[0]!.text).toContain(`【指导案例报送】抚宁区市场监督管理局 报送 ${no}（2026年度，行政处罚）：某超市销售过期酸奶行政处罚案`);
    expect(told[0]!.options).toContain(`采纳 ${no}`);

    await submitGuidingCase(liaison, '某药店无证经营第二类医疗器械案');
    const third = await submitGuidingCase(officer, '某餐馆使用超范围食品添加剂案');
    expect(third).toContain('2026年度「案例指导」已完成（3/3）');
    expect(await duty('guiding-cases', 'scjg', '2026')).toMatchObject({ state: 'met', progress: 3, required: 3 });
    const fourth = await submitGuidingCase(officer, '某企业虚假宣传保健食品案');
    expect(fourth).toContain('已完成（4/3）');
    expect(await database.db.select().from(guidingCases)).toHaveLength(4);
  });

  it('are refused to a township and a citizen, and reviewed only by the justice bureau', async () => {
    const township = await staff('gc-township', 'lcjd', 'officer');
    expect(await township.text('报送案例')).toContain('区职能部门');
    expect(await new Person(engine, 'gc-citizen').text('报送案例')).toContain('区职能部门');
    const [first] = await database.db.select().from(guidingCases).orderBy(guidingCases.id);
    const no = first!.recordNo;
    const before = await database.db.select().from(guidingCases).orderBy(guidingCases.id);
    expect(await liaison.text(`采纳 ${no}`)).toContain('由司法局审查');
    expect(await township.text(`采纳 ${no}`)).toContain('未找到');
    expect(await justice.text(`退回 ${no}`)).toContain('须写明理由');
    expect(await justice.text(`发布 ${no}`)).toContain('须先审查合格');
    expect(await database.db.select().from(guidingCases).orderBy(guidingCases.id)).toEqual(before);
  });

  it('are accepted, returned with reasons and published; the department is told each time', async () => {
    const rows = await database.db.select().from(guidingCases).orderBy(guidingCases.id);
    const [a, b] = rows.map((r) => r.recordNo);
    await officer.inbox();
    await liaison.inbox();
    expect(await justice.text('案例指导')).toContain(a!);
    expect(await justice.text(`采纳 ${a}`)).toContain('经司法局审查合格');
    expect((await inboxTexts(liaison)).join('\n')).toContain(`【案例审查】指导案例 ${a}`);
    expect((await inboxTexts(officer)).join('\n')).toContain(`【案例审查】指导案例 ${a}`); // the submitter
    expect(await justice.text(`采纳 ${a}`)).toContain('已审查合格');

    expect(await justice.text(`退回 ${b} 案情与本部门职能无关，请重新选择`)).toContain('被司法局退回');
    expect((await inboxTexts(liaison)).join('\n')).toContain('理由：案情与本部门职能无关，请重新选择');
    expect(await justice.text(`发布 ${b}`)).toContain('须先审查合格');

    expect(await justice.text(`发布 ${a}`)).toContain('已由区政府发布');
    expect((await inboxTexts(liaison)).join('\n')).toContain('【案例发布】');
    const after = await database.db.select().from(guidingCases).orderBy(guidingCases.id);
    expect(after.map((r) => r.status)).toEqual(['published', 'returned', 'submitted', 'submitted']);
    const view = await officer.text(`查询 ${b}`);
    expect(view).toContain('状态：已退回');
    expect(view).toContain('退回理由：案情与本部门职能无关');
    // A returned case no longer counts toward the year: 4 submitted, 1 returned — still met with 3.
    expect(await duty('guiding-cases', 'scjg', '2026')).toMatchObject({ state: 'met', progress: 3 });
  });
});

describe('information reports (信息报送, 四(三))', () => {
  it('count toward the unit’s two a month; the month is met at the second', async () => {
    const officer = await staff('ir-officer', 'fnz', 'officer');
    await officer.say('信息报送');
    expect(await officer.text('短')).toContain('标题太短');
    await officer.say('抚宁镇开展秸秆禁烧联合执法');
    expect(await officer.text('很好')).toContain('正文太短');
    await officer.say('镇综合执法队联合派出所开展秸秆禁烧巡查，出动人员30人次，制止焚烧5起。');
    const first = await officer.text('确认报送');
    expect(first).toMatch(/已报送执法信息 XB-2026-\d{6}：抚宁镇开展秸秆禁烧联合执法/);
    expect(first).toContain('2026年11月「执法信息报送」已完成 1 件，要求不少于 2 件');
    await officer.say('信息报送');
    await officer.say('抚宁镇查处一起违法占地建房');
    await officer.say('镇执法队在巡查中发现违法占用耕地建房一处，已立案并责令停止建设。');
    expect(await officer.text('确认报送')).toContain('2026年11月「执法信息报送」已完成（2/2）');
    expect(await duty('info-reports', 'fnz', '2026-11')).toMatchObject({ state: 'met', progress: 2 });
    expect(await database.db.select().from(infoReports).where(eq(infoReports.orgId, directory.byCode('fnz')!.id))).toHaveLength(2);
  });

  it('are refused to people of bodies without the duty, and to citizens', async () => {
    const justice = await staff('ir-justice', 'sfj', 'justice');
    expect(await justice.text('信息报送')).toContain('区职能部门、乡镇（街道）');
    expect(await new Person(engine, 'ir-citizen').text('信息报送')).toContain('区职能部门、乡镇（街道）');
    expect(await database.db.select().from(infoReports).where(eq(infoReports.orgId, directory.byCode('sfj')!.id))).toEqual([]);
  });
});

describe('the online inspection (网上巡查, M5)', () => {
  it('is recorded by the justice bureau, meets the quarter and goes to the coordination office', async () => {
    now = new Date('2026-12-10T10:00:00+08:00');
    const justice = await staff('in-justice', 'sfj', 'justice');
    const office = await staff('in-office', 'xtb', 'coordination');
    const officer = await staff('in-officer', 'scjg', 'officer');
    expect(await officer.text('网上巡查')).toContain('由司法局开展');
    expect(await database.db.select().from(infoInspections)).toEqual([]);

    expect(await justice.text('网上巡查')).toContain('2026年第4季度行政执法公示网上巡查');
    await justice.say('全部公示平台');
    expect(await justice.text('无')).toContain('巡查结果太短');
    await justice.say('16个部门中14个按时更新行政处罚、行政许可信息；住建局、水务局10月以来未更新，已电话督促。');
    const done = await justice.text('确认提交');
    expect(done).toMatch(/已登记 2026年第4季度网上巡查 XC-2026-\d{6}/);
    expect(done).toContain('2026年第4季度「行政执法公示网上巡查」已完成');
    expect(await duty('info-inspection', 'sfj', '2026-Q4')).toMatchObject({ state: 'met' });
    const told = await inboxTexts(office);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('【网上巡查结果】2026年第4季度');
    expect(told[0]).toContain('河北省政务服务平台');
    expect(told[0]).toContain('住建局、水务局10月以来未更新');
  });
});
