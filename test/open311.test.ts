/**
 * Open311 GeoReport v2 through HTTP on the real server (issue 18): every answer checked
 * against the spec's fields (errors included); keys issued by an administrator in chat;
 * bad input refused with a 4xx naming the field and nothing written; a request filed
 * through POST requests.json is the same complaint as a chat one — its handler is told,
 * sees it in 待办, 受理 and 办结 it — and reading it back shows what the complainant may
 * see, never a contact, and only to the key that filed it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RAISED_LIMITS, type TestServer, startTestServer } from './support/server';
import { WebClient } from './support/http';

const BASE = '/open311/v2';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// The spec's fields (GeoReport v2), as a client validates them.
const Errors = z.array(z.object({ code: z.number().int(), description: z.string().min(1) }).strict()).length(1);
const ServiceList = z.array(z.object({
  service_code: z.string().min(1), service_name: z.string().min(1), description: z.string(), metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']), keywords: z.string(), group: z.string(),
}).strict()).min(1);
const Definition = z.object({
  service_code: z.string(),
  attributes: z.array(z.object({
    variable: z.boolean(), code: z.string(), datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean(), datatype_description: z.string().nullable(), order: z.number().int(), description: z.string(),
    values: z.array(z.object({ key: z.string(), name: z.string() }).strict()).optional(),
  }).strict()),
}).strict();
const Filed = z.array(z.object({
  service_request_id: z.string().regex(/^TS-\d{4}-\d{6}$/), token: z.string().min(1), service_notice: z.string(), account_id: z.string().nullable(),
}).strict()).length(1);
const Request = z.object({
  service_request_id: z.string(), status: z.enum(['open', 'closed']), status_notes: z.string(), service_name: z.string(), service_code: z.string(),
  description: z.string(), agency_responsible: z.string(), service_notice: z.string(), requested_datetime: z.string().regex(W3C),
  updated_datetime: z.string().regex(W3C), expected_datetime: z.string().regex(W3C).nullable(), address: z.string(), address_id: z.string().nullable(),
  zipcode: z.string().nullable(), lat: z.number().nullable(), long: z.number().nullable(), media_url: z.string().nullable(),
}).strict();
const Requests = z.array(Request);

let t: TestServer;
let http: WebClient;
let admin: WebClient;
let officer: WebClient; // 市场监督局 执法人员
let key = '';

const get = (path: string) => http.request(BASE + path);
const post = (fields: Record<string, string>, type: 'form' | 'json' = 'form') =>
  http.request(`${BASE}/requests.json`, {
    method: 'POST',
    headers: { 'content-type': type === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: type === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
const inboxText = async (c: WebClient) => (await c.inbox()).map((r) => r.text).join('\n');

async function staff(org: string, role: string): Promise<WebClient> {
  const c = new WebClient(t.server.url);
  expect(await c.say(`绑定 ${await t.invite(org, role)}`)).toContain('绑定成功');
  return c;
}

async function issueKey(name: string): Promise<string> {
  const reply = await admin.say(`开放接口密钥 ${name}`);
  const k = reply.match(/o311_[A-Za-z0-9_-]{43}/)?.[0];
  expect(k, reply).toBeDefined();
  return k!;
}

/** A refusal: the status, the spec's one-error array with the same code, and the reason. */
function refused(r: { status: number; body: unknown }, status: number, reason: string | RegExp): void {
  expect(r.status).toBe(status);
  const errors = Errors.parse(r.body);
  expect(errors[0]!.code).toBe(status);
  expect(errors[0]!.description).toMatch(reason);
}

const market = { service_code: 'scjg', description: '菜市场有商户缺斤短两，一斤只有八两', address_string: '抚宁镇菜市场东门' };

