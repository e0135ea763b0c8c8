/**
 * 争议协调 (M2) and 执法管辖争议 (M15 六) through the engine, on the database driver of the
 * environment: application → 受理 → 协调意见 → 表态 → 报请裁决 → 裁决, every party told at
 * each step; refusals for wrong roles and illegal transitions that change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlines, disputeParties, disputes, outbox } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import { linkAccounts } from './support/link';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');

const staff = (id: string, org: string, role: string) => bindStaff(engine, database.db, directory, id, org, role, now);

const noIn = (text: string): string => {
  const m = text.match(/ZY-\d{4}-\d{6}/);
  if (!m) throw new Error(`no dispute number in: ${text}`);
  return m[0];
};

const texts = async (p: Person) => (await p.inbox()).map((r) => r.text);

/** Everything stored about disputes, to prove a refusal changed nothing. */
async function snapshot() {
  return {
    disputes: await database.db.select().from(disputes).orderBy(asc(disputes.id)),
    parties: await database.db.select().from(disputeParties),
    outbox: (await database.db.select({ id: outbox.id }).from(outbox)).length,
  };
}

async function applyFor(p: Person, kind: string, against: string, facts = '占道经营的流动摊贩由谁查处，双方均认为不属于本部门职责'): Promise<string> {
  expect(last(await p.say('争议协调')).text).toContain('1/4');
  expect(last(await p.say(kind)).text).toContain('2/4');
  expect(last(await p.say(against)).text).toContain('3/4');
  expect(last(await p.say(facts)).text).toContain('4/4');
  expect(last(await p.say('11月20日两局分管领导召开协调会，未能就职责划分达成一致')).text).toContain('请核对');
  return noIn(await p.text('确认提交'));
}

let applicant: Person, applicantHead: Person, respondent: Person, respondentLiaison: Person;
let justice: Person, justice2: Person, government: Person, office: Person, outsider: Person, citizen: Person;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  applicant = await staff('zy-scjg-officer', 'scjg', 'officer');
  applicantHead = await staff('zy-scjg-head', 'scjg', 'head');
  respondent = await staff('zy-cgj-officer', 'cgj', 'officer');
  respondentLiaison = await staff('zy-cgj-liaison', 'cgj', 'liaison');
  justice = await staff('zy-sfj-1', 'sfj', 'justice');
  justice2 = await staff('zy-sfj-2', 'sfj', 'justice');
  government = await staff('zy-qzf-head', 'qzf', 'head');
  office = await staff('zy-xtb', 'xtb', 'coordination');
  outsider = await staff('zy-jtj-officer', 'jtj', 'officer');
  citizen = new Person(engine, 'zy-citizen');
});
afterAll(async () => database?.close());

