/**
 * Clocks opened before their start event was recorded (deadlines.started_at): the migration
 * fills it from the records they belong to (the case's discovery, the referral's closure,
 * the complaint's registration or forwarding) or from the date in the rule text; a row it
 * cannot fill is left, and listed to the person who makes its year official.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { CalendarKeeper } from '../bot/calendar/keeper';
import { submitNoticeFile } from '../bot/calendar/notice-file';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { deadlines } from '../db/schema';
import { unitOfWork } from '../db/store';
import { LiveCalendar } from '../domain/calendar/live';
import { packageYears } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import { Person, numberIn, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { staffMember } from './support/staff';

const MIGRATION = readFileSync(new URL(`../db/migrations/${readdirSync(new URL('../db/migrations', import.meta.url)).find((f) => f.endsWith('_deadline_started_at.sql'))}`, import.meta.url), 'utf8');
let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let calendar: LiveCalendar;
let now = new Date('2026-09-29T10:00:00+08:00');
const clock = () => now;

beforeAll(async () => {
  database = await testDatabase();
  const uow = unitOfWork(database.db);
  calendar = new LiveCalendar(packageYears({ without: [2026] }));
  ({ engine, directory } = await createEngine(uow, { clock, calendar }));
  await new CalendarKeeper({ uow, directory, calendar, clock }).load();
});
afterAll(async () => database?.close());

let trackingNo: string;
const startOf = async () =>
  Object.fromEntries((await database.db.select({ kind: deadlines.kind, subject: deadlines.subjectId, startedAt: deadlines.startedAt }).from(deadlines)).map((r) => [`${r.kind} ${r.subject}`, r.startedAt]));

describe('filling started_at for clocks opened before it was recorded', () => {
  it('takes the event from the record, else the rule text, and leaves what it cannot fill', async () => {
    const officer = await staffMember({ engine, db: database.db, directory, now: clock }, 'mig-officer', '留守营镇', 'officer');
    for (const t of ['立案', '非法占用耕地建房，面积约300平方米', '《土地管理法》第七十七条', '无', '2026-09-28 15:30', '周某', '自然人', '中共党员', '某村委会', '会计', '是', '当事人已登记完毕', '自然资源', '否']) await officer.say(t);
    const caseNo = numberIn('AJ', await officer.text('确认登记'));
    for (const t of [`移送 ${caseNo}`, '自然资源', '属于对方管辖（乡镇与区职能部门之间）', '非法占用耕地建房，属自然资源部门查处', '留守营移〔2026〕3号', '调查报告', '无', '无', '事实说明', '无', '提交审批']) await officer.say(t);
    now = new Date('2026-09-29T11:00:00+08:00');
    const citizen = new Person(engine, 'mig-citizen');
    for (const t of ['投诉', '超市卖过期面包，还不给退', '骊城街道某超市', '昨天', '跳过', '匿名']) await citizen.say(t);
    trackingNo = trackingNoIn(await citizen.text('确认提交'));
    // Rows of the last release: no start recorded; one whose record is gone but whose rule names the day; one with neither.
    const orgId = directory.find('留守营镇')!.id;
    await database.db.insert(deadlines).values([
      { kind: 'discipline-referral', subjectType: 'referral', subjectId: 'JJ-2026-999999', orgId, supervisorOrgCode: 'sfj', dueAt: new Date('2026-10-20T23:59:59+08:00'), provisional: true, rule: '纪检移送：自2026年9月29日办结起10个工作日内' },
      { kind: 'township-transfer', subjectType: 'case', subjectId: 'AJ-2026-999999', orgId, supervisorOrgCode: 'sfj', dueAt: new Date('2026-10-06T23:59:59+08:00'), provisional: true, rule: '乡镇移送：3个工作日内' },
    ]);
    const recorded = await startOf();
    expect(recorded[`township-transfer ${caseNo}`]).toEqual(new Date('2026-09-28T15:30:00+08:00'));
    expect(recorded[`complaint-accept ${trackingNo}`]).toEqual(new Date('2026-09-29T11:00:00+08:00'));
    await database.db.execute(sql`UPDATE deadlines SET started_at = NULL`);

    for (const statement of MIGRATION.split('--> statement-breakpoint')) await database.db.execute(sql.raw(statement));
    const filled = await startOf();
    expect(filled[`township-transfer ${caseNo}`]).toEqual(recorded[`township-transfer ${caseNo}`]); // the case's discovery
    expect(filled[`complaint-accept ${trackingNo}`]).toEqual(recorded[`complaint-accept ${trackingNo}`]); // its registration
    expect(filled['discipline-referral JJ-2026-999999']).toEqual(new Date('2026-09-29T00:00:00+08:00')); // the day in the rule
    expect(filled['township-transfer AJ-2026-999999']).toBeNull();
  });

  it('lists the clock it could not fill to the person who makes its year official, and leaves it', async () => {
    const uow = unitOfWork(database.db);
    const notice = JSON.parse(readFileSync(new URL('./data/notice-2026.json', import.meta.url), 'utf8'));
    expect((await submitNoticeFile(uow, directory, notice, now)).ok).toBe(true);
    const justice = await staffMember({ engine, db: database.db, directory, now: clock }, 'mig-justice', 'sfj', 'justice');
    const reply = await justice.text('确认节假日 2026');
    expect(reply).toContain('以下 1 项暂定期限缺少起算时间（系统升级前登记），未能自动重算，仍为暂定，请人工核对');
    expect(reply).toContain('乡镇移送：案件 AJ-2026-999999（留守营镇人民政府），截止 2026年10月6日 23:59（暂定');
    const [left] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, 'AJ-2026-999999'));
    expect(left).toMatchObject({ provisional: true, dueAt: new Date('2026-10-06T23:59:59+08:00'), state: 'open' });
    // The referral was filled from its rule: counted again on the official days (30 Sep, 8–10, 12–16, 19 Oct).
    const [referral] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, 'JJ-2026-999999'));
    expect(referral).toMatchObject({ provisional: false, dueAt: new Date('2026-10-19T23:59:59+08:00') });
    // The complaint registered on 29 Sep: 7 working days end Wed 14 Oct officially (Mon 12 on the guess),
    // and the complaint shows its complainant the same date as the clock.
    const [accept] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, trackingNo));
    expect(accept).toMatchObject({ provisional: false, dueAt: new Date('2026-10-14T23:59:59+08:00') });
    const [c] = ((await database.db.execute(sql`SELECT accept_due, accept_due_provisional FROM complaints WHERE tracking_no = ${trackingNo}`)) as unknown as { rows: { accept_due: string | Date; accept_due_provisional: boolean }[] }).rows;
    expect({ due: new Date(c!.accept_due), provisional: c!.accept_due_provisional }).toEqual({ due: new Date('2026-10-14T23:59:59+08:00'), provisional: false });
  });
});
