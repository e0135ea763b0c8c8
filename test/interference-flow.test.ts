/**
 * 干预记录 (M12) through the engine, as people use it: an officer records by chat; the
 * justice bureau is told, lists, reads and verifies; the coordination office is told the
 * chain head; the recorder stays hidden from the named unit; the wrong people are refused
 * and nothing is written; a forgery is found — a chain the owner re-sealed by a plain
 * 核验干预记录, against the anchors. The engine runs as the application role (on
 * PostgreSQL one that owns nothing), the forger as the tables' owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { sha256 } from '../bot/interference/records';
import { issueInvite } from '../bot/invites';
import { createEngine } from '../bot/services';
import { accounts, conversations, interferenceAnchors, interferenceRecords, people, recordCounters, roleGrants } from '../db/schema';
import { formatLocal } from '../domain/calendar/calendar';
import { unitOfWork } from '../db/store';
import { type InterferenceRecord, seal, shortHash, verifyChain } from '../domain/interference';
import type { Directory } from '../domain/organisation';
import { Person, last } from './support/chat';
import type { TestDatabase } from './support/db';
import { type AppRoleDatabase, appRoleDatabase } from './support/app-role';
import { linkAccounts } from './support/link';

let roles: AppRoleDatabase;
let database: TestDatabase; // the tables' owner
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');

let officer: Person; // 市场监管局执法人员: records
let justice: Person; // 司法局工作人员: keeps and inspects
let justiceHead: Person;
let dual: Person; // 司法局工作人员 who is also 农业农村局联络员
let namedHead: Person; // 农业农村局负责人: the unit named
let coordination: Person; // 协调办
let liaison: Person; // 市场监管局联络员

async function staff(id: string, grants: Array<[org: string, role: string]>): Promise<Person> {
  const p = new Person(engine, id);
  for (const [org, role] of grants) {
    const r = await unitOfWork(roles.app.db).run((s) => issueInvite(s, directory, org, role, now));
    if (!r.ok) throw new Error(r.reason);
    expect(await p.text(`绑定 ${r.value.code}`)).toContain('绑定成功');
  }
  await p.inbox();
  return p;
}

interface Answers { caseRef?: string; unit?: string; person?: string; occurred?: string; method?: string; request?: string; response?: string }

/** Answers every step; returns the summary shown before submitting. */
async function fill(p: Person, a: Answers = {}): Promise<string> {
  await p.say('记录干预');
  for (const answer of [
    a.caseRef ?? 'AJ-2026-000012 某超市销售过期食品案', a.unit ?? '农业局', a.person ?? '张某，副局长', a.occurred ?? '11月20日上午10时',
    a.method ?? '打招呼', a.request ?? '要求对该超市从轻处罚，不要立案',
  ]) await p.say(answer);
  return last(await p.say(a.response ?? '当场拒绝，告知依法办理')).text;
}

async function record(p: Person, a: Answers = {}): Promise<string> {
  await fill(p, a);
  const done = await p.text('确认提交');
  const m = done.match(/GY-\d{4}-\d{6}/);
  if (!m) throw new Error(`no record number in: ${done}`);
  return m[0];
}

const rows = () => database.db.select().from(interferenceRecords).orderBy(interferenceRecords.seq);
const texts = async (p: Person) => (await p.inbox()).map((r) => r.text);

beforeAll(async () => {
  roles = await appRoleDatabase();
  database = roles.owner;
  ({ engine, directory } = await createEngine(unitOfWork(roles.app.db), { clock: () => now }));
  officer = await staff('m12-officer', [['scjg', 'officer']]);
  justice = await staff('m12-justice', [['sfj', 'justice']]);
  justiceHead = await staff('m12-justice-head', [['sfj', 'head']]);
  dual = await staff('m12-dual', [['sfj', 'justice'], ['nyj', 'liaison']]);
  namedHead = await staff('m12-named-head', [['nyj', 'head']]);
  coordination = await staff('m12-coordination', [['xtb', 'coordination']]);
  liaison = await staff('m12-liaison', [['scjg', 'liaison']]);
});
afterAll(async () => roles?.close());