describe('a dispute from application to ruling', () => {
  it('goes 申请 → 受理 → 协调意见 → 不同意 → 报请裁决 → 裁决, every party told at each step', async () => {
    const no = await applyFor(applicant, '职责', '城管局');
    expect(no).toMatch(/^ZY-2026-\d{6}$/);
    const [row] = await database.db.select().from(disputes).where(eq(disputes.no, no));
    expect(row).toMatchObject({ status: 'applied', kind: 'duty', applicantOrgId: directory.byCode('scjg')!.id });
    expect((await database.db.select().from(disputeParties).where(eq(disputeParties.disputeId, row!.id))).map((p) => p.orgId).sort())
      .toEqual([directory.byCode('scjg')!.id, directory.byCode('cgj')!.id].sort());

    const toBureau = (await justice.inbox()).at(-1)!;
    expect(toBureau.text).toContain(`【争议协调申请】${no}`);
    expect(toBureau.text).toContain('先行协商情况：11月20日');
    expect(toBureau.options).toEqual([`受理 ${no}`, `不予受理 ${no}`, `查询 ${no}`]);
    for (const p of [applicantHead, respondent, respondentLiaison]) expect((await texts(p)).at(-1)).toContain(`【争议协调申请】${no}`);
    expect(await texts(applicant)).toEqual([]); // the applicant got the reply
    expect(await texts(government)).toEqual([]); // not the government's business yet

    expect(await justice.text(`受理 ${no}`)).toContain(`已受理 ${no}`);
    for (const p of [applicant, applicantHead, respondent, respondentLiaison, justice2]) expect((await texts(p)).at(-1)).toContain('已由司法局受理');

    expect(await justice.text(`出具意见 ${no}`)).toContain('请写明协调意见');
    expect(await justice.text('由城管局查处')).toContain('太短');
    expect(await justice.text('占道经营的流动摊贩由城管局依法查处，市场监管局配合提供经营主体信息')).toContain('确认就');
    expect(await justice.text('确认')).toContain('已出具');
    const opinion = (await respondent.inbox()).at(-1)!;
    expect(opinion.text).toContain('【协调意见】');
    expect(opinion.options).toEqual([`同意 ${no}`, `不同意 ${no}`, `查询 ${no}`]);
    for (const p of [applicant, applicantHead, respondentLiaison]) expect((await texts(p)).at(-1)).toContain('【协调意见】');

    expect(await applicant.text(`同意 ${no}`)).toContain('已记录贵单位同意');
    expect((await texts(respondent)).at(-1)).toContain('抚宁区市场监督管理局 对争议');
    expect(await respondent.text(`不同意 ${no}`)).toContain('请写明理由');
    expect(await respondent.text('流动摊贩多涉及食品经营，应由市场监管局负责')).toContain('已记录贵单位不同意');
    const told = (await justice.inbox()).filter((r) => r.text.includes('不同意'));
    expect(told.at(-1)!.options).toContain(`报请裁决 ${no}`);
    expect((await texts(applicant)).at(-1)).toContain('表示不同意（理由：流动摊贩多涉及食品经营');

    expect(await justice.text(`报请裁决 ${no}`)).toContain('书面建议');
    expect(await justice.text('建议区政府明确由城管局牵头查处占道经营，市场监管局配合')).toContain('确认将');
    expect(await justice.text('确认')).toContain('报请区政府裁决');
    const toGov = (await government.inbox()).at(-1)!;
    expect(toGov.text).toContain('【报请裁决】');
    expect(toGov.text).toContain('书面建议：建议区政府明确');
    expect(toGov.options).toEqual([`裁决 ${no}`, `查询 ${no}`]);
    for (const p of [applicant, respondent, respondentLiaison, justice2]) expect((await texts(p)).at(-1)).toContain('【报请裁决】');

    expect(await government.text(`裁决 ${no}`)).toContain('请写明内容');
    expect(await government.text('占道经营流动摊贩由城管局负责查处，市场监管局予以配合')).toContain('确认记录');
    expect(await government.text('确认')).toContain('已记录区政府');
    for (const p of [applicant, applicantHead, respondent, respondentLiaison, justice, justice2]) {
      expect((await texts(p)).at(-1)).toContain('【区政府裁决】');
    }

    const status = await respondent.text(`查询 ${no}`);
    expect(status).toContain('状态：区政府已裁决，已办结');
    expect(status).toContain('抚宁区城市管理综合行政执法局：不同意');
    expect(status).toContain('区政府裁决');
    const [done] = await database.db.select().from(disputes).where(eq(disputes.no, no));
    expect(done).toMatchObject({ status: 'ruled', ruling: '占道经营流动摊贩由城管局负责查处，市场监管局予以配合' });
  });

  it('ends at the coordination opinion when every party agrees', async () => {
    const no = await applyFor(applicantHead, '标准', '城管局', '户外广告牌设置的安全标准两部门执行口径不一致');
    await justice.say(`受理 ${no}`);
    expect(await justice.text(`出具意见 ${no} 统一按照住建部门发布的户外广告设施技术规范执行`)).toContain('已出具');
    for (const p of [applicant, respondent]) await p.inbox();
    expect(await respondentLiaison.text(`同意 ${no}`)).toContain('已记录贵单位同意');
    expect(await justice.text(`报请裁决 ${no}`)).toContain('尚无当事方表示不同意');
    const end = await applicant.text(`同意 ${no}`);
    expect(end).toContain('各当事方均已同意');
    for (const p of [respondent, justice, justice2]) expect((await texts(p)).at(-1)).toContain('【争议协调办结】');
    expect(await respondent.text(`查询 ${no}`)).toContain('状态：各方同意协调意见，已办结');
    expect(await texts(government)).toEqual([]);
    const [row] = await database.db.select().from(disputes).where(eq(disputes.no, no));
    expect(row!.status).toBe('resolved');
    expect(row!.positions).toHaveLength(2);
  });

  it('a township and a department take a jurisdiction dispute to the district government, which decides (M15 六)', async () => {
    const township = await staff('zy-fnz-officer', 'fnz', 'officer');
    expect(last(await township.say('争议协调')).text).toContain('抚宁镇人民政府');
    await township.say('管辖');
    expect((await township.say('台营镇'))[0]!.text).toContain('乡镇（街道）与区职能部门之间');
    await township.say('取消');
    const no = await applyFor(township, '管辖', '城管局', '镇区主干道两侧违法建设由镇政府还是城管局查处存在争议');
    await justice.say(`受理 ${no}`);
    await justice.say(`出具意见 ${no} 镇区规划区内违法建设由抚宁镇人民政府查处`);
    await respondent.say(`不同意 ${no} 主干道两侧属于城区规划区，应由城管局查处`);
    await justice.say(`报请决定 ${no} 建议以规划区范围划分管辖`);
    expect((await government.inbox()).at(-1)!.options).toEqual([`决定 ${no}`, `查询 ${no}`]);
    expect(await government.text(`决定 ${no} 主干道两侧违法建设由城管局查处，其余由抚宁镇人民政府查处`)).toContain('的决定');
    expect((await texts(township)).at(-1)).toContain('【区政府决定】');
    expect(await township.text(`查询 ${no}`)).toContain('状态：区政府已决定，已办结');
  });
});

