/**
 * 监督检查 (M7) through the engine: an inspection, a 行政执法监督通知书 with its
 * rectification clock, the report, 退回 / 验收 / 不合格, the problem bulletin, and an
 * overdue rectification escalated by the sweep and recorded for accountability (M8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlines, faultFindings, inspections, outbox, supervisionNotices } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff, numberIn } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
const clock = () => now;
const sweep = () => new Scheduler({ uow: unitOfWork(database.db), directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) }).sweep();

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

const texts = async (p: Person) => (await p.inbox()).map((r) => r.text);

async function snapshot() {
  return {
    inspections: await database.db.select().from(inspections).orderBy(asc(inspections.id)),
    notices: await database.db.select().from(supervisionNotices).orderBy(asc(supervisionNotices.id)),
    deadlines: await database.db.select().from(deadlines).orderBy(asc(deadlines.id)),
    findings: await database.db.select().from(faultFindings).orderBy(asc(faultFindings.id)),
    outbox: (await database.db.select({ id: outbox.id }).from(outbox)).length,
  };
}

/** Records an inspection of the bodies; returns its number. */
async function inspect(p: Person, bodies = '城管局、市场监管局'): Promise<string> {
  expect(last(await p.say('监督检查')).text).toContain('1/4');
  expect(last(await p.say('专项监督')).text).toContain('行政执法主体、执法权限、执法程序的合法性');
  expect(last(await p.say('1 3 8')).text).toContain('3/4');
  expect(last(await p.say(bodies)).text).toContain('4/4');
  const confirm = last(await p.say('11月24日至25日抽查行政处罚案卷30卷'));
  expect(confirm.text).toContain('监督内容：行政执法主体、执法权限、执法程序的合法性；行政执法决定的合法性和适当性；行政执法案卷管理情况');
  return numberIn('JC', await p.text('确认'));
}

async function issue(p: Person, inspectionNo: string, body: string, due: string, findings = '部分案卷缺少法制审核意见，处罚决定书未载明救济途径'): Promise<string> {
  expect(last(await p.say(`通知书 ${inspectionNo}`)).text).toContain('向哪个被监督单位下发');
  expect(last(await p.say(body)).text).toContain('存在的问题');
  expect(last(await p.say(findings)).text).toContain('整改期限');
  expect(last(await p.say(due)).text).toContain('确认下发');
  return numberIn('JD', await p.text('确认'));
}

let justice: Person, justice2: Person, liaison: Person, head: Person, officer: Person, otherLiaison: Person, office: Person;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
  justice = await staff('jd-sfj-1', 'sfj', 'justice');
  justice2 = await staff('jd-sfj-2', 'sfj', 'head');
  liaison = await staff('jd-cgj-liaison', 'cgj', 'liaison');
  head = await staff('jd-cgj-head', 'cgj', 'head');
  officer = await staff('jd-cgj-officer', 'cgj', 'officer');
  otherLiaison = await staff('jd-scjg-liaison', 'scjg', 'liaison');
  office = await staff('jd-xtb', 'xtb', 'coordination');
});
afterAll(async () => database?.close());

