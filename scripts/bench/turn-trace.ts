/**
 * Where a turn's time goes (issue 20): the turns benchmark's engine dialogue, one user at a
 * time by default, with every statement timed at drizzle's driver call and grouped by
 * kind of turn (first / ordinary / final). Not part of `npm run bench`:
 *   node --import tsx scripts/bench/turn-trace.ts                       # PGlite
 *   scripts/bench/with-postgres.sh node --import tsx scripts/bench/turn-trace.ts
 * Env: N dialogues (150), CONC users in flight (1), PROFILE=file.cpuprofile to write a
 * CPU profile of the timed part. "rest" is the turn's time outside its statements
 * (JavaScript, and BEGIN/COMMIT on PGlite, which drizzle sends outside its query path).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PgPreparedQuery } from 'drizzle-orm/pg-core/session';
import { guessAccused } from '../../bot/complaints/accused';
import { createEngine } from '../../bot/services';
import { unitOfWork } from '../../db/store';
import { benchDatabase, now, seedStaff } from './common';
import { complaintTexts, dialogue } from './turns';

type Kind = 'warm' | 'first' | 'ordinary' | 'final';
const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const N = Number(process.env.N ?? 150);
const CONC = Number(process.env.CONC ?? 1);

const statements: { kind: Kind; sql: string; ms: number }[] = [];
let kind: Kind = 'warm'; // with CONC > 1 the per-kind split of statements is approximate
const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: (q: string, p: unknown, f: unknown) => Promise<unknown> };
const original = proto.queryWithCache;
proto.queryWithCache = async function (this: unknown, q, p, f) {
  const t0 = now();
  try {
    return await original.call(this, q, p, f);
  } finally {
    statements.push({ kind, sql: q.slice(0, 100).replace(/\s+/g, ' '), ms: now() - t0 });
  }
};

const database = await benchDatabase(driver);
try {
  await seedStaff(database);
  const clock = () => new Date('2026-11-25T10:00:00+08:00');
  const { engine, directory, router } = await createEngine(unitOfWork(database.db), { clock });
  const accused = dialogue(0, ['x'])[4]!; // user 0 names the accused body
  const whats = complaintTexts().filter((what) =>
    guessAccused(directory, router, { answer: accused, what, where: '' }).kind === 'certain' && guessAccused(directory, router, { answer: null, what, where: '' }).kind === 'none');
  const turnMs: Record<'first' | 'ordinary' | 'final', number[]> = { first: [], ordinary: [], final: [] };
  let seq = 0;
  const user = async (i: number, timed: boolean) => {
    const u = `trace-u${++seq}`;
    const texts = dialogue(i, whats);
    for (let k = 0; k < texts.length; k++) {
      const kk = k === 0 ? 'first' : k === texts.length - 1 ? 'final' : 'ordinary';
      kind = timed ? kk : 'warm';
      const t0 = now();
      await engine.handle({ platform: 'web', externalId: u, chatId: u, messageId: `${u}-${k}`, text: texts[k]! });
      if (timed) turnMs[kk].push(now() - t0);
    }
  };
  for (let i = 0; i < 30; i++) await user(i, false);
  statements.length = 0;
  const inspector = process.env.PROFILE ? new Session() : undefined;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const t0 = now();
  let next = 0;
  await Promise.all(Array.from({ length: CONC }, async () => {
    for (let i = next++; i < N; i = next++) await user(i, true);
  }));
  const total = now() - t0;
  if (inspector) writeFileSync(process.env.PROFILE!, JSON.stringify((await inspector.post('Profiler.stop')).profile));

  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const p50 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  console.log(`${driver}: ${N} dialogues, ${CONC} in flight: ${((N * 7) / total * 1000).toFixed(0)} turns/s`);
  for (const k of ['first', 'ordinary', 'final'] as const) {
    const mine = statements.filter((s) => s.kind === k);
    const n = turnMs[k].length;
    const db = sum(mine.map((s) => s.ms));
    console.log(`${k}: p50 ${p50(turnMs[k]).toFixed(2)} ms, mean ${(sum(turnMs[k]) / n).toFixed(2)} ms; ${(mine.length / n).toFixed(1)} statements, ${(db / n).toFixed(2)} ms in them, rest ${((sum(turnMs[k]) - db) / n).toFixed(2)} ms`);
    const by = new Map<string, number[]>();
    for (const s of mine) by.set(s.sql, [...(by.get(s.sql) ?? []), s.ms]);
    for (const [q, ms] of [...by].sort((a, b) => sum(b[1]) - sum(a[1]))) {
      console.log(`  ${(ms.length / n).toFixed(2)}× p50 ${p50(ms).toFixed(2)} mean ${(sum(ms) / ms.length).toFixed(2)}  ${q}`);
    }
  }
} finally {
  await database.close();
}
