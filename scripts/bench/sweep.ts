/**
 * Benchmark 2 — the deadline sweep at scale. For each total (default 10k, 100k, 1M open
 * deadlines) a throw-away database is bulk-loaded with set-based SQL (INSERT … SELECT
 * generate_series), always with the same number of them due (default 10,000); then one
 * sweep of the production scheduler (bot/scheduler.ts: takeDue with SKIP LOCKED, the
 * messages into the outbox, the reminders marked sent) is timed. The sweep should grow
 * with what is due, not with the total; the plan of its query is printed (EXPLAIN
 * ANALYZE, in a transaction rolled back) to show the partial index at work.
 *
 * Every open deadline has its reminders, as in production (see load()).
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { SWEEP_BATCH, Scheduler } from '../../bot/scheduler';
import type { Db, DbKind } from '../../db/client';
import { PgDialect } from 'drizzle-orm/pg-core';
import { dueRemindersSql } from '../../db/deadlines';
import { unitOfWork } from '../../db/store';
import { Directory } from '../../domain/organisation';
import { type BenchContext, type Row, benchDatabase, listArg, now, numberArg, seedStaff } from './common';

const NOW = new Date('2026-11-25T10:00:00+08:00');

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * Loads `total` open deadlines with their pending reminders (due-morning 09:00 on the due
 * day, due, escalation a minute after), `due` of them with one reminder due at NOW
 * (10:00): three in four are due today, so their 今日到期 reminder of 09:00 is due; one in
 * four fell due a minute ago with its earlier reminders sent, so its 督办 escalation is due
 * (and markMissed runs). The rest fall due over the next 60 days.
 */
async function load(db: Db, total: number, due: number): Promise<void> {
  const now = NOW.toISOString();
  await db.execute(sql`
    INSERT INTO deadlines (kind, subject_type, subject_id, org_id, supervisor_org_code, due_at, provisional, rule, state)
    SELECT 'complaint-accept', 'complaint', 'TS-2026-' || lpad(g::text, 7, '0'),
           o.ids[1 + g % cardinality(o.ids)],
           'sfj',
           CASE WHEN g > ${due} THEN date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
                                     + (2 + g % 60) * interval '1 day' - interval '1 second'
                WHEN g % 4 = 0 THEN ${now}::timestamptz - interval '61 seconds'
                ELSE date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' + interval '1 day' - interval '1 second' END,
           false, '受理告知：登记或转来后7个工作日内', 'open'
    FROM generate_series(1, ${total}) g,
         (SELECT array_agg(id ORDER BY id) AS ids FROM organisations WHERE kind IN ('department', 'township')) o`);
  await db.execute(sql`
    INSERT INTO deadline_reminders (deadline_id, key, at, audience, sent_at)
    SELECT d.id, r.key, r.at, CASE r.key WHEN 'escalation' THEN 'head-and-supervisor' ELSE 'responsible' END,
           CASE WHEN d.due_at < ${now}::timestamptz AND r.key <> 'escalation' THEN r.at END
    FROM deadlines d CROSS JOIN LATERAL (VALUES
      ('due-morning', date_trunc('day', d.due_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' + interval '9 hours'),
      ('due', d.due_at),
      ('escalation', d.due_at + interval '1 minute')) AS r(key, at)`);
  // A database that has held these rows for a while: vacuumed (hint bits, visibility map),
  // analysed, and with the load's dirty pages written out (CHECKPOINT needs a superuser;
  // without one the sweep may pay for some of those writes).
  await db.execute(sql`VACUUM ANALYZE deadlines`);
  await db.execute(sql`VACUUM ANALYZE deadline_reminders`);
  await db.execute(sql`CHECKPOINT`).catch(() => {});
}

async function explain(db: Db, limit: number): Promise<string> {
  const q = new PgDialect().sqlToQuery(dueRemindersSql(NOW, limit));
  // EXPLAIN ANALYZE really takes the row locks: in a transaction that is rolled back.
  let plan = '';
  await db
    .transaction(async (tx) => {
      const r = await tx.execute(sql.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${inline(q.sql, q.params)}`));
      plan = rowsOf<Record<string, string>>(r).map((row) => Object.values(row)[0]).join('\n');
      tx.rollback();
    })
    .catch((e) => {
      if (!String(e?.message ?? e).includes('Rollback')) throw e;
    });
  return plan;
}

/** The query with its parameters written in (EXPLAIN takes no bind parameters here). */
function inline(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, i) => {
    const v = params[Number(i) - 1];
    if (v instanceof Date) return `'${v.toISOString()}'::timestamptz`;
    if (typeof v === 'number') return String(v);
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

export async function benchSweep(ctx: BenchContext, driver: DbKind): Promise<Row[]> {
  const totals = listArg(ctx.args, 'sweep-totals', [10_000, 100_000, 1_000_000]);
  const dueWanted = numberArg(ctx.args, 'sweep-due', 10_000);
  const rows: Row[] = [];
  const times: { total: number; ms: number }[] = [];
  const log = pino({ level: 'silent' });
  for (const total of totals) {
    const due = Math.min(dueWanted, total);
    const database = await benchDatabase(driver);
    try {
      await seedStaff(database);
      const t0 = now();
      await load(database.db, total, due);
      const loadMs = now() - t0;
      const plan = await explain(database.db, SWEEP_BATCH);
      ctx.log(`  sweep ${driver} ${total.toLocaleString('en-US')} deadlines (${due.toLocaleString('en-US')} due): loaded in ${(loadMs / 1000).toFixed(1)} s; plan of the sweep query:`);
      ctx.log(plan.split('\n').map((l) => '    ' + l).join('\n'));

      const uow = unitOfWork(database.db);
      const directory = new Directory(await uow.run((s) => s.directory.all()));
      const scheduler = new Scheduler({ uow, directory, clock: () => NOW, pushPlatforms: () => new Set(), log });
      const outboxBefore = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM outbox`))[0]!.n;
      const s0 = now();
      const sent = await scheduler.sweep();
      const ms = now() - s0;
      const queued = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM outbox`))[0]!.n - outboxBefore;
      if (sent !== due) throw new Error(`sweep sent ${sent} reminders, expected ${due}`);
      if (queued < due) throw new Error(`sweep queued ${queued} messages for ${due} reminders`);
      ctx.log(`  sweep ${driver} ${total.toLocaleString('en-US')}: ${sent} reminders, ${queued} messages queued in ${ms.toFixed(0)} ms`);
      times.push({ total, ms });
      const isMillion = total >= 1_000_000;
      const execution = plan.match(/Execution Time: ([\d.]+) ms/)?.[1];
      rows.push({
        bench: 'sweep', driver, metric: `one sweep, ${due.toLocaleString('en-US')} due of ${total.toLocaleString('en-US')} open`, value: ms,
        unit: `ms (${queued} msgs${execution ? `; query ${execution} ms/batch` : ''})`,
        ...(isMillion && driver === 'postgres' ? { target: '≤ 1000 ms', met: ms <= 1000 } : {}),
      });
    } finally {
      await database.close();
    }
  }
  if (times.length > 1) {
    const first = times[0]!;
    const last = times.at(-1)!;
    const growth = last.ms / first.ms;
    rows.push({
      bench: 'sweep', driver, metric: `time ×${(last.total / first.total).toLocaleString('en-US')} total, same due`, value: growth, unit: '×',
      target: '≈ 1 (due-bound)', met: growth < 2,
      note: `bulk-loaded with INSERT … SELECT generate_series (1M: about 1.5 min on PGlite, under 1 min on PostgreSQL); the plan of the sweep query is printed on stderr`,
    });
  }
  return rows;
}
