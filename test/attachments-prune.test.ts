/**
 * Files kept once and pruned when never attached (issue 17), through the engine's file port
 * as every adapter uses it: the same bytes sent twice are stored once; a draft's photos left
 * unsubmitted go after a day (row and, when no other file names them, bytes); a complaint's
 * stay; a draft submitted after its photos went says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, InboundFile } from '../bot/engine';
import { pruneFiles } from '../bot/attachments/prune';
import { createEngine } from '../bot/services';
import { unitOfWork } from '../db/store';
import { trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { type TestFiles, jpegWithExif, sha256, testFileDesk } from './support/files';
import { countRows } from './support/staff';

let database: TestDatabase;
let files: TestFiles;
let engine: Engine;
let now = new Date('2026-11-25T10:00:00+08:00');
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await testDatabase();
  files = await testFileDesk(unitOfWork(database.db), 'filesystem');
  ({ engine } = await createEngine(unitOfWork(database.db), { clock: () => now, files: files.desk }));
});
afterAll(async () => {
  await files?.close();
  await database?.close();
});

let seq = 0;
const file = (bytes: Uint8Array, name = 'photo.jpg'): InboundFile => ({ name, open: async () => (async function* () {
  yield bytes;
})() });
async function say(who: string, text: string, sent: Uint8Array[] = []): Promise<string> {
  const replies = await engine.handle({
    platform: 'test', externalId: who, chatId: who, messageId: `${who}-${++seq}`, text, ...(sent.length ? { files: sent.map((b) => file(b)) } : {}),
  });
  return replies.map((r) => r.text).join('\n');
}
const stored = (b: Uint8Array) => files.desk.blobs.has(sha256(b));

describe('stored once, pruned when never attached', () => {
  const shared = jpegWithExif(41);
  const orphan = jpegWithExif(42);

  it('the same photo from two people is one blob; a draft left a day loses its photos, a complaint keeps them', async () => {
    const before = await countRows(database.db, ['attachments', 'blobs']);
    await say('prune-a', '投诉');
    expect(await say('prune-a', '', [shared, orphan])).toContain('已收到照片 2 张');
    await say('prune-b', '投诉');
    expect(await say('prune-b', '超市卖过期食品，还虚假宣传', [shared])).toContain('已收到照片 1 张');
    expect(await countRows(database.db, ['attachments', 'blobs'])).toEqual({ attachments: before.attachments! + 3, blobs: before.blobs! + 2 });
    for (const t of ['骊城街道某超市', '最近一个月', '跳过', '匿名']) await say('prune-b', t);
    trackingNoIn(await say('prune-b', '确认提交'));

    // A day and an hour later: A's two files go; the shared bytes stay (B's complaint names them), the orphan's go.
    now = new Date(now.getTime() + 25 * HOUR);
    expect(await pruneFiles(unitOfWork(database.db), files.desk.blobs, now)).toBe(3); // two rows, one blob
    expect(await countRows(database.db, ['attachments', 'blobs'])).toEqual({ attachments: before.attachments! + 1, blobs: before.blobs! + 1 });
    expect(await stored(shared)).toBe(true);
    expect(await stored(orphan)).toBe(false);

    // A submits the old draft: registered, and told its photos went.
    for (const t of ['超市卖过期食品很多天', '骊城街道某超市', '最近一个月', '跳过', '匿名']) await say('prune-a', t);
    expect(await say('prune-a', '确认提交')).toContain('2 张照片发送已超过一天、已失效，未随件保存');
  });
});
