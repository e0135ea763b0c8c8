/**
 * The Telegram adapter, exactly as `npm start` builds it (telegramModule), against a
 * fake Bot API server on 127.0.0.1 and a real engine over this file's test database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { telegramModule, type TelegramOptions } from '../adapters/telegram';
import type { ChannelModule } from '../adapters/module';
import { TransientError } from '../bot/channels';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { accounts, complaints, deliveries } from '../db/schema';
import { unitOfWork } from '../db/store';
import { BAD_GATEWAY, BOT_BLOCKED, DROP, FakeTelegram, TOO_MANY_REQUESTS, type SentMessage } from './support/fake-telegram';
import { type TestDatabase, testDatabase } from './support/db';

const TOKEN = '7000001:AAH-test_token-for-the-fake';
const log = pino({ level: 'silent' });
/** Fast enough for a dialogue; the rate tests set their own limits. */
const FAST = { perChatPerSecond: 100, globalPerSecond: 500, baseDelayMs: 20, maxDelayMs: 200, drainTimeoutMs: 1000 };

let database: TestDatabase;
let engine: Engine;

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db)));
});
afterAll(async () => {
  await database?.close();
});

function module(fake: FakeTelegram, opts: Partial<TelegramOptions> = {}): ChannelModule {
  return telegramModule({ token: TOKEN, apiRoot: fake.url, sender: FAST, ...opts }, { engine, log });
}

/** Message ids the engine recorded for a Telegram user. */
async function deliveryIds(userId: number): Promise<string[]> {
  const rows = await database.db
    .select({ messageId: deliveries.messageId })
    .from(deliveries)
    .innerJoin(accounts, eq(accounts.id, deliveries.accountId))
    .where(and(eq(accounts.platform, 'telegram'), eq(accounts.externalId, String(userId))));
  return rows.map((r) => r.messageId).sort();
}

/** Reads a chat's messages in order: each call waits for the next one matching. */
function reader(fake: FakeTelegram, chatId: number) {
  let cursor = 0;
  return async (match: RegExp): Promise<SentMessage> => {
    const msg = await fake.waitFor(() => fake.sentTo(chatId).slice(cursor).find((m) => match.test(m.text)), `a message to ${chatId} matching ${match}`);
    cursor = fake.sentTo(chatId).indexOf(msg) + 1;
    return msg;
  };
}

const texts = (ms: SentMessage[]) => ms.map((m) => m.text);

