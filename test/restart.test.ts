/**
 * The real server process: killed mid-dialogue it resumes at the same step, and
 * `npm run invite` works both while it runs (through its loopback admin endpoint)
 * and while it does not (straight into the database).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, serverStorage } from './support/db';
import { WebClient } from './support/http';
import { type ServerProcess, spawnServer } from '../scripts/server-process';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDb = async () => {};
let proc: ServerProcess | undefined;

async function startServer(): Promise<{ url: string; pid: number }> {
  proc = await spawnServer(env, dataDir);
  return proc;
}

async function kill(signal: NodeJS.Signals): Promise<void> {
  await proc?.kill(signal);
}

async function invite(org: string, role: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/invite.ts', '--org', org, '--role', role], { cwd: ROOT, env });
  const m = stdout.match(/邀请码: ([A-Z2-9]{5}-[A-Z2-9]{5})/);
  if (!m) throw new Error(`no code in: ${stdout}`);
  return m[1]!;
}

beforeAll(async () => {
  // Migrated and seeded already (a copy of the global setup's): the server's start skips the migrations.
  const storage = await serverStorage('restart');
  dataDir = storage.dataDir;
  dropDb = storage.drop;
  env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...storage.env };
  if (!onPostgres) delete env.DATABASE_URL;
});
afterAll(async () => {
  await kill('SIGKILL');
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('resumes a dialogue at the same step after SIGKILL, and invites work with and without the server', async () => {
    // The first admin is bootstrapped with the database closed (no server running).
    const adminCode = await invite('司法局', 'admin');

    let server = await startServer();
    const citizen = new WebClient(server.url);
    await citizen.chat('投诉');
    await citizen.chat('养殖场把粪水排进河沟，臭气熏天');
    expect(await citizen.say('深河乡某村东头')).toContain('3/5');

    await kill('SIGKILL');
    server = await startServer();
    citizen.base = server.url;
    // The next answer continues where the dialogue stopped: step 3 (when) → step 4.
    expect(await citizen.say('这个月一直这样')).toContain('4/5');
    await citizen.chat('跳过');
    const summary = await citizen.say('匿名');
    expect(summary).toContain('养殖场把粪水排进河沟');
    expect(summary).toContain('深河乡某村东头');
    const handlingBody = summary.match(/拟交由：([^（\n]+)/)![1]!.trim();
    const no = (await citizen.say('确认提交')).match(/TS-\d{4}-\d{6}/)![0];

    // While the server runs and owns the data directory, the CLI goes through it.
    const admin = new WebClient(server.url);
    expect(await admin.say(`绑定 ${adminCode}`)).toContain('管理员');
    const code = await invite(handlingBody, 'officer');
    const officer = new WebClient(server.url);
    expect(await officer.say(`绑定 ${code}`)).toContain('绑定成功');
    // The admin can issue codes in chat too.
    expect(await admin.say('邀请码 抚宁镇 执法人员')).toMatch(/邀请码：[A-Z2-9]{5}-[A-Z2-9]{5}/);

    await kill('SIGTERM');
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false); // a clean stop removes the marker
    server = await startServer();
    citizen.base = officer.base = server.url;
    const status = await officer.say(`查询 ${no}`);
    expect(status).toContain('养殖场');
    expect(await citizen.say(`查询 ${no}`)).toContain('已登记，待受理');
  }, 180_000);
});
