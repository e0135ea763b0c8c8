/**
 * The WeCom adapter: its routes on a koa app, a real engine over a test database, and a
 * fake WeCom API. Callbacks are built test-side (openssl CLI + own sha1).
 */
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Koa from 'koa';
import Router from '@koa/router';
import pino from 'pino';
import { and, count, eq, isNull } from 'drizzle-orm';
import { TransientError } from '../bot/channels';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { accounts, complaints, deliveries, outbox } from '../db/schema';
import { Dispatcher } from '../bot/dispatcher';
import { deliveryQueue } from '../db/queue';
import { unitOfWork } from '../db/store';
import { type WecomModule, type WecomOptions, wecomModule } from '../adapters/wecom';
import { aesKeyOf, decrypt, encrypt, pkcs7Unpad, signature, verifySignature, WecomCryptoError } from '../adapters/wecom/crypto';
import { parseXml, XmlError } from '../adapters/wecom/xml';
import { splitText } from '../adapters/wecom/render';
import { type TestDatabase, testDatabase } from './support/db';
import { CallbackBuilder, FakeWecom, opensslAes, sign, textMessageXml } from './support/fake-wecom';

const CORP_ID = 'ww5823bf96d3bd56c7';
const SECRET = 'test-corp-secret-0123456789';
const AGENT_ID = 1000002;
const TOKEN = 'Xt7wecomToken';
const AES_KEY = 'Q2xZ8mN4pR6sT1uV3wX5yZ7aB9cD0eF2gH4iJ6kL8mN'; // 43 characters, [A-Za-z0-9]
const PATH = '/wecom/callback';
const FAST_RETRY = [5, 10, 20];
const log = pino({ level: 'silent' });

let database: TestDatabase;
let engine: Engine;
let fake: FakeWecom;

interface Mounted {
  mod: WecomModule;
  url: string;
  close(): Promise<void>;
}

/** The module's routes on a small koa app, as the lead's server will mount them. */
async function mount(o: Partial<WecomOptions> = {}): Promise<Mounted> {
  const mod = wecomModule(
    { corpId: CORP_ID, corpSecret: SECRET, agentId: String(AGENT_ID), token: TOKEN, encodingAesKey: AES_KEY, apiRoot: fake.url, retryDelaysMs: FAST_RETRY, ...o },
    { engine, log },
  );
  const app = new Koa();
  const router = new Router();
  mod.routes(router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r, j) => server.once('listening', r).once('error', j));
  return {
    mod,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${o.path ?? PATH}`,
    async close() {
      await mod.channel.stop();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

let main: Mounted;
const builder = new CallbackBuilder(TOKEN, AES_KEY, CORP_ID);
let msgSeq = 7_000_000_000_000_000;
const nextMsgId = () => String(++msgSeq);

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db)));
  fake = await new FakeWecom(CORP_ID, SECRET, AGENT_ID).start();
  main = await mount();
  await main.mod.start();
});
afterAll(async () => {
  await main?.close();
  await fake?.close();
  await database?.close();
});

async function post(url: string, query: string, body: string | Uint8Array<ArrayBuffer>) {
  const res = await fetch(`${url}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: res.status, text: await res.text() };
}

/** A signed, encrypted text-message callback. */
function textCallback(from: string, content: string, msgId = nextMsgId(), o: { timestamp?: number; nonce?: string } = {}) {
  const encrypted = builder.encrypt(textMessageXml({ corpId: CORP_ID, from, content, msgId }));
  return { query: builder.query(encrypted, o), body: builder.body(encrypted) };
}

/** One message from a member; resolves with the messages the bot sent back for it. */
async function say(user: string, content: string): Promise<string[]> {
  const before = fake.messagesTo(user).length;
  const c = textCallback(user, content);
  const r = await post(main.url, c.query, c.body);
  expect(r).toEqual({ status: 200, text: '' });
  await main.mod.idle();
  return fake.messagesTo(user).slice(before);
}

