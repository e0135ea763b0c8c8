/**
 * Confidentiality by relation (M3, issue 13 §1): the complainant's name and phone reach
 * only the body handling the complaint, and only when that body is known not to be the
 * one complained about. The three reproductions of the finding, through chat: an accused
 * text that matched no alias, 转办 by 司法局 to the accused bureau, and 更改受理单位 by the
 * citizen to the body complained about — each refused with the reason, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { complaints } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { RECORD_TABLES, countRows, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');

const NAME = '李四';
const PHONE = '13812345678';
const WHAT = '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理';

const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);

interface Filing {
  what: string;
  accused: string;
  where?: string;
  /** The answer if the bot asks which body is complained about. */
  pick?: string;
  /** 更改受理单位 to this body at the summary, when the summary proposes another. */
  changeTo?: string;
}

/**
 * Files a complaint through chat and returns its number with every reply of the summary
 * step. Answers the accused-body question only if it is asked (it did not exist before).
 */
async function file(p: Person, f: Filing): Promise<{ no: string; said: string[] }> {
  for (const t of ['投诉', f.what, f.where ?? '骊城街道某超市', '最近一个月']) await p.say(t);
  let reply = last(await p.say(f.accused));
  if (!reply.text.includes('5/5')) reply = last(await p.say(f.pick ?? '不确定'));
  expect(reply.text).toContain('5/5');
  let summary = last(await p.say(`${NAME} ${PHONE}`));
  const said = [summary.text];
  if (f.changeTo && !summary.text.includes(`拟交由：${directory.find(f.changeTo)!.name}`)) {
    said.push(await p.text('更改受理单位'));
    const answer = await p.say(f.changeTo);
    said.push(...answer.map((r) => r.text));
    summary = last(answer);
    if (!summary.text.includes('请核对')) summary = last(await p.say('返回')); // back to the summary from the body question
  }
  const no = trackingNoIn(await p.text('确认提交'));
  return { no, said };
}

const noIdentity = (texts: string[]) => {
  for (const text of texts) {
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(NAME);
  }
};

/** Everything the body's staff can get about the complaint: pushed notices, 查询, 待办. */
async function surfaces(people: Person[], no: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of people) {
    out.push(...(await p.inbox()).map((r) => r.text), await p.text(`查询 ${no}`), await p.text('待办'));
  }
  return out;
}

const handlingCode = async (no: string) => {
  const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
  return directory.byId(row!.handlingOrgId)!.code;
};

let scjg: Person[];
let cgj: Person[];
let justice: Person;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  scjg = [await staff('conf-scjg-officer', '市场监管局', 'officer'), await staff('conf-scjg-head', '市场监管局', 'head'), await staff('conf-scjg-liaison', '市场监管局', 'liaison')];
  cgj = [await staff('conf-cgj-officer', '城管局', 'officer'), await staff('conf-cgj-head', '城管局', 'head')];
  justice = await staff('conf-sfj', '司法局', 'justice');
});
afterAll(async () => database?.close());

describe('the accused text matches no alias (finding 1, first reproduction)', () => {
  it('市场监督局执法人员张某: the bureau never sees who complained; 司法局 handles and may call back', async () => {
    const citizen = new Person(engine, 'conf-citizen-1');
    const { no } = await file(citizen, { what: WHAT, accused: '市场监督局执法人员张某', pick: '抚宁区市场监督管理局' });
    noIdentity(await surfaces(scjg, no));
    expect(await handlingCode(no)).toBe('sfj');
    expect((await justice.inbox()).map((r) => r.text).join('\n')).toContain(PHONE);
    expect(await justice.text(`查询 ${no}`)).toContain(`联系人：${NAME}，电话：${PHONE}`);
    // Asked to assist, the bureau sees the facts but not the complainant.
    expect(await justice.text(`受理 ${no}`)).toContain('已受理');
    expect(await justice.text(`协查 ${no}`)).toContain('投诉人身份对其保密');
    const assisting = await surfaces(scjg, no);
    expect(assisting.join('\n')).toContain('【协助调查】');
    noIdentity(assisting);
  });

  it('asks which body is accused, offering the likely one and 不确定; 不确定 sends it to 司法局 hidden from every department', async () => {
    const citizen = new Person(engine, 'conf-citizen-2');
    for (const t of ['投诉', WHAT, '骊城街道某超市', '最近一个月']) await citizen.say(t);
    const ask = last(await citizen.say('市监督局的执法人员张某')); // no alias: an abbreviation
    expect(ask.text).toContain('被投诉');
    expect(ask.options).toContain('抚宁区市场监督管理局');
    expect(ask.options).toContain('不确定');
    expect(last(await citizen.say('不确定')).text).toContain('5/5');
    const summary = last(await citizen.say(`${NAME} ${PHONE}`));
    expect(summary.text).toContain('拟交由：抚宁区司法局');
    const no = trackingNoIn(await citizen.text('确认提交'));
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row).toMatchObject({ accusedOrgId: null, accusedUnresolved: true });
    noIdentity(await surfaces([...scjg, ...cgj], no));
    expect(await justice.text(`查询 ${no}`)).toContain(PHONE);
    // Assistance is asked body by body: the bureau names the one it needs.
    await justice.say(`受理 ${no}`);
    expect(await justice.text(`协查 ${no}`)).toContain('被投诉单位未确定');
    expect(await justice.text(`协查 ${no} 城管局`)).toContain('已请 抚宁区城市管理综合行政执法局 协助调查');
    const assisting = await surfaces(cgj, no);
    expect(assisting.join('\n')).toContain('【协助调查】');
    noIdentity(assisting);
  });
});

