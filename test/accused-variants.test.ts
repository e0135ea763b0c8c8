/**
 * The accused-variants list through chat (issue 13 §1): for each way a citizen names the
 * body complained about, whatever the bot then asks, the complainant's name and phone never
 * reach that body (or, when no body is named, any department) on any surface — the
 * new-complaint notice, 查询, 待办, a 转办 attempt, the 协助调查 request, the web chat's
 * HTTP API (/api/chat, /api/inbox) and the staff API (/api/deadlines).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { createWebApp } from '../adapters/web/server';
import { webSessionRepo } from '../db/identity/repo';
import { webTranscriptRepo } from '../db/transcript';
import type { Engine } from '../bot/engine';
import { issueInvite } from '../bot/invites';
import { Scheduler } from '../bot/scheduler';
import { buildClassifiers, createEngine } from '../bot/services';
import { missedDeadlinesApi } from '../bot/staff-api/feature';
import { complaints } from '../db/schema';
import { unitOfWork } from '../db/store';
import { ORG, type Directory } from '../domain/organisation';
import { ACCUSED_VARIANTS, type AccusedVariant } from './data/accused-variants';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { WebClient } from './support/http';
import { staffMember } from './support/staff';

let database: TestDatabase;
let engine: Engine;
let directory: Directory;
let now = new Date('2026-11-25T10:00:00+08:00');

const PHONE = '13812345678';
const NAME = '李四';

/** One member of staff per body a variant names, plus the handlers. */
const BODIES = [...new Set(ACCUSED_VARIANTS.map((v) => v.body).filter((b) => b !== 'any')), 'scjg', 'cgj', 'wjj'];
const staffOf = new Map<string, Person>();
const roleFor = (code: string) => (code === ORG.justiceBureau ? 'justice' : code === ORG.coordinationOffice ? 'coordination' : directory.byCode(code)!.kind === 'external' ? 'liaison' : 'officer');

/** Everything waiting for a person, page after page. */
async function allInbox(p: Person): Promise<string[]> {
  const out: string[] = [];
  for (let page = await p.inbox(); page.length; page = await p.inbox()) out.push(...page.map((r) => r.text));
  return out;
}

const mentionsIdentity = (text: string) => text.includes(PHONE) || text.includes(NAME);

/** Files the variant; answers the accused-body question with the body meant if offered, else 不确定. */
async function file(p: Person, v: AccusedVariant): Promise<string> {
  for (const t of ['投诉', v.what, v.where ?? '骊城街道某处', '最近一个月']) await p.say(t);
  let reply = last(await p.say(v.say));
  if (!reply.text.includes('5/5')) {
    const meant = v.body === 'any' ? undefined : directory.byCode(v.body)!.name;
    reply = last(await p.say(meant && reply.options?.includes(meant) ? meant : '不确定'));
  }
  expect(reply.text).toContain('5/5');
  await p.say(`${NAME} ${PHONE}`);
  return trackingNoIn(await p.text('确认提交'));
}

beforeAll(async () => {
  database = await testDatabase();
  ({ engine, directory } = await createEngine(unitOfWork(database.db), { clock: () => now }));
  for (const code of [...new Set([...BODIES, ORG.justiceBureau, ORG.coordinationOffice])]) {
    staffOf.set(code, await staffMember({ engine, db: database.db, directory, now: () => now }, `variant-${code}`, code, roleFor(code)));
  }
}, 120_000);
afterAll(async () => database?.close());

