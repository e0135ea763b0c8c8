/**
 * Photos with a complaint from the chat platforms (issue 17), each through its adapter as
 * `npm start` builds it and the platform's local fake: the adapter hands the engine each
 * file as a lazy download (Telegram getFile), the same desk checks and keeps it, and the
 * handling body downloads the same bytes by its signed links.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramModule } from '../adapters/telegram';
import type { ChannelModule } from '../adapters/module';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import { FakeTelegram, type SentMessage } from './support/fake-telegram';
import { type TestFiles, executable, fetchLink, jpegWithExif, linksIn, sha256, testFileDesk } from './support/files';
import { countRows, staffMember } from './support/staff';
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
  ({ directory } = await import('../bot/services').then((m) => m.createEngine(unitOfWork(database.db))));
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
