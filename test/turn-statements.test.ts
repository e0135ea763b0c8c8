/**
 * How many statements a turn sends (issue 20, speed): a turn is one transaction, and each
 * statement in it is a round trip to the database. A person's first message opens its
 * turn with one statement like any other (migration 0032 open_turn makes the person, the
 * account, the dedupe row and the conversation), and what it makes is the same when two
 * first messages of one person race, or one is delivered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import type { Db } from '../db/client';
import { unitOfWork } from '../db/store';
import { Person, trackingNoIn } from './support/chat';
import type { Reply } from '../domain/ports';
import { SERIES, formatRecordNo } from '../domain/record-no';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let engine: Engine;
let second: Engine; // another instance over the same database: nothing serialises the two in process
let counted: Engine; // an engine whose statements are counted
const statements: string[] = [];

const count = async (q: string) => Number(((await database.db.execute(sql.raw(q))) as any).rows[0].n);

/** A drizzle over the same client that records every statement but the transaction's own. */
async function countingDb(): Promise<Db> {
  const logger = { logQuery: (q: string) => void (/^(begin|commit|rollback)\b/i.test(q.trim()) || statements.push(q)) };
  const client = (database.db as unknown as { $client: never }).$client;
  if (database.kind === 'pglite') return (await import('drizzle-orm/pglite')).drizzle({ client, logger }) as unknown as Db;
  return (await import('drizzle-orm/node-postgres')).drizzle({ client, logger }) as unknown as Db;
}

async function statementsOf(fn: () => Promise<unknown>): Promise<number> {
  statements.length = 0;
  await fn();
  return statements.length;
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db)));
  ({ engine: second } = await createEngine(unitOfWork(database.db)));
  ({ engine: counted } = await createEngine(unitOfWork(await countingDb())));
});
afterAll(async () => database?.close());

describe('statements per turn', () => {
  it('opens a person\'s first message with one statement, as every other turn', async () => {
    const p = new Person(counted, 'stmt-1');
    expect(await statementsOf(() => p.say('投诉'))).toBe(2); // open the turn; the held writes
    expect(await statementsOf(() => p.say('超市卖过期食品，酸奶过期一个月还在卖'))).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM accounts WHERE external_id = 'stmt-1'`)).toBe(1);
  });

  it('registers a complaint in four: the turn opened, the record with its number, the handling body\'s staff, the held writes', async () => {
    const p = new Person(counted, 'stmt-2');
    for (const t of ['投诉', '超市卖过期食品，酸奶过期一个月还在卖', '抚宁镇兴华街12号', '昨天', '跳过']) await p.say(t);
    expect((await p.say('匿名')).at(-1)!.options).toContain('确认提交');
    let replies: Reply[] = [];
    expect(await statementsOf(async () => (replies = await p.say('确认提交')))).toBe(4);
    const no = trackingNoIn(replies.map((r) => r.text).join('\n'));
    // What those four wrote: the record, its event, its 受理告知 clock with reminders.
    expect(await count(`SELECT count(*) AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_no = '${no}'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM deadline_reminders r JOIN deadlines d ON d.id = r.deadline_id
      WHERE d.kind = 'complaint-accept' AND d.subject_id = '${no}'`)).toBeGreaterThan(0);
  });
});

describe('record numbers made in the database', () => {
  it('are formatted as formatRecordNo does, and refused past 999999', async () => {
    for (const n of [1, 42, 123_456, 999_999]) {
      await database.db.execute(sql`INSERT INTO record_counters (series, year, last) VALUES ('TS', 1999, ${n - 1})
        ON CONFLICT (series, year) DO UPDATE SET last = excluded.last`);
      const r = (await database.db.execute(sql`SELECT next_record_no('TS', 1999) AS no`)) as unknown as { rows: { no: string }[] };
      expect(r.rows[0]!.no).toBe(formatRecordNo(SERIES.complaint, 1999, n));
    }
    await expect(database.db.execute(sql`SELECT next_record_no('TS', 1999)`)).rejects.toThrow();
  });
});

describe('a person\'s first message', () => {
  it('makes one person and one account when two of them arrive at once in two chats', async () => {
    const people = await count('SELECT count(*) AS n FROM people');
    const at = (e: Engine, chatId: string) => e.handle({ platform: 'test', externalId: 'race-1', chatId, messageId: `race-1-${chatId}`, text: '投诉' });
    const [a, b] = await Promise.all([at(engine, 'chat-a'), at(second, 'chat-b')]);
    expect(a.map((r) => r.text).join('\n')).toContain('1/5');
    expect(b.map((r) => r.text).join('\n')).toContain('1/5');
    expect(await count(`SELECT count(*) AS n FROM accounts WHERE platform = 'test' AND external_id = 'race-1'`)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM people')).toBe(people + 1);
    expect(await count(`SELECT count(*) AS n FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE a.external_id = 'race-1'`)).toBe(2);
  });

  it('delivered twice at once is answered once, the same for both, and makes one person', async () => {
    const people = await count('SELECT count(*) AS n FROM people');
    const at = (e: Engine) => e.receive({ platform: 'test', externalId: 'dup-first', chatId: 'dup-first', messageId: 'm-1', text: '投诉' });
    const [a, b] = await Promise.all([at(engine), at(second)]);
    expect(a.replies).toEqual(b.replies);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await count('SELECT count(*) AS n FROM people')).toBe(people + 1);
    // The dialogue was opened once: the next message answers its first step.
    expect(await new Person(engine, 'dup-first').text('超市卖过期食品，酸奶过期一个月还在卖')).toContain('2/5');
  });

  it('keeps the name the platform gave', async () => {
    await engine.handle({ platform: 'test', externalId: 'named-1', chatId: 'named-1', messageId: 'n-1', text: '帮助', displayName: '王五' });
    expect(await count(`SELECT count(*) AS n FROM people p JOIN accounts a ON a.person_id = p.id WHERE a.external_id = 'named-1' AND p.display_name = '王五'`)).toBe(1);
  });
});