describe('a supervision notice is issued, rectified and accepted', () => {
  it('inspection → notice to the liaison and head with its clock → report → 退回 → report → 验收', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const jc = await inspect(justice);
    expect(jc).toMatch(/^JC-2026-\d{6}$/);
    const jd = await issue(justice, jc, '城管局', '2026-12-10');
    expect(jd).toMatch(/^JD-2026-\d{6}$/);

    for (const p of [liaison, head]) {
      const notice = (await p.inbox()).at(-1)!;
      expect(notice.text).toContain(`【行政执法监督通知书】\n行政执法监督通知书 ${jd}`);
      expect(notice.text).toContain('整改期限：2026年12月10日');
      expect(notice.text).toContain('下发机关：抚宁区司法局');
      expect(notice.text).toMatch(/文号：抚司执监〔2026〕\d+号/);
      expect(notice.options).toEqual([`整改报告 ${jd}`, `查询 ${jd}`]);
    }
    expect(await texts(officer)).toEqual([]); // the liaison and head answer notices
    const [clock1] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, jd));
    expect(clock1).toMatchObject({ kind: 'rectification', state: 'open', orgId: directory.byCode('cgj')!.id, dueAt: new Date('2026-12-10T23:59:59+08:00') });
    expect(await liaison.text('待办')).toContain(`${jd} 抚宁区城市管理综合行政执法局 待整改`);

    expect(await officer.text(`整改报告 ${jd}`)).toContain('只有被监督单位（抚宁区城市管理综合行政执法局）的联络员或负责人');
    expect(await liaison.text(`整改报告 ${jd}`)).toContain('请写明整改措施');
    expect(await liaison.text('已整改')).toContain('太短');
    expect(await liaison.text('已对30卷案卷逐一补充法制审核意见，修订处罚决定书模板')).toContain('确认向司法局报送');
    expect(await liaison.text('确认')).toContain('等待司法局验收');
    const [met] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, jd));
    expect(met!.state).toBe('met');
    const toBureau = (await justice2.inbox()).at(-1)!;
    expect(toBureau.text).toContain(`【整改报告】抚宁区城市管理综合行政执法局 报送监督通知书 ${jd}`);
    expect(toBureau.options).toEqual([`验收 ${jd}`, `退回 ${jd}`, `不合格 ${jd}`, `查询 ${jd}`]);
    expect(await justice.text('待办')).toContain(`${jd} 抚宁区城市管理综合行政执法局 已报送整改报告，待验收`);

    now = new Date('2026-12-01T10:00:00+08:00');
    expect(last(await justice.say(`退回 ${jd} 处罚决定书模板仍未载明复议期限`)).text).toContain('重新整改的期限');
    expect((await justice.say('2020-01-01'))[0]!.text).toContain('早于');
    expect(await justice.text(`沿用原期限 2026-12-10`)).toContain('第2轮整改');
    const returned = (await liaison.inbox()).at(-1)!;
    expect(returned.text).toContain('【整改退回】');
    expect(returned.text).toContain('理由：处罚决定书模板仍未载明复议期限');
    const round2 = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, `${jd}#2`));
    expect(round2[0]).toMatchObject({ kind: 'rectification', state: 'open', dueAt: new Date('2026-12-10T23:59:59+08:00') });

    expect(await head.text(`整改报告 ${jd} 已修订处罚决定书模板，载明复议和诉讼期限`)).toContain('等待司法局验收');
    expect(await justice2.text(`验收 ${jd}`)).toContain(`${jd} 整改验收通过`);
    for (const p of [liaison, head]) expect((await texts(p)).at(-1)).toContain('【整改验收】');
    const [row] = await database.db.select().from(supervisionNotices).where(eq(supervisionNotices.no, jd));
    expect(row).toMatchObject({ status: 'accepted', round: 2 });
    expect((await database.db.select().from(deadlines).where(eq(deadlines.subjectId, `${jd}#2`)))[0]!.state).toBe('met');

    const status = await office.text(`查询 ${jd}`);
    expect(status).toContain('状态：整改验收通过');
    expect(status).toContain('第1轮：');
    expect(status).toContain('退回（处罚决定书模板仍未载明复议期限）');
    expect(await justice.text(`验收 ${jd}`)).toContain('当前为“整改验收通过”，不能验收');
  });
});

