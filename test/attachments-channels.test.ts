/**
 * Photos with a complaint from the chat platforms (issue 17), each through its adapter as
 * `npm start` builds it and the platform's local fake: the adapter hands the engine each
 * file as a lazy download (Telegram getFile, WeChat's FileBox, WeCom media/get), the same desk checks and keeps it, and the
 * handling body downloads the same bytes by its signed links.
 */
import { FileBox } from 'file-box';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import pino from 'pino';
import { type WecomModule, wecomModule } from '../adapters/wecom';
import { CallbackBuilder, FakeWecom, mediaMessageXml, textMessageXml } from './support/fake-wecom';
import { log as wechatyLog } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { type WechatModule, wechatModule } from '../adapters/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramModule } from '../adapters/telegram';
import type { ChannelModule } from '../adapters/module';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import { FakeTelegram, type SentMessage } from './support/fake-telegram';
import { type TestFiles, executable, fetchLink, jpegWithExif, linksIn, sha256, testFileDesk } from './support/files';
import { countRows, staffMember } from './support/staff';
import { WechatPerson, waitFor } from './support/wechat-mock';
import { type WebApp, serveEngine } from './support/web-app';

const log = pino({ level: 'silent' });
let database: TestDatabase;
let files: TestFiles;
let app: WebApp;
let directory: Directory;
const photo1 = jpegWithExif(21);
const photo2 = jpegWithExif(22);
const WHAT = '超市卖过期食品，还虚假宣传';

beforeAll(async () => {
  database = await testDatabase();
  files = await testFileDesk(unitOfWork(database.db), 'filesystem');
  app = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: onPostgres ? 'postgres' : 'pglite', files: files.desk });
  directory = app.directory; // not a second engine: the app's own
});
afterAll(async () => {
  await app?.close();
  await files?.close();
  await database?.close();
});

const handler = (id: string) => staffMember({ engine: app.engine, db: database.db, directory, now: () => new Date() }, id, '市场监管局', 'officer');

/** The handler's new-complaint notice downloads as the photos sent. */
async function handlerGetsBoth(officer: Awaited<ReturnType<typeof handler>>, no: string) {
  const notice = (await officer.inbox()).map((r) => r.text).join('\n');
  expect(notice).toContain(no);
  const links = linksIn(notice.slice(notice.indexOf(no)));
  expect(links).toHaveLength(2);
  const got = await Promise.all(links.map((l) => fetchLink(app.url, l)));
  expect(got.map((g) => sha256(g.bytes))).toEqual([sha256(photo1), sha256(photo2)]);
}

