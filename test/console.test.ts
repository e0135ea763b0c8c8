/**
 * The staff console (issue 16) over HTTP: sign-in by a one-time code from `控制台` in chat (a
 * web session of kind 'console'; CSRF checks and the wrong-code limit of the chat), ledgers
 * filtered by the one domain policy, a record's timeline, CSV/XLSX exports, and the
 * permissions test — every role × every ledger: opened or refused (fail closed), what is
 * listed equals what chat `查询` shows, and the complainant's identity never reaches the
 * accused body, in pages or exports.
 */
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LEDGERS, LEDGER_KINDS, accessContext } from '../db/ledgers';
import { listLedger } from '../db/ledgers/query';
import { accounts, webSessions } from '../db/schema';
import { unitOfWork } from '../db/store';
import { Directory } from '../domain/organisation';
import type { Actor } from '../domain/roles';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { NO_LIMITS } from '../domain/limits';
import { WebClient } from './support/http';
import { staffMember } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

vi.setConfig({ hookTimeout: 240_000, testTimeout: 180_000 }); // many chat turns on a shared machine

let database: TestDatabase;
let web: WebApp;
let directory: Directory;

const NAME = '李四';
const PHONE = '13812345678';
const CODE = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/;
const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } } as const;

const staff = (id: string, org: string, role: string) => staffMember({ engine: web.engine, db: database.db, directory, now: () => new Date() }, id, org, role);

async function personOf(p: Person): Promise<number> {
  const [row] = await database.db.select({ id: accounts.personId }).from(accounts).where(and(eq(accounts.platform, p.platform), eq(accounts.externalId, p.externalId)));
  return row!.id;
}
const actorOf = async (p: Person): Promise<Actor> => {
  const personId = await personOf(p);
  return { personId, grants: await unitOfWork(database.db).run((s) => s.people.grantsOf(personId)) };
};

async function codeFor(p: Person): Promise<string> {
  const reply = await p.text('控制台');
  const m = reply.match(CODE);
  if (!m) throw new Error(reply);
  return m[0];
}
const login = (c: WebClient, code: string, init: RequestInit = JSON_POST) => c.request('/console/api/login', { ...init, body: JSON.stringify({ code }) });

async function signIn(p: Person): Promise<WebClient> {
  const c = new WebClient(web.url);
  const r = await login(c, await codeFor(p));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return c;
}

/** Files a complaint through chat: what, where, when, the accused (and the body if asked), the contact. */
async function file(p: Person, what: string, accused: string, contact: string): Promise<string> {
  for (const t of ['投诉', what, '骊城街道某超市', '最近一个月']) await p.say(t);
  let reply = last(await p.say(accused));
  if (!reply.text.includes('5/5')) reply = last(await p.say('抚宁区市场监督管理局'));
  await p.say(contact);
  return trackingNoIn(await p.text('确认提交'));
}

let citizen: Person;
let justice: Person;
let scjgOfficer: Person;
let scjgHead: Person;
let cgjOfficer: Person;
let accusing: string; // accuses 市场监督局: handled by 司法局, the bureau assists
let plain: string; // a noise complaint handled by 城管局

beforeAll(async () => {
  database = await testDatabase();
  directory = new Directory(await unitOfWork(database.db).run((s) => s.directory.all()));
  web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, console: true });
  justice = await staff('con-sfj', '司法局', 'justice');
  scjgOfficer = await staff('con-scjg-officer', '市场监管局', 'officer');
  scjgHead = await staff('con-scjg-head', '市场监管局', 'head');
  cgjOfficer = await staff('con-cgj-officer', '城管局', 'officer');
  citizen = new Person(web.engine, 'con-citizen');
  accusing = await file(citizen, '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', '市场监督局执法人员张某', `${NAME} ${PHONE}`);
  expect(await justice.text(`受理 ${accusing}`)).toContain('已受理');
  expect(await justice.text(`协查 ${accusing}`)).toContain('投诉人身份对其保密');
  plain = await file(new Person(web.engine, 'con-citizen-2'), '小区门口的饭馆油烟直排，熏得没法开窗', '跳过', '王五 13900001111');
});
afterAll(async () => {
  await web?.close();
  await database?.close();
});