describe('the parties’ time to answer the opinion (our reading: 5 working days)', () => {
  const sweep = () => new Scheduler({ uow: unitOfWork(database.db), directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) }).sweep();
  const clockOf = async (no: string, org: string) =>
    (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, 'dispute-response'), eq(deadlines.subjectId, no), eq(deadlines.orgId, directory.byCode(org)!.id))))[0];

  it('is reminded; a party that stays silent counts as not agreeing, and the bureau may then report', async () => {
    now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
    const no = await applyFor(applicant, '职责', '城管局', '夜市摊点产生的垃圾由谁监管清运存在职责争议');
    await justice.say(`受理 ${no}`);
    // Wed 11-25 → 11-26, 11-27, 11-30, 12-01, 12-02.
    expect(await justice.text(`出具意见 ${no} 夜市摊点垃圾由城管局监管清运，市场监管局督促经营者落实责任`)).toContain('表态期限 2026年12月2日 23:59');
    const opinion = (await respondent.inbox()).at(-1)!.text;
    expect(opinion).toContain('请各当事方于 2026年12月2日 23:59 前表态');
    expect(opinion).toContain('逾期未表态的，视为不同意');
    expect(await clockOf(no, 'cgj')).toMatchObject({ state: 'open', supervisorOrgCode: 'sfj', dueAt: new Date('2026-12-02T23:59:59+08:00') });
    expect(await applicant.text(`同意 ${no}`)).toContain('已记录贵单位同意');
    expect(await clockOf(no, 'scjg')).toMatchObject({ state: 'met' });
    // While the respondent still has time, there is nothing to report.
    expect(await justice.text(`报请裁决 ${no}`)).toContain('尚无当事方表示不同意');
    for (const p of [applicant, applicantHead, respondent, respondentLiaison, justice, justice2, government]) await p.inbox();

    now = new Date('2026-11-30T09:00:00+08:00'); // two working days before the due day
    await sweep();
    const reminder = (await respondent.inbox()).at(-1)!;
    expect(reminder.text).toContain(`【期限提醒】协调意见表态：争议协调 ${no}`);
    expect(reminder.options).toContain(`同意 ${no}`);
    expect(await texts(applicant)).toEqual([]); // it has answered: no reminder
    expect(await texts(justice)).toEqual([]);

    now = new Date('2026-12-03T00:05:00+08:00');
    await sweep();
    expect((await texts(respondent)).some((x) => x.startsWith('【已到期】'))).toBe(true);
    const escalated = (await texts(justice)).find((x) => x.startsWith('【督办】'))!;
    expect(escalated).toContain(`协调意见表态：争议协调 ${no}`);
    expect(escalated).toContain('视为不同意协调意见');
    expect(await clockOf(no, 'cgj')).toMatchObject({ state: 'missed' });
    expect(await justice.text('逾期')).toContain(`协调意见表态 争议协调 ${no}`);

    expect(await justice.text(`查询 ${no}`)).toContain('抚宁区城市管理综合行政执法局：逾期未表态（视为不同意）');
    expect(await justice.text('待办')).toContain(`${no} 抚宁区市场监督管理局申请，有单位逾期未表态（视为不同意）`);
    expect(await justice.text(`报请裁决 ${no}`)).toContain('书面建议');
    expect(await justice.text('建议区政府明确夜市摊点垃圾由城管局监管清运')).toContain('确认将');
    expect(await justice.text('确认')).toContain('报请区政府裁决');
    const toGov = (await government.inbox()).at(-1)!.text;
    expect(toGov).toContain('【报请裁决】');
    expect(toGov).toContain('抚宁区城市管理综合行政执法局逾期未表态（视为不同意）');
  });

  it('a late answer is still taken while the dispute is open, and reporting closes the silent parties’ clocks', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const no = await applyFor(applicant, '标准', '城管局', '门前三包责任落实的检查标准两部门口径不一致');
    await justice.say(`受理 ${no}`);
    await justice.say(`出具意见 ${no} 统一按照区门前三包管理办法的检查标准执行`);
    now = new Date('2026-12-03T09:00:00+08:00'); // past due, before any sweep
    expect(await justice.text(`报请裁决 ${no}`)).toContain('书面建议'); // both silent and out of time
    await justice.say('取消');
    expect(await respondent.text(`同意 ${no}`)).toContain('已记录贵单位同意');
    expect(await clockOf(no, 'cgj')).toMatchObject({ state: 'met' });
    expect(await justice.text(`报请裁决 ${no} 建议区政府统一门前三包检查标准`)).toContain('报请区政府裁决');
    expect(await clockOf(no, 'scjg')).toMatchObject({ state: 'waived', waiveReason: '已报请区政府裁决' });
    now = new Date('2026-11-25T10:00:00+08:00');
  });
});

