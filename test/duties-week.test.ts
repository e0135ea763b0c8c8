/**
 * Two scheduler instances against one database (on PostgreSQL: two connection pools, as
 * two processes would have) over a simulated week around the turn of 2025/2026 — when
 * the month, quarter, half-year and year all end on 31 December, followed by the New Year
 * holiday and the make-up Sunday of 4 January. Both tick every 30 minutes on an injected
 * clock. One crashes midway through a sweep and restarts; later both are down for most
 * of a day. Every reminder and every morning digest goes out exactly once; what fell due
 * while they were down goes out at the restart; a paused digest is not sent, but the
 * paused person's reminders are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { dutyKinds } from '../bot/feature';
import { FEATURES } from '../bot/features';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { type Database, openDatabase } from '../db/client';
import { accounts, deadlineReminders, deadlines, digests, outbox } from '../db/schema';
import { unitOfWork } from '../db/store';
import { officialCalendar } from '../domain/calendar/official';
import type { Directory } from '../domain/organisation';
import type { UnitOfWork } from '../domain/ports';
import type { Person } from './support/chat';
import { failingAtWrite } from './support/crash';
import { type TestDatabase, testDatabase } from './support/db';
import { sendReport } from './support/duties';
import { staffMember } from './support/staff';

const at = (s: string) => new Date(`${s}+08:00`);

let database: TestDatabase;
let second: Database | undefined; // the other instance's pool (PostgreSQL only)
let engine: Engine;
let directory: Directory;
let now = at('2025-12-27T00:00:00');
const clock = () => now;

const instance = (uow: UnitOfWork) =>
  new Scheduler({ uow, directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }), calendar: officialCalendar, duties: dutyKinds(FEATURES) }, 7);

beforeAll(async () => {
  database = await testDatabase();
  if (database.url) second = await openDatabase({ url: database.url });
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
});
afterAll(async () => {
  await second?.close();
  await database?.close();
});

const personOf = async (p: Person) => (await database.db.select().from(accounts).where(eq(accounts.externalId, p.externalId)))[0]!.personId;
const textsOf = async (p: Person) => (await database.db.select({ text: outbox.text }).from(outbox).where(eq(outbox.personId, await personOf(p)))).map((r) => r.text);

describe('two instances over a simulated week', () => {
  it('send every reminder and digest exactly once, through a crash mid-sweep and a day of downtime', { timeout: 600_000 }, async () => {
    const s = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: clock }, id, org, role);
    const liaison = await s('w-scjg-liaison', 'scjg', 'liaison');
    const head = await s('w-scjg-head', 'scjg', 'head');
    const township = await s('w-lcjd-liaison', 'lcjd', 'liaison');
    const justice = await s('w-sfj-justice', 'sfj', 'justice');
    const office = await s('w-xtb-office', 'xtb', 'coordination');

    const uowA = unitOfWork(database.db);
    const uowB = unitOfWork((second ?? database).db);
    let a = instance(uowA);
    let b = instance(uowB);
    let crashes = 0;

    const CRASH = '2025-12-31T09:00'; // the morning every period's duty is due: many reminders at once
    const DOWN = ['2025-12-31T12:00', '2026-01-01T10:00'] as const; // both down, over the due instant and the escalations
    const END = '2026-01-04T12:00';

    for (let t = at('2025-12-27T00:00:00'); t.getTime() <= at(`${END}:00`).getTime(); t = new Date(t.getTime() + 30 * 60_000)) {
      now = t;
      const local = new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
      if (local >= DOWN[0] && local < DOWN[1]) continue;
      if (local === CRASH) {
        // Instance A dies at its second message: the batches before it are committed, the one it was in rolls back.
        await expect(instance(failingAtWrite(uowA, 2, 'process killed')).tick()).rejects.toThrow('process killed');
        const pending = await database.db.select({ id: deadlineReminders.id }).from(deadlineReminders).where(and(isNull(deadlineReminders.sentAt), lte(deadlineReminders.at, now)));
        expect(pending.length).toBeGreaterThan(0);
        crashes++;
        a = instance(uowA); // the restarted process: nothing in memory
      }
      if (local === DOWN[1]) {
        a = instance(uowA);
        b = instance(uowB);
      }
      await Promise.all([a.tick(), b.tick()]);

      // Staff at work during the week.
      if (local === '2025-12-29T10:00') {
        await sendReport(liaison, '市场监管局开展元旦前食品安全检查');
        await sendReport(liaison, '市场监管局查处一起虚假宣传案');
        expect(await township.text('提醒设置 暂停')).toContain('已暂停每日提醒');
      }
      if (local === '2025-12-31T10:00') expect(await township.text('提醒设置 恢复')).toContain('已恢复每日提醒');
    }
    expect(crashes).toBe(1);

    // Nothing due by the end is left unsent (the crash and the downtime lost nothing).
    const unsent = await database.db
      .select({ id: deadlineReminders.id })
      .from(deadlineReminders)
      .innerJoin(deadlines, eq(deadlines.id, deadlineReminders.deadlineId))
      .where(and(isNull(deadlineReminders.sentAt), lte(deadlineReminders.at, at(`${END}:00`)), eq(deadlines.state, 'open')));
    expect(unsent).toEqual([]);

    // Nothing twice: no person got the same text twice.
    const twice = await database.db.execute(sql`SELECT person_id, text, count(*) AS n FROM outbox GROUP BY person_id, text HAVING count(*) > 1`);
    expect((twice as unknown as { rows: unknown[] }).rows).toEqual([]);

    // Exactly once, counted: one message to the liaison per reminder of the department's duties,
    // one escalation to the bureau per missed duty it chases, one to the office per missed M5 duty.
    const sentOf = async (orgCodes: string[] | null, audience: string, supervisor?: string) => {
      const rows = await database.db
        .select({ id: deadlineReminders.id })
        .from(deadlineReminders)
        .innerJoin(deadlines, eq(deadlines.id, deadlineReminders.deadlineId))
        .where(and(
          sql`${deadlineReminders.sentAt} IS NOT NULL`,
          eq(deadlineReminders.audience, audience),
          orgCodes ? inArray(deadlines.orgId, orgCodes.map((c) => directory.byCode(c)!.id)) : undefined,
          supervisor ? eq(deadlines.supervisorOrgCode, supervisor) : undefined,
        ));
      return rows.length;
    };
    const reminders = (await textsOf(liaison)).filter((t) => /^【(期限提醒|今日到期|已到期)】/.test(t));
    expect(reminders.length).toBe(await sentOf(['scjg'], 'responsible'));
    // December's reports (reminded on the 29th at 09:00, sent at 10:00) and the half-year's officer
    // evaluation (29th, morning of the 31st, due); the year-end filings fall due in January.
    expect(reminders.map((t) => t.split('\n')[0]).sort()).toEqual([
      '【期限提醒】执法信息报送：2025年12月', '【期限提醒】考核评议：2025年下半年', '【今日到期】考核评议：2025年下半年', '【已到期】考核评议：2025年下半年',
    ].sort());
    const escalations = (await textsOf(justice)).filter((t) => t.startsWith('【督办】'));
    expect(escalations.length).toBe(await sentOf(null, 'head-and-supervisor', 'sfj'));
    expect(escalations.length).toBeGreaterThan(20); // the half-year's evaluations and the month's reports of bodies that sent nothing
    const officeEscalations = (await textsOf(office)).filter((t) => t.startsWith('【督办】'));
    expect(officeEscalations.length).toBe(await sentOf(null, 'head-and-supervisor', 'xtb'));
    expect((await textsOf(head)).filter((t) => t.startsWith('【督办】')).length).toBe(await sentOf(['scjg'], 'head-and-supervisor'));

    // The month's reports, sent on 29 December, met the December duty; the half-year's evaluation was
    // missed; the year-end filings stay open until the 15th working day of January (22 January 2026).
    const states = await database.db.select().from(deadlines).where(eq(deadlines.orgId, directory.byCode('scjg')!.id));
    const stateOf = (kind: string, period: string) => states.find((d) => d.kind === kind && d.subjectId === period)?.state;
    const dueOf = (kind: string, period: string) => states.find((d) => d.kind === kind && d.subjectId === period)?.dueAt;
    expect(stateOf('info-reports', '2025-12')).toBe('met');
    expect(stateOf('officer-evaluation', '2025-H2')).toBe('missed');
    expect(stateOf('self-assessment', '2025')).toBe('open');
    expect(stateOf('guiding-cases', '2025')).toBe('open');
    expect(dueOf('self-assessment', '2025')).toEqual(at('2026-01-22T23:59:59'));
    expect(dueOf('guiding-cases', '2025')).toEqual(at('2026-01-22T23:59:59'));
    expect(stateOf('info-reports', '2026-01')).toBe('open');

    // Digests: once per liaison and working day (1–3 Jan are holidays; 4 Jan is a make-up Sunday).
    // The township's liaison paused them on the 29th after that morning's, and resumed on the 31st
    // at 10:00: that day's came at the next tick.
    const digestRows = async (p: Person) =>
      (await database.db.select().from(digests).where(eq(digests.personId, await personOf(p)))).sort((x, y) => x.day.localeCompare(y.day));
    expect((await digestRows(liaison)).map((d) => d.day)).toEqual(['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-04']);
    expect((await digestRows(township)).map((d) => d.day)).toEqual(['2025-12-29', '2025-12-31', '2026-01-04']);
    for (const p of [liaison, township]) {
      const sent = (await textsOf(p)).filter((t) => t.startsWith('【本周到期】'));
      expect(sent).toHaveLength((await digestRows(p)).filter((d) => d.items > 0).length);
    }
    expect((await textsOf(township)).some((t) => t.startsWith('【今日到期】'))).toBe(true); // reminders are never paused
    const first = (await textsOf(liaison)).find((t) => t.startsWith('【本周到期】'))!;
    expect(first).toContain('【本周到期】12月29日 星期一');
    expect(first).toContain('考核评议 2025年下半年，截止 2025年12月31日 23:59');
    expect(first).toContain('执法信息报送 2025年12月，已完成 0/2，截止');
    expect(first).not.toContain('考核自评'); // due 22 January, not this week
  });
});
