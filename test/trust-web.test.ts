/**
 * The web session and HTTP API under attack (issue 13 §3–§5): security headers, cross-site
 * and non-JSON writes refused with nothing processed, server-issued session ids (rotated
 * on 绑定, ended by 退出登录), polls that create nothing, rate limits (429 with
 * Retry-After, a burst of complaints refused before it opens clocks), and credentials not
 * replayed for a retried request.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInvite } from '../bot/invites';
import { unitOfWork } from '../db/store';
import { DEFAULT_LIMITS, type LimitSettings } from '../domain/limits';
import { Directory } from '../domain/organisation';
import { type TestDatabase, testDatabase } from './support/db';
import { WebClient } from './support/http';
import { countRows } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

let database: TestDatabase;
let web: WebApp; // the production limits
let directory: Directory;
const servers: WebApp[] = [];

const serve = async (limits: LimitSettings) => {
  const s = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, limits });
  servers.push(s);
  return s;
};

/**
 * Counters are shared through the database by every server on it, and every test client
 * is 127.0.0.1: a test of a per-address limit runs behind a proxy (TRUST_PROXY) and
 * names an address of its own in X-Forwarded-For.
 */
async function behindProxy(limits: LimitSettings): Promise<WebApp> {
  process.env.TRUST_PROXY = '1';
  try {
    return await serve(limits);
  } finally {
    delete process.env.TRUST_PROXY;
  }
}
const clientFrom = (s: WebApp, address: string) => {
  const c = new WebClient(s.url);
  c.headers = { 'x-forwarded-for': address };
  return c;
};

beforeAll(async () => {
  database = await testDatabase();
  directory = new Directory(await unitOfWork(database.db).run((s) => s.directory.all()));
  web = await serve(DEFAULT_LIMITS);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await database?.close();
});

const TABLES = ['people', 'accounts', 'role_grants', 'invites', 'link_codes', 'link_requests', 'web_sessions', 'conversations', 'deliveries', 'complaints', 'deadlines', 'outbox'];
const CJK = /[\u4e00-\u9fff]/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const invite = async (org: string, role: string) => {
  const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, org, role, new Date()));
  if (!r.ok) throw new Error(r.reason);
  return r.value.code;
};
const FILING = ['投诉', '小区门口的饭馆油烟直排，熏得没法开窗', '骊城街道金山大街', '每天中午和晚上', '跳过', '匿名'];