describe('refusals change nothing', () => {
  it('illegal transitions are refused, naming the state and the next step', async () => {
    const no = await applyFor(applicant, '依据', '城管局', '对噪声扰民适用环境噪声污染防治法还是治安管理处罚法存在分歧');
    const before = await snapshot();
    expect(await government.text(`裁决 ${no} 由城管局依法查处噪声扰民行为`)).toContain('当前为“已申请，待司法局受理”，不能裁决');
    expect(await justice.text(`出具意见 ${no}`)).toContain('不能出具协调意见（下一步：等待司法局受理或不予受理）');
    expect(await applicant.text(`同意 ${no}`)).toContain('不能对协调意见表态');
    expect(await justice.text(`报请裁决 ${no}`)).toContain('不能报请区政府裁决');
    expect(await snapshot()).toEqual(before);

    await justice.say(`受理 ${no}`);
    const accepted = await snapshot();
    expect(await justice2.text(`受理 ${no}`)).toContain('当前为“已受理，协调中”，不能受理');
    expect(await justice2.text(`不予受理 ${no} 不属于执法争议`)).toContain('不能不予受理');
    expect(await government.text(`裁决 ${no}`)).toContain('不能裁决');
    expect(await snapshot()).toEqual(accepted);
  });

  it('wrong roles and bodies get a clear refusal', async () => {
    const no = await applyFor(applicant, '程序', '城管局', '联合检查中先行登记保存证据的程序由哪一方履行存在分歧');
    const before = await snapshot();
    expect(await applicant.text(`受理 ${no}`)).toContain('只有司法局工作人员或负责人可以受理');
    expect(await respondent.text(`不予受理 ${no} 不同意`)).toContain('只有司法局');
    expect(await justice.text(`裁决 ${no}`)).toContain('只有区政府');
    expect(await government.text(`同意 ${no}`)).toContain('只有争议当事方');
    expect(await office.text(`受理 ${no}`)).toContain('只有司法局');
    expect(await outsider.text(`受理 ${no}`)).toContain('未找到争议协调'); // not involved: cannot even see it
    expect(await citizen.text(`查询 ${no}`)).toContain('未找到争议协调');
    expect(await citizen.text('争议协调')).toContain('由区行政执法部门、乡镇（街道）');
    expect(await justice.text('争议协调')).toContain('由区行政执法部门、乡镇（街道）');
    // A command typed where a reason is asked is not taken as the reason.
    expect(await justice.text(`不予受理 ${no}`)).toContain('请写明理由');
    // A read-only command typed there is answered, and the reason asked for again (issue 15).
    const asked = await justice.say(`查询 ${no}`);
    expect(asked[0]!.text).toContain(`争议协调 ${no}`);
    expect(last(asked).text).toContain('理由');
    expect(await justice.text('取消')).toContain('已取消');
    expect(await snapshot()).toEqual(before);
    // The coordination office and the government follow it.
    expect(await office.text(`查询 ${no}`)).toContain('状态：已申请，待司法局受理');
    expect(await government.text(`查询 ${no}`)).toContain(`争议协调 ${no}`);
  });

  it('an application needs negotiation first, real parties and its own words', async () => {
    const before = await snapshot();
    await applicant.say('争议协调');
    expect((await applicant.say('其他'))[0]!.text).toContain('请选择');
    await applicant.say('职责');
    expect((await applicant.say('市场监管局'))[0]!.text).toContain('不能是本单位');
    expect((await applicant.say('公安分局'))[0]!.text).toContain('不是行政执法部门');
    expect((await applicant.say('城管局、不存在局'))[0]!.text).toContain('没有找到单位“不存在局”');
    await applicant.say('城管局、环保局');
    await applicant.say('餐饮油烟扰民由哪个部门查处存在争议，已相互推诿');
    const refused = await applicant.say('没有协商');
    expect(refused[0]!.text).toContain('方案要求争议各方先行协商');
    expect(last(refused).text).toContain('4/4');
    expect((await applicant.say('协商过'))[0]!.text).toContain('先行协商');
    await applicant.say('取消');
    expect(await snapshot()).toEqual(before);
  });

  it('two bureau staff accepting at once: one succeeds, the other is told', async () => {
    const no = await applyFor(applicant, '职责', '城管局', '共享单车乱停放由哪个部门管理存在职责争议');
    const [a, b] = await Promise.all([justice.text(`受理 ${no}`), justice2.text(`受理 ${no}`)]);
    const wins = [a, b].filter((x) => x.includes(`已受理 ${no}`));
    expect(wins).toHaveLength(1);
    expect([a, b].find((x) => !x.includes(`已受理 ${no}`))).toMatch(/刚刚被他人处理|不能受理/);
    const [row] = await database.db.select().from(disputes).where(eq(disputes.no, no));
    expect(row).toMatchObject({ status: 'accepted', version: 1 });
  });
});