describe('long polling', () => {
  let fake: FakeTelegram;
  let tg: ChannelModule;

  beforeAll(async () => {
    fake = await FakeTelegram.start(TOKEN);
    tg = module(fake);
    await tg.start();
  });
  afterAll(async () => {
    await tg?.channel.stop();
    await fake?.close();
  });

  it('start() resolves with polling under way and no webhook', async () => {
    expect(fake.callsOf('getMe')).toHaveLength(1);
    expect(fake.callsOf('deleteWebhook').length).toBeGreaterThan(0);
    await fake.waitFor(() => fake.callsOf('getUpdates', (c) => Number(c.params.timeout) > 0).length, 'a long poll');
    expect(tg.channel.platform).toBe('telegram');
  });

  it('files a complaint end to end, answering with inline buttons', async () => {
    const alice = fake.user(2001, '小红', '李');
    const next = reader(fake, alice.id);
    const pushed: number[] = [];
    const say = (text: string) => pushed.push(fake.push(fake.textUpdate(alice, text)).update_id);
    const press = (msg: SentMessage, label: string) => {
      const u = fake.push(fake.click(alice, msg, label));
      pushed.push(u.update_id);
      return u.callback_query.id;
    };

    say('投诉');
    await next(/【投诉举报 1\/5】/);
    say('小区门口的烧烤摊油烟很大，还占道经营'); // no time in it: the time question comes with its 不清楚 button
    await next(/【投诉举报 2\/5】/);
    say('骊城街道金山小区北门');
    const when = await next(/【投诉举报 3\/5】/);
    // A prompt's buttons are keyed and carry its ref (stale options): the text is read back from the keyboard.
    expect(when.reply_markup).toEqual({ inline_keyboard: [[{ text: '不清楚', callback_data: expect.stringMatching(/^~0\|complaint:when:\d+$/) }]] });

    const q1 = press(when, '不清楚');
    const accused = await next(/【投诉举报 4\/5】/);
    await fake.waitFor(() => fake.answerOf(q1), 'the callback query answered');
    const contact = await (press(accused, '跳过'), next(/【投诉举报 5\/5】/));
    const summary = await (press(contact, '匿名'), next(/请核对您的投诉举报/));
    expect(summary.text).toContain('时间：不清楚');
    expect(summary.text).toContain('联系方式：匿名');
    // Short options two to a row.
    expect(summary.reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([['确认提交', '更改受理单位'], ['取消']]);

    const lastQuery = press(summary, '确认提交');
    const registered = await next(/已登记/);
    const trackingNo = registered.text.match(/TS-\d{4}-\d{6}/)?.[0];
    expect(trackingNo).toMatch(/^TS-\d{4}-\d{6}$/);
    await fake.waitFor(() => fake.answerOf(lastQuery), 'the last callback query answered');

    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, trackingNo!));
    expect(row).toMatchObject({ status: 'registered', whenText: '不清楚', contactPhone: null, accusedText: null, whereText: '骊城街道金山小区北门' });
    expect(row!.what).toContain('烧烤摊');
    // Every update was one engine turn, keyed by its update_id.
    expect(await deliveryIds(alice.id)).toEqual(pushed.map((id) => `u${id}`).sort());
    // Every callback query was answered exactly once.
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(4);
  });

  it('in a group, answers only a mention or a reply to the bot, without the mention', async () => {
    const bob = fake.user(3001, '老张');
    const group = { id: -100_777, type: 'supergroup' as const, title: '执法协同工作群' };
    const spy = vi.spyOn(engine, 'handle');
    try {
      fake.push(fake.textUpdate(bob, '大家早上好', { chat: group }));
      const mention = fake.push(fake.textUpdate(bob, `@${fake.bot.username} 帮助`, { chat: group }));
      const next = reader(fake, group.id);
      const help = await next(/执法协同助手可以帮您/);
      // Answered as a reply to the asker's message.
      const attempt = fake.attemptsTo(group.id).find((c) => c.params.text === help.text)!;
      expect(attempt.params.reply_parameters).toMatchObject({ message_id: mention.message.message_id });

      fake.push(fake.textUpdate(bob, '/help', { chat: group })); // a command for no bot in particular
      fake.push(fake.textUpdate(bob, `/start@${fake.bot.username}`, { chat: group }));
      await next(/执法协同助手可以帮您/);
      fake.push(fake.textUpdate(bob, '查询', { chat: group, replyTo: help }));
      await fake.waitFor(() => spy.mock.calls.length >= 3, 'three turns');
      await fake.waitFor(() => fake.sentTo(group.id).length >= 3, 'three answers');

      expect(spy.mock.calls.map(([m]) => [m.chatId, m.externalId, m.text])).toEqual([
        ['-100777', '3001', '帮助'],
        ['-100777', '3001', '帮助'],
        ['-100777', '3001', '查询'],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('an option over 64 bytes gets a short key that a press maps back to its text', async () => {
    const carol = fake.user(4001, '王');
    const long = '请将本投诉转交抚宁区市场监督管理局与抚宁区综合行政执法局共同核查处理';
    expect(Buffer.byteLength(long)).toBeGreaterThan(64);
    await tg.channel.send({ externalId: '4001', chatId: '4001' }, { text: '请选择受理单位：', options: ['确认', long] });
    const msg = fake.sentTo(carol.id).at(-1)!;
    expect(msg.reply_markup?.inline_keyboard).toEqual([[{ text: '确认', callback_data: '确认' }], [{ text: long, callback_data: '~1' }]]);

    const spy = vi.spyOn(engine, 'handle');
    try {
      const press = fake.push(fake.click(carol, msg, long));
      await fake.waitFor(() => spy.mock.calls.length === 1, 'the press reaching the engine');
      expect(spy.mock.calls[0]![0]).toMatchObject({ platform: 'telegram', externalId: '4001', chatId: '4001', text: long, messageId: `u${press.update_id}` });
      await fake.waitFor(() => fake.answerOf(press.callback_query.id), 'the press answered');

      // A keyed button whose message no longer comes with its keyboard: answered, not guessed.
      const stale = fake.push(fake.callbackUpdate(carol, { ...msg, reply_markup: undefined } as SentMessage, '~1'));
      const answer = await fake.waitFor(() => fake.answerOf(stale.callback_query.id), 'the stale press answered');
      expect(answer.text).toContain('已失效');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('a reply refused with 429 is sent again after retry_after', async () => {
    const dave = fake.user(4501, '赵');
    fake.failNext('sendMessage', 1, TOO_MANY_REQUESTS);
    fake.push(fake.textUpdate(dave, '帮助'));
    await reader(fake, dave.id)(/执法协同助手可以帮您/);
    const [first, second] = fake.attemptsTo(dave.id);
    expect([first!.status, second!.status]).toEqual([429, 200]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('a turn that fails is tried again, not lost, and answered once', async () => {
    const ivy = fake.user(4601, '郑');
    const spy = vi.spyOn(engine, 'handle').mockRejectedValueOnce(new Error('database unavailable'));
    try {
      const u = fake.push(fake.textUpdate(ivy, '帮助'));
      await reader(fake, ivy.id)(/执法协同助手可以帮您/);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await deliveryIds(ivy.id)).toEqual([`u${u.update_id}`]);
      expect(fake.sentTo(ivy.id)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('stop() ends long polling promptly and refuses later sends as transient', async () => {
    const t0 = Date.now();
    await tg.channel.stop();
    expect(Date.now() - t0).toBeLessThan(3000);
    await fake.waitFor(() => fake.openPolls === 0, 'the long poll closed');
    const polls = fake.callsOf('getUpdates').length;
    await expect(tg.channel.send({ externalId: '1', chatId: '1' }, { text: '你好' })).rejects.toBeInstanceOf(TransientError);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('getUpdates').length).toBe(polls);
  });
});

describe('webhook', () => {
  const WEBHOOK_URL = 'https://xietong.example.gov.cn/telegram/webhook';
  let fake: FakeTelegram;
  let tg: ChannelModule;
  let server: Server;
  let base: string;
  let secret: string;

  beforeAll(async () => {
    fake = await FakeTelegram.start(TOKEN);
    tg = module(fake, { webhookUrl: WEBHOOK_URL }); // no secret given: one is generated
    const app = new Koa();
    const router = new Router();
    tg.routes!(router);
    app.use(router.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((res) => server.once('listening', res));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await tg.start();
    secret = fake.webhook?.secret_token ?? '';
  });
  afterAll(async () => {
    await tg?.channel.stop();
    await new Promise<void>((res) => {
      server?.close(() => res());
      server?.closeAllConnections();
    });
    await fake?.close();
  });

  const post = (body: string, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': secret }) =>
    fetch(`${base}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('start() sets the webhook with a generated secret and does not poll', async () => {
    expect(fake.webhook).toMatchObject({ url: WEBHOOK_URL, allowed_updates: ['message', 'callback_query'] });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('a missing or wrong secret header gets 401 and stores nothing', async () => {
    const erin = fake.user(5001, '钱');
    const update = JSON.stringify(fake.textUpdate(erin, '投诉'));
    const spy = vi.spyOn(engine, 'handle');
    try {
      expect((await post(update, {})).status).toBe(401);
      expect((await post(update, { 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
      expect((await post(update, { 'x-telegram-bot-api-secret-token': `${secret}x` })).status).toBe(401);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    const account = await database.db.select().from(accounts).where(and(eq(accounts.platform, 'telegram'), eq(accounts.externalId, '5001')));
    expect(account).toEqual([]);
    expect(await deliveryIds(erin.id)).toEqual([]);
    expect(fake.attemptsTo(erin.id)).toEqual([]);
  });

  it('a malformed body gets 400', async () => {
    for (const body of ['{"update_id": 1, "message":', 'not json', '[]', '{"message": {}}', '{"update_id": "7"}', '']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
    }
  });

  it('an update is processed once, however often and concurrently it is delivered', async () => {
    const frank = fake.user(5002, '孙');
    const next = reader(fake, frank.id);
    const first = JSON.stringify(fake.textUpdate(frank, '投诉'));
    const firstId = JSON.parse(first).update_id;

    const statuses = await Promise.all([post(first), post(first)]).then((rs) => rs.map((r) => r.status));
    expect(statuses).toEqual([200, 200]);
    // Answered after processing: the turn is already stored.
    expect(await deliveryIds(frank.id)).toEqual([`u${firstId}`]);
    await next(/【投诉举报 1\/5】/);
    expect((await post(first)).status).toBe(200); // delivered again later
    const sentForFirst = fake.sentTo(frank.id).length;

    const second = fake.textUpdate(frank, '楼道里堆满杂物，堵住了消防通道');
    expect((await post(JSON.stringify(second))).status).toBe(200);
    // Advanced one step: a second processing of “投诉” would have taken it as the answer to 1/5.
    await next(/【投诉举报 2\/5】/);
    // Same chat, first in first out: a duplicate reply would have come before this one.
    expect(fake.sentTo(frank.id)).toHaveLength(sentForFirst + 1);
    expect(texts(fake.sentTo(frank.id)).filter((t) => t.includes('1/5'))).toHaveLength(1);
    expect(await deliveryIds(frank.id)).toEqual([`u${firstId}`, `u${second.update_id}`].sort());
  });

  it('an update that failed is answered 500 and processed when Telegram delivers it again', async () => {
    const gina = fake.user(5003, '周');
    const update = JSON.stringify(fake.textUpdate(gina, '帮助'));
    const spy = vi.spyOn(engine, 'handle').mockRejectedValueOnce(new Error('database unavailable'));
    try {
      expect((await post(update)).status).toBe(500);
      expect(await deliveryIds(gina.id)).toEqual([]);
      expect((await post(update)).status).toBe(200);
      await reader(fake, gina.id)(/执法协同助手可以帮您/);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(fake.sentTo(gina.id)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('a button pressed under a webhook is answered and taken as the option', async () => {
    const hank = fake.user(5004, '吴');
    const next = reader(fake, hank.id);
    expect((await post(JSON.stringify(fake.textUpdate(hank, '帮助')))).status).toBe(200);
    const help = await next(/执法协同助手可以帮您/);
    const press = fake.click(hank, help, '投诉');
    expect((await post(JSON.stringify(press))).status).toBe(200);
    await next(/【投诉举报 1\/5】/);
    expect(fake.answerOf(press.callback_query.id)).toBeDefined();
  });

  it('refuses a webhook secret Telegram would not accept', () => {
    expect(() => module(fake, { webhookUrl: WEBHOOK_URL, webhookSecret: 'has spaces!' })).toThrow(/webhookSecret/);
  });
});

describe('sending: retries and limits', () => {
  let fake: FakeTelegram;
  let tg: ChannelModule;
  const send = (chatId: number, text: string) => tg.channel.send({ externalId: String(chatId), chatId: String(chatId) }, { text });
  const statuses = (chatId: number) => fake.attemptsTo(chatId).map((c) => c.status);

  beforeAll(async () => {
    fake = await FakeTelegram.start(TOKEN);
    tg = module(fake, { sender: { ...FAST, maxAttempts: 4 } }); // send() needs no start()
  });
  afterAll(async () => {
    await tg?.channel.stop();
    await fake?.close();
  });

  it('429: waits retry_after, then delivers', async () => {
    fake.failNext('sendMessage', 1, TOO_MANY_REQUESTS);
    await send(6001, '【受理告知】您的投诉举报已受理');
    expect(statuses(6001)).toEqual([429, 200]);
    const [a, b] = fake.attemptsTo(6001);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(texts(fake.sentTo(6001))).toEqual(['【受理告知】您的投诉举报已受理']);
  });

  it('502 and a dropped connection are retried, and the chat keeps its order', async () => {
    fake.failNext('sendMessage', 1, BAD_GATEWAY);
    fake.failNext('sendMessage', 1, DROP);
    await Promise.all([send(6002, '第一条'), send(6002, '第二条'), send(6002, '第三条')]);
    expect(statuses(6002)).toEqual([502, 0, 200, 200, 200]);
    expect(texts(fake.sentTo(6002))).toEqual(['第一条', '第二条', '第三条']);
  });

  it('403 is permanent: not retried, not transient, and the queue goes on', async () => {
    fake.failNext('sendMessage', 1, BOT_BLOCKED);
    const err = await send(6003, '通知').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TransientError);
    expect(String((err as Error).message)).toContain('403');
    expect(statuses(6003)).toEqual([403]);
    await send(6003, '下一条');
    expect(texts(fake.sentTo(6003))).toEqual(['下一条']);
  });

  it('transient failures past the attempts reject with TransientError for the dispatcher to retry', async () => {
    fake.failNext('sendMessage', 4, BAD_GATEWAY);
    await expect(send(6004, '通知')).rejects.toBeInstanceOf(TransientError);
    expect(statuses(6004)).toEqual([502, 502, 502, 502]);
    expect(fake.sentTo(6004)).toEqual([]);
  });

  it('at most N messages a second to one chat, in order, without holding up other chats', async () => {
    const limited = module(fake, { sender: { ...FAST, perChatPerSecond: 5 } });
    try {
      const started = Date.now();
      const sends = Array.from({ length: 10 }, (_, i) => limited.channel.send({ externalId: '6100', chatId: '6100' }, { text: `第${i + 1}条` }));
      const other = limited.channel.send({ externalId: '6101', chatId: '6101' }, { text: '别的会话' });
      await Promise.all([...sends, other]);
      const elapsed = Date.now() - started;

      expect(texts(fake.sentTo(6100))).toEqual(Array.from({ length: 10 }, (_, i) => `第${i + 1}条`));
      expect(elapsed).toBeGreaterThanOrEqual(1800);
      expect(elapsed).toBeLessThan(5000); // spaced, not held back further
      // As the server saw them (arrival times jitter a little with load).
      const at = fake.attemptsTo(6100).map((c) => c.at);
      expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1700);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(120);
      // The other chat did not wait behind this one.
      expect(fake.attemptsTo(6101)[0]!.at).toBeLessThan(at[2]!);
    } finally {
      await limited.channel.stop();
    }
  });

  it('at most N messages a second over all chats', async () => {
    const limited = module(fake, { sender: { ...FAST, globalPerSecond: 10 } });
    try {
      const started = Date.now();
      await Promise.all(Array.from({ length: 10 }, (_, i) => limited.channel.send({ externalId: `${6200 + i}`, chatId: `${6200 + i}` }, { text: '通知' })));
      expect(Date.now() - started).toBeGreaterThanOrEqual(850);
      const at = Array.from({ length: 10 }, (_, i) => fake.attemptsTo(6200 + i)[0]!.at).sort((a, b) => a - b);
      expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(750);
    } finally {
      await limited.channel.stop();
    }
  });
});

describe('start-up', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await FakeTelegram.start(TOKEN);
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('rejects a bad token clearly, in polling and webhook mode, and receives nothing', async () => {
    for (const webhookUrl of [undefined, 'https://xietong.example.gov.cn/telegram/webhook']) {
      const tg = module(fake, { token: '123:not-the-token', ...(webhookUrl ? { webhookUrl } : {}) });
      await expect(tg.start()).rejects.toThrow(/rejected the bot token.*401/);
      await tg.channel.stop();
    }
    expect(fake.callsOf('getMe').map((c) => c.status)).toEqual([401, 401]);
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe', 'getMe']); // no deleteWebhook, setWebhook or getUpdates
  });

  it('rides out a reset connection or a 5xx at start-up instead of losing the channel', async () => {
    fake.failNext('getMe', 1, DROP);
    fake.failNext('deleteWebhook', 1, BAD_GATEWAY);
    const tg = module(fake);
    await tg.start();
    expect(fake.callsOf('getMe').slice(-2).map((c) => c.status)).toEqual([0, 200]);
    expect(fake.callsOf('deleteWebhook').slice(-2).map((c) => c.status)).toEqual([502, 200]);
    await tg.channel.stop();
  });

  it('rejects clearly when the Bot API cannot be reached', async () => {
    const closed: Server = createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', () => res()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const tg = telegramModule({ token: TOKEN, apiRoot: `http://127.0.0.1:${port}` }, { engine, log });
    const err = await tg.start().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot reach the Telegram Bot API/);
    expect((err as Error).message).not.toContain(TOKEN.split(':')[1]!); // the token is never shown
    await tg.channel.stop();
  });
});
