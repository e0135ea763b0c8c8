/**
 * 责任追究 (M8) through the engine and the deadline sweep: a missed 责令限期移送 or 纪检移送
 * deadline is recorded as a fault finding in the sweep's transaction; the justice bureau
 * lists the findings, records the deciding authority and the outcome, or dismisses one;
 * other features propose findings through one function.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import pino from 'pino';
import { contextOf, proposeFinding } from '../bot/accountability/actions';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import type { Turn } from '../bot/turn';
import { deadlines, faultFindings, outbox } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import type { DeadlineSpec } from '../domain/deadlines/deadline';
import { remindersFor } from '../domain/deadlines/reminders';
import { type DeadlineRule, type WorkingDayRuleKind, deadlineFor } from '../domain/deadlines/rules';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff, inboxTexts, numberIn } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');
const clock = () => now;
const sweep = () => new Scheduler({ uow: unitOfWork(database.db), directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) }).sweep();

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

const zrIn = (text: string): string => numberIn('ZR', text);
const texts = async (p: Person) => (await p.inbox()).map((r) => r.text);
const findings = () => database.db.select().from(faultFindings).orderBy(asc(faultFindings.id));
const snapshot = async () => ({ findings: await findings(), outbox: (await database.db.select({ id: outbox.id }).from(outbox)).length });

/** A deadline as the case-transfer feature would open it (another branch). */
async function openDeadline(spec: Omit<DeadlineSpec, 'supervisorOrgCode' | 'dueAt' | 'provisional' | 'rule' | 'state'> & { date?: string }) {
  const rule: DeadlineRule = spec.kind === 'transfer-order' ? { kind: spec.kind, date: spec.date! } : { kind: spec.kind as WorkingDayRuleKind };
  const d = deadlineFor(rule, { from: now, orgId: spec.orgId, subject: spec.subject }, officialCalendar);
  if (!d.ok) throw new Error(d.reason);
  await unitOfWork(database.db).run((s) => s.deadlines.open(d.value, remindersFor(d.value, now, officialCalendar)));
}

let justice: Person, bureauHead: Person, officer: Person, office: Person;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
  justice = await staff('zr-sfj', 'sfj', 'justice');
  bureauHead = await staff('zr-sfj-head', 'sfj', 'head');
  officer = await staff('zr-cgj-officer', 'cgj', 'officer');
  office = await staff('zr-xtb', 'xtb', 'coordination');
});
afterAll(async () => database?.close());

describe('missed deadlines that are faults in themselves', () => {
  it('a missed 责令限期移送 or 纪检移送 is recorded in the sweep, once; a missed 受理告知 is not', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const cgj = directory.byCode('cgj')!.id;
    const scjg = directory.byCode('scjg')!.id;
    await openDeadline({ kind: 'transfer-order', orgId: cgj, subject: { type: 'order', id: 'ZL-2026-000001' }, date: '2026-11-30' });
    await openDeadline({ kind: 'discipline-referral', orgId: scjg, subject: { type: 'case', id: 'AJ-2026-000007' } });
    await openDeadline({ kind: 'complaint-accept', orgId: cgj, subject: { type: 'complaint', id: 'TS-2026-000001' } });

    now = new Date('2026-12-20T10:00:00+08:00'); // past all of them
    await sweep();
    const rows = await findings();
    expect(rows.map((f) => [f.ground, f.orgId, f.sourceType, f.sourceId, f.proposedAuthority, f.proposedBy])).toEqual([
      ['transfer-order-missed', cgj, 'order', 'ZL-2026-000001', 'government', null],
      ['referral-missed', scjg, 'case', 'AJ-2026-000007', 'supervisory', null],
    ]);
    expect(rows[0]!.facts).toContain('正职负责人');
    const missed = await database.db.select().from(deadlines).where(eq(deadlines.state, 'missed'));
    expect(missed.map((d) => d.kind).sort()).toEqual(['complaint-accept', 'discipline-referral', 'transfer-order']);

    const told = await justice.inbox();
    const notice = told.find((r) => r.text.includes('【责任追究】') && r.text.includes('ZL-2026-000001'))!;
    expect(notice.text).toContain('情形：应移送而不移送，逾期未按责令限期移送');
    expect(notice.options).toEqual([`追责决定 ${rows[0]!.no}`, `不予追究 ${rows[0]!.no}`, `查询 ${rows[0]!.no}`]);
    expect((await texts(bureauHead)).some((t) => t.includes('AJ-2026-000007') && t.includes('【责任追究】'))).toBe(true);

    expect(await sweep()).toBe(0);
    expect(await findings()).toHaveLength(2);
  });
});

