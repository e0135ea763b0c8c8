/**
 * The small traps of the plan's second pass (issue 14, "Wording and small traps"):
 * no internal code (M5 …) in what people read; the complaint result's warning says what
 * it means; every form's last step takes 确认; 暂存 keeps every answer already given; the
 * texts the last release stored are brought into line by the migration.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { resultFlow } from '../bot/complaints/handling';
import type { Engine } from '../bot/engine';
import { FEATURES } from '../bot/features';
import type { Step } from '../bot/flow';
import { createEngine } from '../bot/services';
import type { Turn } from '../bot/turn';
import { assessments } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import { DEADLINE_LABEL } from '../domain/deadlines/deadline';
import { dutiesOfYear } from '../domain/deadlines/duties';
import type { Directory } from '../domain/organisation';
import { last } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { staffMember } from './support/staff';

const ROOT = join(import.meta.dirname, '..');
// M1–M15, not a file format such as M4A (a letter right after the digits).
const CODE = /M\d{1,2}(?![0-9A-Za-z])/;

/** Every string a module could put into a message: literals and template parts, outside comments. */
function stringsOf(file: string): Array<{ text: string; line: number }> {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ text: string; line: number }> = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return; // module paths
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      out.push({ text: n.text, line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    n.forEachChild(visit);
  };
  visit(src);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('no internal code reaches a reader', () => {
  it('no string in the bot, the domain or the adapters carries M1–M15 (a bare code used as a key is mapped before it is shown)', () => {
    const found = ['bot', 'domain', 'adapters'].flatMap((d) => sources(join(ROOT, d))).flatMap((file) =>
      stringsOf(file)
        .filter((s) => CODE.test(s.text) && !/^M\d{1,2}$/.test(s.text))
        .map((s) => `${file.slice(ROOT.length + 1)}:${s.line}: ${s.text.slice(0, 60)}`),
    );
    expect(found).toEqual([]);
  });

  it('the duties’ rules, as 待办 and the reminders show them, cite the plan’s paragraphs', () => {
    const orgs = [
      { id: 1, code: 'sfj', kind: 'authority' }, { id: 2, code: 'spj', kind: 'authority' }, { id: 3, code: 'xtb', kind: 'authority' },
      { id: 4, code: 'scjg', kind: 'department' }, { id: 5, code: 'fnz', kind: 'township' },
    ] as never[];
    const rules = dutiesOfYear(2026, orgs, officialCalendar).map((d) => d.rule);
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.filter((r) => CODE.test(r))).toEqual([]);
    expect(rules.some((r) => r.includes('（方案（九））'))).toBe(true);
    expect(DEADLINE_LABEL['info-inspection']).toBe('行政执法公示网上巡查');
  });
});

describe('the complaint result’s warning', () => {
  it('says not to write personal information, the complainant’s included', async () => {
    const prompt = await resultFlow.steps.result!.prompt({ trackingNo: 'TS-2026-000001' }, {} as Turn);
    expect(prompt.text).not.toContain('投诉人个人信息以外');
    expect(prompt.text).toContain('请勿写入投诉人或他人的身份信息、联系方式等个人信息');
  });
});

describe('确认 confirms every form', () => {
  /** Any use of the store or of notifications: the step took the word and went on to act. */
  class Acted extends Error {}
  const acted = (): never => {
    throw new Acted();
  };
  let directory: Directory;

  beforeAll(async () => {
    const { organisations } = JSON.parse(readFileSync(join(ROOT, 'db/seed/directory.json'), 'utf8')) as { organisations: Array<Record<string, unknown>> };
    const { Directory: D } = await import('../domain/organisation');
    directory = new D(organisations.map((o, i) => ({ ...o, id: i + 1 })) as never);
  });

  /** What a form's last step says to the word: went on (acted, or answered other than asking for its word), or asked for its word. */
  async function reaction(step: Step<any>, word: string): Promise<'went on' | 'asked again'> {
    const turn = {
      actor: { personId: 1, grants: [] }, account: { accountId: 1, personId: 1 }, platform: 'test', now: new Date('2026-12-01T10:00:00+08:00'),
      store: new Proxy({}, { get: acted }), notify: acted,
      services: { directory, calendar: officialCalendar, clock: () => new Date(), router: new Proxy({}, { get: acted }), intents: new Proxy({}, { get: acted }) },
    } as unknown as Turn;
    try {
      // A draft with every earlier answer given (steps that need them check they are there, bot/flow.ts `needs`).
      const draft = new Proxy({}, { get: (_o, key) => (typeof key === 'string' ? 'x' : undefined) });
      const a = await step.answer(word, draft, turn);
      return a.kind === 'invalid' && /请(选择|回复)“/.test(a.reason) ? 'asked again' : 'went on';
    } catch {
      return 'went on'; // it acted on the word (a store, a notice, or the data of a real dialogue)
    }
  }

  it('every dialogue’s last step takes 确认, and still asks again on a stray word', async () => {
    const lastSteps = FEATURES.flatMap((f) => f.flows).flatMap((flow) =>
      // Every form ends in a step named confirm; the officer evaluation's is its summary (提交审核).
      Object.entries(flow.steps)
        .filter(([name]) => name === 'confirm' || (flow.name === 'officer-evaluation' && name === 'summary'))
        .map(([name, step]) => ({ at: `${flow.name}.${name}`, step })),
    );
    expect(lastSteps.length).toBeGreaterThan(20);
    const refused: string[] = [];
    for (const { at, step } of lastSteps) {
      if ((await reaction(step, '确认')) !== 'went on') refused.push(at);
      expect([at, await reaction(step, '随便说说')]).toEqual([at, 'asked again']);
    }
    expect(refused).toEqual([]);
  });
});

