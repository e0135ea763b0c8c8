/**
 * The plan's rules for case transfers, second pass (issue 14), through the engine:
 * - the 3-working-day clock runs from the finding that a case is the other side's (立案 or
 *   later), shows in 待办, and a transfer is judged by the moment it is sent, whenever the
 *   sweep comes by (M15 一);
 * - an order to transfer (责令限期移送) names the case and the body it must go to, only that
 *   transfer meets it, and a missed one is reported to 区政府 naming the department's head (M4);
 * - every closure with a penalty against a party member opens the discipline referral, the
 *   criminal path included, with the suspected disciplinary matter as text (M10);
 * - the police's outcome reaches the procuratorate and the justice bureau, and 查询 shows it (M4);
 * - the destination list of a transfer leaves out the sender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last, numberIn } from './support/chat';
import { bindStaff, inboxText, staffMember } from './support/staff';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let router: Awaited<ReturnType<typeof createEngine>>['router'];
let now = new Date('2026-11-20T10:00:00+08:00'); // a Friday
const clock = () => now;
const at = (iso: string) => (now = new Date(`${iso}+08:00`));
const sweep = () => new Scheduler({ uow: unitOfWork(database.db), directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) }).sweep();

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);
const named = (id: string, org: string, role: string, name: string) => staffMember({ engine, db: database.db, directory, now: clock }, id, org, role, name);

interface CaseOpts {
  member?: boolean;
  /** The body the case belongs to, named at 立案; none: the officer's own. */
  competent?: string;
  urgent?: boolean;
  summary?: string;
}

/** 立案 with one party; the last reply. */
async function registerCase(p: Person, o: CaseOpts = {}): Promise<string> {
  for (const t of ['立案', o.summary ?? '销售假冒注册商标的白酒，货值较大', '《商标法》第五十七条', '12万', '今天', '赵某', '自然人']) await p.say(t);
  for (const t of o.member ? ['中共党员', '抚宁区某局', '科员', '是'] : ['群众', '无', '无', '否']) await p.say(t);
  await p.say('当事人已登记完毕');
  if (o.competent) {
    await p.say(o.competent);
    if (o.urgent !== undefined) await p.say(o.urgent ? '是' : '否');
  } else {
    await p.say('属于本单位管辖');
  }
  return p.text('确认登记');
}
const register = async (p: Person, o: CaseOpts = {}) => numberIn('AJ', await registerCase(p, o));

/** A township's transfer to 市场监管局 up to the summary; `askUrgent` when no finding is on record. */
async function draftToRegulator(p: Person, caseNo: string, askUrgent: boolean): Promise<string> {
  for (const t of [`移送 ${caseNo}`, '市场监管局', '属于对方管辖（乡镇与区职能部门之间）', '销售假冒白酒属市场监管部门查处']) await p.say(t);
  if (askUrgent) await p.say('否');
  for (const t of ['台营移〔2026〕1号', '调查报告', '无', '无', '基本违法事实说明']) await p.say(t);
  return p.text('无');
}

const deadlineState = async (kind: string, subject: string) =>
  ((await database.db.execute(sql`SELECT state FROM deadlines WHERE kind = ${kind} AND subject_id = ${subject}`)) as any).rows.map((r: any) => r.state);

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory, router } = await createEngine(unitOfWork(database.db), { clock }));
});
afterAll(async () => database?.close());

