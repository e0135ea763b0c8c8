/**
 * POST /api/approvals and `npm run import-approvals` against a running server: the token
 * is checked (401 without, 403 wrong), bad bodies get a 400 with the reason, a decision
 * reaches the supervising department's liaison once however often it is pushed, and the
 * CSV script imports through the same code (through the server on the embedded database,
 * directly on PostgreSQL).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { type Running, startServer } from '../scripts/app';
import { readConfig } from '../scripts/config';
import { createTestDatabaseUrl, onPostgres } from './support/db';
import { WebClient } from './support/http';

const TOKEN = 'test-approvals-token-0123456789';
let server: Running;
let dataDir: string;
let databaseUrl: string | undefined;
let dropDb = async () => {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'xietong-approvals-web-'));
  if (onPostgres) ({ url: databaseUrl, drop: dropDb } = await createTestDatabaseUrl());
  server = await startServer({ ...readConfig({}), port: 0, host: '127.0.0.1', databaseUrl, dataDir }, pino({ level: 'silent' }), { APPROVALS_API_TOKEN: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await dropDb();
  rmSync(dataDir, { recursive: true, force: true });
});

async function staff(org: string, role: string): Promise<WebClient> {
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8');
  const r = await new WebClient(server.url).request('/admin/invites', {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ org, role }),
  });
  expect(r.status).toBe(201);
  const c = new WebClient(server.url);
  expect(await c.say(`绑定 ${r.body.code}`)).toContain('绑定成功');
  return c;
}

const push = (body: unknown, auth: string | null = `Bearer ${TOKEN}`) =>
  new WebClient(server.url).request('/api/approvals', {
    method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const inboxText = async (c: WebClient) => (await c.inbox()).map((r) => r.text).join('\n');

describe('POST /api/approvals', () => {
  it('checks the token and the body, imports once, and tells the liaison', async () => {
    const transport = await staff('交通运输局', '联络员');
    const decision = { decisionNo: '抚审批〔2026〕201号', item: '道路货物运输经营许可', applicant: '抚宁某物流有限公司', decidedOn: '2026-11-24', licenceNo: '冀交运管许可秦字130323001号' };

    const none = await push({ decisions: [decision] }, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toContain('缺少令牌');
    const wrong = await push({ decisions: [decision] }, 'Bearer not-the-token');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toContain('令牌无效');
    const broken = await push('{"decisions": [');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toContain('不是有效的 JSON');
    expect((await push({ decisions: [] })).status).toBe(400);
    expect(await inboxText(transport)).toBe('');

    const first = await push({ decisions: [decision, { ...decision, decisionNo: 'X-1', decidedOn: '2026-13-01' }] });
    expect(first.status).toBe(200);
    expect(first.body.imported).toEqual([{ decisionNo: decision.decisionNo, approvalNo: expect.stringMatching(/^SP-\d{4}-\d{6}$/), supervisor: '抚宁区交通运输局' }]);
    expect(first.body.rejected).toEqual([{ index: 2, reason: expect.stringContaining('决定日期') }]);
    const again = await push(decision);
    expect(again.status).toBe(200);
    expect(again.body.imported).toEqual([]);
    expect(again.body.duplicates).toEqual([{ decisionNo: decision.decisionNo, approvalNo: first.body.imported[0].approvalNo }]);

    const told = await inboxText(transport);
    expect(told.match(/【审批决定推送】/g)).toHaveLength(1);
    expect(told).toContain('冀交运管许可秦字130323001号');
  });

  it('takes a CSV file from npm run import-approvals', { timeout: 60_000 }, async () => {
    const culture = await staff('文旅局', '联络员');
    const file = join(dataDir, 'decisions.csv');
    writeFileSync(file, '\ufeff审批决定文号,审批事项,申请人,决定日期\r\n抚审批〔2026〕301号,"娱乐场所经营许可（KTV）",抚宁某娱乐有限公司,2026-11-24\r\n');
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import-approvals.ts', file], {
        env: { ...process.env, DATA_DIR: dataDir, APPROVALS_API_TOKEN: TOKEN, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }) },
      });
    const { stdout } = await run();
    expect(stdout).toContain('导入 1 条');
    expect(stdout).toContain('抚宁区文化广电和旅游局');
    expect((await run()).stdout).toContain('已存在 1 条');
    const told = await inboxText(culture);
    expect(told).toContain('【审批决定推送】');
    expect(told).toContain('抚宁某娱乐有限公司');
  });
});