describe('the justice bureau keeps the record', () => {
  it('lists findings, records the authority and outcome, dismisses with a reason, refuses a second decision', async () => {
    const [order, referral] = await findings();
    const list = await justice.text('问责');
    expect(list).toContain('待认定处理（2）');
    expect(list).toContain(`${order!.no} 抚宁区城市管理综合行政执法局：应移送而不移送，逾期未按责令限期移送（待认定处理）`);

    const ask = last(await justice.say(`追责决定 ${order!.no}`));
    expect(ask.options).toEqual(['行政处理', '处分或职务调整', '移送司法机关']);
    expect(last(await justice.say('处分或职务调整')).options![0]).toBe('区人民政府'); // the proposed authority first
    expect((await justice.say('9'))[0]!.text).toContain('请从选项中选择');
    expect((await justice.say('人事任免机关'))[0]!.text).toContain('请从选项中选择'); // a body's head: 区政府 or 监察机关
    expect(last(await justice.say('区人民政府')).text).toContain('处理结果');
    expect(last(await justice.say('对局长给予记过处分')).text).toContain('确认登记');
    expect(await justice.text('确认')).toContain(`已登记 ${order!.no} 的处理结果：处分或职务调整（区人民政府），对局长给予记过处分`);

    expect(await bureauHead.text(`不予追究 ${referral!.no} 经核实当事人已被纪委立案，依方案（八）不适用本机制`)).toContain('已登记');
    const rows = await findings();
    expect(rows[0]).toMatchObject({ status: 'decided', outcomeKind: 'sanction', authority: 'government', outcome: '对局长给予记过处分' });
    expect(rows[1]).toMatchObject({ status: 'dismissed', reason: '经核实当事人已被纪委立案，依方案（八）不适用本机制' });

    const before = await snapshot();
    expect(await justice.text(`追责决定 ${order!.no}`)).toContain('当前为“已处理”，不能登记处理结果');
    expect(await justice.text(`不予追究 ${referral!.no} 再次不予追究`)).toContain('当前为“不予追究”');
    expect(await snapshot()).toEqual(before);

    const shown = await justice.text(`查询 ${order!.no}`);
    expect(shown).toContain('处理类别：处分或职务调整');
    expect(shown).toContain('处理机关：区人民政府');
    expect(shown).toContain('ZL-2026-000001');
    expect(shown).toContain('（期限逾期，系统自动记录）');
  });

  it('records a finding against an officer (追责立项)', async () => {
    expect(last(await justice.say('追责立项')).text).toContain('1/4');
    expect((await justice.say('不存在的局'))[0]!.text).toContain('没有找到');
    await justice.say('城管局');
    expect(last(await justice.say('张某某')).text).toContain('哪种情形');
    expect((await justice.say('0'))[0]!.text).toContain('序号');
    await justice.say('7');
    await justice.say('11月3日执法检查中未出示执法证件即实施扣押');
    const done = await justice.text('确认');
    const no = zrIn(done);
    const [row] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, no));
    expect(row).toMatchObject({ targetKind: 'officer', officerName: '张某某', ground: 'duty-fault', proposedAuthority: 'agency', status: 'proposed' });
    expect((await texts(bureauHead)).at(-1)).toContain('对象：抚宁区城市管理综合行政执法局 执法人员 张某某');
    expect(await justice.text('待办')).toContain(`${no} 抚宁区城市管理综合行政执法局 执法人员 张某某`);
    expect(done).toContain('已告知抚宁区城市管理综合行政执法局负责人认定处理');
  });

  it('nobody else sees or changes the record', async () => {
    const [order] = await findings();
    const before = await snapshot();
    for (const p of [officer, office]) {
      expect(await p.text('问责')).toContain('由司法局');
      expect(await p.text('追责立项')).toContain('由司法局');
      expect(await p.text('追责立项 JD-2026-000001')).toContain('未找到');
      expect(await p.text(`查询 ${order!.no}`)).toContain('未找到追责记录');
      expect(await p.text(`追责决定 ${order!.no}`)).toContain('未找到追责记录');
      expect(await p.text(`不予追究 ${order!.no} 无需追究责任`)).toContain('未找到追责记录');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('each enforcement body is the 追究机关 of its own officers; the bureau supervises', () => {
  let cgjHead: Person, scjgHead: Person;

  it('a department head records a finding against its own officer and decides it; the bureau is told and sees it', async () => {
    now = new Date('2026-12-21T10:00:00+08:00');
    cgjHead = await staff('zr-cgj-head', 'cgj', 'head');
    scjgHead = await staff('zr-scjg-head', 'scjg', 'head');
    for (const p of [justice, bureauHead, cgjHead]) await p.inbox();

    expect(await cgjHead.text('追责立项')).toContain('抚宁区城市管理综合行政执法局：针对哪位执法人员');
    expect(await cgjHead.text('单位')).toContain('单位本身的过错由司法局登记');
    await cgjHead.say('王某某');
    await cgjHead.say('7');
    await cgjHead.say('12月10日扣押当事人车辆未当场出具扣押清单');
    const opened = await cgjHead.text('确认');
    expect(opened).toContain('认定处理后，请发送“追责决定');
    const no = zrIn(opened);
    const [row] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, no));
    expect(row).toMatchObject({ targetKind: 'officer', officerName: '王某某', orgId: directory.byCode('cgj')!.id, proposedAuthority: 'agency', status: 'proposed' });
    const toBureau = (await justice.inbox()).find((r) => r.text.includes(no))!;
    expect(toBureau.text).toContain('由抚宁区城市管理综合行政执法局作为责任追究机关认定处理');
    expect(toBureau.options).toEqual([`查询 ${no}`]); // the bureau supervises, it does not decide

    // The bureau may not decide it; the head does: 处分或职务调整 by the 监察机关.
    const before = await snapshot();
    expect(await justice.text(`追责决定 ${no}`)).toContain('由抚宁区城市管理综合行政执法局负责人（责任追究机关）认定处理');
    expect(await justice.text(`不予追究 ${no} 司法局认为无需追究`)).toContain('负责人（责任追究机关）认定处理');
    expect(await snapshot()).toEqual(before);
    expect(last(await cgjHead.say(`追责决定 ${no}`)).options).toEqual(['行政处理', '处分或职务调整', '移送司法机关']);
    expect(last(await cgjHead.say('处分或职务调整')).options).toEqual(['人事任免机关', '监察机关（区纪委监委）']);
    expect((await cgjHead.say('区政府'))[0]!.text).toContain('请从选项中选择');
    await cgjHead.say('监察机关');
    expect(last(await cgjHead.say('给予政务警告处分')).text).toContain('处理类别：处分或职务调整');
    expect(await cgjHead.text('确认')).toContain(`已登记 ${no} 的处理结果：处分或职务调整（监察机关（区纪委监委）），给予政务警告处分`);
    const [decided] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, no));
    expect(decided).toMatchObject({ status: 'decided', outcomeKind: 'sanction', authority: 'supervisory', decidedBy: expect.any(Number) });
    expect((await texts(justice)).some((t) => t.includes('【责任追究】追责记录已处理') && t.includes(no))).toBe(true);
    const shown = await justice.text(`查询 ${no}`);
    expect(shown).toContain('处理类别：处分或职务调整');
    expect(await justice.text('问责')).toContain(`${no} 抚宁区城市管理综合行政执法局 执法人员 王某某`);
  });

  it('the bureau opens one against an officer: the officer’s body is told and decides it (行政处理 by the body itself)', async () => {
    await justice.say('追责立项');
    await justice.say('城管局');
    await justice.say('李某');
    await justice.say('7');
    await justice.say('12月15日执法检查未出示执法证件');
    const no = zrIn(await justice.text('确认'));
    const told = (await cgjHead.inbox()).find((r) => r.text.includes(no))!;
    expect(told.text).toContain('对象：抚宁区城市管理综合行政执法局 执法人员 李某');
    expect(told.options).toEqual([`追责决定 ${no}`, `不予追究 ${no}`, `查询 ${no}`]);
    expect(await cgjHead.text('待办')).toContain(`${no} 抚宁区城市管理综合行政执法局 执法人员 李某`);
    await cgjHead.say(`追责决定 ${no}`);
    expect(last(await cgjHead.say('行政处理')).text).toContain('责任追究机关（所在行政执法机关）的处理结果'); // no authority to choose
    await cgjHead.say('责令书面检查，暂扣执法证一个月');
    expect(await cgjHead.text('确认')).toContain('行政处理（责任追究机关（所在行政执法机关））');
    const [row] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, no));
    expect(row).toMatchObject({ status: 'decided', outcomeKind: 'administrative', authority: 'agency' });
  });

  it('a head acts for its own body’s officers only', async () => {
    const [order] = await findings(); // against 城管局 itself (a missed order)
    const lis = (await findings()).find((f) => f.officerName === '王某某')!;
    const before = await snapshot();
    expect(await scjgHead.text(`查询 ${lis.no}`)).toContain('未找到追责记录');
    expect(await scjgHead.text(`追责决定 ${lis.no}`)).toContain('未找到追责记录');
    expect(await scjgHead.text('问责')).not.toContain(lis.no);
    expect(await cgjHead.text(`追责决定 ${order!.no}`)).toContain('当前为“已处理”');
    await scjgHead.say('追责立项');
    expect(await scjgHead.text('单位')).toContain('单位本身的过错由司法局登记');
    await scjgHead.say('取消');
    expect(await snapshot()).toEqual(before);
  });
});