describe('refusals change nothing', () => {
  it('wrong roles, other bodies and illegal steps get a clear reply', async () => {
    now = new Date('2026-12-01T10:00:00+08:00');
    const jc = await inspect(justice);
    const jd = await issue(justice, jc, '城管局', '2026-12-20');
    const before = await snapshot();
    expect(await liaison.text('监督检查')).toContain('本单位内部监督'); // its own 法制工作机构's inspection
    await liaison.say('取消');
    expect(await office.text('监督检查')).toContain('只有司法局工作人员或负责人');
    expect(await head.text(`通知书 ${jc}`)).toContain('只有司法局');
    expect(await head.text(`验收 ${jd}`)).toContain('只有司法局');
    expect(await head.text(`不合格 ${jd} 自己验收自己`)).toContain('只有司法局');
    expect(await justice.text(`验收 ${jd}`)).toContain('当前为“已下发，整改中”，不能验收（等待被监督单位报送整改报告）');
    expect(await justice.text(`退回 ${jd}`)).toContain('不能退回');
    expect(await otherLiaison.text(`整改报告 ${jd}`)).toContain(`未找到监督通知书 ${jd}`);
    expect(await otherLiaison.text(`查询 ${jd}`)).toContain('未找到');
    expect(await justice.text(`整改报告 ${jd} 司法局代为报送整改报告内容`)).toContain('只有被监督单位');
    expect(await new Person(engine, 'jd-citizen').text(`查询 ${jc}`)).toContain(`未找到监督检查 ${jc}`);
    const early = await otherLiaison.text(`问题通报 ${jc}`); // inspected, but not yet 印发全区: the inspection, not other bodies' findings
    expect(early).toContain('问题通报尚未印发');
    expect(early).not.toContain('部分案卷缺少法制审核意见');
    expect(await snapshot()).toEqual(before);

    // Bad answers inside the dialogues re-ask and store nothing.
    await justice.say(`通知书 ${jc}`);
    expect((await justice.say('公安分局'))[0]!.text).toContain('没有找到');
    expect((await justice.say('交通局'))[0]!.text).toContain('不在监督检查');
    await justice.say('市场监管局');
    expect((await justice.say('太短'))[0]!.text).toContain('太短');
    await justice.say('市场监管局行政处罚案卷不规范问题较多');
    expect((await justice.say('明年'))[0]!.text).toContain('2026-12-31');
    expect((await justice.say('2026-11-30'))[0]!.text).toContain('早于');
    await justice.say('2026-12-30');
    expect(await justice.text('取消')).toContain('已取消');
    expect(await snapshot()).toEqual(before);
  });
});

describe('a failed rectification and an overdue one are accountable (M8)', () => {
  it('不合格 closes the notice and records a fault finding in the same turn', async () => {
    now = new Date('2026-12-01T10:00:00+08:00');
    const jc = await inspect(justice);
    const jd = await issue(justice, jc, '市场监管局', '2026-12-15');
    await otherLiaison.say(`整改报告 ${jd} 已组织全体执法人员学习，案卷问题正在整改中`);
    await otherLiaison.say('确认');
    expect(await justice.text(`不合格 ${jd}`)).toContain('将移交责任追究');
    await justice.say('整改报告未针对具体案卷，问题未实际整改');
    const done = await justice.text('确认');
    expect(done).toContain(`已认定 ${jd} 整改不合格`);
    const zr = numberIn('ZR', done);
    const [f] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, zr));
    expect(f).toMatchObject({
      status: 'proposed', ground: 'rectification-failed', targetKind: 'org', orgId: directory.byCode('scjg')!.id, sourceType: 'notice', sourceId: jd,
      proposedAuthority: 'government',
    });
    expect((await texts(otherLiaison)).at(-1)).toContain('【整改不合格】');
    expect((await texts(justice2)).some((t) => t.includes(`【责任追究】新增待认定的追责记录`) && t.includes(zr))).toBe(true);
    expect(await justice.text('问责')).toContain(`${zr} 抚宁区市场监督管理局：整改不到位，验收不合格（待认定处理）`);
    expect(done).toContain(`追责立项 ${jd}`);

    // The body's head is offered to take up the responsible officer's fault (M8: the body is its officers' 追究机关).
    const scjgHead = await staff('jd-scjg-head', 'scjg', 'head');
    expect(await scjgHead.text(`追责立项 ${jd}`)).toContain(`抚宁区市场监督管理局（来源：监督通知书 ${jd}）：针对哪位执法人员`);
    await scjgHead.say('孙某');
    await scjgHead.say('7');
    await scjgHead.say('承办案卷未经法制审核即作出处罚决定，整改中未补正');
    const officerFinding = numberIn('ZR', await scjgHead.text('确认'));
    const [o] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, officerFinding));
    expect(o).toMatchObject({ targetKind: 'officer', officerName: '孙某', sourceType: 'notice', sourceId: jd, ground: 'duty-fault' });
    expect(await head.text(`追责立项 ${jd}`)).toContain('未找到'); // another body's notice
  });

  it('an overdue rectification is reminded, escalated to the head and the bureau, and recorded once', async () => {
    now = new Date('2026-12-01T10:00:00+08:00');
    await sweep(); // what the earlier tests left due
    for (const p of [justice, justice2, liaison, head]) await p.inbox();
    const jc = await inspect(justice);
    const jd = await issue(justice, jc, '城管局', '2026-12-04');
    await liaison.inbox();
    await head.inbox();

    now = new Date('2026-12-04T09:00:00+08:00');
    expect(await sweep()).toBeGreaterThanOrEqual(1);
    expect((await texts(liaison)).some((t) => t.startsWith('【今日到期】整改：监督通知书 ' + jd))).toBe(true);

    now = new Date('2026-12-05T00:05:00+08:00');
    await sweep();
    expect((await texts(head)).some((t) => t.startsWith(`【督办】抚宁区城市管理综合行政执法局 的整改：监督通知书 ${jd} 已逾期`))).toBe(true);
    const jb = await texts(justice);
    expect(jb.some((t) => t.startsWith('【督办】') && t.includes(jd))).toBe(true);
    expect(jb.some((t) => t.includes('【责任追究】新增待认定的追责记录') && t.includes('逾期未按行政执法监督通知书整改'))).toBe(true);
    const [missed] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, jd));
    expect(missed!.state).toBe('missed');
    const findings = await database.db.select().from(faultFindings).where(and(eq(faultFindings.sourceId, jd), eq(faultFindings.ground, 'rectification-missed')));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ proposedBy: null, orgId: directory.byCode('cgj')!.id });
    expect(await sweep()).toBe(0);
    expect(await database.db.select().from(faultFindings).where(like(faultFindings.sourceId, `${jd}%`))).toHaveLength(1);

    // A late report is still taken, and the bureau is told it is late.
    expect(await liaison.text(`整改报告 ${jd} 已补充全部案卷的法制审核意见`)).toContain('等待司法局验收');
    expect((await texts(justice)).at(-1)).toContain('（已逾期）');
    expect(await justice.text('逾期')).toContain(`整改 监督通知书 ${jd}`);
  });
});

