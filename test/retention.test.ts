/**
 * The daily pruning of the delivery bookkeeping (domain/retention.ts): message ids older
 * than 30 days and notifications settled (delivered or failed) more than 90 days ago go;
 * waiting notifications, recent rows and the records themselves stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { createEngine } from '../bot/services';
import { accounts, deliveries, outbox } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { countRows } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');
const day = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(now.getTime() - days * day);

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
});
afterAll(async () => database?.close());

describe('pruning the delivery bookkeeping', () => {
  it('forgets old message ids and settled notifications once a day, and keeps the rest', async () => {
    const citizen = new Person(engine, 'prune-citizen');
    for (const t of ['投诉', '超市卖过期面包，还不给退', '骊城街道某超市', '昨天', '跳过', '匿名']) await citizen.say(t);
    const no = trackingNoIn(await citizen.text('确认提交'));
    const [account] = await database.db.select().from(accounts).where(eq(accounts.externalId, 'prune-citizen'));
    const { id: accountId, personId } = account!;
    await database.db.insert(deliveries).values([
      { accountId, messageId: 'old-40', receivedAt: ago(40) },
      { accountId, messageId: 'old-31', receivedAt: ago(31) },
      { accountId, messageId: 'kept-29', receivedAt: ago(29) },
    ]);
    await database.db.insert(outbox).values([
      { personId, text: 'delivered 100 days ago', createdAt: ago(101), deliveredAt: ago(100) },
      { personId, text: 'failed 95 days ago', createdAt: ago(96), failedAt: ago(95) },
      { personId, text: 'delivered 80 days ago', createdAt: ago(81), deliveredAt: ago(80) },
      { personId, text: 'waiting for 200 days', createdAt: ago(200) },
    ]);
    const recent = await countRows(database.db, ['deliveries', 'outbox']);
    const records = await countRows(database.db, ['complaints', 'complaint_events', 'deadlines']);

    const scheduler = new Scheduler({ uow: unitOfWork(database.db), directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) });
    expect(await scheduler.prune()).toBe(4);
    const ids = await database.db.select({ m: deliveries.messageId }).from(deliveries);
    expect(ids.map((r) => r.m)).toContain('kept-29');
    expect(ids.map((r) => r.m)).not.toContain('old-40');
    expect(ids.map((r) => r.m)).not.toContain('old-31');
    expect(ids.length).toBe(recent.deliveries! - 2); // the dialogue's own ids stay
    const texts = (await database.db.select({ t: outbox.text }).from(outbox)).map((r) => r.t);
    expect(texts).toEqual(expect.arrayContaining(['delivered 80 days ago', 'waiting for 200 days']));
    expect(texts).not.toContain('delivered 100 days ago');
    expect(texts).not.toContain('failed 95 days ago');
    expect(texts.length).toBe(recent.outbox! - 2);
    expect(await countRows(database.db, ['complaints', 'complaint_events', 'deadlines'])).toEqual(records);

    // Once a day: later the same day nothing is looked at; the next day the 29-day-old id goes.
    now = new Date(now.getTime() + 6 * 60 * 60 * 1000);
    expect(await scheduler.prune()).toBe(0);
    now = new Date(now.getTime() + day);
    expect(await scheduler.prune()).toBe(1);
    expect((await database.db.select({ m: deliveries.messageId }).from(deliveries)).map((r) => r.m)).not.toContain('kept-29');
    // The citizen still finds the complaint.
    expect(await citizen.text(`查询 ${no}`)).toContain(no);
  });
});