describe('an officer records interference by chat', () => {
  let no: string;

  it('asks step by step, summarises, and appends the record to the chain', async () => {
    const first = await officer.say('记录干预');
    expect(last(first).text).toContain('全面、如实记录');
    expect(last(first).text).toContain('1/7');
    expect(last(await officer.say('AJ－2026－000012 某超市销售过期食品案')).text).toContain('2/7');
    const personPrompt = last(await officer.say('农业局'));
    expect(personPrompt.text).toContain('3/7');
    expect(personPrompt.options).toEqual(['跳过']);
    expect(last(await officer.say('张某，副局长')).text).toContain('4/7');
    const methodPrompt = last(await officer.say('11月20日上午10时'));
    expect(methodPrompt.options).toContain('批条子');
    expect(last(await officer.say('打招呼')).text).toContain('6/7');
    expect(last(await officer.say('要求对该超市从轻处罚，不要立案')).text).toContain('7/7');
    const summary = last(await officer.say('当场拒绝，告知依法办理'));
    expect(summary.text).toContain('提交后不能修改或删除');
    expect(summary.text).toContain('干预单位：农业局（抚宁区农业农村局）');
    expect(summary.text).toContain('提出的要求：要求对该超市从轻处罚，不要立案');
    expect(summary.text).toContain('记录单位：抚宁区市场监督管理局');
    expect(summary.options).toEqual(['确认提交', '取消']);

    const done = await officer.text('确认提交');
    no = done.match(/GY-2026-\d{6}/)![0];
    expect(no).toBe('GY-2026-000001');
    expect(done).toContain('已报送抚宁区司法局存档备查，记录人身份不会告知抚宁区农业农村局');

    const [row] = await rows();
    expect(row).toMatchObject({
      seq: 1, recordNo: no, caseRef: 'AJ－2026－000012 某超市销售过期食品案', caseNo: 'AJ-2026-000012',
      interfererOrgId: directory.byCode('nyj')!.id, interfererUnit: '农业局', interfererPerson: '张某，副局长', method: '打招呼',
      response: '当场拒绝，告知依法办理', recorderOrgId: directory.byCode('scjg')!.id, recordedAt: now, prevHash: '0'.repeat(64),
    });
    expect(done).toContain(`校验值：${shortHash(row!.hash)}`);
    expect(verifyChain(sha256, await rows() as InterferenceRecord[])).toMatchObject({ ok: true, count: 1 });
  });

  it('tells the justice bureau, with the recorder; hides the recorder from its staff who hold a role in the named unit', async () => {
    const toJustice = await justice.inbox();
    expect(toJustice).toHaveLength(1);
    expect(toJustice[0]!.text).toContain(`【干预记录】抚宁区司法局收到一条新的干预记录`);
    expect(toJustice[0]!.text).toContain('记录人：人员 #');
    expect(toJustice[0]!.text).toContain('（抚宁区市场监督管理局）');
    expect(toJustice[0]!.options).toEqual([`查询 ${no}`, '核验干预记录']);
    expect((await texts(justiceHead))[0]).toContain('抚宁区市场监督管理局');
    const toDual = (await texts(dual))[0]!;
    expect(toDual).toContain('记录人：（依规定对被记录单位保密）');
    expect(toDual).not.toContain('抚宁区市场监督管理局');
    expect(toDual).toContain('提出的要求：要求对该超市从轻处罚');
    expect(await texts(namedHead)).toEqual([]);
    expect(await texts(officer)).toEqual([]);
    // The coordination office keeps a copy of the chain head: its place and hash, nothing of the record.
    const [row] = await rows();
    const toCoordination = await coordination.inbox();
    expect(toCoordination).toHaveLength(1);
    expect(toCoordination[0]!.text).toContain(`【干预记录存证】干预记录链新增第 1 条（2026年11月25日 10:00），最新校验值 ${shortHash(row!.hash)}。`);
    expect(toCoordination[0]!.text).toContain(`核验时可发送：核验干预记录 第1条 ${shortHash(row!.hash)}`);
    expect(toCoordination[0]!.options).toEqual(['核验干预记录']);
    for (const secret of [no, '农业', '张某', '从轻处罚', '市场监督管理局']) expect(toCoordination[0]!.text).not.toContain(secret);
  });

  it('the justice bureau lists, reads and verifies; the named unit cannot find it', async () => {
    const list = last(await justice.say('干预记录列表'));
    expect(list.text).toContain('干预记录（抚宁区司法局存档）（最近 1 条）');
    expect(list.text).toContain(`${no} 2026年11月25日 10:00 抚宁区农业农村局 张某，副局长（打招呼）`);
    expect(list.options).toEqual([`查询 ${no}`, '核验干预记录']);

    const detail = await justice.text(`查询 ${no}`);
    expect(detail).toContain(`干预记录 ${no}`);
    expect(detail).toContain('（抚宁区市场监督管理局）');
    expect(await dual.text(`查询 ${no}`)).toContain('记录人：（依规定对被记录单位保密）');
    expect(await officer.text(`查询 ${no}`)).toContain('（抚宁区市场监督管理局）'); // the recorder sees their own
    expect(await namedHead.text(`查询 ${no}`)).toBe(`未找到干预记录 ${no}，或您无权查看。`);
    expect(await liaison.text(`查询 ${no}`)).toBe(`未找到干预记录 ${no}，或您无权查看。`);

    const [row] = await rows();
    expect(await justice.text('核验干预记录')).toBe(`干预记录链完整：共 1 条，最新一条 ${no}，校验值 ${shortHash(row!.hash)}。\n已逐条与 1 份存证核对。`);
    expect(await coordination.text(`核验干预记录 第1条 ${shortHash(row!.hash)}`)).toContain('已对照您提供的 1 个校验值');
    expect(await justiceHead.text(`核验干预记录 ${no} ${shortHash(row!.hash)}`)).toContain('已对照您提供的 1 个校验值');
    expect(await justice.text(`核验干预记录 ${no}`)).toContain('至少 8 位');
  });

  it('a record naming the justice bureau goes to the coordination office, and the bureau does not see it', async () => {
    const done = await record(officer, { unit: '司法局', person: '王某，科长', request: '要求把案件转给别的部门办理' });
    expect(done).toBe('GY-2026-000002');
    const toCoordination = await texts(coordination);
    expect(toCoordination).toHaveLength(1);
    expect(toCoordination[0]).toContain('抚宁区委全面依法治区委员会执法协调小组办公室收到一条新的干预记录');
    expect(toCoordination[0]).toContain('（抚宁区市场监督管理局）');
    // The bureau is told the chain head only: nothing of the record, not even its number.
    for (const p of [justice, dual]) {
      const got = await texts(p);
      expect(got).toHaveLength(1);
      expect(got[0]).toContain('【干预记录存证】干预记录链新增第 2 条');
      for (const secret of [done, '王某', '转给别的部门', '市场监督管理局', '司法局收到']) expect(got[0]).not.toContain(secret);
    }
    expect(await justice.text(`查询 ${done}`)).toContain('未找到');
    expect(await justice.text('干预记录列表')).not.toContain(done);
    const list = await coordination.text('干预记录列表');
    expect(list).toContain('涉及抚宁区司法局的干预记录');
    expect(list).toContain(done);
    expect(list).not.toContain('GY-2026-000001');
    expect(await coordination.text('核验干预记录')).toContain('共 2 条');
  });

  it('a person of no stated unit: the unit is read from their position when the directory knows it', async () => {
    const summary = await fill(officer, { unit: '跳过', person: '李某，区政府办公室副主任' });
    expect(summary).toContain('干预单位：抚宁区人民政府（据人员信息识别）');
    await officer.say('确认提交');
    expect((await rows()).at(-1)).toMatchObject({ interfererUnit: null, interfererOrgId: directory.byCode('qzf')!.id });
    expect(await texts(justice)).toHaveLength(1);
  });

  it('an officer of two bodies chooses which one records', async () => {
    const both = await staff('m12-two-bodies', [['scjg', 'officer'], ['fnz', 'head']]);
    const summary = await fill(both, { unit: '某公司', person: '赵某' });
    expect(summary).toContain('记录单位：抚宁区市场监督管理局');
    const choose = last(await both.say('更改记录单位'));
    expect(choose.options).toEqual(['抚宁区市场监督管理局', '抚宁镇人民政府']);
    expect((await both.say('城管局'))[0]!.text).toContain('请从选项中选择');
    expect(last(await both.say('2')).text).toContain('记录单位：抚宁镇人民政府');
    await both.say('确认提交');
    expect((await rows()).at(-1)).toMatchObject({ recorderOrgId: directory.byCode('fnz')!.id, interfererOrgId: null, interfererUnit: '某公司' });
  });
});

