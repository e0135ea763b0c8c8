/**
 * Upgrading a district that runs the last release (issue 13 §1): complaints registered
 * before the accused body was recognised by relation are kept, and the ones that may be
 * about any department — an accused text that matched no body, or a 事由 naming officers
 * or their misconduct — become "possibly any", so no department sees who complained.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Database, MIGRATIONS, openDatabase } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { canSeeIdentity } from '../domain/complaint-access';
import { createTestDatabaseUrl, onPostgres } from './support/db';

let database: Database;
let drop = async () => {};
let folder: string;

const migrate = async (migrationsFolder: string) => {
  const { migrate: run } = await import(onPostgres ? 'drizzle-orm/node-postgres/migrator' : 'drizzle-orm/pglite/migrator');
  await run(database.db as never, { migrationsFolder });
};

beforeAll(async () => {
  if (onPostgres) {
    const created = await createTestDatabaseUrl();
    drop = created.drop;
    database = await openDatabase({ url: created.url, migrate: false });
  } else {
    database = await openDatabase({ dataDir: 'memory://', migrate: false });
  }
  // The release before: every migration up to this change's first.
  folder = mkdtempSync(join(tmpdir(), 'xt-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8'));
  const first = journal.entries.findIndex((e: { tag: string }) => e.tag.includes('complaint_accused'));
  expect(first).toBeGreaterThan(0);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, first) }));
  await migrate(folder);
  await seedDirectory(database.db);
});
afterAll(async () => {
  await database?.close();
  await drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the migration to accused_unresolved', () => {
  it('keeps every complaint and marks the ones that may accuse any department', async () => {
    const org = async (code: string) => ((await database.db.execute(sql`SELECT id FROM organisations WHERE code = ${code}`)) as any).rows[0].id as number;
    const [scjg, cgj, sfj] = [await org('scjg'), await org('cgj'), await org('sfj')];
    const person = ((await database.db.execute(sql`INSERT INTO people DEFAULT VALUES RETURNING id`)) as any).rows[0].id as number;
    const old = async (no: string, what: string, accusedOrg: number | null, accusedText: string | null, handling: number) =>
      database.db.execute(sql`
        INSERT INTO complaints (tracking_no, complainant_person_id, status, what, where_text, when_text, accused_org_id, accused_text,
          contact_name, contact_phone, handling_org_id, routed_by, registered_at, accept_due)
        VALUES (${no}, ${person}, 'registered', ${what}, '骊城街道', '昨天', ${accusedOrg}, ${accusedText},
          '李四', '13812345678', ${handling}, 'keywords', now(), now() + interval '7 days')`);
    await old('TS-2025-000001', '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', null, '市场监督局执法人员张某', scjg);
    await old('TS-2025-000002', '超市卖过期食品，执法人员收了好处不处理', null, null, scjg);
    await old('TS-2025-000003', '城管执法没收三轮车', cgj, '城管局', sfj);
    await old('TS-2025-000004', '超市卖过期食品，酸奶过期一个月还在卖', null, null, scjg);
    await old('TS-2025-000005', '工地夜间施工噪音很大', null, '  ', scjg);

    await migrate(MIGRATIONS);

    const rows = ((await database.db.execute(sql`SELECT tracking_no AS no, accused_org_id AS org, accused_unresolved AS unresolved FROM complaints ORDER BY tracking_no`)) as any).rows;
    expect(rows).toEqual([
      { no: 'TS-2025-000001', org: null, unresolved: true }, // an accused text that matched no body
      { no: 'TS-2025-000002', org: null, unresolved: true }, // the 事由 names officers taking favours
      { no: 'TS-2025-000003', org: cgj, unresolved: false }, // the accused body was known
      { no: 'TS-2025-000004', org: null, unresolved: false }, // an ordinary complaint
      { no: 'TS-2025-000005', org: null, unresolved: false }, // a blank answer is no accusation
    ]);

    // Read back through the store: the bureau still handles the first, but no longer sees who complained.
    const c = await unitOfWork(database.db).run((s) => s.complaints.byTrackingNo('TS-2025-000001'));
    expect(c!.accused).toEqual({ kind: 'unresolved' });
    expect(canSeeIdentity({ personId: person + 1, grants: [{ orgId: scjg, role: 'officer' }] }, c!, sfj)).toBe(false);
    const ordinary = await unitOfWork(database.db).run((s) => s.complaints.byTrackingNo('TS-2025-000004'));
    expect(canSeeIdentity({ personId: person + 1, grants: [{ orgId: scjg, role: 'officer' }] }, ordinary!, sfj)).toBe(true);

    // The database refuses a complaint both about a known body and unresolved.
    await expect(database.db.execute(sql`UPDATE complaints SET accused_unresolved = true WHERE tracking_no = 'TS-2025-000003'`)).rejects.toThrow();
  });
});
