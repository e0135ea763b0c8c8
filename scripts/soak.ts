/**
 * Crash-and-restart soak run (reliability suite, issue 8 §1): simulated citizens file
 * complaints over HTTP while the real server process is killed with SIGKILL and
 * restarted; deadline reminders are made to fall due during the run. At the end every
 * confirmed complaint must exist exactly once with its ledger rows, every unfinished
 * dialogue must resume at its step, and every due reminder must have gone out exactly
 * once to each recipient. About half the complaints carry a photo, sent with the
 * description as the web chat's multipart upload (so kills land mid-upload too): each
 * confirmed complaint must keep its photo, every file row must name bytes stored whole
 * under their hash, and after the daily prune no stored bytes may be left that no file
 * names (issue 17). Loopback only, a throwaway data directory, bounded in kills
 * and time; PGlite by default, a fresh database on DATABASE_URL's server when set.
 *
 *   npm run soak -- [--users 8] [--kills 4] [--seconds 120] [--seed 1] [--json]
 *
 * Exit code 0 when every check holds, 1 otherwise.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/client';
import { adminToken } from './data-dir';
import { type ServerProcess, spawnServer } from './server-process';
import { UNLIMITED_ENV } from './config';
import { createTestDatabaseUrl } from '../test/support/db';
import { jpegWithExif } from '../test/support/files';
import { pruneFiles } from '../bot/attachments/prune';
import { unitOfWork } from '../db/store';
import { FilesystemBlobs } from '../storage/filesystem';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '8' },
    kills: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '120' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    json: { type: 'boolean', default: false },
  },
});
const USERS = bounded('users', 1, 50);
const KILLS = bounded('kills', 0, 10);
const SECONDS = bounded('seconds', 10, 600);
let seed = Number(args.seed) >>> 0 || 1;

function bounded(name: 'users' | 'kills' | 'seconds', min: number, max: number): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
}
/** A small seeded generator (mulberry32), so a run can be repeated with --seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (line: string) => process.stderr.write(`soak: ${new Date().toISOString().slice(11, 19)} ${line}\n`);

const COMPLAINTS = [
  '超市卖过期食品，酸奶过期一个月还在卖',
  '养殖场把粪水排进河沟，臭气熏天',
  '工地夜间施工噪音很大，影响休息',
  '饭店后厨卫生很差，老鼠乱跑',
  '村里有人焚烧秸秆，烟很大',
  '药店销售假药，吃了没有效果',
];
const PLACES = ['骊城街道某超市', '深河乡某村东头', '抚宁镇兴华街12号', '榆关镇某小区旁'];
/** The least time the server runs between a restart and the next kill. */
const MIN_UPTIME_MS = 8_000;
/** The five questions, then the summary; the answer to each moves to the next. */
const STEP_MARK = ['1/5', '2/5', '3/5', '4/5', '5/5', '请核对'];

// ---------------------------------------------------------------------------------------------
// The server, killed and restarted

const dataDir = mkdtempSync(join(tmpdir(), 'xietong-soak-'));
// Simulated people send from one address far faster than people do: the rate limits are off (README, LIMIT_*).
const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...UNLIMITED_ENV };
let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const scratch = await createTestDatabaseUrl();
  env.DATABASE_URL = scratch.url;
  dropDatabase = scratch.drop;
}
const dbKind = env.DATABASE_URL ? 'postgres' : 'pglite';

let server: ServerProcess | undefined;
let baseUrl: string | undefined; // undefined while the server is down
const startTimes: number[] = [];

async function start(): Promise<void> {
  const t0 = Date.now();
  server = await spawnServer(env, dataDir, 300_000); // generous: a shared, loaded machine starts slowly
  startTimes.push(Date.now() - t0);
  progress(`server up in ${Date.now() - t0} ms`);
  baseUrl = server.url;
}

/** The database, opened by this script only while the server is down (PGlite has one owner). */
async function withDatabase<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const d = await openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite'), migrate: false });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}
const rows = async (d: Database, q: ReturnType<typeof sql>) => ((await d.db.execute(q)) as any).rows as any[];

// ---------------------------------------------------------------------------------------------
// Simulated people over HTTP: every message carries an Idempotency-Key and is retried with
// the same key until the server answers, so a message cut off by a kill is processed once.

