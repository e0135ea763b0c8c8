/**
 * 执法信息 (四(三)) reach the justice bureau, by chat: each piece is sent to the bureau, which
 * lists a month's by unit (with the units short of two), reads one whole and marks it used
 * (采用) — the unit is told. Other units and citizens see nothing; only the bureau uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { infoReports } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { sendReport } from './support/duties';
import { inboxTexts, staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-20T10:00:00+08:00');
const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);
const told = async (p: Person) => (await inboxTexts(p)).join('\n');

let townOfficer: Person;
let townLiaison: Person;
let depLiaison: Person;
let justice: Person;
let first: string;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  townOfficer = await staff('ir2-fnz-officer', 'fnz', 'officer');
  townLiaison = await staff('ir2-fnz-liaison', 'fnz', 'liaison');
  depLiaison = await staff('ir2-scjg-liaison', 'scjg', 'liaison');
  justice = await staff('ir2-sfj-justice', 'sfj', 'justice');
});
afterAll(async () => database?.close());

describe('information reports reach the justice bureau (四(三))', () => {
  it('each piece sent is passed to the bureau in full', async () => {
    const sent = await sendReport(townOfficer, '抚宁镇开展秸秆禁烧联合执法');
    first = sent.match(/XB-2026-\d{6}/)![0];
    expect(sent).toContain('已送司法局');
    const got = await inboxTexts(justice);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(`【执法信息】抚宁镇人民政府 报送 ${first}：抚宁镇开展秸秆禁烧联合执法`);
    expect(got[0]).toContain('执法人员检查商超和餐饮单位12家');
    await sendReport(townOfficer, '抚宁镇查处一起违法占地建房');
    await sendReport(depLiaison, '市场监管局开展电动自行车质量专项检查');
    now = new Date('2026-12-02T10:00:00+08:00');
    await sendReport(depLiaison, '市场监管局12月第一篇执法信息');
  });

  it('are listed by unit and month for the bureau, with the units short of two', async () => {
    const nov = await justice.text('执法信息 2026-11');
    expect(nov).toContain('2026年11月执法信息报送（共 3 篇，已采用 0 篇）');
    expect(nov).toContain(`抚宁镇人民政府（2 篇）：\n· ${first} 抚宁镇开展秸秆禁烧联合执法\n`);
    expect(nov).toContain('抚宁区市场监督管理局（1 篇，不足2篇）：\n· XB-2026-000003 市场监管局开展电动自行车质量专项检查');
    expect(nov).toMatch(/未报送的单位（23 个）：.*骊城街道办事处/);
    expect(nov).not.toContain('12月第一篇');
    const dec = await justice.text('执法信息'); // this month
    expect(dec).toContain('2026年12月执法信息报送（共 1 篇');
    expect(await justice.text('执法信息 抚宁镇 2026年11月')).toContain('2026年11月 抚宁镇人民政府执法信息报送（共 2 篇');
    expect(await justice.text('执法信息 2027-01')).toContain('2027年1月尚未开始');
    expect(await justice.text(`查询 ${first}`)).toContain('正文：执法人员检查商超和餐饮单位12家');
  });

  it('are marked used (采用) by the bureau only; the unit is told', async () => {
    const before = await database.db.select().from(infoReports).orderBy(infoReports.id);
    expect(await depLiaison.text(`采用 ${first}`)).toContain('未找到'); // another unit's piece is not theirs to see
    expect(await townLiaison.text(`采用 ${first}`)).toContain('由司法局采用');
    expect(await new Person(engine, 'ir2-citizen').text(`查询 ${first}`)).toContain('未找到');
    expect(await database.db.select().from(infoReports).orderBy(infoReports.id)).toEqual(before);

    const used = await justice.text(`采用 ${first} 司法局工作简报2026年第12期`);
    expect(used).toContain(`已采用 ${first}`);
    for (const p of [townOfficer, townLiaison]) {
      expect(await told(p)).toContain(`【信息采用】抚宁镇人民政府 报送的执法信息 ${first}“抚宁镇开展秸秆禁烧联合执法”已被司法局采用：司法局工作简报2026年第12期。`);
    }
    expect(await justice.text(`采用 ${first}`)).toContain('已被采用');
    const [r] = await database.db.select().from(infoReports).where(eq(infoReports.recordNo, first));
    expect(r).toMatchObject({ usedNote: '司法局工作简报2026年第12期' });
    expect(await justice.text('执法信息 2026-11')).toContain(`· ${first} 抚宁镇开展秸秆禁烧联合执法（已采用）`);
    expect(await townLiaison.text(`查询 ${first}`)).toContain('状态：已采用');
    // The unit sees its own month, not the others'.
    const own = await townLiaison.text('执法信息 2026-11');
    expect(own).toContain('抚宁镇人民政府（2 篇）');
    expect(own).not.toContain('市场监督管理局');
  });
});
