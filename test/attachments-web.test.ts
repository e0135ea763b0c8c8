/**
 * Photos with a complaint over the web chat (issue 17): sent as multipart/form-data on
 * /api/chat at the description step, kept by SHA-256 in the local files or in an
 * S3-compatible store (a local s3rver), and downloaded by signed links that ask the
 * complaint's policy each time: the handler and the complainant get the same bytes; the
 * accused body gets nothing until asked to assist, then the photos without their EXIF; a
 * stranger gets nothing. Refused files (wrong type by content, too large, cut off) store nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitOfWork } from '../db/store';
import { NO_LIMITS } from '../domain/limits';
import type { Directory } from '../domain/organisation';
import { Person, trackingNoIn } from './support/chat';
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import {
  EXIF_SECRET, type StoreKind, type TestFiles, executable, fetchLink, jpegWithExif, linksIn, pngWithText, sha256, testFileDesk, upload,
} from './support/files';
import { WebClient } from './support/http';
import { countRows, staffMember } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

let database: TestDatabase;
afterAll(async () => database?.close());
beforeAll(async () => {
  database = await testDatabase();
});

const FILE_TABLES = ['attachments', 'blobs'];
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Every regular file under a directory (the blob store's files; s3rver keeps its objects as files too). */
function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  for (const n of names) {
    const p = join(dir, n);
    out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
  }
  return out;
}

