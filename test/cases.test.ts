/**
 * Case transfers and what hangs on them (M4, M10, M13, M15 一) through the engine: the
 * criminal route with its copies, the discipline referral on closure, orders to transfer
 * watched by the sweep, and every refusal leaving the database as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, numberIn } from './support/chat';
import { linkAccounts } from './support/link';
import { bindStaff, inboxText } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
const clock = () => now;

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

/** Registers a case with one person as party; `member` makes them a party member and state employee. */
async function register(p: Person, member: boolean): Promise<string> {
  for (const t of ['立案', '销售假冒注册商标的白酒，货值较大', '《商标法》第五十七条', '12万', '今天', '赵某', '自然人']) await p.say(t);
  await p.say(member ? '中共党员' : '群众');
  await p.say(member ? '抚宁区某局' : '无');
  await p.say(member ? '科员' : '无');
  await p.say(member ? '是' : '否');
  await p.say('当事人已登记完毕');
  await p.say('属于本单位管辖');
  return numberIn('AJ', await p.text('确认登记'));
}

async function counts() {
  const q = async (table: string) => Number(((await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))) as any).rows[0].n);
  return { cases: await q('cases'), transfers: await q('case_transfers'), referrals: await q('discipline_referrals'), orders: await q('transfer_orders'), events: await q('case_events'), deadlines: await q('deadlines') };
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
});
afterAll(async () => database?.close());

describe('a criminal transfer', () => {
  it('reaches the police with copies to the procuratorate and the justice bureau, then returns for a decision', async () => {
    const officer = await staff('crim-officer', '市场监管局', '执法人员');
    const head = await staff('crim-head', '市场监管局', '负责人');
    const police = await staff('crim-police', '公安', '联络员');
    const procurator = await staff('crim-jcy', '检察院', '联络员');
    const justice = await staff('crim-sfj', '司法局', '司法局工作人员');
    const discipline = await staff('crim-jw', '纪委监委', '联络员');
    const caseNo = await register(officer, true);

    await officer.say(`移送 ${caseNo}`);
    expect(await officer.text('公安')).toContain('具体说明移送理由');
    expect(await officer.text('货值12万元，达到刑事追诉标准')).toContain('案件移送书');
    for (const m of ['抚市监移〔2026〕8号', '调查终结报告', '查扣白酒清单', '商标权利人鉴定意见']) await officer.say(m);
    expect(await officer.text('无')).toContain('是否已作出行政处罚决定');
    expect(await officer.text('无')).toContain('上一级行政执法机关');
    const summary = await officer.text('秦皇岛市市场监督管理局');
    expect(summary).toContain('尚未作出');
    const transferNo = numberIn('YS', await officer.text('提交审批'));

    // Nobody outside the sending body sees it before the head approves.
    expect(await police.text(`查询 ${transferNo}`)).toContain('未找到');
    expect(await procurator.text(`查询 ${transferNo}`)).toContain('未找到');
    const approved = await head.text(`批准 ${transferNo}`);
    expect(approved).toContain('已抄送抚宁区人民检察院、抚宁区司法局备案');
    expect(approved).toContain('秦皇岛市市场监督管理局');

    expect(await inboxText(police)).toContain('【案件移送】抚宁区市场监督管理局向贵单位移送案件');
    expect(await inboxText(procurator)).toContain('【抄送备案】');
    expect(await inboxText(justice)).toContain('【抄送备案】');
    expect(await procurator.text(`查询 ${transferNo}`)).toContain('涉嫌犯罪移送公安机关');

    expect(await police.text(`接收 ${transferNo}`)).toContain('刑事结果');
    expect(await inboxText(officer)).toContain('待公安机关、检察机关或人民法院的处理结果');
    expect(await officer.text(`查询 ${caseNo}`)).toContain('已移送公安机关，待刑事处理结果');
    expect(await officer.text(`办结 ${caseNo}`)).toContain('不能办结');

    // 不予立案: the department is reminded to decide on the administrative penalty.
    expect(await police.text(`刑事结果 ${transferNo} 胡说八道`)).toContain('请写明处理结果');
    expect(await police.text(`刑事结果 ${transferNo} 不予立案`)).toContain('已登记');
    const decide = await inboxText(officer);
    expect(decide).toContain('【请作出决定】');
    expect(decide).toContain(`办结 ${caseNo}`);

    // Closing with a penalty against a party member opens the referral, due in 10 working days.
    await officer.say(`办结 ${caseNo}`);
    await officer.say('作出行政处罚决定');
    await officer.say('抚市监罚〔2026〕21号');
    expect(await officer.text('没收假冒白酒，罚款30万元')).toContain('涉嫌违纪问题及线索');
    await officer.say('赵某系国家工作人员，参与销售假冒白酒');
    const closed = await officer.text('确认办结');
    const referralNo = numberIn('JJ', closed);
    // Wed 25 Nov 2026 + 10 working days = Wed 9 Dec.
    expect(closed).toContain('2026年12月9日 23:59');
    expect(closed).toContain('赵某（中共党员，抚宁区某局科员，国家工作人员）');

    const sign = await inboxText(head);
    expect(sign).toContain('【纪检移送待签】');
    expect(await discipline.text(`查询 ${referralNo}`)).toContain('未找到'); // not before the head signs
    expect(await officer.text(`批准 ${referralNo}`)).toContain('负责人签字盖章');
    expect(await head.text(`批准 ${referralNo}`)).toContain('已移送抚宁区纪委监委');
    const received = await inboxText(discipline);
    expect(received).toContain('附：行政处罚决定书 抚市监罚〔2026〕21号');
    expect(received).toContain('涉嫌违纪问题及线索：赵某系国家工作人员，参与销售假冒白酒');
    expect(await discipline.text(`接收 ${referralNo}`)).toContain('已接收');
    expect(await officer.text(`查询 ${referralNo}`)).toContain('纪检监察机关已接收');

    const [deadline] = (await database.db.execute(sql`SELECT state FROM deadlines WHERE kind = 'discipline-referral' AND subject_id = ${referralNo}`) as any).rows;
    expect(deadline.state).toBe('met');
  });

  it('opens no referral when no party is a party member or state employee', async () => {
    const officer = await staff('plain-officer', '应急管理局', '执法人员');
    const caseNo = await register(officer, false);
    for (const t of [`办结 ${caseNo}`, '作出行政处罚决定', '抚应急罚〔2026〕3号', '罚款2万元']) await officer.say(t);
    const closed = await officer.text('确认办结');
    expect(closed).toContain(`已办结案件 ${caseNo}`);
    expect(closed).not.toContain('纪检移送');
  });
});