describe('the accused-variants list, on every chat surface', () => {
  it(`${ACCUSED_VARIANTS.length} phrasings: identity never reaches a body that is or may be accused`, async () => {
    for (const [i, v] of ACCUSED_VARIANTS.entries()) {
      const label = `${v.say} (${v.body})`;
      const no = await file(new Person(engine, `variant-citizen-${i}`), v);
      const [row] = await database.db.select().from(complaints).where(eq(complaints.trackingNo, no));
      const accused = row!.accusedOrgId != null ? directory.byId(row!.accusedOrgId)!.code : row!.accusedUnresolved ? 'any' : 'none';
      const handler = directory.byId(row!.handlingOrgId)!.code;
      const assisted = v.body === 'any' ? 'scjg' : v.body;

      // Every body that is or may be accused: what it was pushed (the new-complaint notice, later
      // the 协助调查 request), 查询, 待办.
      const suspects = v.body === 'any' || accused === 'any' ? [...staffOf.keys()].filter((c) => c !== ORG.justiceBureau) : [v.body];
      const checkSuspects = async (assisting: boolean) => {
        for (const code of suspects) {
          const p = staffOf.get(code)!;
          const seen = [...(await allInbox(p)).filter((t) => t.includes(no)), await p.text(`查询 ${no}`), await p.text('待办')];
          if (assisting && code === assisted) expect(seen.join('\n'), `${label}: ${code}`).toContain('【协助调查】');
          for (const text of seen) expect(mentionsIdentity(text), `${label}: ${code} saw ${text}`).toBe(false);
        }
      };
      await checkSuspects(false);
      expect([v.body, 'any'], label).toContain(accused); // recognised, or treated as possibly any
      expect(handler, label).toBe(v.body === ORG.justiceBureau ? ORG.coordinationOffice : ORG.justiceBureau);

      // The handler accepts, tries to forward to the body meant (refused), and asks it to assist.
      const h = staffOf.get(handler)!;
      expect(await h.text(`受理 ${no}`), label).toContain('已受理');
      const assistedName = directory.byCode(assisted)!.name;
      let fwd = await h.text(`转办 ${no}`);
      if (fwd.includes('请选择或输入接收单位')) fwd = await h.text(assistedName);
      await h.say('取消');
      // An outside body (the police) never receives complaints at all; any other is refused as the accused.
      expect(fwd, label).toMatch(directory.byCode(assisted)!.kind === 'external' ? /没有找到该单位/ : /不能转办|不能交由/);
      expect(await h.text(`协查 ${no} ${assistedName}`), label).toContain('投诉人身份对其保密');
      await checkSuspects(true);
      // And in the outbox itself: the phone went only to the handling body (never one that may be accused).
      const { rows } = (await database.db.execute(sql`
        SELECT DISTINCT g.org_id AS org FROM outbox o JOIN role_grants g ON g.person_id = o.person_id
        WHERE o.text LIKE ${`%${no}%`} AND o.text LIKE ${`%${PHONE}%`}`)) as unknown as { rows: { org: number }[] };
      expect(rows.map((r) => directory.byId(r.org)!.code), label).toEqual([handler]);
    }
  }, 300_000);
});

describe('the HTTP surfaces', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const uow = unitOfWork(database.db);
    const app = createWebApp({
      engine, router: buildClassifiers(directory).router, directory, log: pino({ level: 'silent' }), dbKind: 'pglite', ping: async () => {},
      sessions: webSessionRepo(database.db), transcript: webTranscriptRepo(database.db),
      deadlinesApi: (authorization, query) => missedDeadlinesApi(uow, directory, authorization, query, now),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((res) => server.once('listening', res));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((res) => server?.close(() => res())));

  it('/api/chat, /api/inbox and /api/deadlines never carry the identity to the accused bureau', async () => {
    const uow = unitOfWork(database.db);
    const invite = async (role: string) => {
      const r = await uow.run((s) => issueInvite(s, directory, 'scjg', role, now));
      if (!r.ok) throw new Error(r.reason);
      return r.value.code;
    };
    const officer = new WebClient(base);
    expect(await officer.say(`绑定 ${await invite('officer')}`)).toContain('绑定成功');
    const admin = new WebClient(base);
    expect(await admin.say(`绑定 ${await invite('admin')}`)).toContain('绑定成功');
    await officer.inbox();

    // Filed over HTTP too, and left unaccepted so that its clock is missed.
    const citizen = new WebClient(base);
    for (const t of ['投诉', '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', '骊城街道某超市', '最近一个月', '市监督局的执法人员']) await citizen.chat(t);
    const asked = await citizen.chat('抚宁区市场监督管理局');
    expect(asked.at(-1)!.text).toContain('5/5');
    await citizen.chat(`${NAME} ${PHONE}`);
    const no = trackingNoIn(await citizen.say('确认提交'));
    now = new Date('2026-12-10T10:00:00+08:00');
    const scheduler = new Scheduler({ uow, directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }) });
    await scheduler.tick();

    const seen = [
      ...(await officer.inbox()).map((r) => r.text),
      await officer.say(`查询 ${no}`),
      await officer.say('待办'),
      ...(await admin.inbox()).map((r) => r.text),
      await admin.say(`查询 ${no}`),
    ];
    for (const text of seen) expect(mentionsIdentity(text), text).toBe(false);

    const token = (await admin.say('接口令牌')).match(/xt_[A-Za-z0-9_-]{43}/)?.[0];
    expect(token).toBeDefined();
    const res = await fetch(`${base}/api/deadlines?state=missed`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(no); // the missed 受理告知 clock is listed …
    expect(mentionsIdentity(body)).toBe(false); // … without who complained
  }, 120_000);
});
