/**
 * Both drivers, in every run: embedded PGlite always, and PostgreSQL when
 * DATABASE_URL is set (as in CI). Same migrations, same invariants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, onPostgres } from '../test/support/db';
import { type Database, openDatabase } from './client';
import { seedDirectory } from './seed';
import { unitOfWork } from './store';

async function invariants(database: Database) {
  await seedDirectory(database.db);
  const uow = unitOfWork(database.db);
  const person = await uow.run((s) => s.people.resolveAccount('test', 'driver-check'));
  // The same account again is the same person.
  expect(await uow.run((s) => s.people.resolveAccount('test', 'driver-check'))).toEqual(person);
  // A whole turn rolls back on failure: nothing half-written.
  await expect(
    uow.run(async (s) => {
      await s.outbox.enqueue(person.personId, person.accountId, { text: 'half' });
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(await uow.run((s) => s.outbox.pending(person.personId, 'test', 10))).toEqual([]);
  await uow.run((s) => s.outbox.enqueue(person.personId, person.accountId, { text: 'whole' }));
  expect(await uow.run((s) => s.outbox.pending(person.personId, 'test', 10))).toEqual([{ id: expect.any(Number), reply: { text: 'whole' } }]);
  // The lifecycle's invariant holds in the database: no accepted complaint without a handler.
  const orgId = (await uow.run((s) => s.directory.all()))[0]!.id;
  await expect(
    database.db.execute(sql`INSERT INTO complaints (tracking_no, complainant_person_id, status, what, where_text, when_text,
      handling_org_id, routed_by, registered_at, accept_due) VALUES ('TS-2026-900000', ${person.personId}, 'accepted', 'x', 'y', 'z',
      ${orgId}, 'citizen', now(), now())`),
  ).rejects.toThrow();
  return person;
}

describe('database drivers', () => {
  it('PGlite: migrates, keeps data in its directory across a reopen, and holds the invariants', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xietong-pglite-'));
    try {
      let database = await openDatabase({ dataDir: dir });
      expect(database.kind).toBe('pglite');
      const person = await invariants(database);
      await database.close();
      database = await openDatabase({ dataDir: dir }); // migrations are not re-applied twice
      const again = await unitOfWork(database.db).run((s) => s.people.resolveAccount('test', 'driver-check'));
      expect(again).toEqual(person);
      await database.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // two opens of an on-disk PGlite, the first migrating from nothing: 20 s alone, more beside other files

  it.runIf(onPostgres)('PostgreSQL: migrates (twice at once, serialised) and holds the invariants', async () => {
    const { url, drop } = await createTestDatabaseUrl();
    try {
      const [a, b] = await Promise.all([openDatabase({ url }), openDatabase({ url })]);
      expect(a.kind).toBe('postgres');
      await invariants(a);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await drop();
    }
  });
});