describe('the inspected body answers, and a department inspects its own officers', () => {
  it('an inspected body is asked to cooperate and provides its account (如实提供情况); the bureau sees it, other bodies do not', async () => {
    now = new Date('2026-12-08T10:00:00+08:00');
    for (const p of [justice, justice2, liaison, head, otherLiaison]) await p.inbox();
    const jc = await inspect(justice, '城管局');
    const asked = (await head.inbox()).find((r) => r.text.includes(jc))!;
    expect(asked.text).toContain('请予以配合，并如实提供情况');
    expect(asked.options).toEqual([`提供情况 ${jc}`, `查询 ${jc}`]);
    expect(await head.text(`查询 ${jc}`)).toContain('检查情况：11月24日至25日抽查行政处罚案卷30卷'); // the inspected body sees it before any bulletin

    const before = await snapshot();
    expect(await otherLiaison.text(`提供情况 ${jc} 无关单位说明`)).toContain('未找到');
    expect(await officer.text(`提供情况 ${jc} 执法人员自行说明`)).toContain('联络员或负责人');
    expect(await head.text(`提供情况 ${jc}`)).toContain('请写明');
    expect(await snapshot()).toEqual(before);

    expect(await head.text(`提供情况 ${jc} 30卷案卷已全部提供，其中3卷法制审核意见在档案室另存，已补交`)).toContain('已向司法局提供情况');
    const told = (await justice2.inbox()).find((r) => r.text.includes('【提供情况】'))!;
    expect(told.text).toContain('抚宁区城市管理综合行政执法局');
    expect(told.text).toContain('已补交');
    expect(await justice.text(`查询 ${jc}`)).toContain('抚宁区城市管理综合行政执法局提供的情况');
    expect(await otherLiaison.text(`查询 ${jc}`)).toContain('未找到');
  });

  it('a department’s 法制机构 inspects its own officers; the record stays with it and the bureau', async () => {
    now = new Date('2026-12-09T10:00:00+08:00');
    await justice.inbox();
    expect(last(await head.say('监督检查')).text).toContain('本单位内部监督');
    await head.say('日常监督');
    await head.say('1 4');
    expect(last(await head.say('第二中队、第三中队执法人员')).text).toContain('4/4'); // the officers or offices checked, as text
    const confirm = last(await head.say('抽查第二中队执法记录仪使用和案卷12卷'));
    expect(confirm.text).toContain('检查对象：第二中队、第三中队执法人员');
    const recorded = await head.text('确认');
    const jc = numberIn('JC', recorded);
    expect(recorded).toContain(`追责立项 ${jc}`);
    const [row] = await database.db.select().from(inspections).where(eq(inspections.no, jc));
    expect(row).toMatchObject({ inspectorOrgId: directory.byCode('cgj')!.id, orgIds: [directory.byCode('cgj')!.id], officers: '第二中队、第三中队执法人员' });
    expect((await texts(justice)).some((t) => t.includes('【内部监督检查】') && t.includes(jc))).toBe(true);
    expect(await justice.text(`查询 ${jc}`)).toContain('检查机关：抚宁区城市管理综合行政执法局（本部门法制工作机构）');
    expect(await liaison.text(`查询 ${jc}`)).toContain('检查对象：第二中队、第三中队执法人员');
    expect(await otherLiaison.text(`查询 ${jc}`)).toContain('未找到');
    expect(await otherLiaison.text('监督检查')).toContain('1/4'); // its own 法制机构 may inspect it too

    // It is the department's own: no notices or bulletin in the bureau's name; its head may take up an officer's fault.
    const before = await snapshot();
    expect(await head.text(`通知书 ${jc}`)).toContain('只有司法局');
    expect(await justice.text(`通知书 ${jc}`)).toContain('本部门内部监督检查');
    expect(await justice.text(`印发通报 ${jc}`)).toContain('本部门内部监督检查');
    expect(await snapshot()).toEqual(before);
    await otherLiaison.say('取消');
    expect(await head.text(`追责立项 ${jc}`)).toContain(`（来源：监督检查 ${jc}）：针对哪位执法人员`);
    await head.say('取消');
  });
});

