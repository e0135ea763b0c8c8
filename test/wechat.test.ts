/**
 * The WeChat adapter (adapters/wechat) driven through wechaty-puppet-mock: the real
 * module and wechaty, a real engine over the test database; people talk to the bot
 * through the mocked puppet and we hear what the bot says back through the mocker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { log as wechatyLog, types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { type WechatModule, wechatModule } from '../adapters/wechat';
import { TransientError } from '../bot/channels';
import type { Engine } from '../bot/engine';
import { createEngine } from '../bot/services';
import { accounts, complaints, conversations, deliveries } from '../db/schema';
import { unitOfWork } from '../db/store';
import { type TestDatabase, testDatabase } from './support/db';
import { Transcript, WechatPerson, waitFor } from './support/wechat-mock';

wechatyLog.level('silent');

let database: TestDatabase;
let engine: Engine;
let mocker: InstanceType<typeof mock.Mocker>;
let wechat: WechatModule;
let botUser: ReturnType<typeof mocker.createContact>;
const others: WechatModule[] = [];
const silent = pino({ level: 'silent' });

function person(name: string): WechatPerson {
  return new WechatPerson(mocker, mocker.createContact({ name }), botUser);
}

async function deliveriesOf(messageId: string) {
  return database.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine } = await createEngine(unitOfWork(database.db)));
  mocker = new mock.Mocker();
  botUser = mocker.createContact({ name: '小协' });
  wechat = wechatModule({ puppetInstance: new PuppetMock({ mocker }) }, { engine, log: silent });
  await wechat.start();
  mocker.login(botUser);
  await waitFor(() => wechat.bot.isLoggedIn, 'the bot to log in');
});

afterAll(async () => {
  await wechat?.channel.stop();
  for (const m of others) await m.channel.stop();
  await database?.close();
});

describe('one to one', () => {
  it('files a whole complaint, options answered by number, and it is in the ledger', async () => {
    const alice = person('张三');
    expect(await alice.say('投诉', /1\/5/)).toContain('发生了什么');
    await alice.say('小区门口的饭店油烟直排，味道很呛', /2\/5/);
    const when = await alice.say('抚宁镇金山大街8号', /3\/5/);
    expect(when).toContain('回复序号或文字：\n1. 不清楚'); // options as numbered lines
    const accused = await alice.say('每天晚上', /4\/5/);
    expect(accused).toContain('1. 跳过');
    expect(await alice.say('1', /5\/5/)).toContain('1. 匿名'); // “1” = 跳过
    const summary = await alice.say('张三 13700001111', /请核对/);
    expect(summary).toContain('被投诉对象：无');
    expect(summary).toMatch(/1\. 确认提交\n2\. 更改受理单位\n3\. 取消/);
    const done = await alice.say('1', /TS-\d{4}-\d{6}/); // “1” = 确认提交
    const trackingNo = done.match(/TS-\d{4}-\d{6}/)![0];

    const [row] = await database.db
      .select({ c: complaints, a: accounts })
      .from(complaints)
      .innerJoin(accounts, eq(accounts.personId, complaints.complainantPersonId))
      .where(eq(complaints.trackingNo, trackingNo));
    expect(row?.a).toMatchObject({ platform: 'wechat', externalId: alice.contact.id });
    expect(row?.c).toMatchObject({
      status: 'registered',
      what: '小区门口的饭店油烟直排，味道很呛',
      whereText: '抚宁镇金山大街8号',
      whenText: '每天晚上',
      accusedText: null,
      contactName: '张三',
      contactPhone: '13700001111',
    });
    // And the same person can follow it by number in the same chat.
    expect(await alice.say(`查询 ${trackingNo}`, /状态/)).toContain(trackingNo);
    // The bot's own messages (the puppet reports them too) never reach the engine.
    expect(await database.db.select().from(accounts).where(eq(accounts.externalId, botUser.id))).toEqual([]);
  });

  it('a number out of range, or with no list shown, is passed on as typed', async () => {
    const bob = person('李四');
    await bob.say('投诉', /1\/5/);
    // The first question shows no list: “2” is the answer itself, too short for a description.
    expect(await bob.say('2', /1\/5/)).not.toContain('2/5');
    await bob.say('工地夜间施工，噪音扰民严重', /2\/5/);
    await bob.say('骊城街道', /3\/5/);
    expect(await bob.say('7', /4\/5/)).toBeTruthy(); // only one option: “7” is a time as typed
    expect(await bob.say('取消', /已取消/)).toContain('1. 投诉');
    expect(await bob.say('1', /1\/5/)).toContain('发生了什么'); // “1” = 投诉
  });

  // Pictures and files are files now (issue 17, test/attachments-channels.test.ts); a sticker is not.
  it('asks for text when sent a sticker', async () => {
    const carol = person('王五');
    const from = carol.transcript.length;
    carol.deliver(carol.compose('', types.Message.Emoticon));
    const heard = await waitFor(() => carol.heard(from).length > 0 && carol.heard(from), 'the reply to a sticker');
    expect(heard).toEqual([expect.stringContaining('请发送文字消息')]);
  });
});

describe('in a group', () => {
  it('ignores messages without an @-mention and answers mentions in the room, mentioning the sender', async () => {
    const dave = mocker.createContact({ name: '赵六' });
    const erin = mocker.createContact({ name: '钱七' });
    const room = mocker.createRoom({ topic: '金山小区业主群', memberIdList: [botUser.id, dave.id, erin.id] });
    const roomLog = new Transcript(room);

    dave.say('大家好，今晚物业开会').to(room);
    erin.say('投诉').to(room); // a keyword, but not addressed to the bot
    dave.say('@小协 投诉', [botUser]).to(room);
    const reply = await waitFor(() => roomLog.textsBy(botUser.id).find((t) => /1\/5/.test(t)), 'the reply in the room');
    expect(reply).toMatch(/^@赵六\s/); // mentions the sender
    expect(reply).toContain('发生了什么');

    // Only the mention was answered, and nothing else reached the engine.
    expect(roomLog.textsBy(botUser.id)).toEqual([reply]);
    const [unmentioned, keyword, mentioned] = [roomLog.idsBy(dave.id)[0]!, roomLog.idsBy(erin.id)[0]!, roomLog.idsBy(dave.id)[1]!];
    expect(await deliveriesOf(unmentioned)).toHaveLength(0);
    expect(await deliveriesOf(keyword)).toHaveLength(0);
    expect(await deliveriesOf(mentioned)).toHaveLength(1);
    const [erinAccount] = await database.db.select().from(accounts).where(and(eq(accounts.platform, 'wechat'), eq(accounts.externalId, erin.id)));
    expect(erinAccount).toBeUndefined();

    // The dialogue lives in the room (chat = room id) and goes on with the next mention.
    const [daveAccount] = await database.db.select().from(accounts).where(and(eq(accounts.platform, 'wechat'), eq(accounts.externalId, dave.id)));
    const [conv] = await database.db.select().from(conversations).where(eq(conversations.accountId, daveAccount!.id));
    expect(conv?.chatId).toBe(room.id);
    dave.say('@小协 楼下烧烤店油烟直排进窗户', [botUser]).to(room);
    await waitFor(() => roomLog.textsBy(botUser.id).some((t) => /2\/5/.test(t)), 'the next step in the room');
  });
});

describe('redelivery', () => {
  it('the same message delivered twice (at once, and again later) is processed and answered once', async () => {
    const frank = person('孙八');
    await frank.say('投诉', /1\/5/);
    const from = frank.transcript.length;
    const id = frank.compose('邻居家的狗半夜一直叫');
    frank.deliver(id);
    frank.deliver(id); // while the first is being handled
    await waitFor(() => frank.heard(from).some((t) => /2\/5/.test(t)), 'the reply to the first delivery');
    frank.deliver(id); // after it was answered
    // One step per message: the next answer is step 2's.
    await frank.say('骊城街道幸福里小区', /3\/5/);

    const heard = frank.heard(from);
    expect(heard.filter((t) => /2\/5/.test(t))).toHaveLength(1);
    expect(heard).toHaveLength(2); // 2/5 once, then 3/5
    expect(await deliveriesOf(id)).toHaveLength(1);
  });
});

describe('a turn that fails', () => {
  it('is answered with an apology, and a redelivery of the message is handled', async () => {
    let failures = 1;
    const flaky = {
      handle: (msg: Parameters<Engine['handle']>[0]) => (failures-- > 0 ? Promise.reject(new Error('database unavailable')) : engine.handle(msg)),
    } as unknown as Engine;
    const m2 = new mock.Mocker();
    const bot2 = m2.createContact({ name: '小协' });
    const module2 = wechatModule({ puppetInstance: new PuppetMock({ mocker: m2 }) }, { engine: flaky, log: silent });
    others.push(module2);
    await module2.start();
    m2.login(bot2);
    await waitFor(() => module2.bot.isLoggedIn, 'the second bot to log in');

    const henry = new WechatPerson(m2, m2.createContact({ name: '郑十一' }), bot2);
    const id = henry.compose('投诉');
    henry.deliver(id);
    await waitFor(() => henry.heard().some((t) => t.includes('请稍后再发一次')), 'the apology');
    henry.deliver(id); // the puppet (or the person) tries again
    await waitFor(() => henry.heard().some((t) => /1\/5/.test(t)), 'the answer to the redelivery');
    expect(await deliveriesOf(id)).toHaveLength(1);
  });
});

describe('channel.send', () => {
  it('delivers a notification to a contact by id; a number picks its option', async () => {
    const grace = person('周九');
    await wechat.channel.send({ externalId: grace.contact.id, chatId: grace.contact.id }, { text: '【受理告知】您的投诉举报 TS-2026-999999 已受理。', options: ['查询 TS-2026-999999'] });
    expect(grace.heard()).toEqual(['【受理告知】您的投诉举报 TS-2026-999999 已受理。\n\n回复序号或文字：\n1. 查询 TS-2026-999999']);
    expect(await grace.say('1', /未找到/)).toContain('TS-2026-999999'); // “1” = 查询 TS-2026-999999
  });

  it('an unknown id is an error, and sending before login is transient', async () => {
    await expect(wechat.channel.send({ externalId: 'nobody', chatId: 'nobody' }, { text: 'x' })).rejects.toThrow(/nobody/);

    const m2 = new mock.Mocker();
    const offline = wechatModule({ puppetInstance: new PuppetMock({ mocker: m2 }) }, { engine, log: silent });
    others.push(offline);
    await offline.start(); // started, waiting for a QR scan
    const someone = m2.createContact({ name: '吴十' });
    await expect(offline.channel.send({ externalId: someone.id, chatId: someone.id }, { text: 'x' })).rejects.toBeInstanceOf(TransientError);
  });
});

describe('start-up', () => {
  it('a puppet module that is not installed rejects with a clear error', async () => {
    const m = wechatModule({ puppet: 'wechaty-puppet-xietong-missing' }, { engine, log: silent });
    await expect(m.start()).rejects.toThrow(/wechaty-puppet-xietong-missing.*could not be loaded/);
  });

  it('a puppet that fails to start rejects with a clear error', async () => {
    class BrokenPuppet extends PuppetMock {
      override async onStart(): Promise<void> {
        throw new Error('protocol server unreachable');
      }
    }
    const m = wechatModule({ puppetInstance: new BrokenPuppet() }, { engine, log: silent });
    others.push(m);
    await expect(m.start()).rejects.toThrow(/failed to start: protocol server unreachable/);
  });
});
