/**
 * npm run route-eval — routing accuracy and latency on the held-out set in
 * test/data/routing-eval.json (never used for training).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildClassifiers } from '../bot/services';
import { loadDirectoryFile } from '../db/seed';
import { Directory } from '../domain/organisation';

const directory = new Directory(loadDirectoryFile().organisations.map((o, i) => ({ ...o, id: i + 1 })));
const { router } = buildClassifiers(directory);
const set = JSON.parse(readFileSync(new URL('../test/data/routing-eval.json', import.meta.url), 'utf8')) as { text: string; org: string }[];

let correct = 0;
const times: number[] = [];
const misses: string[] = [];
for (const e of set) {
  const t0 = performance.now();
  const r = router.route(e.text);
  times.push(performance.now() - t0);
  const got = r ? directory.byId(r.orgId)!.code : '—';
  if (got === e.org) correct++;
  else misses.push(`  ${e.org} → ${got}: ${e.text}`);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(3);
console.log(`routing accuracy: ${correct}/${set.length} = ${((100 * correct) / set.length).toFixed(1)}%`);
console.log(`latency per text: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
if (process.argv.includes('--misses')) console.log(misses.join('\n'));
