/**
 * The data directory of the real server process (`scripts/start.ts`): readable by its
 * owner only (0700 directories, 0600 files — also when an older release left it wider),
 * one server at a time (a second `npm start` on it is refused and the first one's
 * `server.json` survives; the lock of a killed server is taken over), and `npm run
 * invite` works with and without a running server.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, onPostgres } from './support/db';
import { WebClient } from './support/http';
import { type ServerProcess, spawnServer } from '../scripts/server-process';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDb = async () => {};
let first: ServerProcess | undefined;

async function invite(org: string, role: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/invite.ts', '--org', org, '--role', role], { cwd: ROOT, env });
  const m = stdout.match(/邀请码: ([A-Z2-9]{5}-[A-Z2-9]{5})/);
  if (!m) throw new Error(`no code in: ${stdout}`);
  return m[1]!;
}

/** Every path under `dir` (itself included) whose permission bits are not 0700 (directories) or 0600 (files). */
function tooOpen(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const s = lstatSync(p);
    if (s.isSymbolicLink()) return;
    const mode = s.mode & 0o777;
    if (s.isDirectory()) {
      if (mode !== 0o700) out.push(`${p} ${mode.toString(8)}`);
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (mode !== 0o600) out.push(`${p} ${mode.toString(8)}`);
  };
  walk(dir);
  return out;
}

/** Opens every directory and file wide, as an older release (or a careless copy) left them. */
function openWide(dir: string): void {
  const walk = (p: string) => {
    const s = lstatSync(p);
    if (s.isDirectory()) {
      chmodSync(p, 0o777);
      for (const e of readdirSync(p)) walk(join(p, e));
    } else chmodSync(p, 0o666);
  };
  walk(dir);
}

/** `scripts/start.ts` run to its end: exit code and everything it printed. */
function startAndWait(timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the second server did not exit within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'xietong-datadir-'));
  env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  if (onPostgres) {
    const db = await createTestDatabaseUrl();
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  } else {
    delete env.DATABASE_URL;
  }
});
afterAll(async () => {
  await first?.kill('SIGKILL');
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the data directory', () => {
  it('is private after start, also when it existed with wider modes', async () => {
    const adminCode = await invite('司法局', 'admin'); // no server: the CLI opens the database itself
    openWide(dataDir);
    expect(tooOpen(dataDir).length).toBeGreaterThan(0);

    first = await spawnServer(env, dataDir);
    const admin = new WebClient(first.url);
    expect(await admin.say(`绑定 ${adminCode}`)).toContain('管理员');
    await admin.say('投诉'); // a turn: the database writes (WAL) while running
    expect(tooOpen(dataDir)).toEqual([]);
  }, 180_000);

  it('refuses a second server on it; the first keeps its marker and invites still go through it', async () => {
    const marker = join(dataDir, 'server.json');
    const before = readFileSync(marker, 'utf8');
    const second = await startAndWait();
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`another server (pid ${first!.pid},`);
    expect(second.output).toContain(dataDir);
    expect(readFileSync(marker, 'utf8')).toBe(before);

    const code = await invite('司法局', 'justice');
    const staff = new WebClient(first!.url);
    expect(await staff.say(`绑定 ${code}`)).toContain('绑定成功');
  }, 180_000);

  it('is taken over from a killed server, and given back on a clean stop', async () => {
    await first!.kill('SIGKILL');
    expect(existsSync(join(dataDir, 'server.lock'))).toBe(true); // the dead server's lock is left behind
    first = await spawnServer(env, dataDir);
    const code = await invite('司法局', 'justice');
    expect(await new WebClient(first.url).say(`绑定 ${code}`)).toContain('绑定成功');

    await first.kill('SIGTERM');
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'server.lock'))).toBe(false);
    expect(await invite('司法局', 'justice')).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/); // and without a server
  }, 180_000);
});