describe('the transfer clock between township and district (M15 一)', () => {
  it('runs from the finding at 立案, shows in 待办, and judges each transfer by the moment it is sent', async () => {
    at('2026-11-20T10:00:00');
    const officer = await staff('clk-officer', '台营镇', '执法人员');
    const head = await staff('clk-head', '台营镇', '负责人');
    const justice = await staff('clk-sfj', '司法局', '司法局工作人员');

    // Found on Friday 20 November to be the regulator's: due Wednesday 25 November.
    const registered = await registerCase(officer, { competent: '市场监管局', urgent: false });
    const never = numberIn('AJ', registered);
    expect(registered).toContain('2026年11月25日 23:59');
    const todo = await officer.text('待办');
    expect(todo).toContain(`乡镇移送 案件 ${never}`);
    expect(todo).toContain('2026年11月25日 23:59');

    const onTime = await register(officer, { competent: '市场监管局', urgent: false });
    const lateBeforeSweep = await register(officer, { competent: '市场监管局', urgent: false });
    const lateAfterSweep = await register(officer, { competent: '市场监管局', urgent: false });
    // The recorded urgency stands: the transfer dialogue does not ask it again.
    for (const c of [onTime, lateBeforeSweep, lateAfterSweep]) {
      const summary = await draftToRegulator(officer, c, false);
      expect(summary).toContain('请核对移送内容');
      expect(await officer.text('提交审批')).toContain('2026年11月25日 23:59');
    }
    const transferOf = async (caseNo: string) => numberIn('YS', await officer.text(`查询 ${caseNo}`));

    at('2026-11-24T15:00:00');
    expect(await head.text(`批准 ${await transferOf(onTime)}`)).toContain('已批准');
    // Sent half a minute after the limit, before any sweep came by …
    at('2026-11-26T00:00:30');
    const early = await transferOf(lateBeforeSweep);
    expect(await head.text(`批准 ${early}`)).toContain('已批准');
    // … and the same, after the sweep chased the others.
    at('2026-11-26T09:00:00');
    await head.inbox();
    await justice.inbox();
    await sweep();
    expect(await head.text(`批准 ${await transferOf(lateAfterSweep)}`)).toContain('已批准');

    expect(await deadlineState('township-transfer', onTime)).toEqual(['met']);
    expect(await deadlineState('township-transfer', lateBeforeSweep)).toEqual(['missed']);
    expect(await deadlineState('township-transfer', lateAfterSweep)).toEqual(['missed']);
    expect(await deadlineState('township-transfer', never)).toEqual(['missed']);
    const chased = await inboxText(justice);
    expect(chased).toContain(`【督办】`);
    expect(chased).toContain(`案件 ${never}`);
    expect(chased).not.toContain(`案件 ${lateBeforeSweep}`); // already sent when the sweep came
  });

  it('opens the clock when the need to transfer is first recorded, not from a discovery long past', async () => {
    at('2026-11-20T10:00:00');
    const officer = await staff('late-officer', '台营镇', '执法人员');
    const head = await staff('late-head', '台营镇', '负责人');
    const own = await register(officer); // the township's own, as far as it knew

    // On Tuesday 1 December it finds the case is the regulator's: three working days from then.
    at('2026-12-01T10:00:00');
    await head.inbox();
    await draftToRegulator(officer, own, true);
    const submitted = await officer.text('提交审批');
    expect(submitted).toContain('2026年12月4日 23:59');
    at('2026-12-01T10:05:00');
    await sweep();
    expect(await inboxText(head)).not.toContain('【督办】');
    expect(await deadlineState('township-transfer', own)).toEqual(['open']);

    // Found during handling (管辖): recorded then, and the clock runs from that moment.
    const later = await register(officer);
    expect(await officer.text(`管辖 ${later} 市场监管局`)).toContain('2026年12月4日 23:59');
    expect(await officer.text(`查询 ${later}`)).toContain('抚宁区市场监督管理局');
    expect(await officer.text(`管辖 ${later} 台营镇`)).toContain('本单位');
  });
});