describe('sign-in by a code from chat', () => {
  it('a citizen gets no code; staff get one that opens a console session once', async () => {
    expect(await citizen.text('控制台')).toContain('供执法单位工作人员使用');
    const code = await codeFor(cgjOfficer);
    const c = new WebClient(web.url);
    const r = await login(c, code.toLowerCase().replaceAll('-', ' '));
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^xt_console=[A-Za-z0-9_-]{43};.*httponly/i);
    expect(r.setCookie).toMatch(/samesite=strict/i);
    // The session is a web session of kind 'console', kept hashed, bound to the person.
    const rows = await database.db.select().from(webSessions).where(eq(webSessions.kind, 'console'));
    expect(rows.map((s) => s.personId)).toContain(await personOf(cgjOfficer));
    expect(JSON.stringify(rows)).not.toContain(c.cookie!.split('=')[1]);
    expect((await c.request('/console')).status).toBe(200);
    // Single use.
    expect((await login(new WebClient(web.url), code)).status).toBe(401);
  });

  it('a new code voids the earlier one; malformed codes are 400, wrong ones 401', async () => {
    const first = await codeFor(scjgOfficer);
    const second = await codeFor(scjgOfficer);
    expect((await login(new WebClient(web.url), first)).status).toBe(401);
    expect((await login(new WebClient(web.url), 'hello')).status).toBe(400);
    expect((await login(new WebClient(web.url), second)).status).toBe(200);
  });

  it('a cross-site or non-JSON sign-in is refused before the code is spent', async () => {
    const code = await codeFor(justice);
    const c = new WebClient(web.url);
    const cross = await login(c, code, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' } });
    expect(cross.status).toBe(403);
    const form = await c.request('/console/api/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: `code=${code}` });
    expect(form.status).toBe(403);
    expect((await login(c, code)).status).toBe(200); // still good
  });

  it('a cross-site sign-out is refused and the session stays', async () => {
    const c = await signIn(justice);
    const cross = await c.request('/console/api/logout', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(cross.status).toBe(403);
    expect((await c.request('/console', { redirect: 'manual' })).status).toBe(200);
  });

  it('wrong sign-in codes from one address are held to LIMIT_CODE_FAILURES_IP: past it even a good code waits', async () => {
    const limited = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, console: true, limits: { ...NO_LIMITS, codeFailuresPerIp: { points: 2, seconds: 600 } } });
    try {
      const wrong = 'ABCD-EFGH-JKMN';
      expect((await login(new WebClient(limited.url), wrong)).status).toBe(401);
      expect((await login(new WebClient(limited.url), wrong)).status).toBe(401);
      const good = await codeFor(justice);
      const held = await login(new WebClient(limited.url), good);
      expect(held.status).toBe(429);
      expect(held.body.error).toContain('输错登录码的次数过多');
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(new WebClient(web.url), good)).status).toBe(200); // not spent by the refused attempt
    } finally {
      await limited.close();
    }
  });

  it('without a session the console sends to sign-in; signing out ends the session', async () => {
    const anon = await new WebClient(web.url).request('/console/ledger/complaints', { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toBe('/console/login');
    const c = await signIn(justice);
    const sid = c.cookie!;
    expect((await c.request('/console/api/logout', { ...JSON_POST, body: '{}' })).status).toBe(200);
    expect(c.cookie).toBeUndefined();
    const replay = new WebClient(web.url);
    replay.cookie = sid; // the old cookie, replayed
    expect((await replay.request('/console', { redirect: 'manual' })).status).toBe(302);
  });

  it('a console cookie does not open the web chat', async () => {
    const c = await signIn(justice);
    const chat = new WebClient(web.url);
    chat.cookie = c.cookie!.replace('xt_console=', 'xt_sid=');
    expect((await chat.request('/api/inbox')).body).toEqual({ replies: [], cursor: null });
    // Sent to the chat, the console's id is not adopted: a new chat session is issued.
    const before = chat.cookie;
    const r = await chat.request('/api/chat', { ...JSON_POST, body: JSON.stringify({ text: '帮助' }) });
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^xt_sid=/);
    expect(chat.cookie).not.toBe(before);
  });
});