describe('refusals and bad input change nothing', () => {
  it('a citizen, a liaison, coordination and justice-bureau staff cannot record', async () => {
    const before = await rows();
    const citizen = new Person(engine, 'm12-citizen');
    for (const p of [citizen, liaison, coordination, justice]) {
      expect(await p.text('记录干预')).toContain('只有执法单位的执法人员或负责人可以记录干预情况');
      expect(await p.text('返回')).toContain('没有进行中的操作'); // no dialogue was opened
    }
    expect(await rows()).toEqual(before);
  });

  it('only the keeping bodies list and verify', async () => {
    const citizen = new Person(engine, 'm12-citizen-2');
    for (const p of [citizen, officer, liaison, namedHead]) {
      expect(await p.text('干预记录列表')).toContain('无权查看或核验');
      expect(await p.text('核验干预记录')).toContain('无权查看或核验');
    }
    expect(await citizen.text('查询 GY-2026-000001')).toContain('未找到干预记录 GY-2026-000001');
  });

  it('re-asks on bad answers, and 取消 at the summary writes nothing', async () => {
    const before = await rows();
    const counter = () => database.db.select().from(recordCounters).where(eq(recordCounters.series, 'GY'));
    const numbersBefore = await counter();
    await officer.say('记录干预');
    expect((await officer.say('案'))[0]!.text).toContain('太短');
    await officer.say('某饭店油烟扰民案');
    await officer.say('跳过');
    const noOne = await officer.say('跳过');
    expect(noOne[0]!.text).toContain('单位和人员至少要写明一项');
    expect(last(noOne).text).toContain('3/7');
    await officer.say('某老板的亲戚');
    await officer.say('昨天');
    await officer.say('其他');
    expect((await officer.say('别管'))[0]!.text).toContain('太短');
    await officer.say('说是老板的亲戚，让我们别管了');
    const summary = last(await officer.say('跳过'));
    expect(summary.text).toContain('应对情况：—');
    expect((await officer.say('好'))[0]!.text).toContain('请选择“确认提交”或“取消”');
    expect(await officer.text('取消')).toBe('已取消。');
    expect(await rows()).toEqual(before);
    expect(await counter()).toEqual(numbersBefore);
    const [state] = await database.db.select({ s: conversations.state }).from(conversations).where(eq(conversations.chatId, 'm12-officer'));
    expect(state!.s).toBeNull();
  });

  it('a recorder who loses the role mid-dialogue is refused at submission', async () => {
    const temp = await staff('m12-temp', [['scjg', 'officer']]);
    await fill(temp);
    const [account] = await database.db.select().from(accounts).where(eq(accounts.externalId, 'm12-temp'));
    await database.db.delete(roleGrants).where(eq(roleGrants.personId, account!.personId));
    const before = await rows();
    expect(await temp.text('确认提交')).toContain('只有执法单位的执法人员或负责人可以记录干预情况');
    expect(await rows()).toEqual(before);
  });
});