describe('a fault found elsewhere offers a finding against the officer', () => {
  it('a complaint about an officer found true offers 追责立项; the finding names the complaint, not the complainant', async () => {
    const citizen = new Person(engine, 'zr-citizen');
    const cgjHead = (await staff('zr-cgj-head-2', 'cgj', 'head'));
    await citizen.say('投诉');
    await citizen.say('城管执法人员赵某当街推搡摊贩并没收三轮车');
    await citizen.say('抚宁镇集贸市场');
    await citizen.say('12月20日上午');
    await citizen.say('城管局执法人员赵某');
    await citizen.say('钱七 13700002222');
    const ts = (await citizen.text('确认提交')).match(/TS-\d{4}-\d{6}/)![0];
    expect(await justice.text(`受理 ${ts}`)).toContain('已受理');
    expect(await justice.text(`追责立项 ${ts}`)).toContain('尚未办结');
    await justice.say(`办结 ${ts}`);
    expect(last(await justice.say('经调阅执法记录仪视频，执法人员赵某存在推搡行为，已责令退还三轮车')).options).toEqual(['属实', '部分属实', '不属实']);
    expect(last(await justice.say('属实')).text).toContain('经查，投诉反映的问题属实。经调阅执法记录仪视频');
    const resolved = last(await justice.say('确认'));
    expect(resolved.text).toContain(`追责立项 ${ts}`);
    expect(resolved.options).toEqual([`追责立项 ${ts}`, `查询 ${ts}`]);
    expect((await texts(citizen)).some((t) => t.includes('经查，投诉反映的问题属实'))).toBe(true);

    expect(await justice.text(`追责立项 ${ts}`)).toContain(`抚宁区城市管理综合行政执法局（来源：投诉举报 ${ts}）：针对哪位执法人员`);
    await justice.say('赵某');
    await justice.say('7');
    await justice.say('12月20日执法中推搡摊贩，经查属实');
    const no = zrIn(await justice.text('确认'));
    const [row] = await database.db.select().from(faultFindings).where(eq(faultFindings.no, no));
    expect(row).toMatchObject({ targetKind: 'officer', officerName: '赵某', orgId: directory.byCode('cgj')!.id, sourceType: 'complaint', sourceId: ts });
    const told = (await inboxTexts(cgjHead)).find((t) => t.includes(no))!;
    expect(told).toContain(`来源：投诉举报 ${ts}`);
    expect(told).not.toContain('钱七');
    expect(told).not.toContain('13700002222');
    // The department cannot open one from the complaint (it stays with the bureau).
    expect(await cgjHead.text(`追责立项 ${ts}`)).toContain('未找到');
  });
});

describe('proposeFinding, for other features', () => {
  it('records a refusal to share information once per source, and checks its input', async () => {
    const uow = unitOfWork(database.db);
    const jtj = directory.byCode('jtj')!.id;
    const run = (facts: string) =>
      uow.run(async (store) => {
        const turn = { store, now, services: { directory }, actor: { personId: 1, grants: [] }, notify: async () => {} } as unknown as Turn;
        return proposeFinding(contextOf(turn), {
          target: { kind: 'org', orgId: jtj }, ground: 'info-refused', facts, source: { type: 'info-request', id: 'XX-2026-000003' }, proposedBy: null,
        });
      });
    const first = await run('无法定事由拒绝市场监管局查询道路运输行政处罚信息');
    expect(first.ok && first.value?.no).toMatch(/^ZR-2026-\d{6}$/);
    const again = await run('无法定事由拒绝市场监管局查询道路运输行政处罚信息');
    expect(again).toEqual({ ok: true, value: null });
    const bad = await run('无');
    expect(bad.ok).toBe(false);
    expect((await findings()).filter((f) => f.ground === 'info-refused')).toHaveLength(1);
  });
});
