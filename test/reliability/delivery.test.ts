/**
 * Duplicate and concurrent delivery (reliability suite, issue 8 §2): the same platform
 * message delivered twice at once — also to two engine instances over one database — has
 * one effect and both deliveries get the same reply; several messages of one person sent
 * at once are handled one by one, in the order they arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Engine } from '../../bot/engine';
import { createEngine } from '../../bot/services';
import { unitOfWork } from '../../db/store';
import type { Reply } from '../../domain/ports';
import { Person, trackingNoIn } from '../support/chat';
import { type TestDatabase, testDatabase } from '../support/db';

let database: TestDatabase;
let engine: Engine;
let second: Engine; // another instance of the service over the same database

const texts = (r: Reply[]) => r.map((x) => x.text).join('\n');
const count = async (q: string) => Number(((await database.db.execute(sql.raw(q))) as any).rows[0].n);

/** Up to the summary of a complaint; the next answer '确认提交' registers it. */
async function draft(p: Person, what: string): Promise<void> {
  for (const t of ['投诉', what, '抚宁镇兴华街12号', '昨天', '跳过']) await p.say(t);
  expect((await p.say('匿名')).at(-1)!.options).toContain('确认提交');
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db)));
  ({ engine: second } = await createEngine(unitOfWork(database.db)));
});
afterAll(async () => database?.close());

describe('the same message delivered twice at once', () => {
  it('registers one complaint, and both deliveries answer with its number', async () => {
    const p = new Person(engine, 'dup-1');
    await draft(p, '超市卖过期食品，酸奶过期一个月还在卖');
    const before = await count('SELECT count(*) AS n FROM complaints');
    const [a, b] = await Promise.all([p.say('确认提交', 'dup-1-confirm'), p.say('确认提交', 'dup-1-confirm')]);
    expect(trackingNoIn(texts(a!))).toBe(trackingNoIn(texts(b!)));
    expect(a).toEqual(b);
    expect(await count('SELECT count(*) AS n FROM complaints')).toBe(before + 1);
    const no = trackingNoIn(texts(a!));
    expect(await count(`SELECT count(*) AS n FROM complaint_events WHERE complaint_id = (SELECT id FROM complaints WHERE tracking_no = '${no}')`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM deadlines WHERE kind = 'complaint-accept' AND subject_id = '${no}'`)).toBe(1);
  });

  it('has one effect when two instances of the service receive it together', async () => {
    const p = new Person(engine, 'dup-2');
    const q = new Person(second, 'dup-2'); // the same account, reached through the other instance
    await draft(p, '饭店后厨卫生很差，老鼠乱跑');
    const before = await count('SELECT count(*) AS n FROM complaints');
    const [a, b] = await Promise.all([p.say('确认提交', 'dup-2-confirm'), q.say('确认提交', 'dup-2-confirm')]);
    expect(a).toEqual(b);
    expect(await count('SELECT count(*) AS n FROM complaints')).toBe(before + 1);
    // The dialogue is over once, not twice: the next message starts afresh.
    expect(await p.text('返回')).toContain('没有进行中的操作');
  });

  it('replays a step answer without applying it twice', async () => {
    const p = new Person(engine, 'dup-3');
    await p.say('投诉');
    const [a, b, c] = await Promise.all([p.say('小区门口烧烤摊占道经营', 'dup-3-what'), p.say('小区门口烧烤摊占道经营', 'dup-3-what'), q2(p)]);
    expect(a).toEqual(b);
    expect(texts(a!)).toContain('2/5');
    expect(texts(c!)).toContain('3/5'); // the next answer lands on step 2, once
    async function q2(person: Person) {
      await new Promise((r) => setTimeout(r, 0));
      return person.say('骊城街道', 'dup-3-where');
    }
  });
});

describe('several messages of one person at once', () => {
  it('are handled in the order they arrived, each once', async () => {
    const p = new Person(engine, 'burst-1');
    const answers = ['投诉', '工地夜间施工噪音很大，影响休息', '骊城街道某小区旁', '最近一周每天夜里', '跳过', '匿名'];
    const replies = await Promise.all(answers.map((t) => p.say(t)));
    expect(texts(replies[0]!)).toContain('1/5');
    expect(texts(replies[1]!)).toContain('2/5');
    expect(texts(replies[2]!)).toContain('3/5');
    expect(texts(replies[3]!)).toContain('4/5');
    expect(texts(replies[4]!)).toContain('5/5');
    const summary = texts(replies[5]!);
    expect(summary).toContain('事由：工地夜间施工噪音很大');
    expect(summary).toContain('地点：骊城街道某小区旁');
    const before = await count('SELECT count(*) AS n FROM complaints');
    const [done, again] = await Promise.all([p.say('确认提交'), p.say('确认提交')]);
    trackingNoIn(texts(done!));
    expect(texts(again!)).not.toMatch(/TS-\d{4}-\d{6}/); // the second is a new message after the dialogue ended
    expect(await count('SELECT count(*) AS n FROM complaints')).toBe(before + 1);
  });

  it('from two people filing at once give each their own number', async () => {
    const people = Array.from({ length: 6 }, (_, i) => new Person(i % 2 ? second : engine, `burst-many-${i}`));
    await Promise.all(people.map((p, i) => draft(p, `第${i}家商店销售过期食品，多次发现`)));
    const before = await count('SELECT count(*) AS n FROM complaints');
    const nos = await Promise.all(people.map(async (p) => trackingNoIn(await p.text('确认提交'))));
    expect(new Set(nos).size).toBe(people.length);
    expect(await count('SELECT count(*) AS n FROM complaints')).toBe(before + people.length);
  });
});