describe('refusals change nothing', () => {
  it('turns away citizens, other bodies, non-heads and incomplete evidence with a reason', async () => {
    const officer = await staff('ref-officer', '住建局', '执法人员');
    const other = await staff('ref-other', '交通运输局', '执法人员');
    const citizen = new Person(engine, 'ref-citizen');
    const caseNo = await register(officer, false);

    // Evidence with a confirmation missing blocks transfer and closure, naming what is missing.
    await officer.say(`证据 ${caseNo}`);
    await officer.say('询问笔录');
    await officer.say('对赵某的询问笔录');
    expect(await officer.text('未确认')).toContain('尚有 1 项未确认');

    const before = await counts();
    expect(await citizen.text('立案')).toContain('执法人员、负责人使用');
    expect(await citizen.text(`查询 ${caseNo}`)).toContain('未找到');
    expect(await other.text(`移送 ${caseNo}`)).toContain('未找到');
    expect(await other.text(`办结 ${caseNo}`)).toContain('未找到');
    const blocked = await officer.text(`移送 ${caseNo}`);
    expect(blocked).toContain('证据确认不全，暂不能移送');
    expect(blocked).toContain('涂改部分已由被询问人签名');
    expect(await officer.text(`办结 ${caseNo}`)).toContain('证据确认不全，暂不能办结');
    expect(await officer.text('批准 YS-2026-999999')).toContain('未找到');
    expect(await citizen.text('责令移送')).toContain('司法局或检察院');
    expect(await officer.text('责令移送')).toContain('司法局或检察院');
    expect(await counts()).toEqual(before);

    // Confirming it unblocks the transfer.
    await officer.say(`证据确认 ${caseNo}`);
    expect(await officer.text('已确认')).toContain('各项均已确认');
    expect(await officer.text(`移送 ${caseNo}`)).toContain('移送给哪个单位');
    expect(await officer.text('区政府')).toContain('未找到该单位'); // not an enforcement body
    expect(await officer.text('住建局')).toContain('不能移送给本单位');
    await officer.text('取消');
  });

  it('keeps a transfer returned by the receiver with the sender, and refuses the wrong receiver', async () => {
    const officer = await staff('ret-officer', '留守营镇', '执法人员');
    const head = await staff('ret-head', '留守营镇', '负责人');
    const receiver = await staff('ret-receiver', '自然资源', '执法人员');
    const bystander = await staff('ret-bystander', '林业局', '执法人员');
    const caseNo = await register(officer, false);
    for (const t of [`移送 ${caseNo}`, '自然资源', '属于对方管辖（乡镇与区职能部门之间）', '非法占用耕地建房，属自然资源部门查处', '是', '留守营移〔2026〕2号', '调查报告', '无', '无', '事实说明', '无']) await officer.say(t);
    const submitted = await officer.text('提交审批');
    const transferNo = numberIn('YS', submitted);
    expect(submitted).toContain('24小时内'); // urgent: the clock counts hours from discovery

    expect(await head.text(`不批准 ${transferNo}`)).toContain('请写明理由');
    expect(await head.text(`批准 ${transferNo}`)).toContain('已批准');
    const before = await counts();
    expect(await bystander.text(`接收 ${transferNo}`)).toContain('未找到');
    expect(await receiver.text(`退回 ${transferNo}`)).toContain('请写明退回理由');
    expect(await receiver.text(`退回 ${transferNo} 否`)).toContain('退回须写明理由');
    expect(await counts()).toEqual(before);

    expect(await receiver.text(`退回 ${transferNo} 该地块为林地，属林业部门管辖`)).toContain('已退回');
    expect(await inboxText(officer)).toContain('【移送被退回】');
    expect(await officer.text(`查询 ${caseNo}`)).toContain('办理中');
    expect(await receiver.text(`接收 ${transferNo}`)).toContain('不在待接收状态');
  });
});

