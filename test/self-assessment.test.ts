/**
 * 考核评价 (M9) by chat: a department's self-assessment drafted over two sittings, sent back
 * and resubmitted, approved by the head, filed with the justice bureau, graded and the grade
 * reported back; an officer evaluation of the half-year; the wrong people refused with
 * nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { assessments, deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import { DIMENSIONS } from '../domain/assessment';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { inboxTexts, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-12-01T10:00:00+08:00'); // a Tuesday
const staff = (id: string, org: string, role: string, name?: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role, name);

const rows = () => database.db.select().from(assessments).orderBy(assessments.id);
const dutyOf = async (kind: string, code: string, period: string) =>
  (await database.db.select().from(deadlines).where(and(eq(deadlines.kind, kind), eq(deadlines.orgId, directory.byCode(code)!.id), eq(deadlines.subjectId, period))))[0];

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

/** Answers one dimension: its score, then its evidence. */
async function answer(p: Person, score: string, evidence: string): Promise<string> {
  await p.say(score);
  return p.text(evidence);
}

describe('a department self-assessment (自评)', () => {
  let liaison: Person;
  let head: Person;
  let justice: Person;
  let no: string;

  beforeAll(async () => {
    liaison = await staff('sa-liaison', 'scjg', 'liaison');
    head = await staff('sa-head', 'scjg', 'head');
    justice = await staff('sa-justice', 'sfj', 'justice');
  });

  it('is refused to an officer, to a body that is not assessed and to the justice bureau, creating nothing', async () => {
    // Townships are assessed too (下级人民政府): test/assessment-results.test.ts.
    const officer = await staff('sa-officer', 'scjg', 'officer');
    const office = await staff('sa-office', 'xtb', 'liaison');
    expect(await officer.text('自评')).toContain('联络员或负责人');
    expect(await office.text('自评')).toContain('各行政执法部门、乡镇（街道）');
    expect(await justice.text('自评')).toContain('联络员或负责人');
    expect(await new Person(engine, 'sa-citizen').text('自评')).toContain('联络员或负责人');
    expect(await rows()).toEqual([]);
  });

  it('is drafted in a first sitting: dimensions in the plan’s words, bad answers refused, 暂存 keeps what was answered', async () => {
    const opened = await liaison.text('自评');
    no = opened.match(/ZP-2026-\d{6}/)![0];
    expect(opened).toContain('抚宁区市场监督管理局 2026年度考核自评');
    expect(opened).toContain('共 6 项');
    for (const d of DIMENSIONS) expect(opened).toContain(d.short);

    const first = await liaison.text('继续填写');
    expect(first).toContain('【自评 1/6】提高行政机关工作人员特别是领导干部依法行政意识和能力的情况');
    expect(await liaison.text('120')).toContain('0–100');
    expect(await liaison.text('八十五')).toContain('0–100');
    expect(await liaison.text('85分')).toContain('请简述依据');
    expect(await liaison.text('有')).toContain('太短');
    expect((await rows())[0]!.items).toEqual([]); // nothing saved by refused answers

    const second = await liaison.text('全年组织领导干部学法4次，执法人员培训2期，考试合格率100%');
    expect(second).toContain('【自评 2/6】依法行政制度建设和实施的情况');
    expect(await answer(liaison, '90', '修订行政处罚自由裁量基准，建立重大执法决定法制审核制度')).toContain('【自评 3/6】依法、科学、民主决策的情况');
    await liaison.say('80');
    const paused = await liaison.text('暂存');
    expect(paused).toContain(`已暂存 ${no}（已填写 2/6 项）`);
    const [row] = await rows();
    expect(row).toMatchObject({ recordNo: no, status: 'draft', period: '2026' });
    // The third score was given before 暂存: it is kept, its evidence still to come.
    expect(row!.items.map((i) => [i.key, i.score])).toEqual([['awareness', 85], ['institutions', 90], ['decisions', 80]]);
  });

  it('is continued in a second sitting, summarised and submitted to the head', async () => {
    now = new Date('2026-12-02T15:00:00+08:00');
    expect(await liaison.text('待办')).toContain(`${no}：填写中（已填 2/6 项）`);
    const resumed = await liaison.text('自评');
    expect(resumed).toContain('已填写 2/6 项，本次从“依法科学民主决策”继续');
    expect(await liaison.text('继续填写')).toContain('【自评 3/6】依法科学民主决策：80分'); // the kept score; only the evidence is asked
    await liaison.say('重大行政决策均经合法性审查和集体讨论，公开征求意见3次');
    await answer(liaison, '88', '全年办理行政处罚案件312件，案卷评查优良率95%');
    await answer(liaison, '86', '行政复议纠错0件，行政诉讼败诉0件，化解投诉举报纠纷126件');
    await liaison.say('84');
    const summary = await liaison.text('群众满意度测评92%，营商环境评价位列全区前三');
    expect(summary).toContain('全部考核项目已填写');
    expect(summary).toContain('4. 规范行政执法：88分。依据：全年办理行政处罚案件312件');
    expect(summary).toContain('平均分：85.5');

    // 修改 an answered dimension from the summary, then back to the summary.
    expect(await liaison.text('修改 2')).toContain('（当前：90分）');
    await liaison.say('92');
    expect(await liaison.text('修订行政处罚自由裁量基准，建立重大执法决定法制审核制度和公示制度')).toContain('2. 制度建设和实施：92分');

    const submitted = await liaison.text('提交审核');
    expect(submitted).toContain(`已提交 抚宁区市场监督管理局 2026年度考核自评 ${no}`);
    expect(submitted).toContain('已通知本单位负责人审核');
    const notice = await head.inbox();
    expect(notice).toHaveLength(1);
    expect(notice[0]!.text).toContain('【待审核】');
    expect(notice[0]!.options).toContain(`批准 ${no}`);
    expect((await rows())[0]!.status).toBe('submitted');
    expect(await liaison.text('自评')).toContain('正在等待负责人审核');
  });

  it('refuses approval and grading by the wrong people, changing nothing', async () => {
    const otherHead = await staff('sa-other-head', 'cgj', 'head');
    const before = await rows();
    expect(await otherHead.text(`批准 ${no}`)).toContain('未找到');
    expect(await liaison.text(`批准 ${no}`)).toContain('只有抚宁区市场监督管理局的负责人可以审核');
    expect(await justice.text(`评定 ${no} 优秀`)).toContain('尚未经负责人审核备案');
    expect(await head.text(`评定 ${no} 优秀`)).toContain('由司法局评定');
    expect(await head.text(`退回 ${no}`)).toContain('须写明理由');
    expect(await rows()).toEqual(before);
  });

  it('is sent back with a reason, corrected and resubmitted', async () => {
    expect(await head.text(`退回 ${no} 第4项请补充案卷评查的具体数据`)).toContain('已退回');
    const told = await inboxTexts(liaison);
    expect(told.join('\n')).toContain('【退回】');
    expect(told.join('\n')).toContain('第4项请补充案卷评查的具体数据');
    expect((await rows())[0]).toMatchObject({ status: 'draft', returnReason: '第4项请补充案卷评查的具体数据' });

    const reopened = await liaison.text('自评');
    expect(reopened).toContain('负责人退回理由：第4项请补充案卷评查的具体数据');
    await liaison.say('修改 4');
    await liaison.say('87');
    expect(await liaison.text('办理行政处罚案件312件，评查案卷60卷，优良率95%，发现问题已整改')).toContain('4. 规范行政执法：87分');
    expect(await liaison.text('提交审核')).toContain('已提交');
    expect((await head.inbox()).map((r) => r.text).join('\n')).toContain('【待审核】');
  });

  it('is approved by the head, filed with the justice bureau, and meets the year’s duty', async () => {
    const approved = await head.text(`批准 ${no}`);
    expect(approved).toContain('已批准');
    expect(approved).toContain('已报司法局备案');
    expect(approved).toContain('2026年度「考核自评」已完成');
    const filed = await inboxTexts(justice);
    expect(filed).toHaveLength(1);
    expect(filed[0]).toContain(`【备案】抚宁区市场监督管理局 2026年度考核自评 ${no}`);
    expect(filed[0]).toContain(`评定 ${no} 等次`);
    expect((await inboxTexts(liaison)).join('\n')).toContain('【审核通过】');
    expect((await rows())[0]!.status).toBe('filed');
    expect(await dutyOf('self-assessment', 'scjg', '2026')).toMatchObject({ state: 'met' });
    expect(await head.text(`批准 ${no}`)).toContain('已经审核通过');
    expect(await justice.text('待办')).toContain(`待评定等次：抚宁区市场监督管理局 2026年度考核自评 ${no}`);
  });

  it('is graded by the justice bureau; the department is told once 区政府 has approved the grade', async () => {
    const gov = await staff('sa-gov', 'qzf', 'head');
    expect(await justice.text(`评定 ${no} 很好`)).toContain('考核等次应为：优秀、良好、合格、不合格');
    expect((await rows())[0]!.status).toBe('filed');
    const graded = await justice.text(`评定 ${no} 良好`);
    expect(graded).toContain('已评定');
    expect(graded).toContain('良好');
    expect(graded).toContain('已报区政府审定');
    for (const p of [liaison, head]) expect(await inboxTexts(p)).toEqual([]); // a proposal until 审定
    expect((await rows())[0]).toMatchObject({ status: 'graded', grade: '良好' });
    expect(await justice.text(`评定 ${no} 优秀`)).toContain('已评定为“良好”');
    expect(await liaison.text('自评')).toContain('已由司法局评定等次，待区政府审定');

    expect(await gov.text(`审定 ${no}`)).toContain('已审定');
    for (const p of [liaison, head]) {
      const told = await inboxTexts(p);
      expect(told).toHaveLength(1);
      expect(told[0]).toContain('【考核结果】抚宁区市场监督管理局 2026年度依法行政考核等次：良好，经区政府审定');
    }
    expect(await liaison.text('自评')).toContain('经区政府审定，考核等次：良好');
    const view = await liaison.text(`查询 ${no}`);
    expect(view).toContain('考核等次：良好');
    expect(view).toContain('1. 依法行政意识和能力：85分');
  });
});