describe('security headers', () => {
  it('every response carries a CSP without inline script or style, no framing, nosniff and no referrer', async () => {
    for (const path of ['/', '/app.js', '/app.css', '/api/inbox', '/healthz', '/api/nope']) {
      const res = await fetch(web.url + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      await res.arrayBuffer();
    }
    const page = await (await fetch(`${web.url}/`)).text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(page).not.toMatch(/<style|\sstyle=/);
    expect((await fetch(`${web.url}/app.js`)).headers.get('content-type')).toContain('javascript');
  });
});

describe('writes from another site change nothing', () => {
  it('a forged Origin, a cross-site fetch, text/plain, a form, or no origin at all: 403 before anything is processed', async () => {
    const victim = new WebClient(web.url);
    await victim.chat('投诉');
    await victim.chat(FILING[1]!); // the dialogue is at step 2
    const before = await countRows(database.db, TABLES);
    const forged: Record<string, string>[] = [
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      { 'content-type': 'application/json', origin: 'null' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site', origin: web.url },
      { 'content-type': 'text/plain', origin: web.url },
      { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      { 'content-type': 'application/json', origin: '' },
    ];
    for (const headers of forged) {
      for (const client of [victim, new WebClient(web.url)]) {
        const r = await client.request('/api/chat', { method: 'POST', headers, body: JSON.stringify({ text: '取消' }) });
        expect(r.status, JSON.stringify(headers)).toBe(403);
        expect(r.body.error).toMatch(CJK);
        expect(r.setCookie).toBeNull();
      }
    }
    expect(await countRows(database.db, TABLES)).toEqual(before);
    expect(await victim.say(FILING[2]!)).toContain('3/5'); // the forged 取消 did not end the dialogue
  });

  it('a same-origin request passes by Sec-Fetch-Site or by Origin', async () => {
    const bySite = await new WebClient(web.url).request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', origin: 'x' }, body: JSON.stringify({ text: '帮助' }) });
    expect(bySite.status).toBe(200);
    const byOrigin = await new WebClient(web.url).request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', origin: web.url }, body: JSON.stringify({ text: '帮助' }) });
    expect(byOrigin.status).toBe(200);
  });
});

describe('sessions are the server’s', () => {
  it('a forged session id is never adopted: the browser gets a fresh one, and the forged one stays unknown', async () => {
    const forged = 'A'.repeat(43);
    const c = new WebClient(web.url);
    c.cookie = `xt_sid=${forged}`;
    const r = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) });
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^xt_sid=[A-Za-z0-9_-]{43};/);
    expect(c.cookie).not.toBe(`xt_sid=${forged}`);
    expect(await countRows(database.db, [`web_sessions WHERE sid_hash = '${sha256(forged)}'`])).toEqual({ [`web_sessions WHERE sid_hash = '${sha256(forged)}'`]: 0 });
    const again = new WebClient(web.url);
    again.cookie = `xt_sid=${forged}`;
    expect((await again.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) })).setCookie).not.toBeNull();
  });

  it('绑定 gives the browser a new id: the id from before carries no role', async () => {
    const staff = new WebClient(web.url);
    await staff.say('帮助');
    const before = staff.cookie!;
    const bound = await staff.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `绑定 ${await invite('市场监管局', 'officer')}` }) });
    expect(JSON.stringify(bound.body)).toContain('绑定成功');
    expect(bound.setCookie).toMatch(/^xt_sid=/);
    expect(staff.cookie).not.toBe(before);
    expect(await staff.say('帮助')).toContain('您的身份：抚宁区市场监督管理局执法人员');

    const planted = new WebClient(web.url); // whoever knew (or planted) the old id
    planted.cookie = before;
    expect(await planted.say('帮助')).not.toContain('您的身份');
    expect(planted.cookie).not.toBe(before);
  });

  it('关联 gives the browser a new id too', async () => {
    const first = new WebClient(web.url);
    const code = (await first.say('关联账号')).match(/\d{4}-\d{4}/)![0];
    const second = new WebClient(web.url);
    await second.say('帮助');
    const before = second.cookie;
    expect(await second.say(`关联 ${code}`)).toContain('关联成功');
    expect(second.cookie).not.toBe(before);
  });

  it('退出登录 ends the session: the cookie is cleared and the old id opens nothing', async () => {
    const c = new WebClient(web.url);
    for (const t of FILING) await c.chat(t);
    const no = (await c.say('确认提交')).match(/TS-\d{4}-\d{6}/)![0];
    const sid = c.cookie!;
    expect(await c.say('退出登录')).toContain('确认退出登录'); // the only account: asked once more
    expect(c.cookie).toBe(sid);
    const out = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '确认退出登录' }) });
    expect(JSON.stringify(out.body)).toContain('已退出登录');
    expect(out.setCookie).toMatch(/^xt_sid=;/);
    expect(c.cookie).toBeUndefined();
    const [hash] = sid.split('=').slice(1);
    expect(Object.values(await countRows(database.db, [`web_sessions WHERE sid_hash = '${sha256(hash!)}'`]))).toEqual([0]);

    const old = new WebClient(web.url);
    old.cookie = sid;
    expect(await old.say(`查询 ${no}`)).toContain('未找到');
  });

  it('a poll without a session (none, malformed or forged) creates nothing and sets no cookie', async () => {
    const before = await countRows(database.db, TABLES);
    for (const cookie of [undefined, 'xt_sid=short', `xt_sid=${'B'.repeat(43)}`]) {
      for (let i = 0; i < 3; i++) {
        const c = new WebClient(web.url);
        c.cookie = cookie;
        const r = await c.request('/api/inbox');
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ replies: [], cursor: null });
        expect(r.setCookie).toBeNull();
      }
    }
    expect(await countRows(database.db, TABLES)).toEqual(before);
  });

  it('the no-JavaScript form and the transcript refuse another site too (the form writes; the transcript acknowledges notifications)', async () => {
    const victim = new WebClient(web.url);
    await victim.chat('投诉');
    const before = await countRows(database.db, TABLES);
    for (const headers of [
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, // the form's endpoint takes only a form
    ] as Record<string, string>[]) {
      const r = await victim.request('/noscript', { method: 'POST', redirect: 'manual', headers, body: 'text=%E5%8F%96%E6%B6%88' });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body).not.toContain('【投诉举报'); // nothing of the session is shown to the other site
    }
    expect(await countRows(database.db, TABLES)).toEqual(before);
    expect((await victim.request('/api/transcript', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect(await victim.say(FILING[1]!)).toContain('2/5'); // the forged 取消 did not end the dialogue
  });

  it('a poll that another site makes is refused (the inbox acknowledges what it returns)', async () => {
    const r = await new WebClient(web.url).request('/api/inbox?after=1', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(r.status).toBe(403);
  });
});

describe('limits', () => {
  it('chat messages over the account’s limit get 429 with Retry-After and are not processed', async () => {
    const tight = await serve({ ...DEFAULT_LIMITS, chat: { points: 5, seconds: 60 } });
    const c = new WebClient(tight.url);
    for (const t of FILING.slice(0, 5)) await c.chat(t);
    const before = await countRows(database.db, TABLES);
    const r = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'over-1' }, body: JSON.stringify({ text: '匿名' }) });
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(r.body.error).toContain('过于频繁');
    expect(await countRows(database.db, TABLES)).toEqual(before); // not even the message id was kept: it may be sent again
  });

  it('requests from one address over its limit get 429 with Retry-After', async () => {
    const tight = await behindProxy({ ...DEFAULT_LIMITS, chatPerIp: { points: 8, seconds: 60 } });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<WebClient['request']>> | undefined;
    for (let i = 0; i < 10; i++) {
      last = await clientFrom(tight, '203.0.113.8').request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(8).fill(200), 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(last!.body.error).toMatch(CJK);
    expect(last!.setCookie).toBeNull();
    expect((await clientFrom(tight, '203.0.113.9').request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) })).status).toBe(200); // another address
  });

  it('the 11th anonymous complaint of a burst from one address opens no clock and notifies nobody', async () => {
    const proxied = await behindProxy(DEFAULT_LIMITS);
    const clocks = async () => {
      const n = await countRows(database.db, ['complaints', "deadlines WHERE kind = 'complaint-accept'", 'outbox']);
      return { complaints: n.complaints!, clocks: n["deadlines WHERE kind = 'complaint-accept'"]!, notices: n.outbox! };
    };
    const start = await clocks();
    let ten = start;
    const replies: string[] = [];
    for (let i = 0; i < 11; i++) {
      const c = clientFrom(proxied, '198.51.100.11'); // a fresh browser each time: only the address is the same
      for (const t of FILING) await c.chat(t);
      replies.push(await c.say('确认提交'));
      if (i === 9) ten = await clocks();
    }
    expect(replies.slice(0, 10).every((r) => /TS-\d{4}-\d{6}/.test(r))).toBe(true);
    expect(replies[10]).toContain('提交过于频繁');
    expect(replies[10]).not.toMatch(/TS-\d{4}-\d{6}/);
    const after = await clocks();
    expect(after.complaints - start.complaints).toBe(10);
    expect(after.clocks - start.clocks).toBe(10);
    expect(after.notices).toBe(ten.notices); // the 11th notified nobody
  });
});

describe('credentials are not replayed', () => {
  it('an invitation code asked with an Idempotency-Key is not shown again on a retry with that key', async () => {
    const admin = new WebClient(web.url);
    expect(await admin.say(`绑定 ${await invite('司法局', 'admin')}`)).toContain('绑定成功');
    const first = await admin.chat('邀请码 市场监管局 负责人', 'invite-key-1');
    const code = first[0]!.text.match(/[A-Z2-9]{5}-[A-Z2-9]{5}/)![0];
    const retry = await admin.chat('邀请码 市场监管局 负责人', 'invite-key-1');
    expect(JSON.stringify(retry)).not.toContain(code);
    expect(retry[0]!.text).toContain('不再重复发送');
    const res = await fetch(`${web.url}/api/inbox`, { headers: { cookie: admin.cookie! } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
