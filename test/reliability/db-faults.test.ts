/**
 * Database faults (reliability suite, issue 8 §5): the database goes away during a turn —
 * on PostgreSQL after the turn's writes, before its commit; PGlite, whose close waits for
 * the running transaction, is closed as the turn begins. The user gets a 503 with a
 * Chinese "try again" reason (nothing was recorded), every message meanwhile gets the
 * same, and once the database is back the same message (same Idempotency-Key) registers
 * the complaint exactly once.
 *
 * On PostgreSQL the test runs its own throwaway cluster and stops it with
 * `pg_ctl stop -m immediate`; on PGlite it closes the embedded database and opens it
 * again from its directory.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../db/client';
import { seedDirectory } from '../../db/seed';
import { unitOfWork } from '../../db/store';
import type { UnitOfWork } from '../../domain/ports';
import { onPostgres } from '../support/db';
import { WebClient } from '../support/http';
import { type WebApp, serveEngine } from '../support/web-app';

/** A database that can go away and come back, behind a unit of work that follows it. */
interface Flaky {
  current: Database;
  /** Where in the turn it goes: before the commit (a server stopped), or as the turn begins. */
  when: 'before-commit' | 'at-start';
  goAway(): Promise<void>;
  comeBack(): Promise<void>;
  dispose(): Promise<void>;
}

/** The unit of work of the current database; when armed, the next turn loses the database just before its commit. */
function faultyUow(f: Flaky) {
  let armed = false;
  const uow: UnitOfWork = {
    async run(fn) {
      if (armed && f.when === 'at-start') {
        armed = false;
        await f.goAway();
      }
      return unitOfWork(f.current.db).run(async (store) => {
        const result = await fn(store);
        if (armed && f.when === 'before-commit') {
          armed = false;
          await f.goAway();
        }
        return result;
      });
    },
  };
  return { uow, arm: () => void (armed = true) };
}

const count = async (f: Flaky, q: string) => Number(((await f.current.db.execute(sql.raw(q))) as any).rows[0].n);

async function scenario(f: Flaky) {
  const { uow, arm } = faultyUow(f);
  const web: WebApp = await serveEngine({ uow, db: () => f.current.db, dbKind: f.current.kind });
  try {
    const citizen = new WebClient(web.url);
    for (const t of ['投诉', '超市卖过期食品，酸奶过期一个月还在卖', '骊城街道某超市', '昨天下午', '跳过']) await citizen.chat(t);
    expect((await citizen.chat('匿名')).at(-1)!.options).toContain('确认提交');
    const post = (text: string, key: string) =>
      citizen.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ text }) });

    arm();
    const cut = await post('确认提交', 'confirm-1');
    expect(cut.status).toBe(503);
    expect(cut.body.error).toContain('稍后');
    expect(cut.body.error).toContain('未被处理');
    // While it is away: every message gets the same answer, and health says so.
    const meanwhile = await post('查询', 'query-1');
    expect(meanwhile.status).toBe(503);
    expect(meanwhile.body.error).toContain('稍后');
    expect((await citizen.request('/healthz')).status).toBe(503);

    await f.comeBack();
    expect((await citizen.request('/healthz')).status).toBe(200);
    expect(await count(f, 'SELECT count(*) AS n FROM complaints')).toBe(0); // the cut turn left nothing

    // The same message again: the dialogue was still at the summary, and it registers once.
    const again = await post('确认提交', 'confirm-1');
    expect(again.status).toBe(200);
    const no = JSON.stringify(again.body.replies).match(/TS-\d{4}-\d{6}/)![0];
    const replay = await post('确认提交', 'confirm-1');
    expect(replay.body).toEqual(again.body);
    expect(await count(f, 'SELECT count(*) AS n FROM complaints')).toBe(1);
    expect(await count(f, `SELECT count(*) AS n FROM complaint_events WHERE kind = 'registered'`)).toBe(1);
    expect(await count(f, `SELECT count(*) AS n FROM deadlines WHERE subject_id = '${no}'`)).toBe(1);
    expect(await citizen.chat(`查询 ${no}`)).toEqual([expect.objectContaining({ text: expect.stringContaining('已登记，待受理') })]);
  } finally {
    await web.close();
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterAll(async () => cleanup?.());

describe('the database going away mid-turn', () => {
  it.skipIf(onPostgres)('PGlite closed: 503 with a reason, then the same message works once it is reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xietong-dbfault-'));
    const open = () => openDatabase({ dataDir: join(dir, 'pglite') });
    const first = await open();
    await seedDirectory(first.db);
    const f: Flaky = {
      current: first,
      // PGlite's close waits for a running transaction to finish, so it is closed as the turn begins.
      when: 'at-start',
      async goAway() {
        await f.current.close();
      },
      async comeBack() {
        f.current = await open();
      },
      async dispose() {
        await f.current.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
    cleanup = () => f.dispose();
    await scenario(f);
  }, 120_000);

  const PGBIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => existsSync(join(d, 'pg_ctl')));
  it.skipIf(!onPostgres || !PGBIN)('PostgreSQL stopped (its own cluster, pg_ctl stop -m immediate): 503, then the same message works after restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xietong-dbfault-pg-'));
    chmodSync(dir, 0o755);
    const asPostgres = process.getuid?.() === 0;
    if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    const pg = (tool: string, ...a: string[]) =>
      asPostgres ? execFileSync('runuser', ['-u', 'postgres', '--', join(PGBIN!, tool), ...a], { stdio: 'pipe' }) : execFileSync(join(PGBIN!, tool), a, { stdio: 'pipe' });
    const data = join(dir, 'data');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    pg('initdb', '-D', data, '-U', 'xietong', '--auth=trust', '--encoding=UTF8');
    const start = () => pg('pg_ctl', '-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
    start();
    const url = `postgres://xietong@127.0.0.1:${port}/postgres`;
    const database = await openDatabase({ url });
    await seedDirectory(database.db);
    const f: Flaky = {
      current: database,
      when: 'before-commit',
      async goAway() {
        pg('pg_ctl', '-D', data, '-m', 'immediate', 'stop');
      },
      async comeBack() {
        start();
      },
      async dispose() {
        await f.current.close().catch(() => {});
        try {
          pg('pg_ctl', '-D', data, '-m', 'fast', 'stop');
        } catch {
          /* already stopped */
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
    cleanup = () => f.dispose();
    await scenario(f);
  }, 180_000);
});
