/**
 * M9 after filing, by chat: townships are assessed too (下级人民政府); a filed self-assessment
 * is reported to the district government and public; the bureau's grade goes to 区政府 for
 * 审定 — not to the unit — and only the approved grade is fed back and published in the
 * public list (考核结果 2026); 表彰奖励 / 通报批评 are recorded on approved grades by 区政府.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { assessments } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { evaluateOfficers, selfAssess } from './support/duties';
import { inboxTexts, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-12-14T10:00:00+08:00');
const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);
const row = async (no: string) => (await database.db.select().from(assessments).where(eq(assessments.recordNo, no)))[0]!;
const told = async (p: Person) => (await inboxTexts(p)).join('\n');

let depLiaison: Person;
let depHead: Person;
let townLiaison: Person;
let townHead: Person;
let justice: Person;
let gov: Person;
let citizen: Person;
let depNo: string;
let townNo: string;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  depLiaison = await staff('ar-scjg-liaison', 'scjg', 'liaison');
  depHead = await staff('ar-scjg-head', 'scjg', 'head');
  townLiaison = await staff('ar-lcjd-liaison', 'lcjd', 'liaison');
  townHead = await staff('ar-lcjd-head', 'lcjd', 'head');
  justice = await staff('ar-sfj-justice', 'sfj', 'justice');
  gov = await staff('ar-qzf-head', 'qzf', 'head');
  citizen = new Person(engine, 'ar-citizen');
});
afterAll(async () => database?.close());

describe('townships assessed, self-assessments reported to 区政府 and public (M9)', () => {
  it('a township files its self-assessment; 区政府 is told; anyone can read it once filed, never before', async () => {
    const opened = await townLiaison.text('自评');
    townNo = opened.match(/ZP-2026-\d{6}/)![0];
    expect(opened).toContain('骊城街道办事处 2026年度考核自评');
    expect(await citizen.text(`查询 ${townNo}`)).toContain('未找到'); // a draft is nobody's business
    await townLiaison.say('暂存');
    const approved = await selfAssess(townLiaison, townHead);
    expect(approved).toContain('已报司法局备案，并报区政府接受监督、向社会公开');
    expect(approved).toContain('2026年度「考核自评」已完成');
    const toGov = await told(gov);
    expect(toGov).toContain(`【考核自评】骊城街道办事处 2026年度考核自评 ${townNo} 已经本单位负责人审核，报区政府接受监督，并向社会公开。`);
    expect(await gov.text(`查询 ${townNo}`)).toContain('状态：已报司法局备案');

    const open = await citizen.text(`查询 ${townNo}`);
    expect(open).toContain('（向社会公开）');
    expect(open).toContain('1. 依法行政意识和能力：80分');
    expect(open).not.toContain('考核等次');

    depNo = (await selfAssess(depLiaison, depHead)).match(/ZP-2026-\d{6}/)![0];
  });

  it('an officer evaluation is public as counts per grade, without names', async () => {
    const approved = await evaluateOfficers(townLiaison, townHead);
    expect(approved).toContain('评议结果（各等次人数）向社会公开');
    const kp = approved.match(/KP-2026-\d{6}/)![0];
    const open = await citizen.text(`查询 ${kp}`);
    expect(open).toContain('共评议 1 人：优秀 1 人');
    expect(open).not.toContain('张三');
    expect(await townLiaison.text(`查询 ${kp}`)).toContain('张三'); // the unit sees its own record whole
  });
});

describe('the bureau grades, 区政府 approves, then feedback and publication (M9)', () => {
  it('the bureau’s grade goes to 区政府 for 审定, not to the unit', async () => {
    for (const p of [depLiaison, depHead, townLiaison, townHead, gov]) await p.inbox();
    const graded = await justice.text(`评定 ${depNo} 优秀`);
    expect(graded).toContain('已报区政府审定');
    await justice.text(`评定 ${townNo} 合格`);
    expect(await told(depLiaison)).toBe('');
    expect(await told(depHead)).toBe('');
    const pending = await told(gov);
    expect(pending).toContain(`【待审定】司法局评定 抚宁区市场监督管理局 2026年度依法行政考核等次：优秀（${depNo}）`);
    expect(await gov.text('待办')).toContain(`待审定：骊城街道办事处 2026年度考核等次（司法局评定：合格）${townNo}`);

    // Nobody outside the bureau and the government learns the proposal.
    expect(await depLiaison.text(`查询 ${depNo}`)).toContain('考核等次：待区政府审定');
    expect(await depLiaison.text(`查询 ${depNo}`)).not.toContain('优秀');
    expect(await depLiaison.text('自评')).toContain('已由司法局评定等次，待区政府审定');
    expect(await citizen.text(`查询 ${depNo}`)).not.toContain('优秀');
    const early = await citizen.text('考核结果 2026');
    expect(early).toContain('（尚无经区政府审定的考核结果）');
    expect(early).not.toContain('抚宁区市场监督管理局：优秀');
  });

  it('is approved only by 区政府: refused to the bureau, the unit and a citizen, nothing changed', async () => {
    const before = await row(depNo);
    expect(await justice.text(`审定 ${depNo}`)).toContain('由区政府审定');
    expect(await depHead.text(`审定 ${depNo}`)).toContain('由区政府审定');
    expect(await citizen.text(`审定 ${depNo}`)).toContain('未找到');
    expect(await gov.text(`审定 ${depNo} 很好`)).toContain('考核等次应为');
    expect(await gov.text(`表彰 ${depNo} 依法行政成绩突出`)).toContain('尚未经区政府审定');
    expect(await row(depNo)).toEqual(before);
  });

  it('审定 feeds the result back to the unit and the bureau and publishes it; 区政府 may change the grade', async () => {
    await justice.inbox();
    const approved = await gov.text(`审定 ${depNo}`);
    expect(approved).toContain('已审定 抚宁区市场监督管理局 2026年度考核自评');
    expect(approved).toContain('优秀');
    for (const p of [depLiaison, depHead]) expect(await told(p)).toContain(`【考核结果】抚宁区市场监督管理局 2026年度依法行政考核等次：优秀，经区政府审定（${depNo}），并予公布。`);
    expect(await told(justice)).toContain('【考核结果】抚宁区市场监督管理局 2026年度依法行政考核等次：优秀');
    expect(await gov.text(`审定 ${depNo}`)).toContain('已由区政府审定为“优秀”');

    expect(await gov.text(`审定 ${townNo} 不合格`)).toContain('司法局评定为“合格”，区政府审定为“不合格”');
    expect(await told(townHead)).toContain('骊城街道办事处 2026年度依法行政考核等次：不合格（司法局评定为“合格”，区政府审定为“不合格”）');
    expect(await row(townNo)).toMatchObject({ status: 'ratified', grade: '合格', result: '不合格' });
    expect(await townLiaison.text(`查询 ${townNo}`)).toContain('考核等次：不合格');
  });

  it('表彰奖励 and 通报批评 follow the approved grades, by 区政府, and the unit is told', async () => {
    expect(await justice.text(`表彰 ${depNo} 依法行政成绩突出`)).toContain('由区政府决定');
    expect(await gov.text(`通报批评 ${depNo} 工作不力`)).toContain('审定等次为“不合格”的单位才能通报批评');
    expect(await gov.text(`表彰 ${townNo} 工作成绩突出`)).toContain('审定等次为“优秀”的单位才能表彰奖励');
    expect(await gov.text(`表彰 ${depNo} 依法行政制度建设成绩突出`)).toContain('已记录表彰奖励：抚宁区市场监督管理局');
    expect(await told(depHead)).toContain('【表彰奖励】根据2026年度依法行政考核结果，对 抚宁区市场监督管理局 予以表彰奖励：依法行政制度建设成绩突出');
    expect(await gov.text(`通报批评 ${townNo} 案卷评查不合格率高，整改不到位`)).toContain('已记录通报批评');
    expect(await told(townLiaison)).toContain('【通报批评】');
    expect(await row(depNo)).toMatchObject({ distinction: 'commend', distinctionNote: '依法行政制度建设成绩突出' });
  });

  it('考核结果 2026: the public list anyone can ask for', async () => {
    const list = await citizen.text('考核结果 2026');
    expect(list).toContain('2026年度依法行政考核结果（经区政府审定）：');
    expect(list).toContain('· 抚宁区市场监督管理局：优秀');
    expect(list).toContain('· 骊城街道办事处：不合格');
    expect(list).toContain('表彰奖励：\n· 抚宁区市场监督管理局：依法行政制度建设成绩突出');
    expect(list).toContain('通报批评：\n· 骊城街道办事处：案卷评查不合格率高，整改不到位');
    expect(list).toContain(`· 骊城街道办事处 ${townNo}：平均分 82.5`);
    expect(list).toContain('· 骊城街道办事处 2026年下半年：共评议 1 人：优秀 1 人');
    expect(list).not.toContain('张三');
    expect(list).not.toContain('司法局评定'); // the bureau's proposal is not published
    expect(await citizen.text('考核结果 明年')).toContain('请写明年度');
    expect(await citizen.text(`查询 ${depNo}`)).toContain('考核等次：优秀');
  });
});
