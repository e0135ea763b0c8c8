/** The web chat and HTTP API, served by the same composition root as `npm start`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../scripts/app';
import { onPostgres } from './support/db';
import { WebClient } from './support/http';
import { type TestServer, startTestServer } from './support/server';

let t: TestServer;
let server: Running;
let dataDir: string;

beforeAll(async () => {
  t = await startTestServer('web');
  ({ server, dataDir } = t);
});
afterAll(async () => t?.close());

const post = (c: WebClient, path: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  c.request(path, { method: 'POST', headers, body });

const invite = (org: string, role: string) => t.invite(org, role);

describe('service endpoints', () => {
  it('reports health and the database driver', async () => {
    const r = await new WebClient(server.url).request('/healthz');
    expect(r).toMatchObject({ status: 200, body: { status: 'ok', db: onPostgres ? 'postgres' : 'pglite' } });
  });

  it('serves the chat page', async () => {
    const r = await new WebClient(server.url).request('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('执法协同助手');
    expect(r.body).toContain('src="/app.js"');
    expect((await new WebClient(server.url).request('/app.js')).body).toContain('/api/chat');
  });

  it('routes a text on POST /api/route', async () => {
    const r = await post(new WebClient(server.url), '/api/route', JSON.stringify({ text: '超市卖过期食品，还虚假宣传' }));
    expect(r.status).toBe(200);
    expect(r.body.org).toBe('抚宁区市场监督管理局');
    expect(r.body.confidence).toBeGreaterThan(0);
    expect(r.body.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(r.body.alternatives)).toBe(true);
  });
});

describe('bad requests get a 4xx with a reason and create nothing', () => {
  const cases: [string, BodyInit, Record<string, string>?, number?][] = [
    ['not JSON', 'text=投诉'],
    ['empty body', ''],
    ['missing text', JSON.stringify({ message: '投诉' })],
    ['text of the wrong type', JSON.stringify({ text: 42 })],
    ['blank text', JSON.stringify({ text: '   ' })],
    ['text over 4000 characters', JSON.stringify({ text: '投'.repeat(4001) })],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a body too large', JSON.stringify({ text: 'x'.repeat(70_000) }), undefined, 413],
    ['a malformed Idempotency-Key', JSON.stringify({ text: '投诉' }), { 'content-type': 'application/json', 'idempotency-key': 'a b<script>' }],
    ['a ref that is not a string', JSON.stringify({ text: '不清楚', ref: 42 })],
  ];
  for (const [name, body, headers, status] of cases) {
    it(name, async () => {
      const c = new WebClient(server.url);
      const r = await post(c, '/api/chat', body, headers);
      expect(r.status).toBe(status ?? 400);
      expect(typeof r.body.error).toBe('string');
      expect(r.body.error).toMatch(/[\u4e00-\u9fa5]/); // a reason in Chinese
      expect(r.setCookie).toBeNull(); // no account was made
    });
  }

  it('unknown paths answer 404 as JSON', async () => {
    const r = await new WebClient(server.url).request('/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toBeTruthy();
  });
});

describe('option buttons carry the ref of their prompt (stale options)', () => {
  it('a click sends the ref back; an old one gets 该选项已过期 and the current prompt', async () => {
    const c = new WebClient(server.url);
    await c.chat('投诉');
    await c.chat('工厂烟囱冒黑烟，味道很呛人');
    const step3 = await post(c, '/api/chat', JSON.stringify({ text: '台营镇工业园' }));
    const asked = step3.body.replies.at(-1);
    expect(asked.options).toContain('不清楚');
    expect(typeof asked.ref).toBe('string');
    const step4 = await post(c, '/api/chat', JSON.stringify({ text: '每天早上' }));
    const stale = await post(c, '/api/chat', JSON.stringify({ text: '不清楚', ref: asked.ref }));
    expect(stale.status).toBe(200);
    expect(stale.body.replies[0].text).toBe('该选项已过期。');
    expect(stale.body.replies.at(-1).text).toBe(step4.body.replies.at(-1).text);
  });
});

describe('identity is the session cookie, never a field', () => {
  it('sets an HttpOnly, SameSite=Strict random cookie on the first response', async () => {
    const c = new WebClient(server.url);
    const r = await post(c, '/api/chat', JSON.stringify({ text: '帮助' }));
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^xt_sid=[A-Za-z0-9_-]{43};/);
    expect(r.setCookie).toMatch(/httponly/i);
    expect(r.setCookie).toMatch(/samesite=strict/i);
    const again = await post(c, '/api/chat', JSON.stringify({ text: '帮助' }));
    expect(again.setCookie).toBeNull(); // the same browser keeps its identity
  });

  it('a guessed cookie is just a new, empty identity', async () => {
    const owner = new WebClient(server.url);
    await owner.chat('投诉');
    await owner.chat('工厂烟囱冒黑烟，味道很呛人');
    await owner.chat('台营镇工业园');
    await owner.chat('每天早上');
    await owner.chat('跳过');
    await owner.chat('匿名');
    const no = (await owner.say('确认提交')).match(/TS-\d{4}-\d{6}/)![0];
    expect(await owner.say(`查询 ${no}`)).toContain('状态');

    const forger = new WebClient(server.url);
    forger.cookie = `xt_sid=${'A'.repeat(43)}`;
    expect(await forger.say(`查询 ${no}`)).toContain('未找到');
    const noCookie = new WebClient(server.url);
    expect(await noCookie.say(`查询 ${no}`)).toContain('未找到');
  });

  it('a retried message (same Idempotency-Key) is processed once', async () => {
    const c = new WebClient(server.url);
    await c.chat('投诉');
    const a = await c.chat('楼下烧烤店油烟直排', 'key-1');
    const b = await c.chat('楼下烧烤店油烟直排', 'key-1');
    expect(b).toEqual(a);
    expect(await c.say('骊城街道')).toContain('3/5'); // one step advanced per message, not two
  });
});

describe('a complaint end to end over HTTP', () => {
  it('citizen files, officer bound by invite accepts and records a result, citizen is told both', async () => {
    const officer = new WebClient(server.url);
    const code = await invite('市场监管局', 'officer');
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(await officer.say(`绑定 ${code}`)).toContain('绑定成功：您已是 抚宁区市场监督管理局 的执法人员');
    expect(await new WebClient(server.url).say(`绑定 ${code}`)).toContain('已使用'); // single use

    // The citizen answers only with the prompts' options or plain text.
    const citizen = new WebClient(server.url);
    let replies = await citizen.chat('投诉');
    expect(replies.at(-1)!.text).toContain('发生了什么');
    await citizen.chat('蛋糕店卖的面包过期了，吃完拉肚子');
    replies = await citizen.chat('抚宁镇金山大街的蛋糕店');
    replies = await citizen.chat(replies.at(-1)!.options![0]!); // 不清楚
    replies = await citizen.chat(replies.at(-1)!.options![0]!); // 跳过
    replies = await citizen.chat('孙七 13611112222');
    expect(replies.at(-1)!.text).toContain('拟交由：抚宁区市场监督管理局');
    replies = await citizen.chat(replies.at(-1)!.options![0]!); // 确认提交
    const no = replies[0]!.text.match(/TS-\d{4}-\d{6}/)![0];

    const notices = await officer.inbox();
    expect(notices.at(-1)!.text).toContain(no);
    const acceptButton = notices.at(-1)!.options!.find((o) => o.startsWith('受理'))!;
    expect(await officer.say(acceptButton)).toContain('已受理');
    await officer.chat(`办结 ${no}`);
    await officer.chat('经查该店销售过期食品属实，已立案查处并责令下架');
    expect(await officer.say('确认')).toContain('已办结');

    const told = await citizen.inbox();
    expect(told.map((r) => r.text).join('\n')).toMatch(/【受理告知】[\s\S]*【办理结果】/);
    expect((await citizen.request('/api/inbox')).body.replies).toEqual([]); // acknowledged: not sent again
    expect(await citizen.say(`查询 ${no}`)).toContain('已立案查处');
    expect(await new WebClient(server.url).say(`查询 ${no}`)).toContain('未找到');
  });
});

describe('admin endpoint', () => {
  it('refuses without the token', async () => {
    const c = new WebClient(server.url);
    const r = await post(c, '/admin/invites', JSON.stringify({ org: 'sfj', role: 'admin' }));
    expect(r.status).toBe(401);
    const wrong = await post(c, '/admin/invites', JSON.stringify({ org: 'sfj', role: 'admin' }), {
      'content-type': 'application/json', authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a role that does not fit the organisation, with the reason', async () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8');
    const r = await post(new WebClient(server.url), '/admin/invites', JSON.stringify({ org: '市场监管局', role: 'justice' }), {
      'content-type': 'application/json', authorization: `Bearer ${token}`,
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('不能设置');
  });
});

describe('the page’s icon', () => {
  it('/favicon.ico is an icon and /favicon.svg an SVG, both named by the page', async () => {
    const ico = await fetch(`${server.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    expect([...new Uint8Array(await ico.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
    const svg = await fetch(`${server.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg /);
    const page = (await new WebClient(server.url).request('/')).body as string;
    expect(page).toContain('href="/favicon.svg"');
    expect(page).toContain('href="/favicon.ico"');
  });
});

describe('the conversation is kept for the session (GET /api/transcript)', () => {
  it('each message and its replies, with the time; a retried message once; nothing without a session', async () => {
    const c = new WebClient(server.url);
    const first = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'tr-1' }, body: JSON.stringify({ text: '投诉' }) });
    expect(first.body).toMatchObject({ id: expect.any(Number), at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    await c.chat('投诉', 'tr-1'); // a retry
    await c.chat('楼下烧烤店油烟直排');
    const r = await c.request('/api/transcript');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const entries = r.body.entries as { id: number; at: string; kind: string; said: string; replies: { text: string }[] }[];
    expect(entries.map((e) => [e.kind, e.said])).toEqual([['exchange', '投诉'], ['exchange', '楼下烧烤店油烟直排']]);
    expect(entries[0]!.id).toBe(first.body.id);
    expect(entries[0]!.at).toBe(first.body.at);
    expect(entries[0]!.replies).toEqual(first.body.replies);
    expect(entries[1]!.replies.at(-1)!.text).toContain('2/5');
    expect(Math.abs(Date.parse(entries[1]!.at) - Date.now())).toBeLessThan(60_000);
    expect((await c.request(`/api/transcript?after=${entries[0]!.id}`)).body.entries.map((e: { said: string }) => e.said)).toEqual(['楼下烧烤店油烟直排']);
    expect((await c.request('/api/transcript?after=x')).status).toBe(400);

    const stranger = await new WebClient(server.url).request('/api/transcript');
    expect(stranger.body).toEqual({ entries: [] });
    expect(stranger.setCookie).toBeNull();
  });

  it('the page without JavaScript shows the conversation, escaped, with the open options as a form', async () => {
    const c = new WebClient(server.url);
    await c.chat('投诉');
    await c.chat('<img src=x onerror=alert(1)> 工地夜间施工');
    const page = (await c.request('/')).body as string;
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; 工地夜间施工');
    expect(page).not.toContain('<img src=x');
    expect(page).toMatch(/<time datetime="[^"]+">\d{2}:\d{2}<\/time>/);
    expect(page).toMatch(/<form id="latest" class="nojs-composer" method="post" action="\/noscript">/);
    expect((await new WebClient(server.url).request('/')).body).not.toContain('工地夜间施工'); // another browser
  });
});

describe('the <noscript> form (POST /noscript)', () => {
  const form = (c: WebClient, fields: Record<string, string>) =>
    c.request('/noscript', { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('answers a message with a redirect to the page that shows the reply; the same form sent twice is one message', async () => {
    const c = new WebClient(server.url);
    const r = await form(c, { text: '投诉', key: 'nojs-form-1' });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/#latest');
    expect(r.setCookie).toMatch(/^xt_sid=/); // a session, as for the page's first message
    await form(c, { text: '投诉', key: 'nojs-form-1' });
    await form(c, { text: '小区门口的饭馆油烟直排，熏得没法开窗', key: 'nojs-form-2' });
    const page = (await c.request('/')).body as string;
    expect(page).toContain('【投诉举报 2/5】');
    expect((await c.request('/api/transcript')).body.entries).toHaveLength(2);
  });

  it('bad input: the page again, with the reason and status 400, and nothing sent', async () => {
    const c = new WebClient(server.url);
    for (const fields of [{ text: '  ' }, { key: 'k' }, { text: '投'.repeat(4001) }, { text: '投诉', key: 'a b' }] as Record<string, string>[]) {
      const r = await form(c, fields);
      expect(r.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toMatch(/<p class="alert" role="alert">[^<]*[\u4e00-\u9fa5]/);
    }
    expect(c.cookie).toBeUndefined();
  });
});
