/**
 * `npm run calendar -- --file notice.json` works whether or not the server runs (like
 * `npm run invite`): straight into the database when it does not, through the loopback
 * admin endpoint when it owns the embedded database; a bad file is refused with a reason
 * and stores nothing; what it stores waits for confirmation in chat.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startServer } from '../scripts/app';
import { readConfig } from '../scripts/config';
import { onPostgres, serverStorage } from './support/db';
import { WebClient } from './support/http';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDb = async () => {};

async function calendar(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/calendar.ts', ...args], { cwd: ROOT, env });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

const file = (name: string, json: unknown) => {
  const path = join(dataDir, name);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
};

beforeAll(async () => {
  // Migrated and seeded already (a copy of the global setup's): the server's start skips the migrations.
  const storage = await serverStorage('calendar');
  dataDir = storage.dataDir;
  dropDb = storage.drop;
  env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...storage.env };
  if (!onPostgres) delete env.DATABASE_URL;
});
afterAll(async () => {
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

describe('npm run calendar', () => {
  it('refuses a bad file with a reason, then stores a good one to be confirmed — with the server down, then up', async () => {
    const weekday = await calendar('--file', file('weekday.json', { year: 2026, holidays: [{ name: '国庆节', days: ['2026-10-01'] }], workdays: ['2026-10-09'] }));
    expect(weekday.code).toBe(1);
    expect(weekday.err).toContain('未保存：2026年10月9日（星期五）是工作日，调休上班日应为星期六或星期日');

    const stored = await calendar('--file', join(ROOT, 'test/data/notice-2026.json')); // no server: into the database
    expect(stored.err).toBe('');
    expect(stored.out).toContain('已录入2026年节假日安排（待确认）');
    expect(stored.out).toContain('确认节假日 2026');

    const server = await startServer({ ...readConfig(env), port: 0, host: '127.0.0.1' }, pino({ level: 'silent' }), env);
    try {
      const notice2027 = file('2027.json', { year: 2027, holidays: [{ name: '元旦', days: ['2027-01-01'] }] });
      expect((await calendar('--file', notice2027)).out).toContain('已录入2027年节假日安排（待确认）');
      // The one stored with the server down is there, waiting: a second 2026 is refused.
      const again = await calendar('--file', join(ROOT, 'test/data/notice-2026.json'));
      expect(again.code).toBe(1);
      expect(again.err).toContain('2026年已有一份待确认的节假日安排（服务器操作员（命令行文件）于');
      // The endpoint behind it takes only the token in the data directory.
      const forged = await new WebClient(server.url).request('/admin/calendar', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token' }, body: JSON.stringify({ year: 2028, holidays: [{ name: '元旦', days: ['2028-01-01'] }] }),
      });
      expect(forged.status).toBe(401);
    } finally {
      await server.close();
    }
  }, 600_000); // four runs of the script, each starting tsx and opening the database or calling the server: minutes on a loaded machine
});