async function countRows() {
  const [d] = await database.db.select({ n: count() }).from(deliveries);
  const [a] = await database.db.select({ n: count() }).from(accounts);
  return { deliveries: d!.n, accounts: a!.n };
}

describe('URL verification (GET)', () => {
  it('answers the decrypted echostr as plain text', async () => {
    const echo = builder.encrypt('8832941157620912353');
    const res = await fetch(`${main.url}?${builder.query(echo, { echo: true })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('8832941157620912353');
  });

  it('passes the example of the WeCom documentation (加解密方案说明)', async () => {
    // Token, EncodingAESKey, CorpID and the signed echostr of the official sample.
    const doc = await mount({
      token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7',
      now: () => 1409659589 * 1000 + 2000,
    });
    try {
      const q = new URLSearchParams({
        msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780',
        echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
      });
      const res = await fetch(`${doc.url}?${q}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('1616140317555161061');
    } finally {
      await doc.close();
    }
  });

  it('refuses a forged signature, a wrong CorpID and a stale timestamp with 401', async () => {
    const echo = builder.encrypt('123');
    const forged = await fetch(`${main.url}?${builder.query(echo, { echo: true, token: 'not-the-token' })}`);
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain('123');
    const otherCorp = builder.encrypt('123', { receiveId: 'wwSomeoneElse' });
    expect((await fetch(`${main.url}?${builder.query(otherCorp, { echo: true })}`)).status).toBe(401);
    const stale = await fetch(`${main.url}?${builder.query(echo, { echo: true, timestamp: Math.floor(Date.now() / 1000) - 3600 })}`);
    expect(stale.status).toBe(401);
    expect((await fetch(`${main.url}?timestamp=1&nonce=2`)).status).toBe(400);
  });
});

