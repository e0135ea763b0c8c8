/**
 * Upgrading a district's case records to the second pass of the plan's rules (migration
 * the case_rules_second_pass migration): records written by the last release — no 管辖 on cases, no
 * case or receiving body on orders, the police's outcome only in the ledger, no 涉嫌违纪问题及线索
 * on referrals — read the new way, nothing lost, and an open clock keeps its due date.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { caseEvents, caseTransfers, cases, deadlines, disciplineReferrals, transferOrders } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import { remindersFor } from '../domain/deadlines/reminders';
import { deadlineFor } from '../domain/deadlines/rules';
import type { Directory } from '../domain/organisation';
import { numberIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { bindStaff } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const now = new Date('2026-11-25T10:00:00+08:00');
const at = new Date('2026-11-20T02:00:00.000Z');

const MIGRATION = readFileSync(new URL(`../db/migrations/${readdirSync(new URL('../db/migrations', import.meta.url)).find((f) => f.endsWith('_case_rules_second_pass.sql'))}`, import.meta.url), 'utf8');
/** Runs the migration's statements again over rows written the old way (each only fills what is missing). */
async function upgrade() {
  for (const statement of MIGRATION.split('--> statement-breakpoint')) await database.db.execute(sql.raw(statement));
}

const store = () => unitOfWork(database.db);

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('case records of the last release', () => {
  it('read the new way after the upgrade, and an order naming its case in words is met by that case', async () => {
    const wjj = directory.byCode('wjj')!.id;
    const police = directory.byCode('gaj')!.id;
    const sfj = directory.byCode('sfj')!.id;
    const officer = await bindStaff(engine, database.db, directory, 'up-officer', '卫健局', '执法人员', now);
    const head = await bindStaff(engine, database.db, directory, 'up-head', '卫健局', '负责人', now);
    const justice = await bindStaff(engine, database.db, directory, 'up-sfj', '司法局', '司法局工作人员', now);
    const [{ person }] = (await database.db.execute(sql`SELECT person_id AS person FROM accounts WHERE external_id = 'up-officer'`) as any).rows;

    const oldCase = (no: string, state: string, extra: object) => ({
      no, orgId: wjj, otherOrgId: null, state,
      body: {
        caseNo: no, orgId: wjj, officerPersonId: person, registeredAt: at.toISOString(), summary: '某诊所非法行医', legalBasis: '某条', amount: null,
        discoveredAt: at.toISOString(), discoveredOn: '2026-11-20', parties: [], evidence: [], status: state, ...extra,
      },
    });
    await database.db.insert(cases).values([
      oldCase('AJ-2026-900001', 'open', {}),
      oldCase('AJ-2026-900002', 'closed', { closedAt: at.toISOString(), outcome: { kind: 'criminal', summary: '追究刑事责任' } }),
    ]);
    const transfer = {
      transferNo: 'YS-2026-900002', caseNo: 'AJ-2026-900002', fromOrgId: wjj, toOrgId: police, route: 'criminal', ground: 'crime', reason: '涉嫌犯罪',
      urgent: false, materials: [], decisionNo: '抚卫罚〔2026〕1号', superior: '市卫健委', orderNo: null, drafterPersonId: person, submittedAt: at.toISOString(),
      state: 'accepted', approverPersonId: person, sentAt: at.toISOString(), receiverPersonId: person, acceptedAt: at.toISOString(),
    };
    await database.db.insert(caseTransfers).values({ no: transfer.transferNo, orgId: wjj, otherOrgId: police, state: 'accepted', body: transfer });
    await database.db.insert(caseEvents).values({ recordNo: 'AJ-2026-900002', kind: 'criminal-outcome', actorPersonId: person, orgId: wjj, note: '追究刑事责任', at: new Date('2026-11-21T02:00:00Z') });
    await database.db.insert(disciplineReferrals).values({
      no: 'JJ-2026-900001', orgId: wjj, otherOrgId: null, state: 'awaiting-approval',
      body: { referralNo: 'JJ-2026-900001', caseNo: 'AJ-2026-900003', orgId: wjj, parties: ['李某'], decisionNo: '抚卫罚〔2026〕2号', closedAt: at.toISOString(), openedAt: at.toISOString(), state: 'awaiting-approval' },
    });
    const order = (no: string, caseRef: string) => ({
      no, orgId: wjj, otherOrgId: sfj, state: 'open',
      body: { orderNo: no, issuerOrgId: sfj, issuerPersonId: person, toOrgId: wjj, caseRef, reason: '应移送未移送', limitDate: '2026-12-10', issuedAt: at.toISOString(), state: 'open' },
    });
    await database.db.insert(transferOrders).values([order('ZL-2026-900001', '请移送 aj-2026-900001 某诊所案'), order('ZL-2026-900002', '某美容院非法医疗美容案')]);
    // An open transfer clock opened by the last release, from the discovery.
    const spec = deadlineFor({ kind: 'township-transfer' }, { from: at, orgId: wjj, subject: { type: 'case', id: 'AJ-2026-900001' } }, officialCalendar);
    if (!spec.ok) throw new Error(spec.reason);
    await store().run((s) => s.deadlines.open(spec.value, remindersFor(spec.value, at, officialCalendar)));
    const [before] = await database.db.select({ due: deadlines.dueAt }).from(deadlines).where(eq(deadlines.subjectId, 'AJ-2026-900001'));

    await upgrade();
    await upgrade(); // twice changes nothing more

    const read = await store().run(async (s) => ({
      open: await s.cases.byNo('AJ-2026-900001'),
      closed: await s.cases.byNo('AJ-2026-900002'),
      transfer: await s.transfers.byNo('YS-2026-900002'),
      referral: await s.referrals.byNo('JJ-2026-900001'),
      named: await s.orders.byNo('ZL-2026-900001'),
      facts: await s.orders.byNo('ZL-2026-900002'),
    }));
    expect(read.open?.jurisdiction).toBeNull();
    expect(read.closed?.status === 'closed' && read.closed.outcome).toEqual({ kind: 'criminal', summary: '追究刑事责任', decisionNo: '抚卫罚〔2026〕1号' });
    expect(read.transfer?.state === 'accepted' && read.transfer.criminalOutcome).toEqual({
      text: '追究刑事责任', pursued: true, recordedAt: new Date('2026-11-21T02:00:00Z'), byPersonId: person,
    });
    expect(read.referral?.matters).toBeNull();
    expect(read.named).toMatchObject({ caseNo: 'AJ-2026-900001', receiverOrgId: null, caseRef: '请移送 aj-2026-900001 某诊所案' });
    expect(read.facts).toMatchObject({ caseNo: null, receiverOrgId: null });
    const [after] = await database.db.select({ due: deadlines.dueAt, state: deadlines.state }).from(deadlines).where(eq(deadlines.subjectId, 'AJ-2026-900001'));
    expect(after).toEqual({ due: before!.due, state: 'open' });

    // Through chat: the outcome shows, the referral waits for its matter, the order is met by its case.
    expect(await officer.text('查询 YS-2026-900002')).toContain('刑事处理结果：追究刑事责任');
    expect(await head.text('批准 JJ-2026-900001')).toContain('尚未填写涉嫌违纪问题及线索');
    expect(await justice.text('查询 ZL-2026-900001')).toContain('应移送至：未写明');
    for (const t of ['移送 AJ-2026-900001', '公安', '涉嫌非法行医罪', '卫移〔2026〕9号', '调查报告', '无', '无', '无', '无', '秦皇岛市卫生健康委员会']) await officer.say(t);
    const summary = await officer.text('不是'); // the order known by its facts is offered; this case is not it
    expect(summary).toContain('执行责令限期移送：ZL-2026-900001');
    await head.say(`批准 ${numberIn('YS', await officer.text('提交审批'))}`);
    expect(await justice.text('查询 ZL-2026-900001')).toContain('已执行');
    expect(await justice.text('查询 ZL-2026-900002')).toContain('待执行');
  });
});
