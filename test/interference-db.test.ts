/**
 * 干预记录 (M12) in the database itself, on the driver of the environment (PGlite locally,
 * PostgreSQL with DATABASE_URL): UPDATE, DELETE and TRUNCATE are refused whatever sends
 * them, an INSERT must be the next link, concurrent appends never fork the chain, and a
 * record forged around the triggers is found by verifyChain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { sha256 } from '../bot/interference/records';
import type { Db } from '../db/client';
import { interferenceRecords, people } from '../db/schema';
import { storeOf, unitOfWork } from '../db/store';
import { type InterferenceRecord, draft, linkHash, seal, verifyChain } from '../domain/interference';
import type { UnitOfWork } from '../domain/ports';
import { SERIES } from '../domain/record-no';
import { value } from '../domain/testing';
import { type TestDatabase, testDatabase } from './support/db';

let database: TestDatabase;
let uow: UnitOfWork;
let recorder: number;
let orgId: number;
let namedOrgId: number;

/** Appends one record in its own transaction, as a turn does. */
async function append(request = '要求对某商户从轻处罚', year = 2026): Promise<InterferenceRecord> {
  return uow.run(async (s) => {
    const at = new Date('2026-11-25T02:00:00Z');
    const recordNo = await s.numbers.next(SERIES.interference, year);
    const d = value(draft({
      caseRef: 'AJ-2026-000001 某超市案', caseNo: 'AJ-2026-000001', interfererOrgId: namedOrgId, interfererUnit: '农业局',
      interfererPerson: '张某', occurred: '昨天上午', method: '打招呼', request, response: null,
    }, { personId: recorder, orgId }, recordNo, at));
    return s.interference.append((head) => seal(sha256, head, d));
  });
}

const chain = () => uow.run((s) => s.interference.chain());
const count = async () => (await chain()).length;

/** The error's text, including the database's message drizzle wraps. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
  throw new Error('expected the database to refuse');
}

/** Runs `fn` in a transaction that is always rolled back: forging leaves no trace for other tests. */
async function inRolledBack<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  const sentinel = new Error('rollback');
  await database.db
    .transaction(async (tx) => {
      out = await fn(tx as unknown as Db);
      throw sentinel;
    })
    .catch((e) => {
      if (e !== sentinel) throw e;
    });
  return out!;
}

beforeAll(async () => {
  database = await testDatabase();
  uow = unitOfWork(database.db);
  ({ personId: recorder } = await uow.run((s) => s.people.resolveAccount('test', 'db-recorder')));
  const orgs = await uow.run((s) => s.directory.all());
  orgId = orgs.find((o) => o.code === 'scjg')!.id;
  namedOrgId = orgs.find((o) => o.code === 'nyj')!.id;
  for (let i = 1; i <= 3; i++) await append(`要求从轻处罚（第${i}条）`);
});
afterAll(async () => database?.close());

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, from drizzle or plain SQL, and the rows stay as they were', async () => {
    const before = await chain();
    const db = database.db;
    const refused = [
      await refusal(db.update(interferenceRecords).set({ request: '无' }).where(eq(interferenceRecords.seq, 2))),
      await refusal(db.execute(sql`UPDATE interference_records SET hash = hash`)),
      await refusal(db.delete(interferenceRecords).where(eq(interferenceRecords.seq, 3))),
      await refusal(db.execute(sql`DELETE FROM interference_records`)),
      await refusal(db.execute(sql`TRUNCATE interference_records`)),
      await refusal(db.execute(sql`TRUNCATE people, interference_records CASCADE`)),
    ];
    for (const r of refused) expect(r).toContain('append-only');
    expect(refused.map((r) => r.match(/(UPDATE|DELETE|TRUNCATE) refused/)?.[1])).toEqual(['UPDATE', 'UPDATE', 'DELETE', 'DELETE', 'TRUNCATE', 'TRUNCATE']);
    expect(await chain()).toEqual(before);
  });

  it('refuses even a statement that matches no row', async () => {
    expect(await refusal(database.db.execute(sql`UPDATE interference_records SET request = '无' WHERE false`))).toContain('UPDATE refused');
    expect(await refusal(database.db.execute(sql`DELETE FROM interference_records WHERE seq < 0`))).toContain('DELETE refused');
  });

  it('refuses an UPDATE inside a transaction and rolls the whole transaction back, the append with it', async () => {
    const n = await count();
    await refusal(database.db.transaction(async (tx) => {
      const s = storeOf(tx as unknown as Db);
      const d = value(draft({
        caseRef: '某案', caseNo: null, interfererOrgId: null, interfererUnit: null, interfererPerson: '李某', occurred: '今天', method: '说情',
        request: '要求撤销案件', response: null,
      }, { personId: recorder, orgId }, 'GY-2026-000999', new Date()));
      await s.interference.append((head) => seal(sha256, head, d));
      await tx.execute(sql`UPDATE interference_records SET request = '无' WHERE seq = 1`);
    }));
    expect(await count()).toBe(n);
  });

  it('a person who recorded cannot be deleted (and so cannot be dropped by a cascade)', async () => {
    expect(await refusal(database.db.delete(people).where(eq(people.id, recorder)))).toMatch(/foreign key|violates/);
  });
});