describe('the record outlives account changes', () => {
  it('a recorder who joins another platform account keeps the record, intact', async () => {
    const phone = new Person(engine, 'm12-officer-phone', 'telegram');
    expect(await linkAccounts(phone, officer)).toContain('关联成功'); // the officer's person merges into the phone's
    const [recorderRow] = await rows();
    const [stillThere] = await database.db.select().from(people).where(eq(people.id, recorderRow!.recorderPersonId));
    expect(stillThere).toBeDefined();
    expect(await phone.text('记录干预')).toContain('1/7'); // the role moved with the accounts
    await phone.say('取消');
    expect(await justice.text('核验干预记录')).toContain('干预记录链完整');
  });
});

describe('a forgery in the database', () => {
  it('is found by a plain 核验干预记录, also when the owner re-sealed the chain; a rewrite of the anchors too, by the notice', async () => {
    const original = (await rows()) as InterferenceRecord[];
    const owner = database.db;
    const guard = (table: 'interference_records' | 'interference_anchors', on: boolean) =>
      owner.execute(sql.raw(`ALTER TABLE ${table} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${table}_append_only`));

    await guard('interference_records', false);
    await owner.execute(sql`UPDATE interference_records SET request = '无特殊要求' WHERE seq = 2`);
    await guard('interference_records', true);
    expect(await justice.text('核验干预记录')).toBe('核验未通过：GY-2026-000002（第 2 条）内容与校验值不符，记录可能被篡改。此前 1 条完好。');

    // The owner re-seals every later record: the chain alone looks whole again …
    await guard('interference_records', false);
    let head = { seq: 1, hash: original[0]!.hash };
    const resealed: InterferenceRecord[] = [];
    for (const r of original.slice(1)) {
      const next = seal(sha256, head, r.seq === 2 ? { ...r, request: '无特殊要求' } : r);
      await owner.execute(sql`UPDATE interference_records SET prev_hash = ${next.prevHash}, hash = ${next.hash} WHERE seq = ${r.seq}`);
      resealed.push(next);
      head = next;
    }
    await guard('interference_records', true);
    expect(verifyChain(sha256, (await rows()) as InterferenceRecord[]).ok).toBe(true);
    // … but not against the anchors: a plain 核验干预记录 names the first record changed.
    const [anchor2] = await owner.select().from(interferenceAnchors).where(eq(interferenceAnchors.seq, 2));
    expect(await justice.text('核验干预记录')).toBe(
      `核验未通过：GY-2026-000002（第 2 条）校验值与 ${formatLocal(anchor2!.anchoredAt)} 的存证不一致，记录链可能被整体重写。此前 1 条完好。`,
    );
    expect(await coordination.text('核验干预记录')).toContain('GY-2026-000002（第 2 条）');

    // The owner rewrites the anchors as well: only the copies told in notices are out of reach.
    await guard('interference_anchors', false);
    for (const r of resealed) await owner.execute(sql`UPDATE interference_anchors SET hash = ${r.hash} WHERE seq = ${r.seq}`);
    await guard('interference_anchors', true);
    expect(await justice.text('核验干预记录')).toContain('干预记录链完整');
    const witnessed = `第2条 ${shortHash(original[1]!.hash)}`;
    expect(await coordination.text(`核验干预记录 ${witnessed}`)).toBe('核验未通过：GY-2026-000002（第 2 条）校验值与报送时的不一致，记录链可能被整体重写。此前 1 条完好。');
    expect(await coordination.text(`核验干预记录 ${original[1]!.recordNo} ${shortHash(original[1]!.hash)}`)).toContain('GY-2026-000002（第 2 条）校验值与报送时的不一致');
  });
});