describe.each<StoreKind>(['filesystem', 's3'])('photos with a complaint, stored in %s', (kind) => {
  let files: TestFiles;
  let app: WebApp;
  let directory: Directory;
  const now = () => new Date();
  const storedFiles = () => filesUnder(join(files.dataDir, kind === 's3' ? 's3rver' : 'files')).filter((p) => !p.endsWith('.json') && !/_S3rver_/.test(p));

  beforeAll(async () => {
    files = await testFileDesk(unitOfWork(database.db), kind);
    app = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: onPostgres ? 'postgres' : 'pglite', files: files.desk });
    directory = app.directory; // not a second engine: the app's own
  });
  afterAll(async () => {
    await app?.close();
    await files?.close();
  });

  const staff = (id: string, org: string, role: string) => staffMember({ engine: app.engine, db: database.db, directory, now }, `${kind}-${id}`, org, role);
  const photo1 = jpegWithExif(1);
  const photo2 = jpegWithExif(2);

  /** A citizen on the web files a complaint, sending two photos with its description. */
  async function fileWithPhotos(c: WebClient, what: string, accused: string, pick: string | undefined, handler: string): Promise<string> {
    await c.say('投诉');
    const sent = await upload(c, what, [{ name: '现场1.jpg', bytes: photo1, type: 'image/jpeg' }, { name: '现场2.jpg', bytes: photo2, type: 'image/jpeg' }]);
    expect(sent.status).toBe(200);
    const said = sent.body.replies.map((r: { text: string }) => r.text).join('\n');
    expect(said).toContain('已收到照片 2 张');
    expect(said).toContain('2/5'); // the text answered the description step too
    await c.say('骊城街道某超市');
    await c.say('最近一个月');
    let reply = await c.say(accused);
    if (!reply.includes('5/5')) reply = await c.say(pick ?? '不确定');
    const summary = await c.say('李四 13812345678');
    expect(summary).toContain('照片：2 张');
    expect(summary).toContain(`拟交由：${handler}`);
    return trackingNoIn(await c.say('确认提交'));
  }

  it('the handler and the complainant download both photos as sent (same bytes, same hash); a stranger gets nothing', async () => {
    const officer = await staff('scjg-officer', '市场监管局', 'officer');
    const citizen = new WebClient(app.url);
    const no = await fileWithPhotos(citizen, '超市卖过期食品，还虚假宣传', '跳过', undefined, '抚宁区市场监督管理局');
    const notice = (await officer.inbox()).map((r) => r.text).join('\n');
    expect(notice).toContain(no);
    const links = linksIn(notice);
    expect(links).toHaveLength(2);
    const got = await Promise.all(links.map((l) => fetchLink(app.url, l)));
    expect(got.map((g) => g.status)).toEqual([200, 200]);
    expect(got.map((g) => sha256(g.bytes))).toEqual([sha256(photo1), sha256(photo2)]);
    expect(notice).toContain(sha256(photo1).slice(0, 16)); // the hash is listed with the file
    expect(got[0]!.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(got[0]!.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got[0]!.headers.get('content-type')).toBe('image/jpeg');

    // The complainant's own 查询 lists them with links of their own.
    const mine = linksIn(await citizen.say(`查询 ${no}`));
    expect(mine).toHaveLength(2);
    expect(sha256((await fetchLink(app.url, mine[1]!)).bytes)).toBe(sha256(photo2));

    // A stranger: the officer's link with the person changed is refused; a link signed for
    // the stranger (as if leaked by the server) is refused by the complaint's policy.
    const stranger = new Person(app.engine, `${kind}-stranger`);
    await stranger.say('帮助');
    const strangerId = Number((await database.db.execute(`SELECT person_id FROM accounts WHERE external_id = '${kind}-stranger'`) as any).rows[0].person_id);
    const id = Number(links[0]!.match(/\/files\/(\d+)/)![1]);
    const forged = links[0]!.replace(/v=\d+/, `v=${strangerId}`);
    expect((await fetchLink(app.url, forged)).status).toBe(403);
    const signed = await fetchLink(app.url, files.desk.links.url(id, strangerId));
    expect(signed.status).toBe(404);
    expect(signed.error).toContain('无权查看');
    expect(latin(signed.bytes)).not.toContain('Exif');
  });

  it('the accused body gets no link and no file; asked to assist, it gets the photos without their EXIF', async () => {
    const accused = await staff('scjg-accused', '市场监管局', 'officer');
    const justice = await staff('sfj', '司法局', 'justice');
    const citizen = new WebClient(app.url);
    const no = await fileWithPhotos(citizen, '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', '市场监督局执法人员张某', '抚宁区市场监督管理局', '抚宁区司法局');
    // 司法局 handles it and gets the originals.
    const toHandler = (await justice.inbox()).map((r) => r.text).join('\n');
    expect(toHandler).toContain('现场1.jpg'); // the names as sent, to those who may know the sender
    const handled = linksIn(toHandler);
    expect(handled).toHaveLength(2);
    expect(sha256((await fetchLink(app.url, handled[0]!)).bytes)).toBe(sha256(photo1));
    // The accused bureau: nothing to see, and a link made out to its officer is refused.
    expect(linksIn(await accused.text(`查询 ${no}`))).toHaveLength(0);
    const officerId = Number((await database.db.execute(`SELECT person_id FROM accounts WHERE external_id = '${kind}-scjg-accused'`) as any).rows[0].person_id);
    const fileId = Number(handled[0]!.match(/\/files\/(\d+)/)![1]);
    expect((await fetchLink(app.url, files.desk.links.url(fileId, officerId))).status).toBe(404);
    // Asked to assist (协查), it gets links; the photos come without where and with what they were taken.
    await justice.say(`受理 ${no}`);
    expect(await justice.text(`协查 ${no}`)).toContain('投诉人身份对其保密');
    const assisting = (await accused.inbox()).map((r) => r.text).join('\n');
    expect(assisting).toContain('已去除拍摄位置');
    // Nor the names the complainant gave the files: a name can name its sender.
    expect(assisting).not.toContain('现场');
    expect(assisting).toMatch(/1\. 附件\d+\.jpg/);
    const theirs = linksIn(assisting);
    expect(theirs).toHaveLength(2);
    const stripped = await fetchLink(app.url, theirs[0]!);
    expect(stripped.status).toBe(200);
    expect(decodeURIComponent(stripped.headers.get('content-disposition')!)).not.toContain('现场');
    expect(latin(stripped.bytes)).not.toContain(EXIF_SECRET);
    expect(latin(photo1)).toContain(EXIF_SECRET);
    expect([...stripped.bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]); // still a JPEG, the scan untouched
    expect(latin(stripped.bytes)).toContain(latin(photo1.subarray(photo1.length - 100)));
  });

  it('keeps the bytes private like the rest of the data directory (directories 0700, files 0600)', async () => {
    if (kind !== 'filesystem') return; // the object store's access is its own
    const root = join(files.dataDir, 'files');
    const modes = (p: string) => statSync(p).mode & 0o777;
    expect(storedFiles().length).toBeGreaterThan(0);
    for (const f of storedFiles()) expect([f, modes(f)]).toEqual([f, 0o600]);
    for (const d of [root, ...readdirSync(root).map((n) => join(root, n))]) expect([d, modes(d)]).toEqual([d, 0o700]);
    expect(modes(join(files.dataDir, 'staging'))).toBe(0o700);
  });

  it('refuses an executable renamed .jpg, a photo cut off, and a PNG sent where no file is taken — naming why, storing nothing', async () => {
    const c = new WebClient(app.url);
    await c.say('投诉');
    const before = await countRows(database.db, FILE_TABLES);
    const storedBefore = storedFiles().length;
    const r = await upload(c, '', [
      { name: '现场.jpg', bytes: executable(), type: 'image/jpeg' },
      { name: '半张.jpg', bytes: photo1.subarray(0, 120), type: 'image/jpeg' },
    ]);
    expect(r.status).toBe(200);
    const said = r.body.replies.map((x: { text: string }) => x.text).join('\n');
    expect(said).toContain('文件“现场.jpg”的类型不受支持（按文件内容识别为 EXE');
    expect(said).toContain('文件“半张.jpg”接收不完整');
    expect(said).toContain('1/5'); // still at the description step
    expect(await countRows(database.db, FILE_TABLES)).toEqual(before);
    // A photo outside any form is not kept: no file row, no bytes (its hash was reserved, pruned after a day).
    await c.say('取消');
    const p = await upload(c, '帮助', [{ name: 'a.png', bytes: pngWithText(), type: 'image/png' }]);
    expect(p.body.replies[0].text).toContain('这里不能接收文件');
    expect((await countRows(database.db, FILE_TABLES)).attachments).toBe(before.attachments);
    expect(storedFiles().length).toBe(storedBefore);
    expect(readdirSync(join(files.dataDir, 'staging'))).toEqual([]);
  });

  it('a multipart upload from another site (or with no origin) is refused with 403 before anything is read', async () => {
    const c = new WebClient(app.url);
    await c.say('投诉');
    const before = await countRows(database.db, FILE_TABLES);
    const boundary = 'xietongboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n超市卖过期食品很多天了\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      Buffer.from(photo1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    for (const forged of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: '' }] as Record<string, string>[]) {
      const r = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...forged }, body });
      expect(r.status, JSON.stringify(forged)).toBe(403);
    }
    expect(await countRows(database.db, FILE_TABLES)).toEqual(before);
    expect(await c.say('返回')).toContain('1/5'); // nothing was taken: still at the description step
  });

  it('a multipart body cut off before its end is refused with 400 and reaches nothing', async () => {
    const c = new WebClient(app.url);
    await c.say('投诉');
    const before = await countRows(database.db, FILE_TABLES);
    const boundary = 'xietongboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n超市卖过期食品很多天了\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      Buffer.from(photo1.subarray(0, 150)),
    ]);
    const r = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('上传不完整');
    expect(await countRows(database.db, FILE_TABLES)).toEqual(before);
    expect(await c.say('返回')).toContain('1/5'); // the text was not taken either: still at the description step
  });
});