describe('ledgers', () => {
  it('司法局 finds the complaint by the phone and reads the contact; the accused bureau sees it without either, and cannot search by them', async () => {
    const j = await signIn(justice);
    const page = await j.request(`/console/ledger/complaints?q=${PHONE}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(accusing);
    expect(page.body).toContain(PHONE);
    expect(page.body).not.toContain(plain);
    for (const p of [scjgOfficer, scjgHead]) {
      const c = await signIn(p);
      const all = await c.request('/console/ledger/complaints');
      expect(all.body).toContain(accusing); // assisting
      expect(all.body).not.toContain(PHONE);
      expect(all.body).not.toContain(NAME);
      expect(all.body).toContain('（依规定保密）');
      const byPhone = await c.request(`/console/ledger/complaints?q=${PHONE}`);
      expect(byPhone.body).toContain('共 <strong id="total">0</strong> 条');
    }
  });

  it('filters are checked: unknown or malformed values are a 400 with the reason', async () => {
    const c = await signIn(justice);
    for (const [q, reason] of [
      ['state=flying', '状态'], ['from=2026-13', '起始日期'], ['colour=red', '不认识的筛选条件'], ['org=99999', '没有编号'], ['sort=contactPhone', '不能按'],
      ['from=2026-12-01&to=2026-11-01', '晚于'],
    ] as const) {
      const r = await c.request(`/console/ledger/complaints?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body).toContain(reason);
    }
    const ok = await c.request(`/console/ledger/complaints?state=accepted&overdue=0&sort=registeredAt&dir=asc`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(accusing);
    expect(ok.body).not.toContain(plain); // still 待受理
    expect((await c.request('/console/ledger/nonsense')).status).toBe(404);
  });

  it("a record's page shows its timeline; to a body that may not see it, it does not exist", async () => {
    const j = await signIn(justice);
    const r = await j.request(`/console/ledger/complaints/${accusing}`);
    expect(r.status).toBe(200);
    for (const w of ['办理过程', '登记', '受理', '请求协查', '期限起算']) expect(r.body).toContain(w);
    const other = await signIn(cgjOfficer);
    const hidden = await other.request(`/console/ledger/complaints/${accusing}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).not.toContain('超市');
  });

  it('exports hold the rows of the screen: XLSX read back, CSV; never the identity for the accused body', async () => {
    const j = await signIn(justice);
    const x = await fetch(`${web.url}/console/ledger/complaints?format=xlsx`, { headers: { cookie: j.cookie! } });
    expect(x.status).toBe(200);
    expect(x.headers.get('content-disposition')).toContain('attachment');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await x.arrayBuffer()) as any);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1).map(String));
    const mine = rows.find((r) => r[0] === accusing)!;
    expect(mine).toContain(PHONE);
    expect(rows.map((r) => r[0]).sort()).toEqual([accusing, plain].sort()); // 司法局 supervises every complaint …
    expect(rows.find((r) => r[0] === plain)!.join()).not.toContain('13900001111'); // … but reads only its own complainants
    for (const p of [scjgOfficer, scjgHead]) {
      const c = await signIn(p);
      for (const format of ['csv', 'xlsx']) {
        const res = await fetch(`${web.url}/console/ledger/complaints?format=${format}`, { headers: { cookie: c.cookie! } });
        const buf = Buffer.from(await res.arrayBuffer());
        const text = format === 'csv' ? buf.toString('utf8') : await xlsxText(buf);
        expect(text).toContain(accusing);
        expect(text).not.toContain(PHONE);
        expect(text).not.toContain(NAME);
      }
    }
    const bad = await fetch(`${web.url}/console/ledger/complaints?format=pdf`, { headers: { cookie: j.cookie! } });
    expect(bad.status).toBe(400);
  });
});

describe('the ledger API for the staff API token (接口令牌)', () => {
  it('exports by the holder\'s roles under the same rule; 401 without a token, 400 without a format, 404 for an unknown ledger', async () => {
    const token = (await justice.text('接口令牌')).match(/xt_[A-Za-z0-9_-]{43}/)![0];
    const get = (path: string, auth = `Bearer ${token}`) => fetch(`${web.url}${path}`, { headers: { authorization: auth } });
    const csv = await get(`/api/ledger/complaints?format=csv&q=${PHONE}`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(accusing);
    expect(text).toContain(PHONE);
    expect(text).not.toContain(plain);
    expect((await get('/api/ledger/complaints?format=csv', 'Bearer xt_nonsense')).status).toBe(401);
    expect((await get('/api/ledger/complaints?format=csv', '')).status).toBe(401);
    expect((await get('/api/ledger/complaints')).status).toBe(400);
    expect((await get('/api/ledger/unicorns?format=csv')).status).toBe(404);
  });
});

describe('案件移送书 (DOCX) from the record page', () => {
  it('carries the issuing body, its 文号, the receiver, the case, the ground, the materials and the copies; 404 for a body that may not see the transfer', async () => {
    const o = scjgOfficer;
    for (const t of ['立案', '销售假冒注册商标的白酒，货值较大', '《商标法》第五十七条', '12万', '今天', '赵某', '自然人', '群众', '无', '无', '否', '当事人已登记完毕', '属于本单位管辖']) await o.say(t);
    const caseNo = (await o.text('确认登记')).match(/AJ-\d{4}-\d{6}/)![0];
    await o.say(`移送 ${caseNo}`);
    await o.say('公安');
    await o.say('货值12万元，达到刑事追诉标准');
    for (const m of ['抚市监移〔2026〕8号', '调查终结报告', '查扣白酒清单', '商标权利人鉴定意见', '无', '无']) await o.say(m);
    await o.say('秦皇岛市市场监督管理局');
    const transferNo = (await o.text('提交审批')).match(/YS-\d{4}-\d{6}/)![0];
    expect(await scjgHead.text(`批准 ${transferNo}`)).toContain('已抄送');
    const c = await signIn(o);
    const page = await c.request(`/console/ledger/transfers/${transferNo}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('下载涉嫌犯罪案件移送书'); // a criminal transfer's letter (M4)
    const res = await fetch(`${web.url}/console/ledger/transfers/${transferNo}/document`, { headers: { cookie: c.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await res.arrayBuffer()) });
    for (const w of ['抚宁区市场监督管理局', '涉嫌犯罪案件移送书', '文号：抚市监移〔2026〕8号', directory.find('公安')!.name, caseNo, '销售假冒注册商标的白酒', '符合刑事追诉标准，涉嫌犯罪',
      '货值12万元，达到刑事追诉标准', '案件调查报告：调查终结报告', '同时报告：秦皇岛市市场监督管理局', transferNo, '抄送：抚宁区人民检察院、抚宁区司法局']) expect(text).toContain(w);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}/);
    const other = await signIn(cgjOfficer);
    expect((await other.request(`/console/ledger/transfers/${transferNo}/document`)).status).toBe(404);
  });
});