describe('an order to transfer (责令限期移送, M4)', () => {
  it('names the case and the body; only that transfer meets it; a missed one is reported to 区政府 naming the head', async () => {
    at('2026-11-25T10:00:00');
    const justice = await staff('zl-sfj', '司法局', '司法局工作人员');
    const procurator = await staff('zl-jcy', '检察院', '联络员');
    const government = await staff('zl-qzf', '区政府', '负责人');
    const officer = await staff('zl-officer', '卫健局', '执法人员');
    const head = await named('zl-head', '卫健局', '负责人', '王某某');
    const other = await staff('zl-other', '市场监管局', '执法人员');
    const named1 = await register(officer);
    const unrelated = await register(officer);
    const elsewhere = await register(other);

    // The bureau names the case by its number and the body it must go to.
    for (const t of ['责令移送', '卫健局']) await justice.say(t);
    expect(await justice.text(elsewhere)).toContain('未找到');
    expect(await justice.text(named1)).toContain('应移送至哪个单位');
    expect(await justice.text('卫健局')).toContain('不能移送给本单位');
    await justice.say('公安');
    await justice.say('发现涉嫌非法行医犯罪线索未移送');
    const confirm = await justice.text('2026-12-02');
    expect(confirm).toContain(`案件：${named1}`);
    expect(confirm).toContain('应移送至：秦皇岛市公安局抚宁分局');
    const byCase = numberIn('ZL', await justice.text('确认下达'));

    // The procuratorate knows only the facts.
    for (const t of ['责令移送', '卫健局', '某美容院非法医疗美容案', '市场监管局', '该案涉及无证经营，应由市场监管部门查处']) await procurator.say(t);
    await procurator.say('2026-12-03');
    const byFacts = numberIn('ZL', await procurator.text('确认下达'));

    // An unrelated transfer to another body answers neither: no order is offered.
    for (const t of [`移送 ${unrelated}`, '自然资源', '涉及的法律法规不属本单位执法权限', '占用耕地属自然资源部门查处', '卫移〔2026〕1号', '调查报告', '无', '无']) await officer.say(t);
    const plain = await officer.text('无');
    expect(plain).toContain('请核对移送内容');
    expect(plain).not.toContain('执行责令限期移送');
    await head.say(`批准 ${numberIn('YS', await officer.text('提交审批'))}`);
    expect(await justice.text(`查询 ${byCase}`)).toContain('待执行');
    expect(await procurator.text(`查询 ${byFacts}`)).toContain('待执行');

    // The named case to the police meets the first, without being chosen.
    for (const t of [`移送 ${named1}`, '公安', '涉嫌非法行医罪', '卫移〔2026〕5号', '调查报告', '无', '无', '无', '无']) await officer.say(t);
    // The order known by its facts may be this case (to the police it would meet it too): asked; the numbered one is not.
    const ask = last(await officer.say('秦皇岛市卫生健康委员会'));
    expect(ask.options).toEqual([byFacts, '不是']);
    const summary = await officer.text('不是');
    expect(summary).toContain(`执行责令限期移送：${byCase}`);
    expect(summary).not.toContain(byFacts);
    await head.say(`批准 ${numberIn('YS', await officer.text('提交审批'))}`);
    const told = await inboxText(justice);
    expect(told).toContain(`【责令移送已执行】`);
    expect(told).toContain(named1);
    expect(told).toContain('秦皇岛市公安局抚宁分局');
    expect(await justice.text(`查询 ${byCase}`)).toContain('已执行');
    expect(await procurator.text(`查询 ${byFacts}`)).toContain('待执行');

    // The second is missed: 区政府 gets the report naming the head, the procuratorate is told.
    await procurator.inbox();
    at('2026-12-04T00:05:00');
    await sweep();
    const report = await inboxText(government);
    expect(report).toContain('【报请处分】');
    expect(report).toContain(byFacts);
    expect(report).toContain('王某某');
    expect(report).toContain('记过以上');
    expect(await government.text(`查询 ${byFacts}`)).toContain('某美容院非法医疗美容案');
    const issuer = await inboxText(procurator);
    expect(issuer).toContain(byFacts);
    expect(issuer).toContain('逾期');
    const [finding] = ((await database.db.execute(sql`SELECT facts FROM fault_findings WHERE source_id = ${byFacts}`)) as any).rows;
    expect(finding.facts).toContain('王某某');
  });
});