beforeAll(async () => {
  t = await startTestServer('open311', { ...RAISED_LIMITS, LIMIT_OPEN311_COMPLAINTS: '2/1h' });
  http = new WebClient(t.server.url);
  admin = await staff('司法局', 'admin');
  officer = await staff('市场监督局', 'officer');
  key = await issueKey('抚宁随手拍');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('Open311 GeoReport v2', () => {
  it('lists one service per kind of matter the router knows, with its attributes', async () => {
    const list = await get('/services.json');
    expect(list.status).toBe(200);
    const services = ServiceList.parse(list.body);
    const codes = services.map((s) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(['scjg', 'sfj', 'township']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(services.find((s) => s.service_code === 'scjg')!.keywords).not.toBe('');

    const town = Definition.parse((await get('/services/township.json')).body);
    expect(town.attributes.map((a) => a.code)).toEqual(['when', 'accused', 'township']);
    expect(town.attributes.find((a) => a.code === 'township')!.values!.length).toBeGreaterThan(3);

    refused(await get('/services/nope.json'), 404, /service_code 未知/);
    refused(await get('/services.json?jurisdiction_id=elsewhere'), 400, /jurisdiction_id/);
    refused(await get('/services.yaml'), 400, /JSON（.json）和 XML（.xml）/);
  });

  it('keys: only an administrator issues them, shown once and never stored in the clear', async () => {
    expect(await officer.say('开放接口密钥 某应用')).toContain('由管理员签发');
    expect(await admin.say('开放接口密钥 抚宁随手拍')).toContain('已有名为');
    const list = await admin.say('开放接口密钥');
    expect(list).toContain('抚宁随手拍');
    expect(list).not.toContain(key);
    // A redelivered message (same Idempotency-Key) does not show the key again: it is not kept in the stored replies.
    const first = (await admin.chat('开放接口密钥 重发测试', 'open311-key-1')).map((r) => r.text).join('\n');
    const issued = first.match(/o311_[A-Za-z0-9_-]{43}/)?.[0];
    expect(issued).toBeDefined();
    const again = (await admin.chat('开放接口密钥 重发测试', 'open311-key-1')).map((r) => r.text).join('\n');
    expect(again).not.toContain(issued!);
    expect(Filed.parse((await post({ ...market, api_key: issued!, phone: '13800000001' })).body)).toHaveLength(1); // the key works
    expect(await inboxText(officer)).toContain('【新投诉举报】'); // (read here, so the next test starts with an empty inbox)
  });

  it('refuses bad calls with the field named, and writes nothing', async () => {
    refused(await post(market), 403, /缺少 api_key/);
    refused(await post({ ...market, api_key: 'o311_wrong' }), 403, /api_key 无效/);
    refused(await get('/requests.json'), 403, /缺少 api_key/);
    const withKey = { ...market, api_key: key };
    refused(await post({ ...withKey, service_code: 'nope' }), 400, /service_code 未知/);
    refused(await post({ ...withKey, service_code: '' }), 400, /缺少 service_code/);
    refused(await post({ ...withKey, description: '菜'.repeat(4001) }), 400, /description 不能超过 4000/);
    refused(await post({ ...withKey, description: '' }), 400, /description 必填/);
    refused(await post({ ...withKey, description: '缺斤' }), 400, /description 太短/);
    refused(await post({ ...withKey, address_string: '' }), 400, /address_string.*lat/);
    refused(await post({ ...withKey, lat: '39.9' }), 400, /缺少 long/);
    refused(await post({ ...withKey, lat: '391', long: '119.2' }), 400, /^lat /);
    refused(await post({ ...withKey, email: 'not-an-email' }), 400, /email/);
    refused(await post({ ...withKey, phone: '12345' }), 400, /phone/);
    refused(await post({ ...withKey, 'attribute[colour]': 'red' }), 400, /attribute\[colour\]/);
    refused(await post({ ...withKey, jurisdiction_id: 'elsewhere' }), 400, /jurisdiction_id/);
    refused(await post({ ...withKey, service_code: 'township', address_string: '某小区门口' }), 400, /attribute\[township\]/);
    refused(await http.request(`${BASE}/requests.json`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 415, /x-www-form-urlencoded/);
    refused(await http.request(`${BASE}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service_code": ' }), 400, /JSON/);
    refused(await post({ ...withKey, description: ['a', 'b'] as unknown as string }, 'json'), 400, /description 只能提供一次/);
    refused(await get(`/requests.json?api_key=${key}&start_date=2026-13-01`), 400, /start_date/);
    refused(await get(`/requests.json?api_key=${key}&end_date=2026-02-31`), 400, /end_date/);
    refused(await get(`/requests.json?api_key=${key}&start_date=2026-01-01&end_date=2026-06-01`), 400, /90 天/);
    refused(await get(`/requests.json?api_key=${key}&status=pending`), 400, /status/);
    refused(await get(`/requests.json?api_key=${key}&service_code=nope`), 400, /service_code/);
    refused(await get(`/requests.json?api_key=${key}&service_request_id=${Array.from({ length: 101 }, (_, i) => `TS-2026-${String(i).padStart(6, '0')}`).join(',')}`), 400, /service_request_id 一次最多 100/);

    // Nothing was written: no request, no notice.
    expect(Requests.parse((await get(`/requests.json?api_key=${key}`)).body)).toEqual([]);
    expect(await inboxText(officer)).not.toContain('【新投诉举报】');
  });

  it('files a complaint its handler sees in chat, and reads back only what the complainant may see', async () => {
    const r = await post({
      ...market, api_key: key, 'attribute[when]': '11月28日上午', lat: '39.8765', long: '119.2345', media_url: 'https://example.org/p.jpg',
      first_name: '四', last_name: '李', phone: '13812345678', email: 'lisi@example.org', account_id: 'u-1001',
    });
    expect(r.status).toBe(201);
    const [filed] = Filed.parse(r.body);
    expect(filed!.account_id).toBe('u-1001');
    const no = filed!.service_request_id;

    // The handling body is told, as for a chat complaint, and handles it in chat.
    const notice = await officer.inbox();
    expect(notice.map((n) => n.text).join('\n')).toContain(`【新投诉举报】${no}`);
    expect(await officer.say('待办')).toContain(no);
    const shown = await officer.say(`查询 ${no}`);
    expect(shown).toContain('缺斤短两');
    expect(shown).toContain('13812345678'); // the handling body, not accused: identity shown (as in chat)
    expect(shown).toContain('lisi@example.org');

    const read = async () => {
      const one = await get(`/requests/${no}.json?api_key=${key}`);
      expect(one.status).toBe(200);
      const [req] = Requests.length(1).parse(one.body);
      // Never a contact, whatever the field.
      for (const secret of ['13812345678', 'lisi@example.org', '李四', 'u-1001']) expect(JSON.stringify(one.body)).not.toContain(secret);
      return req!;
    };
    const open = await read();
    expect(open).toMatchObject({
      service_request_id: no, status: 'open', service_code: 'scjg', agency_responsible: '抚宁区市场监督管理局',
      description: market.description, address: market.address_string, lat: 39.8765, long: 119.2345, media_url: 'https://example.org/p.jpg',
    });
    expect(open.status_notes).toContain('受理告知期限');
    expect(open.expected_datetime).not.toBeNull();

    expect(await officer.say(`受理 ${no}`)).toContain(`已受理 ${no}`);
    const accepted = await read();
    expect(accepted.status).toBe('open');
    expect(accepted.status_notes).toContain('办理结果告知期限');
    expect(accepted.expected_datetime).not.toBe(open.expected_datetime);

    await officer.say(`办结 ${no}`);
    await officer.say('经查属实，已责令改正并罚款五千元');
    expect(await officer.say('确认')).toContain(`已办结 ${no}`);
    const closed = await read();
    expect(closed.status).toBe('closed');
    expect(closed.status_notes).toContain('已责令改正');
    expect(closed.expected_datetime).toBeNull();

    // Found by token, by filters, and by id — only with the key that filed it.
    const byToken = await get(`/tokens/${filed!.token}.json?api_key=${key}`);
    expect(byToken.body).toEqual([{ service_request_id: no, token: filed!.token }]);
    expect(Requests.parse((await get(`/requests.json?api_key=${key}&status=closed&service_code=scjg`)).body).map((x) => x.service_request_id)).toEqual([no]);
    expect(Requests.parse((await get(`/requests.json?api_key=${key}&status=closed&service_code=sfj`)).body)).toEqual([]);
    expect(Requests.parse((await get(`/requests.json?api_key=${key}&service_request_id=${no}`)).body)).toHaveLength(1);
    const other = await issueKey('另一应用');
    refused(await get(`/requests/${no}.json?api_key=${other}`), 404, /未找到/);
    refused(await get(`/tokens/${filed!.token}.json?api_key=${other}`), 404, /token/);
    expect(Requests.parse((await get(`/requests.json?api_key=${other}&service_request_id=${no}`)).body)).toEqual([]);

    // A revoked key reads nothing more.
    expect(await admin.say('撤销开放接口密钥 另一应用')).toContain('已撤销');
    refused(await get(`/requests.json?api_key=${other}`), 403, /api_key 无效/);
  });

  it('a complaint about a department goes to the justice bureau; the department never sees it', async () => {
    const r = await post({
      api_key: key, service_code: 'scjg', description: '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理',
      address_string: '抚宁镇某超市', phone: '13812345679', 'attribute[accused]': '市场监督局执法人员张某',
    }, 'json'); // a JSON body works as the form does
    expect(r.status).toBe(201);
    const [filed] = Filed.parse(r.body);
    const [req] = Requests.parse((await get(`/requests/${filed!.service_request_id}.json?api_key=${key}`)).body);
    expect(req!.agency_responsible).toBe('抚宁区司法局');
    expect(await inboxText(officer)).not.toContain(filed!.service_request_id);
    expect(await officer.say(`查询 ${filed!.service_request_id}`)).not.toContain('13812345679');
  });

  it('a township matter goes to the township the address names, or the one the attribute picks', async () => {
    const app = await issueKey('乡镇应用');
    const township = { api_key: app, service_code: 'township', description: '小区门口有人占道经营，摊位堵住了人行道' };
    const byAddress = await post({ ...township, address_string: '骊城街道金山小区北门' });
    expect(byAddress.status).toBe(201);
    const [a] = Filed.parse(byAddress.body);
    const [ra] = Requests.parse((await get(`/requests/${a!.service_request_id}.json?api_key=${app}`)).body);
    expect(ra!.agency_responsible).toBe('骊城街道办事处');

    const byAttribute = await post({ ...township, lat: '39.85', long: '119.31', 'attribute[township]': 'lsyz' });
    expect(byAttribute.status).toBe(201);
    const [b] = Filed.parse(byAttribute.body);
    const [rb] = Requests.parse((await get(`/requests/${b!.service_request_id}.json?api_key=${app}`)).body);
    expect(rb).toMatchObject({ agency_responsible: '留守营镇人民政府', lat: 39.85, long: 119.31, address: expect.stringContaining('39.85') });
  });

  it("answers in XML too, under the spec's elements, escaped, with errors as <errors>", async () => {
    const services = await get('/services.xml');
    expect(services.status).toBe(200);
    expect(services.headers['content-type']).toContain('application/xml');
    expect(services.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>[^<]+<\/service_code><service_name>/);
    expect(services.body).toContain('<service_code>scjg</service_code>');
    expect((await get('/services/township.xml')).body).toMatch(/^<\?xml[^>]*><service_definition><service_code>township<\/service_code><attributes><attribute><variable>true<\/variable><code>when<\/code>/);
    expect((await get('/services/township.xml')).body).toMatch(/<values><value><key>[a-z]+<\/key><name>[^<]+<\/name><\/value>/);

    const app = await issueKey('XML应用');
    const filed = await http.request(`${BASE}/requests.xml`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...market, api_key: app, description: '菜市场<b>商户</b>缺斤短两 & 不开票', phone: '13812340000' }).toString(),
    });
    expect(filed.status).toBe(201);
    const no = String(filed.body).match(/<service_request_id>(TS-\d{4}-\d{6})<\/service_request_id>/)?.[1];
    expect(no, String(filed.body)).toBeDefined();
    const read = String((await get(`/requests/${no}.xml?api_key=${app}`)).body);
    expect(read).toMatch(new RegExp(`^<\\?xml[^>]*><service_requests><request><service_request_id>${no}</service_request_id><status>open</status>`));
    expect(read).toContain('<description>菜市场&lt;b&gt;商户&lt;/b&gt;缺斤短两 &amp; 不开票</description>');
    expect(read).toContain('<zipcode></zipcode>');
    expect(read).not.toContain('13812340000');

    const denied = await get(`/requests/${no}.xml`);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatch(/^<\?xml[^>]*><errors><error><code>403<\/code><description>缺少 api_key[^<]*<\/description><\/error><\/errors>$/);
  });

  it('limits a key as the settings say: 429 with Retry-After, and nothing filed', async () => {
    // LIMIT_OPEN311_COMPLAINTS=2/1h: this key filed two above.
    const r = await post({ ...market, api_key: key, description: '第四件：菜市场又有商户缺斤短两' });
    refused(r, 429, /过于频繁/);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(await inboxText(officer)).not.toContain('第四件');
    expect(Requests.parse((await get(`/requests.json?api_key=${key}`)).body)).toHaveLength(2);
  });
});
