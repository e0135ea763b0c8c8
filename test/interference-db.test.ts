/**
 * 干预记录 (M12) in the database itself, on the driver of the environment (PGlite locally,
 * PostgreSQL with DATABASE_URL): UPDATE, DELETE and TRUNCATE are refused whatever sends
 * them, an INSERT must be the next link, concurrent appends never fork the chain, and a
 * record forged around the triggers is found by verifyChain — a re-sealed chain by the
 * anchors kept in their own table. On PostgreSQL the application's role (DATABASE_OWNER_URL
 * set) cannot switch the triggers off, nor write the records other than by INSERT.
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
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import { appRoleDatabase } from './support/app-role';

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
const anchors = () => uow.run((s) => s.interference.anchors());
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

describe('anchors of the chain head', () => {
  it('each append anchors the new head in its own table, dated by the database', async () => {
    const c = await chain();
    const a = await anchors();
    expect(a.map(({ seq, recordNo, hash }) => ({ seq, recordNo, hash }))).toEqual(c.map(({ seq, recordNo, hash }) => ({ seq, recordNo, hash })));
    for (const x of a) expect(Math.abs(x.anchoredAt.getTime() - Date.now())).toBeLessThan(3_600_000); // not the record's 2026-11-25
    expect(verifyChain(sha256, c, [], a)).toMatchObject({ ok: true, count: c.length });
  });

  it('are append-only, dated whatever the statement says, and taken only of a record as it stands', async () => {
    const before = await anchors();
    const db = database.db;
    const refused = [
      await refusal(db.execute(sql`UPDATE interference_anchors SET hash = hash`)),
      await refusal(db.execute(sql`DELETE FROM interference_anchors WHERE seq = 1`)),
      await refusal(db.execute(sql`TRUNCATE interference_anchors`)),
    ];
    expect(refused.map((r) => r.match(/interference_anchors is append-only: (UPDATE|DELETE|TRUNCATE) refused/)?.[1])).toEqual(['UPDATE', 'DELETE', 'TRUNCATE']);
    const [first] = before;
    const last = (await chain()).at(-1)!;
    expect(await refusal(db.execute(sql`INSERT INTO interference_anchors (seq, record_no, hash) VALUES (${last.seq + 1}, 'GY-2026-999999', ${'a'.repeat(64)})`)))
      .toContain('does not match its record');
    const dated = await inRolledBack(async (tx) => {
      await tx.execute(sql`ALTER TABLE interference_anchors DISABLE TRIGGER interference_anchors_append_only`);
      await tx.execute(sql`DELETE FROM interference_anchors WHERE seq = 1`);
      await tx.execute(sql`ALTER TABLE interference_anchors ENABLE TRIGGER interference_anchors_append_only`);
      await tx.execute(sql`INSERT INTO interference_anchors (seq, record_no, hash, anchored_at) VALUES (1, ${first!.recordNo}, ${first!.hash}, '2020-01-01T00:00:00Z')`);
      return (await storeOf(tx).interference.anchors())[0]!.anchoredAt;
    });
    expect(dated.getUTCFullYear()).not.toBe(2020);
    expect(await anchors()).toEqual(before);
  });

  it('find a chain the owner re-sealed after a change, at the first record changed', async () => {
    const found = await inRolledBack(async (tx) => {
      const c = await storeOf(tx).interference.chain();
      await tx.execute(sql`ALTER TABLE interference_records DISABLE TRIGGER interference_records_append_only`);
      let head = { seq: 1, hash: c[0]!.hash };
      for (const r of c.slice(1)) {
        const resealed = seal(sha256, head, r.seq === 2 ? { ...r, request: '无特殊要求' } : r);
        await tx.execute(sql`UPDATE interference_records SET request = ${resealed.request}, prev_hash = ${resealed.prevHash}, hash = ${resealed.hash} WHERE seq = ${r.seq}`);
        head = resealed;
      }
      await tx.execute(sql`ALTER TABLE interference_records ENABLE TRIGGER interference_records_append_only`);
      const s = storeOf(tx).interference;
      return { alone: verifyChain(sha256, await s.chain()), anchored: verifyChain(sha256, await s.chain(), [], await s.anchors()) };
    });
    expect(found.alone.ok).toBe(true); // the chain alone looks whole …
    expect(found.anchored).toMatchObject({ ok: false, problem: 'anchor', seq: 2, recordNo: 'GY-2026-000002', intact: 1 }); // … not against its anchors
  });

  it('find a record written around the application (no anchor) and a tail cut off (an anchor past the end)', async () => {
    const c = await chain();
    const last = c.at(-1)!;
    const unanchored = await inRolledBack(async (tx) => {
      const extra = seal(sha256, last, { ...last, recordNo: 'GY-2039-000001' });
      await tx.insert(interferenceRecords).values(extra);
      const s = storeOf(tx).interference;
      return verifyChain(sha256, await s.chain(), [], await s.anchors());
    });
    expect(unanchored).toMatchObject({ ok: false, problem: 'unanchored', recordNo: 'GY-2039-000001' });
    const cut = verifyChain(sha256, c.slice(0, -1), [], await anchors());
    expect(cut).toMatchObject({ ok: false, problem: 'missing', seq: null, recordNo: last.recordNo });
  });
});

describe.runIf(onPostgres)('the application role (PostgreSQL, DATABASE_OWNER_URL set)', () => {
  it('cannot disable the triggers or write the records other than by INSERT; it appends and verifies', async () => {
    const roles = await appRoleDatabase();
    try {
      expect(await roles.app.interferenceGuard()).toBe('guarded');
      expect(await roles.owner.interferenceGuard()).toBe('superuser'); // the CI server's user
      const app = roles.app.db;
      const appUow = unitOfWork(app);
      const { personId } = await appUow.run((s) => s.people.resolveAccount('test', 'app-role-recorder'));
      const org = (await appUow.run((s) => s.directory.all())).find((o) => o.code === 'scjg')!.id;
      const appended = await appUow.run(async (s) => {
        const d = value(draft({
          caseRef: '某案', caseNo: null, interfererOrgId: null, interfererUnit: '某局', interfererPerson: null, occurred: '今天', method: '说情',
          request: '要求撤销案件', response: null,
        }, { personId, orgId: org }, await s.numbers.next(SERIES.interference, 2026), new Date()));
        return s.interference.append((head) => seal(sha256, head, d));
      });
      expect(appended.seq).toBe(1);

      const attempts = [
        sql`ALTER TABLE interference_records DISABLE TRIGGER interference_records_append_only`,
        sql`ALTER TABLE interference_records DISABLE TRIGGER ALL`,
        sql`ALTER TABLE interference_anchors DISABLE TRIGGER interference_anchors_append_only`,
        sql`DROP TRIGGER interference_records_append_only ON interference_records`,
        sql`ALTER TABLE interference_records OWNER TO CURRENT_USER`,
        sql`CREATE TRIGGER sneak BEFORE UPDATE ON interference_records FOR EACH STATEMENT EXECUTE FUNCTION interference_records_refuse_change()`,
        sql`SET session_replication_role = replica`,
        sql`UPDATE interference_records SET request = '无' WHERE seq = 1`,
        sql`DELETE FROM interference_records`,
        sql`TRUNCATE interference_records`,
        sql`UPDATE interference_anchors SET hash = hash`,
        sql`DELETE FROM interference_anchors`,
      ];
      for (const q of attempts) expect(await refusal(app.execute(q))).toMatch(/must be owner|permission denied/);
      const appChain = await appUow.run((s) => s.interference.chain());
      expect(appChain).toEqual([appended]);
      expect(verifyChain(sha256, appChain, [], await appUow.run((s) => s.interference.anchors()))).toMatchObject({ ok: true, count: 1 });
    } finally {
      await roles.close();
    }
  });
});
