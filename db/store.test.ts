/**
 * The unit of work's store holds back blind writes and remembers what it read about
 * people (db/write-behind.ts, db/store.ts): within a unit of work every read still sees
 * every earlier write, held writes commit with it or not at all, and a burst of outbox
 * messages keeps its order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { testDatabase, type TestDatabase } from '../test/support/db';
import { deliveries, outbox } from './schema';
import { unitOfWork } from './store';
import type { UnitOfWork } from '../domain/ports';

let database: TestDatabase;
let uow: UnitOfWork;
let orgId: number;
beforeAll(async () => {
  database = await testDatabase();
  uow = unitOfWork(database.db);
  orgId = (await uow.run((s) => s.directory.all()))[0]!.id;
});
afterAll(async () => database?.close());

describe('a unit of work with held-back writes', () => {
  it('reads its own writes: saved state, stored replies, queued messages', async () => {
    const a = await uow.run((s) => s.people.resolveAccount('test', 'wb-1'));
    await uow.run(async (s) => {
      expect(await s.conversations.lock(a.accountId, 'c')).toBeNull();
      const state = { flow: 'complaint', step: 'where', data: { what: 'x' }, history: ['what'] };
      await s.conversations.save(a.accountId, 'c', state);
      expect(await s.conversations.lock(a.accountId, 'c')).toEqual(state);
      expect(await s.deliveries.claim(a.accountId, 'm1')).toBe(true);
      await s.deliveries.storeReplies(a.accountId, 'm1', [{ text: 'r' }]);
      expect(await s.deliveries.repliesOf(a.accountId, 'm1')).toEqual([{ text: 'r' }]);
      await s.outbox.enqueue(a.personId, a.accountId, { text: 'n1' });
      expect((await s.outbox.pending(a.personId, 'test', 10)).map((p) => p.reply.text)).toEqual(['n1']);
    });
    expect(await uow.run((s) => s.conversations.lock(a.accountId, 'c'))).toMatchObject({ step: 'where' });
  });

  it('commits held writes with the transaction, or drops them with it', async () => {
    const a = await uow.run((s) => s.people.resolveAccount('test', 'wb-2'));
    await expect(
      uow.run(async (s) => {
        await s.deliveries.claim(a.accountId, 'm1');
        await s.deliveries.storeReplies(a.accountId, 'm1', [{ text: 'lost' }]);
        await s.outbox.enqueue(a.personId, a.accountId, { text: 'lost' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await database.db.select().from(deliveries).where(eq(deliveries.accountId, a.accountId))).toEqual([]);
    expect(await database.db.select().from(outbox).where(eq(outbox.personId, a.personId))).toEqual([]);
  });

  it('keeps the order of many messages sent together', async () => {
    const a = await uow.run((s) => s.people.resolveAccount('test', 'wb-3'));
    const texts = Array.from({ length: 2500 }, (_, i) => `m${i % 700}`); // repeated texts travel once
    await uow.run(async (s) => {
      for (const [i, text] of texts.entries()) {
        await s.outbox.enqueue(a.personId, i % 2 ? null : a.accountId, i % 3 ? { text } : { text, options: [`查询 ${i}`, '帮助'] });
      }
    });
    const rows = await database.db
      .select({ text: outbox.text, options: outbox.options, accountId: outbox.accountId })
      .from(outbox)
      .where(eq(outbox.personId, a.personId))
      .orderBy(asc(outbox.id));
    expect(rows.map((r) => r.text)).toEqual(texts);
    expect(rows[0]).toEqual({ text: 'm0', options: ['查询 0', '帮助'], accountId: a.accountId });
    expect(rows[1]).toEqual({ text: 'm1', options: null, accountId: null });
  });

  it('queues one Reply sent to many as it was at each call, though the caller changes it between', async () => {
    const a = await uow.run((s) => s.people.resolveAccount('test', 'wb-5'));
    const b = await uow.run((s) => s.people.resolveAccount('test', 'wb-6'));
    await uow.run(async (s) => {
      const reply: { text: string; options?: string[] } = { text: '第一版', options: ['查询 1'] };
      await s.outbox.enqueue(a.personId, a.accountId, reply);
      await s.outbox.enqueue(b.personId, b.accountId, reply);
      reply.text = '第二版';
      await s.outbox.enqueue(a.personId, a.accountId, reply);
      reply.options = ['查询 2'];
      await s.outbox.enqueue(b.personId, b.accountId, reply);
      await s.outbox.enqueue(a.personId, a.accountId, { text: '第一版', options: ['查询 1'] });
    });
    const rows = await database.db
      .select({ personId: outbox.personId, text: outbox.text, options: outbox.options })
      .from(outbox)
      .where(sql`${outbox.personId} IN (${a.personId}, ${b.personId})`)
      .orderBy(asc(outbox.id));
    expect(rows).toEqual([
      { personId: a.personId, text: '第一版', options: ['查询 1'] },
      { personId: b.personId, text: '第一版', options: ['查询 1'] },
      { personId: a.personId, text: '第二版', options: ['查询 1'] },
      { personId: b.personId, text: '第二版', options: ['查询 2'] },
      { personId: a.personId, text: '第一版', options: ['查询 1'] },
    ]);
  });

  it('forgets what it read about people once it changes them', async () => {
    const a = await uow.run((s) => s.people.resolveAccount('test', 'wb-4'));
    await uow.run(async (s) => {
      expect(await s.people.staffOf(orgId, ['officer'])).not.toContain(a.personId);
      expect(await s.people.grantsOf(a.personId)).toEqual([]);
      await s.people.grant(a.personId, orgId, 'officer');
      expect(await s.people.staffOf(orgId, ['officer'])).toContain(a.personId);
      expect(await s.people.grantsOf(a.personId)).toEqual([{ orgId, role: 'officer' }]);
      expect(await s.people.notifyPlatform(a.personId)).toBeNull();
      await s.people.setNotifyPlatform(a.personId, 'test');
      expect(await s.people.notifyPlatform(a.personId)).toBe('test');
      const each = await s.people.staffOfEach([orgId, orgId + 1], ['officer']);
      expect(each.get(orgId)).toContain(a.personId);
      expect(each.get(orgId + 1)).not.toContain(a.personId);
    });
    // The next unit of work reads afresh; resolveAccount brings the roles along.
    await uow.run(async (s) => {
      const again = await s.people.resolveAccount('test', 'wb-4');
      expect(again).toEqual(a);
      expect(await s.people.grantsOf(a.personId)).toEqual([{ orgId, role: 'officer' }]);
      expect((await s.people.accountsOf(a.personId)).map((x) => x.accountId)).toEqual([a.accountId]);
      // …and only its own person's roles.
      const other = await s.people.resolveAccount('test', 'wb-1');
      expect(await s.people.grantsOf(other.personId)).toEqual([]);
    });
    const n = await database.db.execute(sql`SELECT count(*)::int AS n FROM role_grants WHERE person_id = ${a.personId}`);
    expect((n as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

describe('opening a turn (conversations.begin)', () => {
  const start = (externalId: string, chatId: string, messageId?: string) => ({ platform: 'test', externalId, chatId, messageId });

  it('makes the account and the conversation on a first message, then finds them in one statement', async () => {
    const first = await uow.run((s) => s.conversations.begin(start('tb-1', 'c1', 'm1')));
    expect(first).toMatchObject({ kind: 'new', state: null });
    const account = first.account;
    const state = { flow: 'complaint', step: 'where', data: { what: 'x' }, history: ['what'] };
    await uow.run((s) => s.conversations.save(account.accountId, 'c1', state));
    await uow.run((s) => s.people.grant(account.personId, orgId, 'officer'));
    await uow.run(async (s) => {
      const again = await s.conversations.begin(start('tb-1', 'c1', 'm2'));
      expect(again).toEqual({ kind: 'new', account, state });
      // The roles came with it.
      expect(await s.people.grantsOf(account.personId)).toEqual([{ orgId, role: 'officer' }]);
    });
    // Without a message id: nothing claimed, the state still read; a new chat gets its row.
    expect(await uow.run((s) => s.conversations.begin(start('tb-1', 'c1')))).toEqual({ kind: 'new', account, state });
    expect(await uow.run((s) => s.conversations.begin(start('tb-1', 'c2', 'm3')))).toEqual({ kind: 'new', account, state: null });
    const rows = await database.db.select().from(deliveries).where(eq(deliveries.accountId, account.accountId));
    expect(rows.map((r) => r.messageId).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('answers a redelivery with the replies stored for it, and leaves the state alone', async () => {
    const opened = await uow.run(async (s) => {
      const o = await s.conversations.begin(start('tb-2', 'c', 'm1'));
      await s.deliveries.storeReplies(o.account.accountId, 'm1', [{ text: '第一次的回复' }]);
      return o;
    });
    expect(await uow.run((s) => s.conversations.begin(start('tb-2', 'c', 'm1')))).toEqual({
      kind: 'duplicate', account: opened.account, replies: [{ text: '第一次的回复' }],
    });
    // A first message delivered twice: the second finds the account the first made.
    await uow.run((s) => s.conversations.begin(start('tb-3', 'c', 'm1')));
    expect(await uow.run((s) => s.conversations.begin(start('tb-3', 'c', 'm1')))).toMatchObject({ kind: 'duplicate', replies: [] });
  });

  it('lets one of two concurrent deliveries of a message through; the other waits and is a redelivery', async () => {
    await uow.run((s) => s.conversations.begin(start('tb-4', 'c', 'm0')));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const firstDone = uow.run(async (s) => {
      const o = await s.conversations.begin(start('tb-4', 'c', 'm1'));
      await held; // the turn is still running while the redelivery arrives
      await s.deliveries.storeReplies(o.account.accountId, 'm1', [{ text: 'once' }]);
      return o.kind;
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = uow.run((s) => s.conversations.begin(start('tb-4', 'c', 'm1')));
    await new Promise((r) => setTimeout(r, 50));
    release();
    expect(await firstDone).toBe('new');
    expect(await second).toMatchObject({ kind: 'duplicate', replies: [{ text: 'once' }] });
  });
});
