/**
 * An upgrade keeps people signed in: a district running the last release has web accounts
 * named `sid:` + SHA-256 of the browser's cookie. After the migrations that add server-kept
 * sessions, that very cookie still opens the same account (with its role), and is not
 * replaced by a new one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MIGRATIONS, openDatabase, type Database } from '../db/client';
import { seedDirectory } from '../db/seed';
import { unitOfWork } from '../db/store';
import { createScratchDatabase } from '../db/scratch';
import { onPostgres } from './support/db';
import { WebClient } from './support/http';
import { serveEngine } from './support/web-app';

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** A migrations folder holding only the migrations before the one that creates web_sessions: the last release. */
function lastRelease(): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as Journal;
  const first = journal.entries.findIndex((e) => /CREATE TABLE "web_sessions"/.test(readFileSync(join(MIGRATIONS, `${e.tag}.sql`), 'utf8')));
  expect(first).toBeGreaterThan(0);
  const dir = mkdtempSync(join(tmpdir(), 'xietong-release-'));
  mkdirSync(join(dir, 'meta'));
  const before = journal.entries.slice(0, first);
  for (const e of before) copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
  return dir;
}

async function migrateWith(database: Database, folder: string): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(database.db as never, { migrationsFolder: folder });
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('upgrading from the last release', () => {
  it('a browser signed in before the upgrade stays signed in as the same person, role and all', async () => {
    let url: string | undefined;
    if (onPostgres) {
      const created = await createScratchDatabase(process.env.DATABASE_URL!, 'xt_test');
      url = created.url;
      cleanups.push(created.drop);
    }
    const database = await openDatabase({ url, dataDir: 'memory://', migrate: false });
    cleanups.push(() => database.close());
    const release = lastRelease();
    cleanups.push(() => rmSync(release, { recursive: true, force: true }));
    await migrateWith(database, release);
    await seedDirectory(database.db);

    // As the last release made it: the account is named after the cookie's hash.
    const cookie = randomBytes(32).toString('base64url');
    const externalId = `sid:${createHash('sha256').update(cookie).digest('hex')}`;
    await database.db.execute(sql`WITH p AS (INSERT INTO people (display_name) VALUES (NULL) RETURNING id),
      a AS (INSERT INTO accounts (person_id, platform, external_id) SELECT id, 'web', ${externalId} FROM p RETURNING person_id)
      INSERT INTO role_grants (person_id, org_id, role) SELECT a.person_id, o.id, 'officer' FROM a, organisations o WHERE o.code = 'scjg'`);

    await migrateWith(database, MIGRATIONS); // the upgrade
    const web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind });
    cleanups.push(() => web.close());
    const browser = new WebClient(web.url);
    browser.cookie = `xt_sid=${cookie}`;
    const r = await browser.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('您的身份：抚宁区市场监督管理局执法人员');
    expect(r.setCookie).toBeNull(); // the same session, not a new one
    const people = ((await database.db.execute(sql`SELECT count(*)::int AS n FROM accounts WHERE platform = 'web'`)) as any).rows[0].n;
    expect(people).toBe(1);
  }, 120_000);
});