describe('the criminal path (M4, M10)', () => {
  it('passes the police outcome to the procuratorate and the bureau, and a penalty that stands opens the referral', async () => {
    at('2026-11-25T10:00:00');
    const officer = await staff('cp-officer', '农业农村局', '执法人员');
    const head = await staff('cp-head', '农业农村局', '负责人');
    const police = await staff('cp-police', '公安', '联络员');
    const procurator = await staff('cp-jcy', '检察院', '联络员');
    const justice = await staff('cp-sfj', '司法局', '司法局工作人员');
    const discipline = await staff('cp-jw', '纪委监委', '联络员');
    const caseNo = await register(officer, { member: true });

    for (const t of [`移送 ${caseNo}`, '公安', '销售假农药货值达到追诉标准', '抚农移〔2026〕2号', '调查报告', '无', '无', '无']) await officer.say(t);
    await officer.say('抚农罚〔2026〕4号'); // the penalty already decided goes along
    await officer.say('秦皇岛市农业农村局');
    const transferNo = numberIn('YS', await officer.text('提交审批'));
    await head.say(`批准 ${transferNo}`);
    await police.say(`接收 ${transferNo}`);
    for (const p of [officer, head, procurator, justice]) await p.inbox();

    expect(await police.text(`刑事结果 ${transferNo} 不予立案`)).toContain('已登记');
    for (const p of [procurator, justice]) {
      const t = await inboxText(p);
      expect(t).toContain('【刑事处理结果】');
      expect(t).toContain('不予立案');
    }
    const shown = await officer.text(`查询 ${transferNo}`);
    expect(shown).toContain('刑事处理结果：不予立案');
    expect(await procurator.text(`查询 ${transferNo}`)).toContain('刑事处理结果：不予立案');
    expect(await police.text(`刑事结果 ${transferNo} 撤销案件`)).toContain('已登记刑事处理结果');

    // The penalty stands: the case closes with it and the referral opens, due in 10 working days.
    expect(await officer.text(`查询 ${caseNo}`)).toContain('已办结');
    const sign = await inboxText(head);
    expect(sign).toContain('【纪检移送待签】');
    const referralNo = numberIn('JJ', sign);
    expect(sign).toContain('2026年12月9日 23:59');
    expect(await deadlineState('discipline-referral', referralNo)).toEqual(['open']);

    // The head signs only once the suspected disciplinary matter is written.
    expect(await head.text(`批准 ${referralNo}`)).toContain('涉嫌违纪问题及线索');
    expect(await officer.text(`违纪线索 ${referralNo} 短`)).toContain('涉嫌违纪问题及线索');
    expect(await officer.text(`违纪线索 ${referralNo} 赵某系国家工作人员，参与销售假农药，涉嫌违反廉洁纪律`)).toContain('已填写');
    expect(await head.text(`批准 ${referralNo}`)).toContain('已移送');
    expect(await inboxText(discipline)).toContain('涉嫌违纪问题及线索：赵某系国家工作人员，参与销售假农药');
  });

  it('asks for the suspected disciplinary matter when a case closes with a penalty against a party member', async () => {
    at('2026-11-25T10:00:00');
    const officer = await staff('cl-officer', '应急管理局', '执法人员');
    const caseNo = await register(officer, { member: true });
    for (const t of [`办结 ${caseNo}`, '作出行政处罚决定', '抚应急罚〔2026〕9号']) await officer.say(t);
    expect(await officer.text('罚款2万元')).toContain('涉嫌违纪问题及线索');
    expect(await officer.text('赵某系国家工作人员，违规组织生产')).toContain('确认办结');
    const closed = await officer.text('确认办结');
    const referralNo = numberIn('JJ', closed);
    expect(await officer.text(`查询 ${referralNo}`)).toContain('涉嫌违纪问题及线索：赵某系国家工作人员，违规组织生产');
  });
});

describe('the transfer dialogue', () => {
  it('does not offer the sender as the receiving body', async () => {
    at('2026-11-25T10:00:00');
    const officer = await staff('self-officer', '市场监管局', '执法人员');
    const summary = '超市销售过期变质食品，无进货查验记录';
    const regulator = directory.byCode('scjg')!.id;
    expect(router.route(summary, '')?.orgId).toBe(regulator); // the router would suggest the sender itself
    const caseNo = await register(officer, { summary });
    const ask = last(await officer.say(`移送 ${caseNo}`));
    expect(ask.text).toContain('移送给哪个单位');
    expect(ask.options?.length).toBeGreaterThan(0);
    expect(ask.options).not.toContain('抚宁区市场监督管理局');
    await officer.say('取消');
  });
});
