/**
 * SIGKILL mid-upload (issue 17): the real server as a child process receives a photo whole,
 * then is killed while a second upload is still arriving. After the restart the completed
 * photo is kept with the complaint its sender then submits (the same bytes, the same hash),
 * and, after the daily prune (which takes a draft's photo never submitted), nothing dangles: every file row names a blob whose bytes are
 * stored under their hash, and every stored byte is named by a file.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneFiles } from '../bot/attachments/prune';
import { openDatabase } from '../db/client';
import { unitOfWork } from '../db/store';
import { type ServerProcess, spawnServer } from '../scripts/server-process';
import { FilesystemBlobs } from '../storage/filesystem';
import { trackingNoIn } from './support/chat';
import { onPostgres, serverStorage } from './support/db';
import { fetchLink, jpegWithExif, linksIn, sha256, upload } from './support/files';
import { WebClient } from './support/http';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess | undefined;
let dropDb = async () => {};

beforeAll(async () => {
  // Migrated and seeded already (a copy of the global setup's): the server's start skips the migrations.
  const storage = await serverStorage('kill');
  dataDir = storage.dataDir;
  dropDb = storage.drop;
  env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...storage.env };
  if (!onPostgres) delete env.DATABASE_URL;
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every regular file under a directory. */
function filesUnder(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** Starts a multipart upload of a large photo and stops sending half-way: the connection stays open. */
function halfUpload(c: WebClient, bytes: Uint8Array): Promise<void> {
  const boundary = 'xietongkill';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="大图.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`${c.base}/api/chat`);
  return new Promise((resolve) => {
    const req = request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + bytes.length + tail.length),
        cookie: c.cookie ?? '', origin: c.base,
      },
    });
    req.on('error', () => {}); // the server dies under it
    req.write(head);
    req.write(bytes.subarray(0, bytes.length / 2), () => resolve());
  });
}

describe('SIGKILL mid-upload', () => {
  it('loses no completed file and leaves no dangling reference after the daily prune', async () => {
    server = await spawnServer(env, dataDir);
    const citizen = new WebClient(server.url);
    await citizen.say('投诉');
    const photo = jpegWithExif(77);
    const sent = await upload(citizen, '超市卖过期食品，还虚假宣传', [{ name: '现场.jpg', bytes: photo, type: 'image/jpeg' }]);
    expect(sent.body.replies.map((r: { text: string }) => r.text).join('\n')).toContain('已收到照片 1 张');

    // Another's photo in a draft never submitted: its row and bytes are the prune's.
    const other = new WebClient(server.url);
    await other.say('投诉');
    const orphan = jpegWithExif(79);
    await upload(other, '', [{ name: '草稿.jpg', bytes: orphan, type: 'image/jpeg' }]);

    // A 4 MB photo half sent, then the server is killed with the bytes in flight.
    const big = new Uint8Array(4 * 1024 * 1024);
    big.set(jpegWithExif(78));
    await halfUpload(citizen, big);
    await new Promise((r) => setTimeout(r, 300));
    await server.kill('SIGKILL');

    // Restarted: the draft goes on with its photo; submitted, the photo is the complaint's.
    server = await spawnServer(env, dataDir);
    citizen.base = server.url;
    for (const t of ['骊城街道某超市', '最近一个月', '跳过', '匿名']) await citizen.say(t);
    const no = trackingNoIn(await citizen.say('确认提交'));
    const links = linksIn(await citizen.say(`查询 ${no}`));
    expect(links).toHaveLength(1);
    const got = await fetchLink(server.url, links[0]!);
    expect(got.status).toBe(200);
    expect(sha256(got.bytes)).toBe(sha256(photo));
    await server.kill('SIGTERM');
    server = undefined;

    // The daily prune, a day and an hour on, with the server down (PGlite has one owner).
    const d = await openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite'), migrate: false });
    try {
      const root = join(dataDir, 'files');
      await pruneFiles(unitOfWork(d.db), new FilesystemBlobs(root), new Date(Date.now() + 25 * 3_600_000));
      const rows = async (q: ReturnType<typeof sql>) => ((await d.db.execute(q)) as any).rows as any[];
      const files = await rows(sql`SELECT a.sha256, a.owner_no, b.sha256 AS blob FROM attachments a LEFT JOIN blobs b USING (sha256)`);
      expect(files.map((f) => [f.sha256, f.owner_no])).toEqual([[sha256(photo), no]]); // the completed file, its complaint's
      expect(files.every((f) => f.blob)).toBe(true);
      const blobs = (await rows(sql`SELECT sha256 FROM blobs`)).map((b) => b.sha256);
      const stored = filesUnder(root);
      // Every stored byte is a named blob's, whole under its hash; every blob is a file's.
      expect(stored.map((p) => p.split('/').pop()).sort()).toEqual([...blobs].sort());
      for (const p of stored) expect(sha256(readFileSync(p))).toBe(p.split('/').pop());
      expect(blobs).toEqual([sha256(photo)]);
      expect(filesUnder(join(dataDir, 'staging'))).toEqual([]);
    } finally {
      await d.close();
    }
  }, 180_000); // two server starts on a shared machine
});