describe('Telegram: photos and documents by getFile', () => {
  const TOKEN = '7000002:AAH-attachments-test-token';
  let fake: FakeTelegram;
  let tg: ChannelModule;
  beforeAll(async () => {
    fake = await FakeTelegram.start(TOKEN);
    tg = telegramModule({ token: TOKEN, apiRoot: fake.url, sender: { perChatPerSecond: 100, globalPerSecond: 500, baseDelayMs: 20, maxDelayMs: 200, drainTimeoutMs: 1000 } }, { engine: app.engine, log });
    await tg.start();
  });
  afterAll(async () => {
    await tg?.channel.stop();
    await fake?.close();
  });

  function chat(userId: number) {
    const user = fake.user(userId, '小红');
    let cursor = 0;
    const next = async (match: RegExp): Promise<SentMessage> => {
      const msg = await fake.waitFor(() => fake.sentTo(user.id).slice(cursor).find((m) => match.test(m.text)), `a message matching ${match}`);
      cursor = fake.sentTo(user.id).indexOf(msg) + 1;
      return msg;
    };
    return { user, next };
  }

  it('a complaint with two photos (one with the description as caption, one alone); the handler downloads both', async () => {
    const officer = await handler('tg-officer');
    const { user, next } = chat(4001);
    fake.push(fake.textUpdate(user, '投诉'));
    await next(/【投诉举报 1\/5】/);
    fake.push(fake.photoUpdate(user, photo1, WHAT));
    expect((await next(/已收到照片/)).text).toContain('已收到照片 1 张');
    await next(/【投诉举报 2\/5】/);
    fake.push(fake.documentUpdate(user, photo2, 'IMG_0002.JPG'));
    expect((await next(/已收到照片/)).text).toContain('本件共 2 张');
    for (const [say, then] of [['骊城街道某超市', /3\/5/], ['最近一个月', /4\/5/], ['跳过', /5\/5/], ['匿名', /请核对/]] as const) {
      fake.push(fake.textUpdate(user, say));
      const m = await next(then);
      if (say === '匿名') expect(m.text).toContain('照片：2 张');
    }
    fake.push(fake.textUpdate(user, '确认提交'));
    const no = (await next(/已登记/)).text.match(/TS-\d{4}-\d{6}/)![0];
    await handlerGetsBoth(officer, no);
    // The token is in the download URL: it went to the fake's file route, nowhere else.
    expect(fake.callsOf('file').filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('an .exe sent as a document named .jpg, and a photo whose download breaks off, are refused; nothing is stored', async () => {
    const { user, next } = chat(4002);
    fake.push(fake.textUpdate(user, '投诉'));
    await next(/【投诉举报 1\/5】/);
    const before = await countRows(database.db, ['attachments', 'blobs']);
    fake.push(fake.documentUpdate(user, executable(), '现场照片.jpg'));
    expect((await next(/类型不受支持/)).text).toContain('按文件内容识别为 EXE');
    fake.push(fake.photoUpdate(user, photo1, '', { cutAfter: 100 }));
    expect((await next(/未保存/)).text).toMatch(/接收不完整|未能从平台下载/);
    expect(await countRows(database.db, ['attachments', 'blobs'])).toEqual(before);
  });
});

describe('WeChat: pictures and files by their FileBox', () => {
  let mocker: InstanceType<typeof mock.Mocker>;
  let wechat: WechatModule;
  let bot: ReturnType<InstanceType<typeof mock.Mocker>['createContact']>;
  beforeAll(async () => {
    wechatyLog.level('silent');
    mocker = new mock.Mocker();
    bot = mocker.createContact({ name: '小协' });
    wechat = wechatModule({ puppetInstance: new PuppetMock({ mocker }) }, { engine: app.engine, log });
    await wechat.start();
    mocker.login(bot);
    await waitFor(() => wechat.bot.isLoggedIn, 'the bot to log in');
  });
  afterAll(async () => wechat?.channel.stop());

  /** Sends a file to the bot and waits for the reply that matches. */
  async function send(p: WechatPerson, bytes: Uint8Array, name: string, until: RegExp): Promise<string> {
    const from = p.transcript.length;
    p.contact.say(FileBox.fromBase64(Buffer.from(bytes).toString('base64'), name)).to(p.bot);
    return (await waitFor(() => p.heard(from).some((t) => until.test(t)) && p.heard(from), `a reply matching ${until}`)).join('\n');
  }

  it('a complaint with two photos; the handler downloads both', async () => {
    const officer = await handler('wx-officer');
    const p = new WechatPerson(mocker, mocker.createContact({ name: '张三' }), bot);
    await p.say('投诉', /1\/5/);
    expect(await send(p, photo1, '现场1.jpg', /已收到照片/)).toContain('已收到照片 1 张');
    expect(await send(p, photo2, '现场2.jpg', /已收到照片/)).toContain('本件共 2 张');
    await p.say(WHAT, /2\/5/);
    await p.say('骊城街道某超市', /3\/5/);
    await p.say('最近一个月', /4\/5/);
    await p.say('跳过', /5\/5/);
    expect(await p.say('匿名', /请核对/)).toContain('照片：2 张');
    const no = (await p.say('确认提交', /已登记/)).match(/TS-\d{4}-\d{6}/)![0];
    await handlerGetsBoth(officer, no);
  });

  it('an executable named .jpg is refused by its content; nothing is stored', async () => {
    const p = new WechatPerson(mocker, mocker.createContact({ name: '李四' }), bot);
    await p.say('投诉', /1\/5/);
    const before = await countRows(database.db, ['attachments', 'blobs']);
    expect(await send(p, executable(), '现场.jpg', /未保存/)).toContain('按文件内容识别为 EXE');
    expect(await countRows(database.db, ['attachments', 'blobs'])).toEqual(before);
  });
});

describe('WeCom: image messages by media/get', () => {
  const CORP_ID = 'ww5823bf96d3bd56c7';
  const AES_KEY = 'Q2xZ8mN4pR6sT1uV3wX5yZ7aB9cD0eF2gH4iJ6kL8mN';
  const TOKEN = 'Xt7wecomToken';
  const builder = new CallbackBuilder(TOKEN, AES_KEY, CORP_ID);
  let fake: FakeWecom;
  let mod: WecomModule;
  let url: string;
  let close: () => Promise<void>;
  let seq = 8_000_000_000_000_000;
  beforeAll(async () => {
    fake = await new FakeWecom(CORP_ID, 'test-corp-secret-0123456789', 1000002).start();
    mod = wecomModule({ corpId: CORP_ID, corpSecret: 'test-corp-secret-0123456789', agentId: '1000002', token: TOKEN, encodingAesKey: AES_KEY, apiRoot: fake.url, retryDelaysMs: [5] }, { engine: app.engine, log });
    const koa = new Koa();
    const router = new Router();
    mod.routes(router);
    koa.use(router.routes());
    const server = koa.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
    close = async () => {
      await mod.channel.stop();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    };
    await mod.start();
  });
  afterAll(async () => {
    await close?.();
    await fake?.close();
  });

  /** One callback (a text, or an image by MediaId); the messages the bot sent back for it. */
  async function send(user: string, m: { text: string } | { mediaId: string }): Promise<string> {
    const before = fake.messagesTo(user).length;
    const msgId = String(++seq);
    const xml = 'text' in m ? textMessageXml({ corpId: CORP_ID, from: user, content: m.text, msgId }) : mediaMessageXml({ corpId: CORP_ID, from: user, mediaId: m.mediaId, msgId });
    const encrypted = builder.encrypt(xml);
    const res = await fetch(`${url}?${builder.query(encrypted)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: builder.body(encrypted) });
    expect(res.status).toBe(200);
    await mod.idle();
    return fake.messagesTo(user).slice(before).join('\n');
  }

  it('a complaint with two photos; the handler downloads both', async () => {
    const officer = await handler('wecom-officer');
    const user = 'ZhangSan';
    expect(await send(user, { text: '投诉' })).toContain('1/5');
    expect(await send(user, { mediaId: fake.addMedia(photo1, '现场1.jpg') })).toContain('已收到照片 1 张');
    expect(await send(user, { mediaId: fake.addMedia(photo2, '现场2.jpg') })).toContain('本件共 2 张');
    for (const t of [WHAT, '骊城街道某超市', '最近一个月', '跳过']) await send(user, { text: t });
    expect(await send(user, { text: '匿名' })).toContain('照片：2 张');
    const no = (await send(user, { text: '确认提交' })).match(/TS-\d{4}-\d{6}/)![0];
    await handlerGetsBoth(officer, no);
  });

  it('an executable sent as an image, and a MediaId WeCom does not know, are refused; nothing is stored', async () => {
    const user = 'LiSi';
    await send(user, { text: '投诉' });
    const before = await countRows(database.db, ['attachments', 'blobs']);
    expect(await send(user, { mediaId: fake.addMedia(executable(), '现场.jpg') })).toContain('按文件内容识别为 EXE');
    expect(await send(user, { mediaId: 'no-such-media' })).toContain('未能从平台下载');
    expect(await countRows(database.db, ['attachments', 'blobs'])).toEqual(before);
  });
});