describe('a turn that cannot finish', () => {
  it('is rolled back whole: a receipt whose case moved elsewhere leaves the transfer waiting', async () => {
    const officer = await staff('abort-officer', '茶棚乡', '执法人员');
    const head = await staff('abort-head', '茶棚乡', '负责人');
    const receiver = await staff('abort-receiver', '农业农村局', '执法人员');
    const caseNo = await register(officer, false);
    for (const t of [`移送 ${caseNo}`, '农业农村局', '涉及的法律法规不属本单位执法权限', '销售假农药属农业部门查处', '否', '茶移〔2026〕1号', '报告', '无', '无', '事实说明', '无']) await officer.say(t);
    const transferNo = numberIn('YS', await officer.text('提交审批'));
    await head.say(`批准 ${transferNo}`);
    // Someone puts the case back to 办理中 behind the bot's back: the receipt cannot move it.
    await database.db.execute(sql`UPDATE cases SET body = jsonb_set(body - 'transferNo', '{status}', '"open"'), state = 'open' WHERE no = ${caseNo}`);
    const before = await counts();
    const reply = await receiver.text(`接收 ${transferNo}`);
    expect(reply).toContain('不在移送');
    expect(await counts()).toEqual(before); // no ledger line either
    expect(await receiver.text(`查询 ${transferNo}`)).toContain('已移送，待接收');
  });
});