const stats = { messages: 0, retries: 0, stepMismatches: 0, confirmed: 0 };
const mismatches: string[] = [];

class User {
  cookie: string | undefined;
  seq = 0;
  constructor(readonly name: string) {}

  async call(path: string, init: RequestInit & { key?: string } = {}): Promise<any> {
    for (;;) {
      const base = baseUrl;
      if (!base) {
        await sleep(200);
        continue;
      }
      try {
        const headers = new Headers(init.headers);
        if (this.cookie) headers.set('cookie', this.cookie);
        if (init.key) headers.set('idempotency-key', init.key);
        if (init.method === 'POST') headers.set('origin', base); // as the page does: writes from elsewhere are refused
        const res = await fetch(base + path, { ...init, headers, signal: AbortSignal.timeout(30_000) });
        const setCookie = res.headers.get('set-cookie');
        if (setCookie && !this.cookie) this.cookie = setCookie.split(';')[0];
        const body = await res.json();
        if (res.ok) return body;
        if (res.status < 500) throw new Error(`${path} ${res.status}: ${JSON.stringify(body)}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith(path)) throw e; // a 4xx is a bug, not a crash
      }
      stats.retries++;
      await sleep(250 + random() * 250);
    }
  }

  /** One message (with a photo: a multipart upload, as the page sends it); the reply texts joined. */
  async say(text: string, photo?: Uint8Array): Promise<string> {
    stats.messages++;
    const key = `${this.name}-${++this.seq}`;
    let init: RequestInit = { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) };
    if (photo) {
      const form = new FormData();
      form.set('text', text);
      form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), '现场.jpg');
      init = { body: form };
    }
    const body = await this.call('/api/chat', { method: 'POST', key, ...init });
    return (body.replies as { text: string }[]).map((r) => r.text).join('\n');
  }

  /** The photo sent with the dialogue under way (its SHA-256), if any. */
  photo: string | undefined;

  expectStep(reply: string, step: number, what: string): void {
    if (!reply.includes(STEP_MARK[step]!)) {
      stats.stepMismatches++;
      mismatches.push(`${this.name} ${what}: expected ${STEP_MARK[step]} in ${JSON.stringify(reply.slice(0, 80))}`);
    }
  }

  /** Sends the first `upTo` messages of a complaint (6: up to the summary), checking each reply's step. */
  async fill(upTo: number): Promise<void> {
    const answers = ['投诉', pick(COMPLAINTS), pick(PLACES), '最近一周', '跳过', '匿名'];
    // Half the descriptions carry a photo of their own (distinct bytes: each must be found again).
    const photo = random() < 0.5 ? jpegWithExif(++photoSeed) : undefined;
    this.photo = undefined;
    for (let i = 0; i < upTo; i++) {
      const withPhoto = i === 1 ? photo : undefined;
      const reply = await this.say(answers[i]!, withPhoto);
      this.expectStep(reply, i, answers[i]!);
      if (withPhoto) this.photo = createHash('sha256').update(withPhoto).digest('hex');
    }
  }
}

let photoSeed = 0;
const confirmed: { no: string; user: string; photo?: string }[] = [];
const unfinished: { user: User; step: number }[] = [];

let stopped = false;
async function simulate(u: User): Promise<void> {
  await u.call('/api/inbox'); // the session cookie first
  while (!stopped) {
    await u.fill(6);
    const reply = await u.say('确认提交');
    const no = reply.match(/TS-\d{4}-\d{6}/)?.[0];
    if (no) {
      confirmed.push({ no, user: u.name, ...(u.photo ? { photo: u.photo } : {}) });
      stats.confirmed++;
    } else {
      stats.stepMismatches++;
      mismatches.push(`${u.name} 确认提交: no tracking number in ${JSON.stringify(reply.slice(0, 80))}`);
    }
  }
  // Leave a dialogue unfinished at a random step (0 = none open) to be resumed after the last restart.
  const step = Math.floor(random() * 6);
  await u.fill(step);
  if (step > 0) unfinished.push({ user: u, step });
}

// ---------------------------------------------------------------------------------------------
// Reminders made due during the run: while the server is down, the unsent reminders of the
// complaints' 受理告知 clocks are moved to moments spread over what is left of the run.

let remindersMoved = 0;
async function bringRemindersForward(windowSeconds: number): Promise<void> {
  await withDatabase(async (d) => {
    const r = await rows(d, sql`
      UPDATE deadline_reminders SET at = now() + (random() * ${Math.max(1, windowSeconds)}) * interval '1 second'
      WHERE sent_at IS NULL AND deadline_id IN (SELECT id FROM deadlines WHERE kind = 'complaint-accept')
      RETURNING id`);
    remindersMoved += r.length;
  });
}

// ---------------------------------------------------------------------------------------------

interface Check {
  name: string;
  value: number;
  want?: number;
}

// ---------------------------------------------------------------------------------------------
// Files (issue 17): each confirmed complaint keeps the photo sent with it; every file row's
// bytes are stored whole under their hash; after the daily prune (run here a day and an hour
// on) no stored bytes are left that no file names, and no blob row either.

function storedFiles(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => (statSync(join(dir, n)).isDirectory() ? storedFiles(join(dir, n)) : [join(dir, n)]));
}

async function fileChecks(d: Database, done: readonly { no: string; photo?: string }[]): Promise<Check[]> {
  const withPhoto = done.filter((c) => c.photo);
  const kept = withPhoto.length
    ? Number((await rows(d, sql`
        SELECT count(*)::int AS n FROM attachments a
        WHERE (a.owner_no, a.sha256) IN (${sql.join(withPhoto.map((c) => sql`(${c.no}, ${c.photo!})`), sql`, `)})`))[0].n)
    : 0;
  const [extra] = await rows(d, sql`SELECT count(*)::int AS n FROM attachments WHERE owner_kind = 'complaint'`);
  const root = join(dataDir, 'files');
  const whole = (sha: string) => {
    try {
      return createHash('sha256').update(readFileSync(join(root, sha.slice(0, 2), sha))).digest('hex') === sha;
    } catch {
      return false;
    }
  };
  const fileRows = await rows(d, sql`SELECT sha256 FROM attachments`);
  const missing = fileRows.filter((r) => !whole(r.sha256)).length;
  const pruned = await pruneFiles(unitOfWork(d.db), new FilesystemBlobs(root), new Date(Date.now() + 25 * 3_600_000));
  const named = new Set((await rows(d, sql`SELECT DISTINCT sha256 FROM attachments`)).map((r) => r.sha256 as string));
  const blobRows = (await rows(d, sql`SELECT sha256 FROM blobs`)).map((r) => r.sha256 as string);
  const bytes = storedFiles(root).map((p) => p.split('/').pop()!);
  return [
    { name: 'confirmed complaints sent with a photo', value: withPhoto.length },
    { name: 'of them keeping that photo', value: kept, want: withPhoto.length },
    { name: 'photos on complaints (none doubled or lost)', value: extra.n, want: withPhoto.length },
    { name: 'file rows whose bytes are missing or not whole', value: missing, want: 0 },
    { name: 'files and blobs the daily prune removed', value: pruned },
    { name: 'blob rows no file names, after the prune', value: blobRows.filter((h) => !named.has(h)).length, want: 0 },
    { name: 'stored bytes no file names, after the prune', value: bytes.filter((h) => !named.has(h)).length, want: 0 },
  ];
}

async function main(): Promise<number> {
  const began = Date.now();
  await start();

  // Staff: an officer in each body the sample complaints go to, and the justice bureau's
  // staff who are told of misses (督办), so reminders have recipients.
  const token = adminToken(dataDir);
  const admin = new User('admin');
  const orgs = new Set<string>(['抚宁区司法局']);
  for (const text of COMPLAINTS) {
    const r = await admin.call('/api/route', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    if (r.org) orgs.add(r.org);
  }
  let staff = 0;
  for (const org of orgs) {
    const role = org === '抚宁区司法局' ? 'justice' : 'officer';
    const invite = await admin.call('/admin/invites', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ org, role }),
    });
    const person = new User(`staff-${staff++}`);
    const bound = await person.say(`绑定 ${invite.code}`);
    if (!bound.includes('绑定成功')) throw new Error(`binding staff of ${org}: ${bound}`);
  }

  const runStart = Date.now();
  const until = runStart + SECONDS * 1000;
  const users = Array.from({ length: USERS }, (_, i) => new User(`user-${i}`));
  const work = Promise.all(users.map((u) => simulate(u)));

  // The killer: SIGKILL at moments spread over the run, then reminders forward, then restart.
  const downtimes: number[] = [];
  let kills = 0;
  for (let k = 0; k < KILLS; k++) {
    const at = runStart + ((k + 0.3 + random() * 0.5) / KILLS) * SECONDS * 1000;
    await sleep(Math.max(0, at - Date.now()));
    const down = Date.now();
    baseUrl = undefined;
    await server!.kill('SIGKILL');
    kills++;
    progress(`SIGKILL ${kills}/${KILLS} (${stats.messages} messages so far)`);
    await bringRemindersForward(Math.max(5, (until - Date.now()) / 1000));
    await start();
    downtimes.push(Date.now() - down);
    await sleep(MIN_UPTIME_MS); // a slow start must not make the next kill come at once
  }
  await sleep(Math.max(0, until - Date.now()));
  stopped = true;
  await work;

  // The last restart: everything due by now goes out in the start-up sweep; then the
  // unfinished dialogues are asked for help, which repeats the step they are at.
  baseUrl = undefined;
  await server!.kill('SIGKILL');
  const finalStart = new Date();
  await start();
  let resumedAtStep = 0;
  for (const { user, step } of unfinished) {
    const reply = await user.say('帮助');
    if (reply.includes(STEP_MARK[step - 1]!)) resumedAtStep++;
    else mismatches.push(`${user.name} after restart: expected ${STEP_MARK[step - 1]} in ${JSON.stringify(reply.slice(0, 80))}`);
  }
  // The start-up sweep sends what fell due; a large backlog can outlast one wait, and a stop
  // rolls back the batch in hand — it goes out on the next start. So: stop, look, and start
  // again while due reminders are left and each round sends some (a lost one never goes).
  let sweepRounds = 0;
  for (let left = Infinity; ; ) {
    sweepRounds++;
    await sleep(15_000);
    baseUrl = undefined;
    await server!.kill('SIGTERM');
    server = undefined;
    const now = await withDatabase(async (d) => Number((await rows(d, sql`
      SELECT count(*)::int AS n FROM deadline_reminders r JOIN deadlines k ON k.id = r.deadline_id
      WHERE k.kind = 'complaint-accept' AND r.sent_at IS NULL AND r.at <= ${finalStart.toISOString()}`))[0].n));
    if (now === 0 || now >= left || sweepRounds >= 6) break;
    left = now;
    progress(`${now} due reminders not sent yet: restarting for the sweep`);
    await start();
  }

  const checks = await withDatabase(async (d) => {
    const nos = confirmed.map((c) => c.no);
    const [perNo] = await rows(d, sql`
      SELECT count(*) FILTER (WHERE n = 1)::int AS once, count(*) FILTER (WHERE n > 1)::int AS twice
      FROM (SELECT tracking_no, count(*) AS n FROM complaints GROUP BY tracking_no) x`);
    const [all] = await rows(d, sql`SELECT count(*)::int AS n FROM complaints`);
    const inLedger = nos.length
      ? (await rows(d, sql`
          SELECT c.tracking_no,
                 (SELECT count(*) FROM complaint_events e WHERE e.complaint_id = c.id AND e.kind = 'registered')::int AS events,
                 (SELECT count(*) FROM deadlines k WHERE k.kind = 'complaint-accept' AND k.subject_id = c.tracking_no)::int AS clocks
          FROM complaints c WHERE c.tracking_no IN (${sql.join(nos.map((n) => sql`${n}`), sql`, `)})`))
      : [];
    const ledgerOk = inLedger.filter((r) => r.events === 1 && r.clocks === 1).length;

    // Reminders: every one due before the last start was sent, and to each recipient exactly once.
    const reminders = await rows(d, sql`
      SELECT r.id, r.key, r.audience, r.sent_at, k.subject_id AS no, k.org_id, k.supervisor_org_code
      FROM deadline_reminders r JOIN deadlines k ON k.id = r.deadline_id
      WHERE k.kind = 'complaint-accept' AND r.at <= ${finalStart.toISOString()}`);
    const MARK: Record<string, string> = { 'before-2': '【期限提醒】', 'due-morning': '【今日到期】', due: '【已到期】', escalation: '【督办】' };
    let outboxRows = 0;
    let expectedRows = 0;
    let duplicates = 0;
    let missing = 0;
    for (const r of reminders.filter((x) => x.sent_at)) {
      const expected = (r.audience === 'responsible'
        ? await rows(d, sql`SELECT DISTINCT person_id FROM role_grants WHERE org_id = ${r.org_id} AND role IN ('officer', 'head', 'justice')`)
        : await rows(d, sql`
            SELECT DISTINCT person_id FROM role_grants WHERE (org_id = ${r.org_id} AND role = 'head')
               OR (org_id = (SELECT id FROM organisations WHERE code = ${r.supervisor_org_code}) AND role IN ('justice', 'coordination', 'head'))`)
      ).map((x) => Number(x.person_id));
      const got = await rows(d, sql`
        SELECT person_id, count(*)::int AS n FROM outbox
        WHERE text LIKE ${`${MARK[r.key]}%`} AND strpos(text, ${`投诉举报 ${r.no}`}) > 0 GROUP BY person_id`);
      expectedRows += expected.length;
      for (const g of got) {
        outboxRows += g.n;
        if (g.n > 1) duplicates += g.n - 1;
      }
      missing += expected.filter((p) => !got.some((g) => Number(g.person_id) === p)).length;
    }
    const unsent = reminders.filter((x) => !x.sent_at).length;
    const files = await fileChecks(d, confirmed);

    const list: Check[] = [
      { name: 'staff bound (reminder recipients)', value: staff },
      { name: 'complaints confirmed to users', value: nos.length },
      { name: 'distinct tracking numbers confirmed', value: new Set(nos).size, want: nos.length },
      { name: 'confirmed complaints in the ledger exactly once', value: perNo.once, want: nos.length },
      { name: 'tracking numbers in the ledger twice or more', value: perNo.twice, want: 0 },
      { name: 'complaints in the database (none unconfirmed)', value: all.n, want: nos.length },
      { name: 'confirmed with one 登记 event and one 受理告知 clock', value: ledgerOk, want: nos.length },
      { name: 'unfinished dialogues', value: unfinished.length },
      { name: 'unfinished dialogues resumed at their step', value: resumedAtStep, want: unfinished.length },
      { name: 'replies at the wrong step during the run', value: stats.stepMismatches, want: 0 },
      { name: 'reminders moved to fall due during the run', value: remindersMoved },
      { name: 'reminders due before the last start', value: reminders.length },
      { name: 'server starts the final sweep took', value: sweepRounds },
      { name: 'due reminders not sent (lost)', value: unsent, want: 0 },
      { name: 'reminder messages expected (recipients)', value: expectedRows },
      { name: 'reminder messages in the outbox', value: outboxRows, want: expectedRows },
      { name: 'reminder messages sent twice', value: duplicates, want: 0 },
      { name: 'reminder messages missing', value: missing, want: 0 },
      ...files,
    ];
    return list;
  });

  const figures = {
    database: dbKind,
    users: USERS,
    seed: Number(args.seed),
    seconds: SECONDS,
    kills,
    messages: stats.messages,
    retries: stats.retries,
    elapsedSeconds: Math.round((Date.now() - began) / 1000),
    serverStartMs: { min: Math.min(...startTimes), max: Math.max(...startTimes) },
    downtimeMs: downtimes,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  };
  const failed = checks.filter((c) => c.want !== undefined && c.value !== c.want);
  if (args.json) console.log(JSON.stringify({ figures, checks, failed: failed.map((f) => f.name), mismatches }, null, 2));
  else {
    console.log(`soak: ${dbKind}, ${USERS} users, ${kills} SIGKILLs in ${SECONDS} s (seed ${args.seed}); ${stats.messages} messages, ${stats.retries} retries after a kill; server start ${figures.serverStartMs.min}–${figures.serverStartMs.max} ms; ${figures.elapsedSeconds} s in all`);
    const width = Math.max(...checks.map((c) => c.name.length));
    for (const c of checks) console.log(`  ${c.name.padEnd(width)}  ${String(c.value).padStart(6)}${c.want === undefined ? '' : c.value === c.want ? '  ok' : `  FAIL (want ${c.want})`}`);
    for (const m of mismatches.slice(0, 20)) console.log(`  ! ${m}`);
    console.log(failed.length ? `soak: ${failed.length} check(s) failed` : 'soak: all checks hold');
  }
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error('soak: aborted:', e);
} finally {
  await server?.kill('SIGKILL').catch(() => {});
  await dropDatabase().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