describe('暂存 keeps every answer already given', () => {
  let database: TestDatabase;
  let engine: Engine;
  let directory: Directory;
  const now = new Date('2026-12-01T10:00:00+08:00');
  const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);
  const itemsOf = async (no: string) => (await database.db.select().from(assessments)).find((r) => r.recordNo === no)!.items;

  beforeAll(async () => {
    database = await testDatabase();
    ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  });
  afterAll(async () => database?.close());

  it('a score given before its evidence is kept, and resuming asks only for the evidence', async () => {
    const liaison = await staff('z-liaison', 'scjg', 'liaison');
    const no = (await liaison.text('自评')).match(/ZP-2026-\d{6}/)![0];
    await liaison.say('继续填写');
    await liaison.say('85');
    await liaison.say('组织全局执法人员法治培训12次，局领导班子集体学法4次');
    expect(await liaison.text('90')).toContain('请简述依据');
    expect(await liaison.text('暂存')).toContain(`已暂存 ${no}`);
    expect((await itemsOf(no)).map((i) => [i.key, i.score])).toEqual([['awareness', 85], ['institutions', 90]]);

    const resumed = await liaison.text('自评');
    expect(resumed).toContain('2. 制度建设和实施：90分（依据未填）');
    const asked = await liaison.text('继续填写');
    expect(asked).toContain('制度建设和实施：90分'); // straight to the evidence, the score kept
    expect(asked).toContain('请简述依据');
    expect(await liaison.text('修订行政处罚自由裁量基准，建立重大执法决定法制审核制度')).toContain('【自评 3/6】');
    expect((await itemsOf(no)).find((i) => i.key === 'institutions')).toMatchObject({ score: 90, note: '修订行政处罚自由裁量基准，建立重大执法决定法制审核制度' });
    expect((await itemsOf(no)).some((i) => (i as { pending?: boolean }).pending)).toBe(false);
    await liaison.say('暂存');
  });

  it('an officer named (and graded) before the comment is kept, and cannot be submitted half done', async () => {
    const liaison = await staff('z-town', 'fnz', 'liaison');
    const no = (await liaison.text('考核评议')).match(/KP-2026-\d{6}/)![0];
    await liaison.say('李四');
    expect(await liaison.text('暂存')).toContain(`已暂存 ${no}`); // paused at the grade
    expect((await itemsOf(no)).map((i) => i.key)).toEqual(['李四']);
    const menu = last(await liaison.say('考核评议'));
    expect(menu.text).toContain('1. 李四：等次未定（评语未填）');
    expect(menu.options![0]).toBe('李四');
    await liaison.say('李四');
    await liaison.say('良好');
    expect(await liaison.text('暂存')).toContain(`已暂存 ${no}`); // paused at the comment
    expect((await itemsOf(no))[0]).toMatchObject({ key: '李四', grade: '良好' });
    await liaison.say('考核评议');
    await liaison.say('完成并查看汇总');
    expect(await liaison.text('提交审核')).toContain('李四的评语');
    await liaison.say('继续添加');
    await liaison.say('李四');
    await liaison.say('良好');
    await liaison.say('全年办案31件，案卷评查良好');
    await liaison.say('完成并查看汇总');
    expect(await liaison.text('确认')).toContain('已提交'); // 确认 submits here too
  });

  it('the texts the last release stored are brought into line by the migration', async () => {
    const person = (await database.db.execute(sql`SELECT id FROM people ORDER BY id LIMIT 1`) as any).rows[0].id as number;
    const org = directory.byCode('sfj')!.id;
    await database.db.execute(sql`INSERT INTO deadlines (kind, subject_type, subject_id, org_id, supervisor_org_code, due_at, provisional, rule, state)
      VALUES ('info-inspection', 'period', '2025-Q3', ${org}, 'xtb', now(), false, '信息公开网上巡查：2025年第3季度行政执法信息网上巡查一次，截至2025年9月30日 23:59（M5）', 'missed')`);
    await database.db.execute(sql`INSERT INTO case_events (record_no, kind, actor_person_id, org_id, note, at)
      VALUES ('SP-2025-000001', 'cooperation-refused', ${person}, ${org}, 'M14 四 拒绝业务配合：拒不签收', now())`);
    await database.db.execute(sql`INSERT INTO outbox (person_id, text) VALUES (${person}, '【执法协助函】请贵单位提供技术支撑（M15 五）。')`);
    const statements = readFileSync(join(ROOT, 'db/migrations', readdirSync(join(ROOT, 'db/migrations')).find((f) => f.endsWith('_plan_wording.sql'))!), 'utf8').split('--> statement-breakpoint');
    await database.db.transaction(async (tx) => {
      for (const s of statements) await tx.execute(sql.raw(s));
    });
    const rule = (await database.db.execute(sql`SELECT rule FROM deadlines WHERE subject_id = '2025-Q3'`) as any).rows[0].rule;
    expect(rule).toBe('行政执法公示网上巡查：2025年第3季度行政执法公示网上巡查一次，截至2025年9月30日 23:59（方案（五））');
    const note = (await database.db.execute(sql`SELECT note FROM case_events WHERE record_no = 'SP-2025-000001'`) as any).rows[0].note;
    expect(note).toBe('审批和监管责任追究制度：拒绝业务配合：拒不签收');
    const text = (await database.db.execute(sql`SELECT text FROM outbox WHERE text LIKE '【执法协助函】请贵单位%'`) as any).rows[0].text;
    expect(text).toBe('【执法协助函】请贵单位提供技术支撑（乡镇执法协助制度）。');
  });
});