describe('转办 by 司法局 to the accused bureau (finding 1, second reproduction)', () => {
  for (const pick of ['抚宁区市场监督管理局', '不确定']) {
    it(`is refused with the reason and nothing written (citizen answered ${pick})`, async () => {
      const citizen = new Person(engine, `conf-citizen-fwd-${pick}`);
      const { no } = await file(citizen, { what: WHAT, accused: '市场监督局执法人员张某', pick, changeTo: '司法局' });
      expect(await handlingCode(no)).toBe('sfj');
      await Promise.all(scjg.map((p) => p.inbox()));
      const before = await countRows(database.db, RECORD_TABLES);
      let reply = await justice.text(`转办 ${no}`);
      if (reply.includes('请选择或输入接收单位')) {
        reply = await justice.text('市场监管局');
        if (reply.includes('理由')) reply = await justice.text('属于市场监管部门职责');
      }
      expect(reply).toContain('司法局');
      expect(reply).toContain('协助调查');
      expect(reply).not.toContain('已将');
      await justice.say('取消');
      expect(await countRows(database.db, RECORD_TABLES)).toEqual(before);
      expect(await handlingCode(no)).toBe('sfj');
      noIdentity(await surfaces(scjg, no));
    });
  }
});

describe('更改受理单位 by the citizen to the body complained about (finding 1, third reproduction)', () => {
  const cases: Array<[string, Filing]> = [
    ['城管队员 (no alias)', { what: '城管队员把我的三轮车扣了还动手打人', where: '抚宁镇集贸市场', accused: '城管队员', pick: '抚宁区城市管理综合行政执法局' }],
    ['城管局 (an alias)', { what: '城管执法没收我的三轮车，不开任何手续', where: '抚宁镇集贸市场', accused: '城管局' }],
    ['not sure which body', { what: '城管队员把我的三轮车扣了还动手打人', where: '抚宁镇集贸市场', accused: '城管队员', pick: '不确定' }],
  ];
  for (const [name, filing] of cases) {
    it(`${name}: refused in the form with the reason; the complaint goes to 司法局`, async () => {
      const citizen = new Person(engine, `conf-citizen-org-${name}`);
      await Promise.all(cgj.map((p) => p.inbox()));
      const before = await countRows(database.db, ['complaints']);
      const { no, said } = await file(citizen, { ...filing, changeTo: '城管局' });
      const refusal = said.slice(1).join('\n');
      expect(refusal).toContain('司法局');
      expect(refusal).toContain('协助调查');
      expect(said.at(-1)).not.toContain('拟交由：抚宁区城市管理综合行政执法局');
      expect(await countRows(database.db, ['complaints'])).toEqual({ complaints: before.complaints! + 1 });
      expect(await handlingCode(no)).toBe('sfj');
      noIdentity(await surfaces(cgj, no));
    });
  }
});

describe('a dialogue begun before the upgrade', () => {
  it('a draft that kept only an unmatched accused text is treated as possibly any department', async () => {
    const citizen = new Person(engine, 'conf-citizen-legacy');
    await citizen.text('帮助'); // the account exists
    // The dialogue state as the last release left it, at the contact step.
    const data = { what: WHAT, where: '骊城街道某超市', when: '最近一个月', accusedOrgId: null, accusedText: '市场监督局执法人员张某' };
    await database.db.execute(sql`
      INSERT INTO conversations (account_id, chat_id, state)
      SELECT id, 'conf-citizen-legacy', ${JSON.stringify({ flow: 'complaint', step: 'contact', data, history: [] })}::jsonb
      FROM accounts WHERE external_id = 'conf-citizen-legacy'
      ON CONFLICT (account_id, chat_id) DO UPDATE SET state = excluded.state`);
    const summary = last(await citizen.say(`${NAME} ${PHONE}`));
    expect(summary.text).toContain('拟交由：抚宁区司法局');
    const no = trackingNoIn(await citizen.text('确认提交'));
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
    expect(row).toMatchObject({ accusedOrgId: null, accusedUnresolved: true });
    noIdentity(await surfaces(scjg, no));
  });
});
