/**
 * Roles move only by invitation (issue 13 §2, §4), property-based: random sequences of
 * messages between an attacker (a browser and a Telegram account) and a role holder's
 * browser. The attacker asks for link codes, redeems every code it has seen or guessed
 * with 绑定, 关联 and 确认关联, gets invitations of its own, and makes the holder send any
 * text it can compose — persuaded (a same-origin request), or forged by another site
 * (a cross-site or text/plain request carrying the holder's cookie). The attacker never
 * sees the holder's replies. After every message: the holder's role is held by the
 * holder's person alone, and the attacker holds no role but the ones invited for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { issueInvite } from '../bot/invites';
import { unitOfWork } from '../db/store';
import { DEFAULT_LIMITS } from '../domain/limits';
import { Directory } from '../domain/organisation';
import { Person } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { WebClient } from './support/http';
import { type WebApp, serveEngine } from './support/web-app';

let database: TestDatabase;
let web: WebApp;
let directory: Directory;

beforeAll(async () => {
  database = await testDatabase();
  const uow = unitOfWork(database.db);
  directory = new Directory(await uow.run((s) => s.directory.all()));
  // Wrong codes are locked out after a few (tested in trust-links): here every guess is tried.
  const limits = { ...DEFAULT_LIMITS, chat: null, chatPerIp: null, codeFailures: null, codeFailuresPerIp: null };
  web = await serveEngine({ uow, db: () => database.db, dbKind: database.kind, limits });
});
afterAll(async () => {
  await web?.close();
  await database?.close();
});

const invite = async (org: string, role: string) => {
  const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, org, role, new Date()));
  if (!r.ok) throw new Error(r.reason);
  return r.value.code;
};
const rows = async <T>(q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The person of a browser's current session, if any. */
async function personOfBrowser(c: WebClient): Promise<number | null> {
  const sid = c.cookie?.split('=')[1];
  if (!sid) return null;
  const [r] = await rows<{ p: number }>(sql`SELECT a.person_id AS p FROM web_sessions s JOIN accounts a ON a.platform = 'web' AND a.external_id = s.external_id WHERE s.sid_hash = ${sha256(sid)}`);
  return r?.p ?? null;
}

const CODE = /\d{4}-\d{4}|[A-Z2-9]{5}-[A-Z2-9]{5}|(?<=确认关联 )\d{6}/g;

type Actor = 'attacker-web' | 'attacker-tg' | 'holder' | 'holder-forged';
type Text = (known: readonly string[]) => string;

const word = (w: string): Text => () => w;
const withKnown = (prefix: string, pick: number): Text => (known) => `${prefix}${known.length ? known[pick % known.length] : '1234-5678'}`;
const texts: fc.Arbitrary<Text> = fc.oneof(
  fc.constantFrom(word('关联账号'), word('绑定账号'), word('确认关联'), word('拒绝关联'), word('解除关联'), word('退出登录'), word('确认退出登录'), word('我的账号'), word('帮助'), word('待办'), word('1'), word('确认撤销'), word('撤销职务 市场监管局'), word('邀请码 市场监管局 负责人')),
  fc.tuple(fc.constantFrom('绑定 ', '关联 ', '确认关联 ', '关联 ', '绑定 '), fc.nat()).map(([p, n]) => withKnown(p, n)),
  fc.tuple(fc.constantFrom('绑定 ', '关联 ', '确认关联 '), fc.stringMatching(/^(\d{4}-\d{4}|\d{6}|[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5})$/)).map(([p, g]) => word(p + g)),
);
type Step = { kind: 'say'; actor: Actor; text: Text; forgery: number } | { kind: 'invite-attacker' };
const steps: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('say' as const), actor: fc.constantFrom<Actor>('attacker-web', 'attacker-tg', 'holder', 'holder-forged'), text: texts, forgery: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'invite-attacker' as const }) },
);

