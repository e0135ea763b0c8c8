/**
 * The authority matrix (reliability suite, issue 8 §4): every role against every action
 * on every kind of record, through chat. Each row names an action, the record it needs
 * and who may do it; everyone else gets a reason and the records stay exactly as they
 * were. A new mechanism adds rows here. Separately: the complainant's identity never
 * reaches the department complained about.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Engine } from '../../bot/engine';
import { createEngine } from '../../bot/services';
import { unitOfWork } from '../../db/store';
import type { Directory } from '../../domain/organisation';
import { Person, numberIn, trackingNoIn } from '../support/chat';
import { type TestDatabase, testDatabase } from '../support/db';
import { RECORD_TABLES, bindStaff } from '../support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;

/**
 * Who acts. "A" holds the record (市场监管局: handles the complaint, registered the case,
 * sends the transfer); "B" receives the transfer (生态环境局); "C" has nothing to do with it.
 */
const ACTORS = ['complainant', 'citizen', 'officerA', 'liaisonA', 'headA', 'officerB', 'liaisonB', 'officerC', 'justice', 'approval', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
const STAFF: Partial<Record<ActorName, [org: string, role: string]>> = {
  officerA: ['市场监管局', '执法人员'], liaisonA: ['市场监管局', '联络员'], headA: ['市场监管局', '负责人'],
  officerB: ['生态环境', '执法人员'], liaisonB: ['生态环境', '联络员'], officerC: ['城管', '执法人员'],
  justice: ['司法局', '司法局工作人员'], approval: ['审批局', '审批局工作人员'], admin: ['区政府', '管理员'],
};
let who: Record<ActorName, Person>;

// --- the records, each made fresh through chat ---------------------------------------------

const PHONE = '13912345678';
type Make = () => Promise<string>; // returns the record number ('' when the action needs none)

async function complaint(accused = '跳过'): Promise<string> {
  const p = who.complainant;
  for (const t of ['投诉', '超市卖过期食品，酸奶过期一个月还在卖', '骊城街道某超市', '昨天下午', accused, `李四 ${PHONE}`]) await p.say(t);
  const no = trackingNoIn(await p.text('确认提交'));
  if (accused === '跳过') {
    // The matrix is about authority, not routing: the handling body is A, whatever the classifier said.
    await database.db.execute(sql`UPDATE complaints SET handling_org_id = ${directory.byCode('scjg')!.id} WHERE tracking_no = ${no}`);
    await database.db.execute(sql`UPDATE deadlines SET org_id = ${directory.byCode('scjg')!.id} WHERE subject_id = ${no}`);
  }
  return no;
}
const complaintWithA: Make = () => complaint();
const complaintAcceptedByA: Make = async () => {
  const no = await complaint();
  expect(await who.officerA.text(`受理 ${no}`)).toContain('已受理');
  return no;
};
/** A complaint about A itself, accepted by the justice bureau, which handles it (M3). */
const complaintAboutA: Make = async () => {
  const no = await complaint('市场监管局');
  expect(await who.justice.text(`受理 ${no}`)).toContain('已受理');
  return no;
};
/** … and A asked to assist the investigation (协查). */
const complaintAssistRequested: Make = async () => {
  const no = await complaintAboutA();
  expect(await who.justice.text(`协查 ${no}`)).toContain('协助调查');
  return no;
};

const caseOfA: Make = async () => {
  const p = who.officerA;
  for (const t of ['立案', '销售假冒注册商标的白酒，货值较大', '《商标法》第五十七条', '12万', '今天', '赵某', '自然人', '群众', '无', '无', '否', '当事人已登记完毕', '属于本单位管辖']) await p.say(t);
  return numberIn('AJ', await p.text('确认登记'));
};
const transferAwaitingApproval: Make = async () => {
  const caseNo = await caseOfA();
  for (const t of [`移送 ${caseNo}`, '生态环境', '涉及的法律法规不属本单位执法权限', '属于生态环境部门职责', '抚市监移〔2026〕9号', '调查报告', '无', '无', '无']) await who.officerA.say(t);
  return numberIn('YS', await who.officerA.text('提交审批'));
};
const transferSent: Make = async () => {
  const no = await transferAwaitingApproval();
  expect(await who.headA.text(`批准 ${no}`)).toContain('已批准');
  return no;
};
const none: Make = async () => '';

// --- the matrix ----------------------------------------------------------------------------

interface Row {
  action: string; // what is said; {no} is the record number
  record: Make;
  allowed: readonly ActorName[];
  /** The reply when the action is allowed (the first prompt of a dialogue, or the result). */
  ok: RegExp;
}

const MATRIX: Row[] = [
  // 投诉举报 (M3, M15 二)
  { action: '查询 {no}', record: complaintWithA, allowed: ['complainant', 'officerA', 'liaisonA', 'headA', 'justice', 'admin'], ok: /状态：/ },
  { action: '受理 {no}', record: complaintWithA, allowed: ['officerA', 'headA'], ok: /已受理/ },
  { action: '转办 {no}', record: complaintWithA, allowed: ['officerA', 'headA'], ok: /请选择或输入接收单位/ },
  { action: '办结 {no}', record: complaintAcceptedByA, allowed: ['officerA', 'headA'], ok: /请填写调查处理结果/ },
  { action: '协查 {no}', record: complaintAboutA, allowed: ['justice'], ok: /^已请.+协助调查/ },
  { action: '协查答复 {no} 经核查，执法人员当日依法检查并已告知当事人', record: complaintAssistRequested, allowed: ['officerA', 'liaisonA', 'headA'], ok: /^已答复 .+ 的协助调查/ },
  // 案件 (M4, M10, M13, M15 一)
  { action: '立案', record: none, allowed: ['officerA', 'headA', 'officerB', 'officerC'], ok: /请填写案由/ },
  { action: '查询 {no}', record: caseOfA, allowed: ['officerA', 'liaisonA', 'headA', 'justice'], ok: /案件 AJ-/ },
  { action: '证据 {no}', record: caseOfA, allowed: ['officerA', 'headA'], ok: /【证据登记】/ },
  { action: '移送 {no}', record: caseOfA, allowed: ['officerA', 'headA'], ok: /移送给哪个单位/ },
  { action: '办结 {no}', record: caseOfA, allowed: ['officerA', 'headA'], ok: /【案件办结】/ },
  { action: '批准 {no}', record: transferAwaitingApproval, allowed: ['headA'], ok: /已批准/ },
  { action: '不批准 {no} 材料不全', record: transferAwaitingApproval, allowed: ['headA'], ok: /不予批准|未批准|已退回|不批准/ },
  { action: '查询 {no}', record: transferSent, allowed: ['officerA', 'liaisonA', 'headA', 'officerB', 'liaisonB', 'justice'], ok: /移送 YS-/ },
  { action: '接收 {no}', record: transferSent, allowed: ['officerB', 'liaisonB'], ok: /已接收/ },
  { action: '退回 {no} 不属本单位管辖', record: transferSent, allowed: ['officerB', 'liaisonB'], ok: /已退回/ },
  { action: '责令移送', record: none, allowed: ['justice'], ok: /【责令限期移送 1\/5】/ },
];

/** Everything the records hold, as one value: equal before and after means nothing changed. */
async function fingerprint(): Promise<string> {
  const parts: string[] = [];
  for (const t of RECORD_TABLES) parts.push(((await database.db.execute(sql.raw(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`))) as any).rows[0].h);
  return parts.join(',');
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db)));
  who = {} as Record<ActorName, Person>;
  for (const a of ACTORS) {
    const s = STAFF[a];
    who[a] = s ? await bindStaff(engine, database.db, directory, `matrix-${a}`, s[0], s[1]) : new Person(engine, `matrix-${a}`);
  }
});
afterAll(async () => database?.close());

describe('the authority matrix', () => {
  for (const row of MATRIX) {
    it(`${row.action.replace(' {no}', '')} on ${row.record === none ? 'nothing' : row.record.name}: ${row.allowed.join(', ')}`, async () => {
      let no = await row.record();
      const outcome: Partial<Record<ActorName, boolean>> = {};
      for (const a of ACTORS) {
        const before = await fingerprint();
        const reply = await who[a].text(row.action.replace('{no}', no));
        expect(reply.trim(), `${a}: an empty reply`).not.toBe('');
        outcome[a] = row.ok.test(reply);
        if (!outcome[a]) {
          expect(await fingerprint(), `${a} was refused (${reply}) but something changed`).toBe(before);
          continue;
        }
        await who[a].say('取消'); // leave a dialogue the action opened (a no-op otherwise)
        if (before !== (await fingerprint())) no = await row.record(); // it acted: the next actor gets a fresh record
      }
      const expected = Object.fromEntries(ACTORS.map((a) => [a, row.allowed.includes(a)]));
      expect(outcome).toEqual(expected);
    }, 240_000);
  }
});

describe("the complainant's identity", () => {
  it('is never shown to the department complained about, even when it is asked to assist', async () => {
    for (const a of ['officerA', 'liaisonA', 'headA'] as const) await who[a].inbox(); // notices of the complaints A handles itself
    const no = await complaintAboutA();
    expect(await who.justice.text(`查询 ${no}`)).toContain(PHONE); // the handling body may contact the complainant
    expect(await who.justice.text(`协查 ${no}`)).toContain('投诉人身份对其保密');
    for (const a of ['officerA', 'liaisonA', 'headA'] as const) {
      const status = await who[a].text(`查询 ${no}`);
      expect(status).toContain(no); // they see it to assist …
      expect(status).not.toContain(PHONE); // … but not who complained
      expect(status).not.toContain('李四');
      const told = [...(await who[a].inbox()), ...(await who[a].say('待办'))];
      expect(told.some((r) => r.text.includes(no))).toBe(true); // the 协助调查 request reached them
      for (const r of told) {
        expect(r.text).not.toContain(PHONE);
        expect(r.text).not.toContain('李四');
      }
    }
    const [{ n }] = ((await database.db.execute(sql`
      SELECT count(*)::int AS n FROM outbox o JOIN role_grants g ON g.person_id = o.person_id
      WHERE g.org_id = ${directory.byCode('scjg')!.id} AND o.text LIKE ${`%${no}%`} AND (o.text LIKE ${`%${PHONE}%`} OR o.text LIKE '%李四%')`)) as any).rows;
    expect(n).toBe(0);
  }, 120_000);
});
