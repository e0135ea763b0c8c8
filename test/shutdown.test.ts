/**
 * Bounded shutdown of the real server process (`scripts/start.ts`): with the Telegram
 * Bot API accepting connections and never answering, SIGTERM closes the port at once,
 * the process exits within 10 s, and the notification it could not send stays in the
 * outbox for the next start; a SIGTERM while its start-up waits on that API ends it too.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { accounts, outbox } from '../db/schema';
import { type ServerProcess, spawnServer } from '../scripts/server-process';
import { onPostgres, serverStorage } from './support/db';
import { FakeTelegram } from './support/fake-telegram';
import { WebClient } from './support/http';

const BOT_TOKEN = '515151:shutdown-token';
let telegram: FakeTelegram;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDb = async () => {};
let proc: ServerProcess | undefined;

beforeAll(async () => {
  telegram = await FakeTelegram.start(BOT_TOKEN);
  // Migrated and seeded already (a copy of the global setup's): the server's start skips the migrations.
  const storage = await serverStorage('shutdown');
  dataDir = storage.dataDir;
  dropDb = storage.drop;
  env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: telegram.url, ...storage.env };
  if (!onPostgres) delete env.DATABASE_URL;
});
afterAll(async () => {
  await proc?.kill('SIGKILL');
  await telegram?.close();
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('SIGTERM with the Telegram Bot API down', () => {
  it('stops accepting at once, exits within 10 s and leaves the unsent notification in the outbox', async () => {
    proc = await spawnServer(env, dataDir);
    const port = Number(new URL(proc.url).port);
    await telegram.waitFor(() => telegram.openPolls > 0, 'the server to poll Telegram', 30_000);

    // A citizen on the web gets to the summary: it names the body that will handle it.
    const citizen = new WebClient(proc.url);
    await citizen.chat('投诉');
    await citizen.chat('养殖场把粪水排进河沟，臭气熏天');
    await citizen.chat('深河乡某村东头');
    await citizen.chat('这个月一直这样');
    await citizen.chat('跳过');
    const summary = await citizen.say('匿名');
    const body = summary.match(/拟交由：([^（\n]+)/)![1]!.trim();

    // An officer of that body binds on Telegram.
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8');
    const issued = await new WebClient(proc.url).request('/admin/invites', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ org: body, role: 'officer' }),
    });
    expect(issued.status).toBe(201);
    const officer = telegram.user(880_001, '王警官');
    telegram.push(telegram.textUpdate(officer, `绑定 ${issued.body.code}`));
    await telegram.waitFor(() => telegram.sentTo(officer.id).some((m) => m.text.includes('绑定成功')), 'the binding reply', 20_000);

    // Telegram goes silent; the complaint's notice to the officer is being sent and hangs.
    telegram.hang();
    const before = telegram.attemptsTo(officer.id).length;
    expect(await citizen.say('确认提交')).toMatch(/TS-\d{4}-\d{6}/);
    await telegram.waitFor(() => telegram.attemptsTo(officer.id).length > before, 'the notice to be attempted', 20_000);

    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => proc!.child.once('exit', (code) => r(code)));
    proc.child.kill('SIGTERM');
    let closedAfter: number | undefined;
    while (closedAfter === undefined && Date.now() - t0 < 12_000) {
      if (!(await accepts(port))) closedAfter = Date.now() - t0;
      else await new Promise((r) => setTimeout(r, 50));
    }
    const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000 - (Date.now() - t0)))]);
    const took = Date.now() - t0;
    console.info(`SIGTERM with the Bot API silent: port refused new connections after ${closedAfter} ms, process exited after ${took} ms (code ${code})`);
    expect({ closedAfter, code }).toEqual({ closedAfter: expect.any(Number), code: 0 });
    expect(closedAfter!).toBeLessThan(1500);
    expect(took).toBeLessThanOrEqual(10_000);

    // The notice was neither delivered nor given up: the next start sends it.
    const database = await openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, 'pglite'), migrate: false });
    try {
      const waiting = await database.db
        .select({ id: outbox.id })
        .from(outbox)
        .innerJoin(accounts, eq(accounts.id, outbox.accountId))
        .where(and(eq(accounts.platform, 'telegram'), eq(accounts.externalId, String(officer.id)), isNull(outbox.deliveredAt), isNull(outbox.failedAt)));
      expect(waiting.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 180_000);
});

describe('SIGTERM during start-up, the Telegram Bot API silent from the start', () => {
  it('ends the process within 10 s and leaves the data directory free', async () => {
    const silent = await FakeTelegram.start(BOT_TOKEN);
    silent.hang();
    const dir = mkdtempSync(join(tmpdir(), 'xietong-shutdown-start-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
        cwd: new URL('..', import.meta.url).pathname, env: { ...env, DATA_DIR: dir, TELEGRAM_API_ROOT: silent.url }, stdio: 'ignore',
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await silent.waitFor(() => silent.callsOf('getMe').length > 0, 'the server to ask getMe', 120_000);
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000))]);
      if (code === 'still running') child.kill('SIGKILL');
      expect(code).not.toBe('still running');
      expect(Date.now() - t0).toBeLessThanOrEqual(10_000);
      expect(existsSync(join(dir, 'server.lock'))).toBe(false);
      expect(existsSync(join(dir, 'server.json'))).toBe(false);
    } finally {
      await silent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