describe('待办 and intents', () => {
  it('lists what each person has to do, and free text about a dispute opens the application', async () => {
    const no = await applyFor(applicant, '职责', '城管局', '校园周边流动摊点由谁负责查处存在争议');
    expect(await justice.text('待办')).toContain(`${no} 抚宁区市场监督管理局申请，待受理`);
    await justice.say(`受理 ${no}`);
    await justice.say(`出具意见 ${no} 校园周边流动摊点由城管局查处，市场监管局配合`);
    expect(await respondent.text('待办')).toContain(`${no} 抚宁区市场监督管理局申请，请对协调意见表态`);
    expect(last(await respondent.say('两个部门有争议')).text).toContain('1/4');
    await respondent.say('取消');
    expect(await citizen.text('两个部门有争议')).toContain('群众反映问题请发送“投诉”');
  });
});

describe('people', () => {
  it('a person who links another platform keeps their part in disputes (the merged person goes)', async () => {
    const clerk = await staff('zy-sfj-merge', 'sfj', 'justice');
    const no = await applyFor(applicant, '职责', '城管局', '建筑垃圾乱倒由哪个部门查处存在争议');
    await clerk.say(`受理 ${no}`);
    const phone = new Person(engine, 'zy-sfj-merge-web', 'web');
    expect(await linkAccounts(phone, clerk)).toContain('关联成功'); // the clerk holds a role: confirmed on the clerk's account
    const [row] = await database.db.select().from(disputes).where(eq(disputes.no, no));
    const owner = await unitOfWork(database.db).run((s) => s.people.resolveAccount('web', 'zy-sfj-merge-web'));
    expect(row!.handlerPersonId).toBe(owner.personId);
    expect(await phone.text(`出具意见 ${no} 建筑垃圾乱倒由城管局查处，住建局配合`)).toContain('已出具');
  });
});
