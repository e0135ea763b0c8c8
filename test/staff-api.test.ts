/**
 * The staff API: a bearer token issued by chat (接口令牌) to staff of the supervising bodies,
 * stored hashed, replaced and revocable; GET /api/deadlines?state=missed answers the same
 * as 逾期, with 401/403/400 and a Chinese reason otherwise. Also 提醒设置.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { createWebApp } from '../adapters/web/server';
import { webSessionRepo } from '../db/identity/repo';
import { webTranscriptRepo } from '../db/transcript';
import type { Engine } from '../bot/engine';
import { Scheduler } from '../bot/scheduler';
import { buildClassifiers, createEngine } from '../bot/services';
import { missedDeadlinesApi } from '../bot/staff-api/feature';
import { accounts, apiTokens, deadlines, deliveries, roleGrants } from '../db/schema';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let server: Server;
let base: string;
let now = new Date('2026-11-25T10:00:00+08:00');
const log = pino({ level: 'silent' });

beforeAll(async () => {
  database = await testDatabase();
  const uow = unitOfWork(database.db);
  ({ engine, directory } = await createEngine(uow, { clock: () => now }));
  const app = createWebApp({
    engine, router: buildClassifiers(directory).router, directory, log, dbKind: 'pglite', ping: async () => {}, sessions: webSessionRepo(database.db), transcript: webTranscriptRepo(database.db),
    deadlinesApi: (authorization, query) => missedDeadlinesApi(uow, directory, authorization, query, now),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((res) => server.once('listening', res));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Missed deadlines to list: November's information reports of every unit, and a complaint not accepted in time.
  const scheduler = new Scheduler({ uow, directory, clock: () => now, pushPlatforms: () => new Set(), log, duties: ['info-reports'] });
  await scheduler.tick();
  const citizen = new Person(engine, 'api-citizen');
  for (const t of ['投诉', '超市卖过期面包，还不给退', '骊城街道某超市', '昨天', '跳过', '匿名', '确认提交']) await citizen.say(t);
  now = new Date('2026-12-05T00:05:00+08:00');
  await scheduler.tick();
});
afterAll(async () => {
  await new Promise<void>((res) => server?.close(() => res()));
  await database?.close();
});

const get = async (authorization?: string, query = '?state=missed') => {
  const res = await fetch(`${base}/api/deadlines${query}`, { headers: authorization ? { authorization } : {} });
  return { status: res.status, body: await res.json(), challenge: res.headers.get('www-authenticate') };
};
const tokenIn = (text: string) => text.match(/xt_[A-Za-z0-9_-]{43}/)?.[0];
const staff = (id: string, org: string, role: string) => staffMember({ engine, db: database.db, directory, now: () => now }, id, org, role);

describe('接口令牌 and GET /api/deadlines?state=missed', () => {
  let justice: Person;
  let token: string;

  it('is refused without a token, with a malformed one or an unknown one (401, Chinese reason, challenge)', async () => {
    for (const auth of [undefined, 'Basic abc', 'Bearer', `Bearer xt_${'A'.repeat(43)}`]) {
      const r = await get(auth);
      expect(r.status, String(auth)).toBe(401);
      expect(r.body.error).toMatch(/令牌/);
      expect(r.challenge).toContain('Bearer');
    }
  });

  it('is issued by chat to the supervising bodies only, shown once and stored hashed', async () => {
    const officer = await staff('api-officer', 'scjg', 'officer');
    expect(await officer.text('接口令牌')).toContain('供司法局、执法协调小组办公室');
    expect(await database.db.select().from(apiTokens)).toEqual([]);

    justice = await staff('api-justice', 'sfj', 'justice');
    const issued = await justice.text('接口令牌');
    token = tokenIn(issued)!;
    expect(token).toBeDefined();
    expect(issued).toContain('Authorization: Bearer');
    const rows = await database.db.select().from(apiTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    // Not kept anywhere in the clear: a redelivered message gets a note instead of the token.
    const kept = await database.db.execute(sql`SELECT 1 FROM deliveries WHERE replies::text LIKE ${`%${token}%`}`);
    expect((kept as unknown as { rows: unknown[] }).rows).toEqual([]);
    const again = await engine.handle({ platform: 'test', externalId: 'api-justice', chatId: 'api-justice', messageId: 'api-justice-2', text: '接口令牌' });
    expect(again[0]!.text).toContain('一次性凭据');
    expect(tokenIn(again[0]!.text)).toBeUndefined();
    expect(await database.db.select().from(deliveries).where(eq(deliveries.messageId, 'api-justice-2'))).toHaveLength(1);
  });

  it('answers the same as 逾期, as JSON', async () => {
    expect((await get(`Bearer ${token}`, '?state=open')).status).toBe(400);
    expect((await get(`Bearer ${token}`, '')).body.error).toContain('state=missed');
    const r = await get(`Bearer ${token}`);
    expect(r.status).toBe(200);
    const text = await justice.text('逾期');
    expect(text).toContain(`逾期事项（共 ${r.body.total} 项）`);
    expect(r.body.total).toBe(26); // 25 units' November reports and one complaint
    const lines = text.split('\n');
    let i = 1;
    for (const g of r.body.organisations) {
      expect(lines[i++]).toBe(`${g.org.name}（${g.count}）`);
      expect(g.listed).toBe(g.count); // few: every one listed
      for (const item of g.items) expect(lines[i++]).toContain(`· ${item.label} ${item.subject.text}`);
    }
    expect(i).toBe(lines.length);
    const scjg = r.body.organisations.find((g: { org: { code: string } }) => g.org.code === 'scjg');
    expect(scjg.items.map((x: { kind: string }) => x.kind).sort()).toEqual(['complaint-accept', 'info-reports']);
    expect(scjg.items.find((x: { kind: string }) => x.kind === 'info-reports')).toMatchObject({
      label: '执法信息报送', subject: { type: 'period', id: '2026-11', text: '2026年11月' }, dueAt: '2026-11-30T15:59:59.000Z',
      due: '2026年11月30日 23:59', required: 2, progress: 0, provisional: false,
    });
  });

  it('keeps true counts when there are many: the latest three of each body, one body in full on request', async () => {
    // A hundred more missed monthly reports of 市场监管局 (2010-01 … 2018-04), as years of use would leave.
    const scjg = directory.byCode('scjg')!;
    await database.db.insert(deadlines).values(Array.from({ length: 100 }, (_, i) => {
      const month = `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      return {
        kind: 'info-reports', subjectType: 'period', subjectId: month, orgId: scjg.id, supervisorOrgCode: 'sfj',
        dueAt: new Date(`${month}-28T23:59:59+08:00`), provisional: false, rule: '执法信息报送：每月', state: 'missed' as const, closedAt: new Date(`${month}-28T23:59:59+08:00`),
      };
    }));
    const r = await get(`Bearer ${token}`);
    expect(r.body.total).toBe(126);
    const mine = r.body.organisations.find((g: { org: { code: string } }) => g.org.code === 'scjg');
    expect(mine).toMatchObject({ count: 102, listed: 3 });
    // The latest three: this November's report, the complaint (due 4 Dec) — and then 2018-04, the newest of the old ones.
    expect(mine.items.map((x: { subject: { id: string } }) => x.subject.id)).toEqual(['2018-04', '2026-11', expect.stringMatching(/^TS-/)]);
    expect(r.body.organisations.every((g: { count: number; listed: number }) => g.listed === Math.min(g.count, 3))).toBe(true);

    const text = await justice.text('逾期');
    expect(text.split('\n')[0]).toBe('逾期事项（共 126 项）：');
    expect(text).toContain(`${scjg.name}（102）`);
    expect(text).toContain(`……另有较早的 99 项，发送“逾期 ${scjg.name}”查看`);

    const one = await justice.text('逾期 市场监管局');
    expect(one.split('\n')[0]).toBe(`${scjg.name}逾期事项（共 102 项）：`);
    expect(one.split('\n').filter((l) => l.includes('· 执法信息报送'))).toHaveLength(99); // 100 listed: 99 reports and the complaint
    expect(one).toContain('……另有较早的 2 项未列出');
    expect(one).not.toContain('2010年1月'); // the two oldest are the ones left out
    expect(await justice.text('逾期 火星局')).toContain('未找到单位“火星局”');
    expect(await justice.text(`逾期 ${directory.byCode('lcjd')!.name}`)).toMatch(/骊城街道办事处逾期事项（共 1 项）/);

    const api = await get(`Bearer ${token}`, '?state=missed&org=scjg');
    expect(api.body).toMatchObject({ total: 102, organisations: [{ org: { code: 'scjg' }, count: 102, listed: 100 }] });
    const unknown = await get(`Bearer ${token}`, '?state=missed&org=mars');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('未知的单位代码');
  });

  it('is replaced by a new token and revoked by chat', async () => {
    const second = tokenIn(await justice.text('接口令牌'))!;
    expect((await get(`Bearer ${token}`)).status).toBe(401);
    expect((await get(`Bearer ${second}`)).status).toBe(200);
    expect(await justice.text('撤销接口令牌')).toContain('已作废');
    expect((await get(`Bearer ${second}`)).status).toBe(401);
    expect(await justice.text('撤销接口令牌')).toContain('没有有效的接口令牌');
    token = tokenIn(await justice.text('接口令牌'))!;
  });

  it('is 403 when the holder no longer belongs to a supervising body', async () => {
    const [account] = await database.db.select().from(accounts).where(eq(accounts.externalId, 'api-justice'));
    await database.db.delete(roleGrants).where(and(eq(roleGrants.personId, account!.personId), eq(roleGrants.role, 'justice')));
    const r = await get(`Bearer ${token}`);
    expect(r.status).toBe(403);
    expect(r.body.error).toContain('仅司法局、执法协调小组办公室工作人员');
  });
});

describe('提醒设置', () => {
  it('shows the setting, pauses and resumes the digest; citizens are told it is for staff', async () => {
    const liaison = await staff('rs-liaison', 'scjg', 'liaison');
    const shown = await liaison.say('提醒设置');
    expect(shown[0]!.text).toContain('每日提醒：开启');
    expect(shown[0]!.text).toContain('逾期督办：发给单位负责人和督办单位（不可关闭）');
    expect(shown[0]!.options).toEqual(['暂停每日提醒']);
    expect(await liaison.text('暂停每日提醒')).toContain('已暂停'); // the option, outside a dialogue
    expect((await liaison.say('提醒设置'))[0]!.options).toEqual(['恢复每日提醒']);
    expect(await liaison.text('提醒设置 恢复')).toContain('已恢复每日提醒：工作日 8:30');
    expect(await liaison.text('提醒设置 随便')).toContain('请发送');
    expect(await new Person(engine, 'rs-citizen').text('提醒设置')).toContain('供工作人员使用');
  });
});