describe('an officer evaluation (考核评议) of the half-year', () => {
  it('lists officers with a grade and comment each, is submitted, approved and filed (no grade)', async () => {
    now = new Date('2026-12-03T09:30:00+08:00');
    const liaison = await staff('oe-liaison', 'lcjd', 'liaison');
    const head = await staff('oe-head', 'lcjd', 'head');
    const justice = await staff('oe-justice', 'sfj', 'justice');
    await staff('oe-officer', 'lcjd', 'officer', '王五');

    const opened = last(await liaison.say('考核评议'));
    const no = opened.text.match(/KP-2026-\d{6}/)![0];
    expect(opened.text).toContain('骊城街道办事处 2026年下半年执法人员考核评议');
    expect(opened.options).toContain('王五'); // the unit's officers known to the bot are offered
    expect(opened.options).not.toContain('完成并查看汇总');
    expect(await liaison.text('完成')).toContain('请至少评议一名执法人员');
    expect(await liaison.text('张三')).toContain('张三 的考核评议等次');
    expect(await liaison.text('很好')).toContain('请选择：优秀、良好、合格、不合格');
    await liaison.say('优秀');
    expect(await liaison.text('全年办案46件，案卷评查全部优良，无投诉')).toContain('1. 张三：优秀');
    await liaison.say('王五');
    await liaison.say('3'); // the third option: 合格
    await liaison.say('办案20件，一件案卷文书不规范，已整改');
    await liaison.say('暂存');
    expect((await rows()).find((r) => r.recordNo === no)!.items.map((i) => [i.key, i.grade])).toEqual([['张三', '优秀'], ['王五', '合格']]);

    const summary = await (async () => { await liaison.say('考核评议'); return liaison.text('完成并查看汇总'); })();
    expect(summary).toContain('共评议 2 人：优秀 1 人，合格 1 人');
    expect(await liaison.text('提交审核')).toContain('已提交');
    expect((await inboxTexts(head)).join('\n')).toContain(`【待审核】骊城街道办事处 2026年下半年执法人员考核评议 ${no}`);

    const approved = await head.text(`批准 ${no}`);
    expect(approved).toContain('2026年下半年「考核评议」已完成');
    expect(await dutyOf('officer-evaluation', 'lcjd', '2026-H2')).toMatchObject({ state: 'met' });
    const filed = await inboxTexts(justice);
    expect(filed[0]).toContain('【备案】');
    expect(filed[0]).not.toContain('评定');
    expect(await justice.text(`评定 ${no} 优秀`)).toContain('无需评定等次');
  });

  it('two heads approving at once: exactly one approval', async () => {
    now = new Date('2026-12-03T11:00:00+08:00');
    const liaison = await staff('race-liaison', 'wjj', 'liaison');
    const a = await staff('race-head-a', 'wjj', 'head');
    const b = await staff('race-head-b', 'wjj', 'head');
    await liaison.say('考核评议');
    await liaison.say('赵六');
    await liaison.say('良好');
    await liaison.say('办案30件，案卷评查良好');
    await liaison.say('完成');
    const no = (await liaison.text('提交审核')).match(/KP-2026-\d{6}/)![0];
    const [x, y] = await Promise.all([a.text(`批准 ${no}`), b.text(`批准 ${no}`)]);
    expect([x, y].filter((s) => s.includes('已批准'))).toHaveLength(1);
    expect([x, y].filter((s) => s.includes('已经审核通过') || s.includes('刚刚被他人修改'))).toHaveLength(1);
    expect((await rows()).find((r) => r.recordNo === no)!.status).toBe('filed');
  });
});