const say = (actor: Actor, text: Text, forgery = 0): Step => ({ kind: 'say', actor, text, forgery });
/** Sequences always tried first: the reported attack and its neighbours. */
const EXAMPLES: Step[][] = [
  [say('attacker-web', word('绑定账号')), say('holder', withKnown('绑定 ', 0))], // the finding: 绑定 with a stranger's link code
  [say('attacker-tg', word('关联账号')), say('holder', withKnown('关联 ', 0)), say('holder', word('确认关联')), say('holder', withKnown('确认关联 ', 0)), say('attacker-tg', withKnown('确认关联 ', 0))],
  [say('attacker-web', word('关联账号')), say('holder-forged', withKnown('绑定 ', 0), 0), say('holder-forged', withKnown('关联 ', 0), 1), say('holder-forged', word('确认关联 123456'), 2), say('holder-forged', withKnown('关联 ', 0), 3)],
  [{ kind: 'invite-attacker' }, say('attacker-web', withKnown('绑定 ', 0)), say('attacker-web', word('关联账号')), say('holder', withKnown('关联 ', 1))],
  [say('attacker-web', word('关联账号')), say('attacker-tg', withKnown('关联 ', 0)), say('attacker-tg', word('关联账号')), say('holder', withKnown('关联 ', 1)), say('attacker-web', word('确认关联'))],
  [say('holder', word('确认退出登录')), say('attacker-web', word('关联账号')), say('holder', withKnown('关联 ', 0)), say('holder', word('待办'))],
];

describe('an attacker and a role holder, any sequence of messages', () => {
  let run = 0;
  it('never moves the holder’s role, nor gives the attacker a role it was not invited to', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { minLength: 3, maxLength: 14 }), async (sequence) => {
        run++;
        const holder = new WebClient(web.url);
        expect(await sayOver(holder, `绑定 ${await invite('市场监管局', 'head')}`)).toContain('绑定成功');
        const holderPerson = (await personOfBrowser(holder))!;
        const attackerWeb = new WebClient(web.url);
        const attackerTg = new Person(web.engine, `attacker-${run}`, 'telegram');
        const attackerPeople = async () => {
          const ps = new Set<number>();
          const w = await personOfBrowser(attackerWeb);
          if (w) ps.add(w);
          for (const r of await rows<{ p: number }>(sql`SELECT person_id AS p FROM accounts WHERE platform = 'telegram' AND external_id = ${attackerTg.externalId}`)) ps.add(r.p);
          return ps;
        };
        const known: string[] = [];
        const learn = (reply: string) => known.push(...(reply.match(CODE) ?? []));
        const seenAttackers = new Set<number>();

        for (const step of sequence) {
          if (step.kind === 'invite-attacker') {
            known.push(await invite('城管局', 'officer')); // an invitation meant for the attacker: its one way to a role
          } else {
            const text = step.text(known);
            if (step.actor === 'attacker-web') learn(await sayOver(attackerWeb, text));
            else if (step.actor === 'attacker-tg') learn(await attackerTg.text(text));
            else if (step.actor === 'holder') await sayOver(holder, text); // persuaded: its replies stay on its screen
            else {
              // Another site makes the holder's browser send it: a form (text/plain) or a cross-site fetch.
              const headers: Record<string, string>[] = [
                { 'content-type': 'text/plain', origin: 'https://evil.example' },
                { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
                { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-site' },
                { 'content-type': 'application/json', origin: 'https://evil.example' }, // a browser without Sec-Fetch-Site
              ];
              const r = await holder.request('/api/chat', { method: 'POST', headers: headers[step.forgery]!, body: JSON.stringify({ text }) });
              expect(r.status).toBe(403);
            }
          }
          for (const p of await attackerPeople()) seenAttackers.add(p);

          // The holder's role stays with the holder's person.
          const heads = await rows<{ p: number }>(sql`SELECT g.person_id AS p FROM role_grants g JOIN organisations o ON o.id = g.org_id WHERE o.code = 'scjg' AND g.role = 'head' AND g.person_id IN (${holderPerson}, ${sql.join([...seenAttackers, 0].map((p) => sql`${p}`), sql`, `)})`);
          expect(heads.map((h) => h.p)).toEqual([holderPerson]);
          // The attacker holds nothing but what it was invited to.
          for (const p of seenAttackers) {
            const grants = await rows<{ code: string; role: string }>(sql`SELECT o.code, g.role FROM role_grants g JOIN organisations o ON o.id = g.org_id WHERE g.person_id = ${p}`);
            for (const g of grants) expect(`${g.code}/${g.role}`).toBe('cgj/officer');
          }
        }
      }),
      { numRuns: 30, examples: EXAMPLES.map((e) => [e] as [Step[]]) },
    );
    // Not vacuous: the holder was asked to confirm links with the attacker, and refused or cancelled them.
    const outcomes = await rows<{ outcome: string | null }>(sql`SELECT outcome FROM link_requests`);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.map((o) => o.outcome)).toContain('wrong-code');
  }, 600_000);
});

async function sayOver(c: WebClient, text: string): Promise<string> {
  const r = await c.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  expect(r.status).toBe(200);
  return (r.body.replies as { text: string }[]).map((x) => x.text).join('\n');
}