describe('the next link only', () => {
  const row = (over: Partial<InterferenceRecord>) => ({
    recordNo: `GY-2026-9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`, recordedAt: new Date(), recorderPersonId: recorder, recorderOrgId: orgId,
    caseRef: '某案', caseNo: null, interfererOrgId: null, interfererUnit: '某局', interfererPerson: null, occurred: '今天', method: '说情',
    request: '要求撤销案件', response: null, hash: 'b'.repeat(64), ...over,
  });

  it('refuses a record that does not carry the previous hash, skips a number or forks the chain', async () => {
    const c = await chain();
    const last = c.at(-1)!;
    const ins = (over: Partial<InterferenceRecord>) => refusal(database.db.insert(interferenceRecords).values(row(over) as never));
    expect(await ins({ seq: last.seq + 1, prevHash: 'c'.repeat(64) })).toContain('not the next link');
    expect(await ins({ seq: last.seq + 2, prevHash: last.hash })).toContain('not the next link');
    expect(await ins({ seq: 1, prevHash: 'd'.repeat(64) })).toContain('not the next link');
    // A second record after the same one: the same seq, or the same previous hash under another seq.
    expect(await ins({ seq: last.seq, prevHash: c.at(-2)!.hash })).toMatch(/duplicate key|unique/);
    expect(await ins({ seq: last.seq + 1, prevHash: last.prevHash })).toContain('not the next link');
    expect(await ins({ seq: last.seq + 1, prevHash: last.hash, hash: 'not hex' })).toMatch(/interference_records_hashes_hex/);
    expect(await chain()).toEqual(c);
  });

  it('concurrent appends queue behind the chain lock: one chain, no gap, no fork', async () => {
    const n = await count();
    // Each in another year: the record counters' row locks do not serialise them, only the chain lock does.
    const appended = await Promise.all(Array.from({ length: 8 }, (_, i) => append(`并发追加 ${i}`, 2030 + i)));
    expect(new Set(appended.map((r) => r.seq)).size).toBe(8);
    const c = await chain();
    expect(c.map((r) => r.seq)).toEqual(Array.from({ length: n + 8 }, (_, i) => i + 1));
    expect(verifyChain(sha256, c)).toMatchObject({ ok: true, count: n + 8 });
  });
});

describe('forging around the triggers', () => {
  const forge = (statement: ReturnType<typeof sql>) =>
    inRolledBack(async (tx) => {
      // The table's owner can switch the guard off; the hash chain still tells.
      await tx.execute(sql`ALTER TABLE interference_records DISABLE TRIGGER interference_records_append_only`);
      await tx.execute(statement);
      await tx.execute(sql`ALTER TABLE interference_records ENABLE TRIGGER interference_records_append_only`);
      return verifyChain(sha256, await storeOf(tx).interference.chain());
    });

  it('finds a record altered in place', async () => {
    expect(await forge(sql`UPDATE interference_records SET request = '无特殊要求' WHERE seq = 2`)).toMatchObject({ ok: false, problem: 'hash', seq: 2 });
  });

  it('finds a record removed from the middle', async () => {
    expect(await forge(sql`DELETE FROM interference_records WHERE seq = 2`)).toMatchObject({ ok: false, problem: 'missing', seq: 3 });
  });

  it('finds a record whose interferer was swapped and whose hash was recomputed', async () => {
    const c = await chain();
    const forged = { ...c[0]!, interfererPerson: '王某' };
    const h = linkHash(sha256, forged.prevHash, forged);
    expect(await forge(sql`UPDATE interference_records SET interferer_person = '王某', hash = ${h} WHERE seq = 1`))
      .toMatchObject({ ok: false, problem: 'link', seq: 2 });
  });

  it('leaves the real chain intact (every forgery was rolled back)', async () => {
    expect(verifyChain(sha256, await chain()).ok).toBe(true);
  });
});
