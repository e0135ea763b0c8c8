/**
 * Runs once before the test files: builds one migrated, seeded database that every
 * `testDatabase()` then copies, instead of each file migrating and seeding its own —
 * a PGlite data-directory dump locally, a template database on the PostgreSQL server of
 * DATABASE_URL in CI. The copy is the same database a file would have built itself.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS, openDatabase } from '../../db/client';
import { seedDirectory } from '../../db/seed';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite dump of a migrated, seeded database (a file path), or ''. */
    pgliteSnapshot: string;
    /** The name of a migrated, seeded template database on DATABASE_URL's server, or ''. */
    pgTemplate: string;
  }
}

/** What the copy depends on: the migrations and the seed data. */
function fingerprint(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS).sort()) if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS, f)));
  h.update(readFileSync(new URL('../../db/seed/directory.json', import.meta.url)));
  return h.digest('hex').slice(0, 12);
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  const tag = `${fingerprint()}_${process.pid}`;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await seedDirectory(database.db);
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
    await database.close();
    const file = join(tmpdir(), `xietong-test-${tag}.tar`);
    writeFileSync(file, dump, { mode: 0o600 });
    project.provide('pgliteSnapshot', file);
    project.provide('pgTemplate', '');
    return () => rmSync(file, { force: true });
  }

  const name = `xt_tpl_${tag}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const tplUrl = new URL(url);
  tplUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: tplUrl.toString() });
  await seedDirectory(database.db);
  await database.close(); // a template must have no connections while it is copied
  project.provide('pgliteSnapshot', '');
  project.provide('pgTemplate', name);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  };
}
