/**
 * Benchmark 5 — memory. The real server (memory-server.ts: startServer, web chat, the
 * scheduler and dispatcher running) in a child process with a throw-away data directory
 * (and a throw-away database on DATABASE_URL's server for postgres). Its memory after a
 * full collection: idle after start, then after 10,000 web-chat dialogues left open half
 * way (投诉 → what → where, then silence), and at the half-way mark of those. State
 * belongs in the database, so the JavaScript heap should stay flat; with PGlite the
 * embedded database lives in the same process, so its cache and WASM memory show in RSS.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbKind } from '../../db/client';
import { type BenchContext, type Row, benchDatabase, numberArg } from './common';
import { UNLIMITED_ENV } from '../config';
import { complaintTexts, dialogue } from './turns';

type Usage = NodeJS.MemoryUsage;
const MB = 1024 * 1024;

export async function benchMemory(ctx: BenchContext, driver: DbKind): Promise<Row[]> {
  const dialogues = numberArg(ctx.args, 'open-dialogues', 10_000);
  const concurrency = numberArg(ctx.args, 'concurrency', 4);
  const dataDir = mkdtempSync(join(tmpdir(), 'xietong-bench-mem-'));
  // For postgres: a fresh database on that server (migrated and seeded by the server itself).
  const pgDb = driver === 'postgres' ? await benchDatabase('postgres') : undefined;
  // Every dialogue comes from this one address, thousands a minute: the rate limits are off (README, LIMIT_*).
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...UNLIMITED_ENV };
  delete env.DATABASE_URL;
  if (pgDb) env.DATABASE_URL = pgDb.url;
  const child = fork(new URL('./memory-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waitFor = <T>(type: string) =>
    new Promise<T>((res, rej) => {
      const on = (m: { type: string } & T) => {
        if (m.type === type) {
          child.off('message', on);
          res(m);
        }
      };
      child.on('message', on);
      child.once('exit', (code) => rej(new Error(`memory server exited (${code})`)));
    });
  const memory = async () => {
    const p = waitFor<{ usage: Usage }>('memory');
    child.send({ type: 'memory' });
    return (await p).usage;
  };
  try {
    const { url } = await waitFor<{ url: string }>('ready');
    await new Promise((r) => setTimeout(r, 2000)); // let start-up settle (first sweep, dispatcher)
    const idle = await memory();
    ctx.log(`  memory ${driver}: idle rss ${(idle.rss / MB).toFixed(1)} MB, heap ${(idle.heapUsed / MB).toFixed(1)} MB`);

    const whats = complaintTexts();
    let next = 0;
    const open = async (i: number) => {
      let cookie = '';
      for (const text of dialogue(i, whats).slice(0, 3)) {
        const res = await fetch(`${url}/api/chat`, {
          method: 'POST', headers: { 'content-type': 'application/json', origin: url, ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ text }),
        });
        if (res.status !== 200) throw new Error(`/api/chat answered ${res.status}: ${await res.text()}`);
        cookie ||= (res.headers.get('set-cookie') ?? '').split(';')[0]!;
        await res.arrayBuffer();
      }
    };
    const runTo = async (end: number) => {
      const worker = async () => {
        for (let i = next++; i < end; i = next++) await open(i);
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      next = end;
    };
    const t0 = Date.now();
    await runTo(Math.floor(dialogues / 2));
    const half = await memory();
    ctx.log(`  memory ${driver}: after ${Math.floor(dialogues / 2)} open dialogues rss ${(half.rss / MB).toFixed(1)} MB, heap ${(half.heapUsed / MB).toFixed(1)} MB`);
    await runTo(dialogues);
    const full = await memory();
    ctx.log(`  memory ${driver}: after ${dialogues} open dialogues rss ${(full.rss / MB).toFixed(1)} MB, heap ${(full.heapUsed / MB).toFixed(1)} MB (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

    // Flat: the second half of the dialogues (caches and code warmed up by the first half)
    // adds next to nothing to the collected heap.
    const halfN = dialogues - Math.floor(dialogues / 2);
    const perDialogue = (full.heapUsed - half.heapUsed) / halfN;
    const mb = (u: Usage) => `MB (heap ${(u.heapUsed / MB).toFixed(1)} MB, external ${((u.external + u.arrayBuffers) / MB).toFixed(1)} MB)`;
    const rows: Row[] = [
      { bench: 'memory', driver, metric: 'RSS idle after start', value: idle.rss / MB, unit: mb(idle) },
      { bench: 'memory', driver, metric: `RSS after ${Math.floor(dialogues / 2).toLocaleString('en-US')} dialogues open half-way`, value: half.rss / MB, unit: mb(half) },
      { bench: 'memory', driver, metric: `RSS after ${dialogues.toLocaleString('en-US')} dialogues open half-way`, value: full.rss / MB, unit: mb(full) },
      {
        bench: 'memory', driver, metric: 'JS heap growth per open dialogue (2nd half)', value: perDialogue, unit: 'bytes',
        target: 'flat (< 100 B)', met: perDialogue < 100,
        note: `${dialogues} web-chat dialogues × 3 turns over HTTP, ${concurrency} clients, left at step 3 of 6; memory after a full GC (--expose-gc)${driver === 'pglite' ? '; RSS includes the embedded PGlite database (WASM heap, page cache) in the same process' : ''}`,
      },
    ];
    return rows;
  } finally {
    if (child.connected) {
      const stopped = waitFor('stopped').catch(() => {});
      child.send({ type: 'stop' });
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 10_000))]);
    }
    if (child.exitCode === null) child.kill('SIGKILL');
    await pgDb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