async function xlsxText(buf: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as any);
  return JSON.stringify(book.worksheets.map((s) => s.getSheetValues()));
}

const NOT_SHOWN = /未找到|无权查看|没有找到/;
/** The ledgers whose numbers chat's 查询 answers (complaints TS-, cases AJ-, transfers YS-), filled by the tests above. */
const CHAT_LOOKUP: readonly string[] = ['complaints', 'cases', 'transfers'];

describe('permissions: every role × every ledger, one policy with chat', () => {
  it('opens or refuses each ledger by the rule, lists what chat 查询 shows, and hides the complainant from the accused body everywhere', async () => {
    const people: Person[] = [
      justice, scjgOfficer, scjgHead, cgjOfficer,
      await staff('con-scjg-liaison', '市场监管局', 'liaison'),
      await staff('con-xtb', '协调办', 'coordination'),
      await staff('con-spj', '行政审批局', 'approval'),
      await staff('con-admin', '司法局', 'admin'),
    ];
    const access = accessContext(directory);
    const now = new Date();
    for (const p of people) {
      const a = await actorOf(p);
      const c = await signIn(p);
      const accused = a.grants.some((g) => directory.byId(g.orgId)!.code === 'scjg');
      for (const kind of LEDGER_KINDS) {
        const def = LEDGERS[kind];
        const opens = def.mayOpen?.(a, access) ?? true;
        const r = await c.request(`/console/ledger/${kind}`);
        expect(r.status, `${p.externalId} ${kind}`).toBe(opens ? 200 : 403);
        if (!opens) {
          expect(r.body).not.toContain('<table');
          continue;
        }
        if (accused) for (const leak of [NAME, PHONE]) expect(r.body, `${p.externalId} ${kind}`).not.toContain(leak);
        const csv = await c.request(`/console/ledger/${kind}?format=csv`);
        expect(csv.status).toBe(200);
        if (accused) for (const leak of [NAME, PHONE]) expect(csv.body, `${p.externalId} ${kind} csv`).not.toContain(leak);
        if (!CHAT_LOOKUP.includes(kind)) continue;
        // Listed exactly when chat's 查询 shows it: every record of the ledger.
        const listed = new Set((await listLedger(database.db, def, { sort: def.defaultSort.key, dir: 'desc' }, a, access, now)).map((l) => l.no));
        const all = ((await database.db.execute(sql`SELECT ${def.no} AS no FROM ${def.from}`)) as unknown as { rows: { no: string }[] }).rows.map((r) => r.no);
        expect(all.length, kind).toBeGreaterThan(0);
        for (const no of all) {
          const chat = await web.engine.lookup(a.personId, no);
          expect(listed.has(no), `${p.externalId} ${no}: ${chat}`).toBe(!NOT_SHOWN.test(chat));
          expect(csv.body.includes(no)).toBe(listed.has(no));
          const record = await c.request(`/console/ledger/${kind}/${no}`);
          expect(record.status).toBe(listed.has(no) ? 200 : 404);
          if (accused) for (const leak of [NAME, PHONE]) expect(record.body, `${p.externalId} ${no} page`).not.toContain(leak);
          // And the identity with it: shown in the console where chat shows it.
          if (kind === 'complaints' && listed.has(no)) {
            const phone = no === accusing ? PHONE : '13900001111';
            expect(csv.body.includes(phone), `${p.externalId} ${no} phone`).toBe(chat.includes(phone));
          }
        }
      }
    }
  });

  it('fails closed: a person whose roles were all revoked is refused at the next request', async () => {
    const p = await staff('con-revoked', '城管局', 'officer');
    const c = await signIn(p);
    expect((await c.request('/console')).status).toBe(200);
    await database.db.execute(sql`DELETE FROM role_grants WHERE person_id = ${await personOf(p)}`);
    const r = await c.request('/console/ledger/complaints');
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('<table');
  });
});
