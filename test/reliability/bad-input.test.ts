/**
 * Bad input (reliability suite, issue 8 §3), property-based with fast-check: random,
 * oversized, non-UTF-8, control characters, SQL and script injection, wrong types — at
 * any step of a dialogue and through the HTTP API. Never a 5xx or an exception, always a
 * reply with a reason, and nothing written to the records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../bot/engine';
import { normalise } from '../../bot/engine';
import { createEngine } from '../../bot/services';
import { unitOfWork } from '../../db/store';
import type { Reply } from '../../domain/ports';
import { Person } from '../support/chat';
import { type TestDatabase, testDatabase } from '../support/db';
import { WebClient } from '../support/http';
import { type WebApp, serveEngine } from '../support/web-app';
import { RECORD_TABLES, countRows } from '../support/staff';

const INJECTIONS = [
  "'; DROP TABLE complaints; --", "1' OR '1'='1", 'TS-2026-000001\'; DELETE FROM people; --', '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>', '${7*7}{{7*7}}', '\u0000\u0001\u0002', '\ud800', '\udfff\ud800', '%00%ff', '../../etc/passwd',
  '\u202e反转文字', '　　　', '\r\n\r\n', 'null', 'undefined', '[]', '{}', '🙂'.repeat(50),
];
const COMMANDS = ['', '投诉 ', '查询 ', '受理 ', '转办 ', '协查 ', '协查答复 ', '协查答复 TS-2026-000001 ', '办结 ', '绑定 ', '邀请码 ', '批准 ', '不批准 YS-2026-000001 ', '接收 ', '退回 YS-2026-000001 ', '移送 ', '证据 ', '期限 ', '通知渠道 ', '责令移送', '管辖 AJ-2026-000001 ', '违纪线索 JJ-2026-000001 '];

/** Text as a hostile or careless sender might produce it. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // any code unit, lone surrogates included
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u200b', '\ufeff', '\t', '\n', 'a', '中'), maxLength: 30 }),
  fc.integer({ min: 4_000, max: 9_000 }).map((n) => '长'.repeat(n)),
);
const hostileMessage = fc.tuple(fc.constantFrom(...COMMANDS), hostileText).map(([c, t]) => c + t);

const FILING = ['投诉', '超市卖过期食品，酸奶过期一个月还在卖', '骊城街道某超市', '昨天下午', '跳过', '匿名'];

function wellFormed(replies: Reply[]): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const r of replies) {
    expect(typeof r.text).toBe('string');
    expect(r.text.trim().length).toBeGreaterThan(0);
  }
}

describe('normalise', () => {
  it('leaves no control character and no lone surrogate, and keeps within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (s) => {
        const n = normalise(s);
        expect(n.length).toBeLessThanOrEqual(4000);
        expect(n).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
        expect(n).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the engine', () => {
  let database: TestDatabase;
  let engine: Engine;
  let n = 0;
  beforeAll(async () => {
    database = await testDatabase();
    ({ engine } = await createEngine(unitOfWork(database.db)));
  });
  afterAll(async () => database?.close());

  it('answers any message at any step of a dialogue with a reason, and writes no record', async () => {
    const before = await countRows(database.db, RECORD_TABLES);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: FILING.length }), hostileMessage, async (steps, text) => {
        const p = new Person(engine, `hostile-${++n}`);
        for (const t of FILING.slice(0, steps)) await p.say(t);
        wellFormed(await p.say(text));
        wellFormed(await p.say('帮助')); // the dialogue is still whole
      }),
      { numRuns: 40 },
    );
    expect(await countRows(database.db, RECORD_TABLES)).toEqual(before);
  }, 120_000);
});

describe('the HTTP API', () => {
  let database: TestDatabase;
  let web: WebApp;
  beforeAll(async () => {
    database = await testDatabase();
    web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind });
  });
  afterAll(async () => {
    await web?.close();
    await database?.close();
  });

  const CJK = /[\u4e00-\u9fff]/;
  const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 140 });
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), // raw bytes, mostly not UTF-8 or JSON
    fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), // JSON of any shape
    fc.record({ text: hostileText }).map((v) => JSON.stringify(v)),
    fc.record({ text: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object()) }).map((v) => JSON.stringify(v)),
    fc.integer({ min: 60_000, max: 80_000 }).map((k) => JSON.stringify({ text: 'x'.repeat(k) })),
    fc.constant(Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), // {"text":"<invalid UTF-8>"}
  );

  it('answers every request below 500, with a reason in Chinese for each refusal, and writes no record', async () => {
    const before = await countRows(database.db, RECORD_TABLES);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/chat', '/api/route'),
        body,
        fc.option(printable, { nil: undefined }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (path, payload, key, type) => {
          const client = new WebClient(web.url);
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (key !== undefined) headers['idempotency-key'] = key;
          const r = await client.request(path, { method: 'POST', headers, body: payload });
          expect(r.status).toBeLessThan(500);
          expect(typeof r.body).toBe('object');
          if (r.status >= 400) expect(r.body.error).toMatch(CJK);
          else if (path === '/api/chat') wellFormed(r.body.replies);
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(printable, async (after) => {
        const r = await new WebClient(web.url).request(`/api/inbox?after=${encodeURIComponent(after)}`);
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error).toMatch(CJK);
      }),
      { numRuns: 40 },
    );
    expect(await countRows(database.db, RECORD_TABLES)).toEqual(before);
  }, 120_000);
});