describe('the problem bulletin', () => {
  it('lists the findings of a round, and 印发通报 sends it to every unit and opens it to all staff', async () => {
    now = new Date('2026-12-07T10:00:00+08:00');
    const jc = await inspect(justice, '城管局、市场监管局、交通局');
    const a = await issue(justice, jc, '城管局', '2026-12-31', '行政检查未全程记录，执法记录仪使用率低');
    const b = await issue(justice, jc, '市场监管局', '2026-12-31', '行政处罚裁量基准未按规定适用');
    const text = await office.text(`问题通报 ${jc}`);
    expect(text).toContain(`问题通报（监督检查 ${jc}）`);
    expect(text).toContain('发现问题（2 项）');
    expect(text).toContain(`1. 抚宁区城市管理综合行政执法局（${a}）：行政检查未全程记录`);
    expect(text).toContain(`2. 抚宁区市场监督管理局（${b}）：行政处罚裁量基准未按规定适用`);
    expect(text).toContain('未发现问题：抚宁区交通运输局');
    expect(text).toContain('尚未印发');

    expect(await liaison.text(`印发通报 ${jc}`)).toContain('只有司法局');
    const township = await staff('jd-fnz-head', 'fnz', 'head');
    expect(await justice.text(`印发通报 ${jc}`)).toContain('已印发监督检查');
    expect((await texts(township)).at(-1)).toContain(`【问题通报】\n问题通报（监督检查 ${jc}）`);
    expect(await justice.text(`印发通报 ${jc}`)).toContain('已经印发');
    expect(await township.text(`问题通报 ${jc}`)).toContain('已于 2026年12月7日 10:00 印发全区');
    expect(await officer.text(`查询 ${a}`)).toContain('状态：已下发，整改中'); // their own notice
    expect(await township.text(`查询 ${a}`)).toContain('未找到'); // another body's notice stays with it
  });
});