describe('limits', () => {
  let files: TestFiles;
  let app: WebApp;
  beforeAll(async () => {
    files = await testFileDesk(unitOfWork(database.db), 'filesystem', { limits: { maxFileBytes: 1024, maxRecordBytes: 800 } });
    app = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: onPostgres ? 'postgres' : 'pglite', files: files.desk });
  });
  afterAll(async () => {
    await app?.close();
    await files?.close();
  });

  it('a file over the size limit is refused naming the limit; over the per-complaint total too; a tenth photo too', async () => {
    const c = new WebClient(app.url);
    await c.say('投诉');
    const before = await countRows(database.db, FILE_TABLES);
    const big = new Uint8Array(5000);
    big.set(jpegWithExif(3));
    const r = await upload(c, '', [{ name: '大图.jpg', bytes: big }]);
    expect(r.body.replies[0].text).toContain('超过大小上限（每个文件不超过 1 KB）');
    expect(await countRows(database.db, FILE_TABLES)).toEqual(before);
    // Each photo is ~360 bytes: two fit within the complaint's 800, the third does not.
    const three = await upload(c, '', [1, 2, 3].map((i) => ({ name: `p${i}.jpg`, bytes: jpegWithExif(10 + i) })));
    const said = three.body.replies.map((x: { text: string }) => x.text).join('\n');
    expect(said).toContain('已收到照片 2 张');
    expect(said).toContain('每件投诉举报的附件合计不超过');
  });

  it('file links are under the per-address limit: past it 429 with Retry-After, before any link is checked', async () => {
    const limited = await serveEngine({
      uow: unitOfWork(database.db), db: () => database.db, dbKind: onPostgres ? 'postgres' : 'pglite', files: files.desk,
      limits: { ...NO_LIMITS, chatPerIp: { points: 3, seconds: 600 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/files/1?v=1&e=1&s=x`)).status);
      expect(statuses).toEqual([403, 403, 403, 429]);
      const over = await fetch(`${limited.url}/files/1?v=1&e=1&s=x`);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await over.json()).error).toContain('请求过于频繁');
    } finally {
      await limited.close();
    }
  });

  it('more than 9 files in one request: 413 with the reason, nothing stored', async () => {
    const c = new WebClient(app.url);
    await c.say('投诉');
    const before = await countRows(database.db, FILE_TABLES);
    const r = await upload(c, '', Array.from({ length: 10 }, (_, i) => ({ name: `p${i}.jpg`, bytes: jpegWithExif(i) })));
    expect(r.status).toBe(413);
    expect(r.body.error).toContain('每次最多 9 个文件');
    expect(await countRows(database.db, FILE_TABLES)).toEqual(before);
  });
});