describe('linking accounts', () => {
  it('carries an officer\'s part in case records to the person they join', async () => {
    const officer = await staff('link-officer', '水务局', '执法人员');
    const caseNo = await register(officer, false);
    const phone = new Person(engine, 'link-officer-wecom', 'wecom');
    expect(await linkAccounts(phone, officer)).toContain('关联成功');
    expect(await phone.text(`查询 ${caseNo}`)).toContain('办案单位：抚宁区水务局');
    const rows = (await database.db.execute(sql`SELECT (body->>'officerPersonId')::int AS officer, (SELECT array_agg(DISTINCT actor_person_id) FROM case_events WHERE record_no = ${caseNo}) AS actors,
      (SELECT person_id FROM accounts WHERE platform = 'wecom' AND external_id = 'link-officer-wecom') AS person FROM cases WHERE no = ${caseNo}`) as any).rows;
    expect(rows[0].officer).toBe(rows[0].person);
    expect(rows[0].actors).toEqual([rows[0].person]);
  });
});

describe('going back in a repeating step', () => {
  it('undoes the last answer: 返回 at the third material asks the second again', async () => {
    const officer = await staff('back-officer', '文旅局', '执法人员');
    const caseNo = await register(officer, false);
    for (const t of [`移送 ${caseNo}`, '市场监管局', '涉及的法律法规不属本单位执法权限', '属于市场监管部门职责', '文旅移〔2026〕1号']) await officer.say(t);
    expect(await officer.text('错误的报告名')).toContain('3/5】涉案物品清单');
    expect(await officer.text('返回')).toContain('2/5】案件调查报告');
    await officer.say('正确的调查报告');
    for (const t of ['无', '无']) await officer.say(t);
    const summary = await officer.text('无');
    expect(summary).toContain('案件调查报告：正确的调查报告');
    expect(summary).not.toContain('错误的报告名');
    await officer.say('取消');
  });
});

describe('an order to transfer (责令限期移送)', () => {
  it('is reminded, met by the transfer that answers it, and an unanswered one is escalated to the district government', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const justice = await staff('ord-sfj', '司法局', '司法局工作人员');
    const officer = await staff('ord-officer', '卫健局', '执法人员');
    const head = await staff('ord-head', '卫健局', '负责人');
    const government = await staff('ord-qzf', '区政府', '负责人');
    const sweep = new Scheduler({ uow: unitOfWork(database.db), directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) });

    const issue = async (caseRef: string, limit: string) => {
      for (const t of ['责令移送', '卫健局', caseRef, '公安', '发现涉嫌非法行医犯罪线索未移送']) await justice.say(t);
      expect(await justice.text(limit)).toContain('请确认下达');
      return numberIn('ZL', await justice.text('确认下达'));
    };
    const answered = await issue('某诊所非法行医案', '2026-12-02');
    const ignored = await issue('某美容院非法医疗美容案', '2026-12-03');
    expect(await inboxText(officer)).toContain('【责令限期移送】抚宁区司法局责令贵单位限期移送案件');

    // The department transfers the first case and says which order it answers.
    const caseNo = await register(officer, false);
    for (const t of [`移送 ${caseNo}`, '公安', '涉嫌非法行医罪', '卫移〔2026〕5号', '调查报告', '无', '无', '无', '无']) await officer.say(t);
    expect(await officer.text('秦皇岛市卫生健康委员会')).toContain(answered); // known by its facts: the department says which it answers
    expect(await officer.text(answered)).toContain(`执行责令限期移送：${answered}`);
    const transferNo = numberIn('YS', await officer.text('提交审批'));
    await head.say(`批准 ${transferNo}`);
    expect(await inboxText(justice)).toContain(`已按 ${answered} 移送案件 ${caseNo}`);
    expect(await justice.text(`查询 ${answered}`)).toContain('已执行');

    // The second is reminded before its limit, then escalated — and reported to the district government.
    await head.inbox();
    now = new Date('2026-12-01T09:00:00+08:00');
    await sweep.sweep();
    expect(await inboxText(officer)).toContain(`责令限期移送 ${ignored}`);
    now = new Date('2026-12-04T00:01:00+08:00');
    await sweep.sweep();
    const escalation = await inboxText(government);
    expect(escalation).toContain('【报请处分】');
    expect(escalation).toContain(ignored);
    expect(escalation).not.toContain(answered);
    const [row] = (await database.db.execute(sql`SELECT state FROM deadlines WHERE kind = 'transfer-order' AND subject_id = ${ignored}`) as any).rows;
    expect(row.state).toBe('missed');
  });
});