describe('a complaint filed through encrypted callbacks', () => {
  it('reaches the member through message/send and is stored, with options answered by number', async () => {
    const user = 'ZhangSan';
    let got = await say(user, '投诉');
    expect(got.at(-1)).toContain('【投诉举报 1/5】');
    got = await say(user, '饭店后厨卫生很差，有老鼠，吃完拉肚子');
    expect(got.at(-1)).toContain('2/5');
    got = await say(user, '抚宁镇兴华街12号的饭店');
    expect(got.at(-1)).toContain('3/5');
    expect(got.at(-1)).toContain('回复序号或文字：\n1. 不清楚'); // options as numbered lines
    got = await say(user, '1'); // → 不清楚
    expect(got.at(-1)).toContain('4/5');
    got = await say(user, '１'); // full-width → 跳过
    expect(got.at(-1)).toContain('5/5');
    got = await say(user, '张三 13800138000');
    expect(got.at(-1)).toContain('时间：不清楚');
    expect(got.at(-1)).toContain('被投诉对象：无');
    expect(got.at(-1)).toMatch(/1\. 确认提交\n2\. 更改受理单位\n3\. 取消/);
    got = await say(user, '1'); // → 确认提交

    const all = fake.messagesTo(user);
    const no = all.at(-1)!.match(/TS-\d{4}-\d{6}/)?.[0];
    expect(no, all.at(-1)).toBeTruthy();
    const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no!));
    expect(row).toMatchObject({ whenText: '不清楚', contactPhone: '13800138000' });
    expect(row!.what).toContain('老鼠');
    expect(fake.sent.every((m) => m.agentid === AGENT_ID && m.msgtype === 'text')).toBe(true);

    // The same member follows it by tracking number.
    expect((await say(user, `查询 ${no}`)).join('\n')).toContain(no!);
    // Another member does not see it.
    expect((await say('LiSi', `查询 ${no}`)).join('\n')).toContain('未找到');
  });

  it('a number with no options shown, or beyond the options, is passed on as typed', async () => {
    await say('WangWu', '投诉');
    await say('WangWu', '小区门口的早餐摊占道经营');
    let got = await say('WangWu', '7'); // step 2 has no options: "7" is a (too short) place
    expect(got.at(-1)).toContain('【投诉举报 2/5】');
    got = await say('WangWu', '骊城街道');
    expect(got.at(-1)).toContain('1. 不清楚');
    got = await say('WangWu', '5'); // one option only: "5" is taken as the time itself
    expect(got.at(-1)).toContain('4/5');
    await say('WangWu', '跳过');
    expect((await say('WangWu', '匿名')).at(-1)).toContain('时间：5');
  });

  it('events are acknowledged and ignored; other message types get a request for text', async () => {
    const before = await countRows();
    const event = builder.encrypt(
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[ZhaoLiu]]></FromUserName><CreateTime>1</CreateTime>` +
        `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>${AGENT_ID}</AgentID></xml>`,
    );
    expect(await post(main.url, builder.query(event), builder.body(event))).toEqual({ status: 200, text: '' });
    expect(await countRows()).toEqual(before);

    const image = builder.encrypt(
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[ZhaoLiu]]></FromUserName><CreateTime>1</CreateTime>` +
        `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>` +
        `<MsgId>${nextMsgId()}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`,
    );
    expect((await post(main.url, builder.query(image), builder.body(image))).status).toBe(200);
    await main.mod.idle();
    // An image is a file now (issue 17, test/attachments-channels.test.ts); this engine takes none.
    expect(fake.messagesTo('ZhaoLiu').join('\n')).toContain('本系统未开启文件接收');

    const location = builder.encrypt(
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[ZhaoLiu]]></FromUserName><CreateTime>1</CreateTime>` +
        `<MsgType><![CDATA[location]]></MsgType><Location_X>39.88</Location_X><Location_Y>119.23</Location_Y><Scale>15</Scale><Label><![CDATA[抚宁]]></Label>` +
        `<MsgId>${nextMsgId()}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`,
    );
    expect((await post(main.url, builder.query(location), builder.body(location))).status).toBe(200);
    await main.mod.idle();
    expect(fake.messagesTo('ZhaoLiu').join('\n')).toContain('请输入文字消息');
  });
});

describe('bad callbacks are refused and store nothing', () => {
  const inner = (o: { from?: string; content?: string; msgId?: string } = {}) =>
    textMessageXml({ corpId: CORP_ID, from: o.from ?? 'Mallory', content: o.content ?? '投诉', msgId: o.msgId ?? nextMsgId() });
  const signed = (encrypted: string, o: { timestamp?: number; token?: string } = {}) => ({ query: builder.query(encrypted, o), body: builder.body(encrypted) });
  const now = () => Math.floor(Date.now() / 1000);

  type Case = [name: string, make: () => { query: string; body: string | Uint8Array<ArrayBuffer> }, status: number, reason: RegExp];
  const cases: Case[] = [
    ['a forged signature', () => signed(builder.encrypt(inner()), { token: 'guessed' }), 401, /签名无效/],
    ['a signature over another Encrypt', () => ({ query: builder.query(builder.encrypt(inner())), body: builder.body(builder.encrypt(inner())) }), 401, /签名无效/],
    ['a wrong CorpID', () => signed(builder.encrypt(inner(), { receiveId: 'wwAnotherCorp0000' })), 401, /CorpID/],
    ['a stale timestamp (10 minutes old)', () => signed(builder.encrypt(inner()), { timestamp: now() - 600 }), 401, /过期/],
    ['a timestamp in the future', () => signed(builder.encrypt(inner()), { timestamp: now() + 600 }), 401, /超前/],
    ['missing query parameters', () => ({ query: 'timestamp=1', body: builder.body(builder.encrypt(inner())) }), 400, /缺少参数/],
    ['a malformed outer XML', () => ({ query: builder.query('abc'), body: '<xml><Encrypt><![CDATA[abc]]></Encrypt>' }), 400, /XML/],
    ['an outer XML without Encrypt', () => ({ query: builder.query(''), body: '<xml><ToUserName>x</ToUserName></xml>' }), 400, /Encrypt/],
    ['an outer DTD with an entity', () => {
      const e = builder.encrypt(inner());
      return { query: builder.query(e), body: `<!DOCTYPE xml [<!ENTITY a "${'x'.repeat(100)}">]><xml><Encrypt><![CDATA[${e}]]></Encrypt><N>&a;&a;</N></xml>` };
    }, 400, /XML/],
    ['an inner DTD with an entity', () => signed(builder.encrypt(`<!DOCTYPE xml [<!ENTITY c "投诉">]>${inner()}`)), 400, /XML/],
    ['a malformed inner XML', () => signed(builder.encrypt('<xml><MsgType><![CDATA[text]]></MsgType><Content>投诉')), 400, /XML/],
    ['an inner message without MsgId', () => signed(builder.encrypt(inner().replace(/<MsgId>\d+<\/MsgId>/, ''))), 400, /MsgId/],
    ['an inner message without FromUserName', () => signed(builder.encrypt(inner().replace(/<FromUserName>.*?<\/FromUserName>/, ''))), 400, /FromUserName/],
    ['an inner text message without Content', () => signed(builder.encrypt(inner().replace(/<Content>.*?<\/Content>/, ''))), 400, /Content/],
    ['bad base64', () => signed('!!!!not*base64===='), 400, /base64/],
    ['a ciphertext that is not whole blocks', () => signed(Buffer.from('0123456789').toString('base64')), 400, /length/],
    ['a zero padding byte', () => signed(builder.encrypt(inner(), { badPadByte: 0 })), 400, /padding/],
    ['a padding byte over 32', () => signed(builder.encrypt(inner(), { badPadByte: 48 })), 400, /padding/],
    ['inconsistent padding bytes', () => {
      // The last byte is a valid pad length; the byte before it is not the same.
      const msg = Buffer.from(inner(), 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(msg.length);
      let plain = Buffer.concat([Buffer.alloc(16, 7), len, msg, Buffer.from(CORP_ID)]);
      if (32 - (plain.length % 32) < 2) plain = Buffer.concat([Buffer.alloc(16, 7), len, msg, Buffer.from(CORP_ID + 'xx')]);
      const n = 32 - (plain.length % 32);
      const pad = Buffer.alloc(n, n);
      pad[0] = n + 1;
      return signed(opensslAes('encrypt', builder.key, Buffer.concat([plain, pad])).toString('base64'));
    }, 400, /padding/],
    ['a body over 64 KB', () => signed(builder.encrypt(inner({ content: '投'.repeat(30_000) }))), 413, /过大/],
    ['invalid UTF-8 in the body', () => ({ query: builder.query('x'), body: new Uint8Array([0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]) }), 400, /UTF-8/],
  ];

  for (const [name, make, status, reason] of cases) {
    it(`${name} → ${status}`, async () => {
      const before = await countRows();
      const sentBefore = fake.sent.length;
      const { query, body } = make();
      const r = await post(main.url, query, body);
      expect(r.status, r.text).toBe(status);
      expect(r.text).toMatch(reason);
      await main.mod.idle();
      expect(await countRows()).toEqual(before);
      expect(fake.sent.length).toBe(sentBefore);
    });
  }
});

describe('a redelivered callback (same MsgId) is one turn', () => {
  it('is processed once: one deliveries row, one step, one set of replies', async () => {
    const user = 'QianQi';
    await say(user, '投诉');
    const msgId = nextMsgId();
    const c = textCallback(user, '路灯坏了一个多月没人修', msgId);
    const before = await countRows();
    const sentBefore = fake.messagesTo(user).length;

    // WeCom redelivers the same request (same signature, timestamp, nonce), also concurrently.
    const results = await Promise.all([post(main.url, c.query, c.body), post(main.url, c.query, c.body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect((await post(main.url, c.query, c.body)).status).toBe(200);
    await main.mod.idle();

    expect(await countRows()).toEqual({ ...before, deliveries: before.deliveries + 1 });
    const sent = fake.messagesTo(user).slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('2/5');
    // The dialogue advanced one step only: the next answer is taken as the place.
    expect((await say(user, '骊城街道')).at(-1)).toContain('3/5');
  });

  it('replies that could not be sent go to the durable outbox, and the dispatcher delivers them once', async () => {
    const user = 'SunBa';
    const msgId = nextMsgId();
    const c = textCallback(user, '帮助', msgId);
    fake.failSends(FAST_RETRY.length + 1, { errcode: -1 }); // every attempt of the first reply fails
    expect((await post(main.url, c.query, c.body)).status).toBe(200);
    await main.mod.idle();
    expect(fake.messagesTo(user)).toHaveLength(0);

    // A redelivery is one turn: nothing is sent again by the adapter…
    expect((await post(main.url, c.query, c.body)).status).toBe(200);
    await main.mod.idle();
    expect(fake.messagesTo(user)).toHaveLength(0);
    // …because the replies wait in the outbox for this member's account.
    const queued = await database.db
      .select({ n: count() })
      .from(outbox)
      .innerJoin(accounts, eq(accounts.id, outbox.accountId))
      .where(and(eq(accounts.platform, 'wecom'), eq(accounts.externalId, user), isNull(outbox.deliveredAt)));
    expect(queued[0]!.n).toBeGreaterThan(0);

    const dispatcher = new Dispatcher(deliveryQueue(database.db), log);
    dispatcher.register(main.mod.channel);
    expect(await dispatcher.tick()).toBe(queued[0]!.n);
    const first = fake.messagesTo(user);
    expect(first.join('\n')).toContain('执法协同助手');
    expect(await dispatcher.tick()).toBe(0);
    expect(fake.messagesTo(user)).toEqual(first);
  });
});

describe('sending through the message API', () => {
  let api: FakeWecom;
  let m: Mounted;
  beforeEach(async () => {
    await m?.close();
    await api?.close();
    api = await new FakeWecom(CORP_ID, SECRET, AGENT_ID).start();
    m = await mount({ apiRoot: api.url });
  });
  afterAll(async () => {
    await m?.close();
    await api?.close();
  });
  const to = (user: string) => ({ externalId: user, chatId: user });

  it('caches the access token: one gettoken for many sends', async () => {
    await m.mod.start();
    for (let i = 0; i < 5; i++) await m.mod.channel.send(to('u1'), { text: `第${i}条` });
    await Promise.all([1, 2, 3].map((i) => m.mod.channel.send(to(`u${i}`), { text: '并发' })));
    expect(api.gettokenCalls).toBe(1);
    expect(api.messagesTo('u1')).toEqual(['第0条', '第1条', '第2条', '第3条', '第4条', '并发']);
  });

  it('refreshes an expired token once (42001) and shares the refresh between concurrent sends', async () => {
    await m.mod.channel.send(to('u1'), { text: 'a' });
    expect(api.gettokenCalls).toBe(1);
    api.expireTokens();
    await m.mod.channel.send(to('u1'), { text: 'b' });
    expect(api.gettokenCalls).toBe(2);
    api.expireTokens();
    await Promise.all(['c', 'd', 'e', 'f'].map((t, i) => m.mod.channel.send(to(`p${i}`), { text: t })));
    expect(api.gettokenCalls).toBe(3);
    expect(api.messagesTo('u1')).toEqual(['a', 'b']);
    expect(api.sent).toHaveLength(6);
  });

  it('refreshes the token shortly before it expires', async () => {
    let clock = Date.now();
    const timed = await mount({ apiRoot: api.url, now: () => clock });
    try {
      api.expiresIn = 7200;
      await timed.mod.channel.send(to('u1'), { text: 'a' });
      clock += 3600_000;
      await timed.mod.channel.send(to('u1'), { text: 'b' });
      expect(api.gettokenCalls).toBe(1);
      clock += 3400_000; // within five minutes of expiry
      await timed.mod.channel.send(to('u1'), { text: 'c' });
      expect(api.gettokenCalls).toBe(2);
    } finally {
      await timed.close();
    }
  });

  it('retries busy and rate-limited answers and 5xx, then delivers once', async () => {
    api.failSends(1, { errcode: -1 });
    api.failSends(1, { errcode: 45009 });
    api.failSends(1, { status: 502 });
    await m.mod.channel.send(to('u1'), { text: '终于到了' });
    expect(api.messagesTo('u1')).toEqual(['终于到了']);
    expect(api.sendCalls).toBe(4);
  });

  it('throws TransientError when the API stays busy, a permanent error otherwise', async () => {
    api.failSends(FAST_RETRY.length + 1, { errcode: 45009 });
    const busy = await m.mod.channel.send(to('u1'), { text: 'x' }).catch((e) => e);
    expect(busy).toBeInstanceOf(TransientError);
    expect(api.sendCalls).toBe(FAST_RETRY.length + 1); // bounded

    api.unreachable.add('gone');
    const calls = api.sendCalls;
    const gone = await m.mod.channel.send(to('gone'), { text: 'x' }).catch((e) => e);
    expect(gone).toBeInstanceOf(Error);
    expect(gone).not.toBeInstanceOf(TransientError);
    expect(String(gone.message)).toContain('81013');
    expect(api.sendCalls).toBe(calls + 1); // not retried

    await api.close(); // the API is down: a network error is transient
    const down = await m.mod.channel.send(to('u1'), { text: 'x' }).catch((e) => e);
    expect(down).toBeInstanceOf(TransientError);
  });

  it('renders options as numbered lines and splits text over 2048 bytes', async () => {
    await m.mod.channel.send(to('u1'), { text: '【新投诉】TS-2026-000001', options: ['受理 TS-2026-000001', '转办 TS-2026-000001'] });
    expect(api.messagesTo('u1')).toEqual(['【新投诉】TS-2026-000001\n\n回复序号或文字：\n1. 受理 TS-2026-000001\n2. 转办 TS-2026-000001']);
    const long = Array.from({ length: 120 }, (_, i) => `第${i}行：投诉举报的办理情况说明`).join('\n');
    await m.mod.channel.send(to('u2'), { text: long });
    const parts = api.messagesTo('u2');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 2048)).toBe(true);
    expect(parts.join('\n')).toBe(long);
  });

  it('start() rejects with a clear error when gettoken fails', async () => {
    const wrong = wecomModule(
      { corpId: CORP_ID, corpSecret: 'wrong', agentId: String(AGENT_ID), token: TOKEN, encodingAesKey: AES_KEY, apiRoot: api.url, retryDelaysMs: FAST_RETRY },
      { engine, log },
    );
    await expect(wrong.start()).rejects.toThrow(/corpSecret.*40001/);
    expect(api.gettokenCalls).toBe(1); // a permanent error is not retried
    expect(() => wecomModule({ corpId: CORP_ID, corpSecret: SECRET, agentId: String(AGENT_ID), token: TOKEN, encodingAesKey: 'short' }, { engine, log })).toThrow(/EncodingAESKey/);
  });
});

describe('crypto against independent implementations', () => {
  const key = aesKeyOf(AES_KEY);
  const sha1sum = (parts: string[]) =>
    execFileSync('sh', ['-c', 'LC_ALL=C sort | tr -d "\\n" | openssl dgst -sha1 -r'], { input: parts.join('\n') + '\n' }).toString().split(' ')[0];

  it('the signature matches sort + sha1 by the shell, and the documented example', () => {
    for (const enc of ['abc', builder.encrypt('hello'), 'ZZZ+/=']) {
      const parts = [TOKEN, '1700000000', 'n0nce', enc];
      expect(signature(TOKEN, '1700000000', 'n0nce', enc)).toBe(sha1sum(parts));
      expect(signature(TOKEN, '1700000000', 'n0nce', enc)).toBe(sign(TOKEN, '1700000000', 'n0nce', enc));
    }
    const doc = ['QDG6eK', '1409659589', '263014780', 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='] as const;
    expect(signature(...doc)).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
    expect(sha1sum([...doc])).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
    expect(verifySignature(...doc, '5C45FF5E21C57E6AD56BAC8758B79B1D9AC89FD3')).toBe(true);
    expect(verifySignature(...doc, '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4')).toBe(false);
    expect(verifySignature(...doc, 'short')).toBe(false);
  });

  it('decrypts the documented echostr', () => {
    const k = aesKeyOf('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
    expect(decrypt(k, doc_echostr)).toEqual({ message: '1616140317555161061', receiveId: 'wx5823bf96d3bd56c7' });
  });

  it('what it encrypts, openssl decrypts (and the layout and 32-byte padding are right)', () => {
    // Lengths around the 32-byte boundary, including an already aligned plaintext (a full pad block).
    for (const message of ['', 'a', '投诉', 'x'.repeat(64 - 20 - CORP_ID.length), 'y'.repeat(44), '<xml>投诉举报</xml>'.repeat(9)]) {
      const random = Buffer.alloc(16, 0xab);
      const enc = encrypt(key, message, CORP_ID, random);
      const plain = opensslAes('decrypt', key, Buffer.from(enc, 'base64'));
      expect(plain.length % 32).toBe(0);
      const n = plain[plain.length - 1]!;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(32);
      expect([...plain.subarray(plain.length - n)].every((b) => b === n)).toBe(true);
      const body = plain.subarray(0, plain.length - n);
      expect(body.subarray(0, 16)).toEqual(random);
      const len = body.readUInt32BE(16);
      expect(body.subarray(20, 20 + len).toString('utf8')).toBe(message);
      expect(body.subarray(20 + len).toString('utf8')).toBe(CORP_ID);
    }
  });

  it('what openssl encrypts, it decrypts', () => {
    for (const message of ['', '1', '投诉举报：楼下烧烤店油烟直排', 'z'.repeat(1000)]) {
      expect(decrypt(key, builder.encrypt(message))).toEqual({ message, receiveId: CORP_ID });
    }
  });

  it('rejects bad padding, bad base64 and a truncated layout', () => {
    expect(() => pkcs7Unpad(Buffer.from([1, 2, 3, 0]))).toThrow(WecomCryptoError);
    expect(() => pkcs7Unpad(Buffer.concat([Buffer.alloc(40, 1), Buffer.from([33])]))).toThrow(/padding/);
    expect(() => pkcs7Unpad(Buffer.from([1, 1, 2, 3, 3]))).toThrow(/inconsistent/);
    expect(pkcs7Unpad(Buffer.from([9, 3, 3, 3]))).toEqual(Buffer.from([9]));
    expect(() => decrypt(key, 'abc')).toThrow(/base64/);
    expect(() => decrypt(key, 'a b=')).toThrow(/base64/);
    // A valid pad over a plaintext whose declared length runs past its end.
    const bogus = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 1, 0]), Buffer.alloc(8)]);
    const enc = opensslAes('encrypt', key, Buffer.concat([bogus, Buffer.alloc(4, 4)])).toString('base64');
    expect(() => decrypt(key, enc)).toThrow(/length/);
  });
});

describe('the XML reader', () => {
  it('reads CDATA, entities and nested elements; refuses DTDs and junk', () => {
    const x = parseXml('<?xml version="1.0"?>\n<xml a="1"><A><![CDATA[x<y]]></A><B>1 &lt; 2 &#x6295;&#35785;</B><C><D>n</D></C><E/></xml>');
    expect(x.children.map((c) => [c.name, c.text])).toEqual([['A', 'x<y'], ['B', '1 < 2 投诉'], ['C', ''], ['E', '']]);
    for (const bad of [
      '<!DOCTYPE x [<!ENTITY e "e">]><xml>&e;</xml>', '<xml>&e;</xml>', '<xml>a & b</xml>', '<xml><a></b></xml>',
      '<xml>', '<xml></xml><xml></xml>', '<xml><?pi x?></xml>', '<x'.repeat(30) + '>', `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`, '<xml>&#0;</xml>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });

  it('splitText keeps whole lines and code points', () => {
    expect(splitText('短')).toEqual(['短']);
    const parts = splitText('投'.repeat(1000), 2048);
    expect(parts.map((p) => p.length)).toEqual([682, 318]);
  });
});

const doc_echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
