/**
 * The 受理告知 clock of a complaint, watched by the deadline sweep with a clock the test
 * moves (never the wall clock): reminded before and at due, escalated when missed, closed
 * when met; two sweepers send each reminder once, and a sweep that fails midway loses
 * and repeats nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { deadlineReminders, deadlines, outbox } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import type { UnitOfWork } from '../domain/ports';
import { Person, trackingNoIn } from './support/chat';
import { failingAtWrite } from './support/crash';
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import { staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00'); // a Wednesday
const clock = () => now;
const log = pino({ level: 'silent' });
const scheduler = (uow: UnitOfWork = unitOfWork(database.db), batch = 200) =>
  new Scheduler({ uow, directory, clock, pushPlatforms: () => new Set(), log }, batch);

const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);

async function file(p: Person, what = '超市卖过期面包，还不给退'): Promise<string> {
  for (const t of ['投诉', what, '骊城街道某超市', '昨天', '跳过', '匿名']) await p.say(t);
  return trackingNoIn(await p.text('确认提交'));
}

const texts = async (p: Person) => (await p.inbox()).map((r) => r.text);

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock }));
});
afterAll(async () => database?.close());

describe('the 受理告知 clock of a complaint', () => {
  it('is reminded two working days before, on the morning of the day, at due, then escalated and missed', async () => {
    const officer = await staff('sweep-officer', 'scjg', 'officer');
    const head = await staff('sweep-head', 'scjg', 'head');
    const justice = await staff('sweep-justice', 'sfj', 'justice');
    now = new Date('2026-11-25T10:00:00+08:00');
    const no = await file(new Person(engine, 'sweep-citizen'));
    await officer.inbox();
    await head.inbox();
    const [d] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, no));
    expect(d).toMatchObject({ kind: 'complaint-accept', state: 'open', dueAt: new Date('2026-12-04T23:59:59+08:00') });

    now = new Date('2026-12-01T20:00:00+08:00');
    expect(await scheduler().sweep()).toBe(0);

    now = new Date('2026-12-02T09:00:00+08:00'); // two working days before Friday 4 December
    expect(await scheduler().sweep()).toBe(1);
    const before = await texts(officer);
    expect(before).toHaveLength(1);
    expect(before[0]).toContain('【期限提醒】受理告知：投诉举报 ' + no);
    expect((await texts(head))[0]).toContain('【期限提醒】');
    expect(await texts(justice)).toEqual([]); // the supervisor hears only of a miss

    now = new Date('2026-12-04T09:00:00+08:00');
    expect(await scheduler().sweep()).toBe(1);
    expect((await texts(officer))[0]).toContain('【今日到期】');

    now = new Date('2026-12-05T00:05:00+08:00');
    expect(await scheduler().sweep()).toBe(2); // at due, and the escalation
    expect((await texts(officer))[0]).toContain('【已到期】');
    const headNotes = await texts(head);
    expect(headNotes.some((t) => t.startsWith('【督办】'))).toBe(true);
    const jb = await texts(justice);
    expect(jb).toHaveLength(1);
    expect(jb[0]).toContain('【督办】抚宁区市场监督管理局 的受理告知');
    const [after] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, no));
    expect(after!.state).toBe('missed');

    expect(await scheduler().sweep()).toBe(0); // nothing twice

    // The supervising body sees it among the overdue items; the department is told to use 待办.
    const overdue = await justice.text('逾期');
    expect(overdue).toContain('抚宁区市场监督管理局');
    expect(overdue).toContain(`受理告知 投诉举报 ${no}`);
    expect(await officer.text('逾期')).toContain('供司法局');
    expect(await officer.text('待办')).toContain(no);
  });

  it('stops when the complaint is accepted, and moves with a forward', async () => {
    const officer = await staff('sweep-officer-2', 'scjg', 'officer');
    const township = await staff('sweep-township-2', 'lcjd', 'officer');
    now = new Date('2026-11-25T10:00:00+08:00');
    const accepted = await file(new Person(engine, 'sweep-citizen-2'), '商店卖假冒名牌衣服');
    const forwarded = await file(new Person(engine, 'sweep-citizen-3'), '饭店后厨卫生脏乱差');
    expect(await officer.text(`受理 ${accepted}`)).toContain('已受理');
    await officer.say(`转办 ${forwarded}`);
    await officer.say('骊城街道');
    expect(await officer.text('属于街道管辖')).toContain('已将');

    const rows = await database.db.select().from(deadlines).where(sql`${deadlines.subjectId} in (${accepted}, ${forwarded})`);
    const state = (no: string, code: string) => rows.find((r) => r.subjectId === no && r.orgId === directory.byCode(code)!.id)?.state;
    expect(state(accepted, 'scjg')).toBe('met');
    expect(state(forwarded, 'scjg')).toBe('waived');
    expect(state(forwarded, 'lcjd')).toBe('open');
    const unsentOfClosed = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(deadlineReminders)
      .innerJoin(deadlines, eq(deadlines.id, deadlineReminders.deadlineId))
      .where(and(sql`${deadlines.state} <> 'open'`, sql`${deadlineReminders.sentAt} IS NULL`, sql`${deadlines.subjectId} in (${accepted}, ${forwarded})`));
    expect(unsentOfClosed[0]!.n).toBe(0);

    await officer.inbox();
    await township.inbox();
    now = new Date('2026-12-08T09:00:00+08:00'); // past the township's new clock (from the forward on 25 Nov: due 4 Dec)
    await scheduler().sweep();
    expect(await texts(officer)).toEqual([]); // nothing about either complaint for the forwarder any more
    expect((await texts(township)).some((t) => t.includes(forwarded))).toBe(true);
  });
});

describe('exactly once', () => {
  it('two sweepers at once send every reminder once', async () => {
    await staff('sweep-officer-3', 'sthj', 'officer');
    now = new Date('2026-11-25T10:00:00+08:00');
    const citizen = new Person(engine, 'sweep-citizen-4');
    for (let i = 0; i < 6; i++) await file(citizen, `化工厂偷排废水第${i + 1}次，河水发黑`);
    const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
    const due = await database.db.select({ n: sql<number>`count(*)::int` }).from(deadlineReminders).where(sql`sent_at IS NULL AND at <= ${new Date('2026-12-02T09:00:00+08:00')}`);
    now = new Date('2026-12-02T09:00:00+08:00');
    const [a, b] = await Promise.all([scheduler(unitOfWork(database.db), 2).sweep(), scheduler(unitOfWork(database.db), 2).sweep()]);
    expect(a + b).toBe(due[0]!.n);
    expect(due[0]!.n).toBeGreaterThanOrEqual(6);
    const sentTwice = await database.db.execute(sql`SELECT text, person_id, count(*) FROM outbox WHERE id > 0 GROUP BY text, person_id HAVING count(*) > 1`);
    expect((sentTwice as unknown as { rows: unknown[] }).rows).toEqual([]);
    const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
    expect(after[0]!.n).toBeGreaterThan(before[0]!.n);
  });

  // Two connections at once: PostgreSQL only (PGlite runs one transaction at a time).
  it.skipIf(!onPostgres)('an escalation whose deadline a turn is closing right now is left to that turn, not waited for', async () => {
    now = new Date('2026-11-25T10:00:00+08:00');
    const no = await file(new Person(engine, 'sweep-citizen-6'), '工地夜里十二点还在施工，噪音扰民');
    const [d] = await database.db.select().from(deadlines).where(eq(deadlines.subjectId, no));
    expect(d).toMatchObject({ state: 'open' });
    const head = await staff('sweep-head-6', directory.all.find((o) => o.id === d!.orgId)!.code, 'head');
    now = new Date(d!.dueAt.getTime() + 30_000); // every reminder before the escalation (a minute after due)
    await scheduler().sweep();
    await head.inbox();
    now = new Date(d!.dueAt.getTime() + 120_000); // the escalation is due

    let finish!: () => void;
    const closing = database.db.transaction(async (tx) => {
      // A turn accepting the complaint: the deadline closed, its unsent reminders dropped at the end.
      await tx.update(deadlines).set({ state: 'met', closedAt: now }).where(eq(deadlines.id, d!.id));
      await new Promise<void>((r) => (finish = r));
      await tx.delete(deadlineReminders).where(and(eq(deadlineReminders.deadlineId, d!.id), sql`sent_at IS NULL`));
    });
    await new Promise((r) => setTimeout(r, 50));
    try {
      // Other complaints' reminders go out; this sweep must not wait for the turn (that could deadlock).
      const sweep = scheduler().sweep();
      expect(await Promise.race([sweep, new Promise((r) => setTimeout(() => r('waited'), 3000))])).toEqual(expect.any(Number));
    } finally {
      finish();
      await closing;
    }
    expect(await scheduler().sweep()).toBe(0);
    const [after] = await database.db.select().from(deadlines).where(eq(deadlines.id, d!.id));
    expect(after!.state).toBe('met');
    expect((await texts(head)).filter((t) => t.includes(no))).toEqual([]);
  });

  it('a sweep that fails midway sends nothing, and the next one sends everything once', async () => {
    const officer = await staff('sweep-officer-5', 'wjj', 'officer');
    now = new Date('2026-11-25T10:00:00+08:00');
    const citizen = new Person(engine, 'sweep-citizen-5');
    await file(citizen, '诊所无证行医，给人打针输液');
    await file(citizen, '诊所用过期药品给病人输液');
    await officer.inbox();
    now = new Date('2026-12-02T09:00:00+08:00');

    // A unit of work whose second outbox write fails, as a crash mid-sweep would.
    const failing = failingAtWrite(unitOfWork(database.db), 2, 'connection lost');
    await expect(scheduler(failing).sweep()).rejects.toThrow('connection lost');
    expect(await texts(officer)).toEqual([]);
    expect(await scheduler().sweep()).toBeGreaterThanOrEqual(2);
    const got = await texts(officer);
    expect(got.filter((t) => t.includes('诊所') || t.startsWith('【期限提醒】'))).toHaveLength(2);
    expect(await scheduler().sweep()).toBe(0);
  });
});
