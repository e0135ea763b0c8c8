/**
 * One person across platforms, and notifications pushed through their channel by the
 * dispatcher: exactly the code `npm start` runs, with a recording fake channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { type Channel, TransientError } from '../bot/channels';
import { Dispatcher } from '../bot/dispatcher';
import type { Engine } from '../bot/engine';
import { issueInvite } from '../bot/invites';
import { createEngine } from '../bot/services';
import { deliveryQueue } from '../db/queue';
import { accounts, outbox, people } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import type { Address } from '../bot/channels';
import type { Reply } from '../domain/ports';
import { Person, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';

class FakeChannel implements Channel {
  sent: { to: Address; reply: Reply }[] = [];
  failures: Error[] = [];
  constructor(readonly platform: 'telegram' | 'wecom') {}
  async send(to: Address, reply: Reply) {
    const f = this.failures.shift();
    if (f) throw f;
    await new Promise((r) => setTimeout(r, 5)); // a real send takes time: lets two dispatchers overlap
    this.sent.push({ to, reply });
  }
}

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
const push = new Set<string>(['telegram', 'wecom']);
const log = pino({ level: 'silent' });

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { pushPlatforms: () => push }));
});
afterAll(async () => database?.close());

async function staff(p: Person, org: string, role: string) {
  const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, org, role, new Date()));
  if (!r.ok) throw new Error(r.reason);
  expect(await p.text(`绑定 ${r.value.code}`)).toContain('绑定成功');
}

async function fileComplaint(p: Person): Promise<string> {
  for (const t of ['投诉', '饭馆卖的熟食变质发臭，吃了呕吐', '抚宁镇南街饭馆', '昨天中午', '跳过', '匿名']) await p.say(t);
  return trackingNoIn(await p.text('确认提交'));
}

describe('one person, many platforms', () => {
  it('a citizen who started on the web links Telegram and follows the complaint there', async () => {
    const web = new Person(engine, 'browser-1', 'web');
    const tg = new Person(engine, '5550001', 'telegram');
    const no = await fileComplaint(web);
    expect(await tg.text(`查询 ${no}`)).toContain('未找到'); // not linked yet: a stranger

    const codeText = await web.text('关联账号');
    const code = codeText.match(/\d{4}-\d{4}/)![0];
    expect(await web.text(`关联 ${code}`)).toContain('另一个平台'); // not on the same person, and not spent by that
    expect(await tg.text(`关联 ${code}`)).toContain('关联成功');
    expect(await new Person(engine, '5550009', 'telegram').text(`关联 ${code}`)).toContain('无效、已使用或已过期'); // single use
    expect(await tg.text(`查询 ${code}`)).toContain('编号格式'); // codes are not tracking numbers
    expect(await tg.text(`查询 ${no}`)).toContain('状态：已登记，待受理');

    const mine = await tg.text('我的账号');
    expect(mine).toContain('网页');
    expect(mine).toContain('Telegram（当前）');
    expect(await tg.text('通知渠道 微信')).toContain('还没有关联微信账号');
    expect(await tg.text('通知渠道 网页')).toContain('网页');
    expect(await tg.text('通知渠道 Telegram')).toContain('Telegram');

    // Both accounts are one person now.
    const rows = await database.db.select().from(accounts).where(sql`${accounts.externalId} in ('browser-1', '5550001')`);
    expect(new Set(rows.map((r) => r.personId)).size).toBe(1);
  });

  it('a staff member bound on WeCom receives, through the dispatcher, the notice of a complaint filed on Telegram', async () => {
    const wecom = new FakeChannel('wecom');
    const dispatcher = new Dispatcher(deliveryQueue(database.db), log);
    dispatcher.register(wecom);

    const officer = new Person(engine, 'zhangsan', 'wecom');
    await staff(officer, 'scjg', 'officer');
    const citizen = new Person(engine, '5550002', 'telegram');
    const no = await fileComplaint(citizen);

    expect(await dispatcher.tick()).toBe(1);
    expect(wecom.sent).toHaveLength(1);
    expect(wecom.sent[0]!.to.externalId).toBe('zhangsan');
    expect(wecom.sent[0]!.reply.text).toContain(no);
    expect(await dispatcher.tick()).toBe(0); // delivered once
    expect(await officer.inbox()).toEqual([]); // and not also offered to a polled channel
  });
});

describe('the dispatcher', () => {
  async function queued(n: number, platform: 'telegram' | 'wecom') {
    const p = new Person(engine, `q-${platform}-${Math.random()}`, platform);
    const ref = await unitOfWork(database.db).run((s) => s.people.resolveAccount(platform, p.externalId));
    for (let i = 1; i <= n; i++) await unitOfWork(database.db).run((s) => s.outbox.enqueue(ref.personId, ref.accountId, { text: `第${i}条` }));
    return ref;
  }

  it('retries a transient failure, keeps order, and gives up on a permanent one', async () => {
    const tg = new FakeChannel('telegram');
    const d = new Dispatcher(deliveryQueue(database.db), log, { backoff: () => 0 });
    d.register(tg);
    const ref = await queued(3, 'telegram');
    tg.failures.push(new TransientError('502 Bad Gateway'));
    expect(await d.tick()).toBe(0); // first fails; the others wait behind it
    await new Promise((r) => setTimeout(r, 20));
    expect(await d.tick()).toBe(3);
    expect(tg.sent.map((s) => s.reply.text)).toEqual(['第1条', '第2条', '第3条']);

    tg.sent = [];
    const other = await queued(1, 'telegram');
    tg.failures.push(new Error('403 Forbidden: bot was blocked by the user'));
    expect(await d.tick()).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(await d.tick()).toBe(0);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.accountId, other.accountId));
    expect(row!.failedAt).not.toBeNull();
    expect(row!.lastError).toContain('403');
    expect(ref.personId).not.toBe(other.personId);
  });

  it('two dispatchers at once send every message exactly once', async () => {
    const shared = new FakeChannel('telegram');
    const a = new Dispatcher(deliveryQueue(database.db), log, { batch: 7 });
    const b = new Dispatcher(deliveryQueue(database.db), log, { batch: 7 });
    a.register(shared);
    b.register(shared);
    for (let i = 0; i < 5; i++) await queued(6, 'telegram');
    let total = 0;
    for (let round = 0; round < 10; round++) total += (await Promise.all([a.tick(), b.tick()])).reduce((x, y) => x + y, 0);
    expect(total).toBe(30);
    const keys = shared.sent.map((s) => `${s.to.externalId}/${s.reply.text}`);
    expect(new Set(keys).size).toBe(30);
    const [left] = await database.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(sql`delivered_at IS NULL AND failed_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE platform = 'telegram')`);
    expect(left!.n).toBe(0);
  });

  it('a person merged away leaves no orphan rows', async () => {
    const [{ n }] = (await database.db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(sql`person_id NOT IN (SELECT id FROM ${people})`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});
