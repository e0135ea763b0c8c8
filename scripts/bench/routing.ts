/**
 * Benchmark 4 — complaint routing: accuracy on the held-out set test/data/routing-eval.json
 * (never used for training) and classifier latency per text; then the same texts through
 * `POST /api/route` of the web app, to check its answer shape and show its latency.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createWebApp } from '../../adapters/web/server';
import type { WebSessionRepo } from '../../domain/identity';
import type { WebTranscriptRepo } from '../../domain/transcript';
import type { Engine } from '../../bot/engine';
import type { ComplaintRouter } from '../../bot/routing';
import { buildClassifiers } from '../../bot/services';
import { loadDirectoryFile } from '../../db/seed';
import { Directory } from '../../domain/organisation';
import { type BenchContext, type Row, now, percentiles } from './common';

export interface LabelledText {
  text: string;
  org: string;
}

export function loadEvalSet(): LabelledText[] {
  return JSON.parse(readFileSync(new URL('../../test/data/routing-eval.json', import.meta.url), 'utf8')) as LabelledText[];
}

/** The directory as seeded, without a database (ids in file order). */
export function fileDirectory(): Directory {
  return new Directory(loadDirectoryFile().organisations.map((o, i) => ({ ...o, id: i + 1 })));
}

export interface RoutingEval {
  total: number;
  correct: number;
  p50: number;
  p99: number;
  misses: string[];
}

/** Routes every text `repeat` times (latency over all calls), accuracy from the first pass. */
export function evaluateRouting(router: ComplaintRouter, directory: Directory, set: LabelledText[], repeat = 1): RoutingEval {
  let correct = 0;
  const times: number[] = [];
  const misses: string[] = [];
  for (let pass = 0; pass < repeat; pass++) {
    for (const e of set) {
      const t0 = now();
      const r = router.route(e.text);
      times.push(now() - t0);
      if (pass) continue;
      const got = r ? directory.byId(r.orgId)!.code : '—';
      if (got === e.org) correct++;
      else misses.push(`  ${e.org} → ${got}: ${e.text}`);
    }
  }
  const { p50, p99 } = percentiles(times);
  return { total: set.length, correct, p50, p99, misses };
}

export async function benchRouting(ctx: BenchContext): Promise<Row[]> {
  const directory = fileDirectory();
  const t0 = now();
  const { router } = buildClassifiers(directory);
  const buildMs = now() - t0;
  const set = loadEvalSet();
  evaluateRouting(router, directory, set); // warm-up
  const ev = evaluateRouting(router, directory, set, 10);
  const accuracy = ev.correct / ev.total;

  // The public endpoint: POST /api/route {"text"} → {"org", "confidence", "alternatives"}.
  const app = createWebApp({
    engine: {} as Engine, sessions: {} as WebSessionRepo, transcript: {} as WebTranscriptRepo, router, directory, dbKind: 'pglite', ping: async () => {}, log: pino({ level: 'silent' }),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((res) => server.once('listening', res));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/route`;
  const http: number[] = [];
  try {
    for (const e of set) {
      const s0 = now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: e.text }) });
      const body = (await res.json()) as { org: string | null; confidence: number; alternatives: { org: string; confidence: number }[] };
      http.push(now() - s0);
      if (res.status !== 200 || typeof body.confidence !== 'number' || body.confidence < 0 || body.confidence > 1 || !Array.isArray(body.alternatives)) {
        throw new Error(`/api/route answered ${res.status} ${JSON.stringify(body)}`);
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((res) => server.close(() => res()));
  }
  const h = percentiles(http);
  return [
    { bench: 'routing', driver: '-', metric: `accuracy on ${ev.total} held-out texts`, value: accuracy * 100, unit: `% (${ev.correct}/${ev.total})`, note: 'the texts of test/data/routing-eval.json are not used for training; `npm run route-eval -- --misses` lists the misses' },
    { bench: 'routing', driver: '-', metric: 'classifier latency per text, p50', value: ev.p50, unit: `ms (p99 ${ev.p99.toFixed(3)})`, target: '≤ 1 ms', met: ev.p50 <= 1 },
    { bench: 'routing', driver: '-', metric: 'POST /api/route round trip, p50', value: h.p50, unit: `ms (p99 ${h.p99.toFixed(2)})` },
    { bench: 'routing', driver: '-', metric: 'classifier build (jieba dictionary + Bayes training)', value: buildMs, unit: 'ms' },
  ];
}
