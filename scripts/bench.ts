/**
 * npm run bench — the benchmarks of issue 8, printed as a table (or `-- --json`).
 *
 *   npm run bench                          # everything, PGlite (and Postgres when DATABASE_URL is set)
 *   npm run bench -- --only=turns,sweep    # some of: turns, sweep, workdays, routing, memory
 *   npm run bench -- --quick               # small sizes, for a smoke run
 *   npm run bench -- --json                # the same figures as JSON
 *   scripts/bench/with-postgres.sh         # the same on a throw-away PostgreSQL server
 *
 * Sizes: --dialogues=N --concurrency=N --rounds=N (turns); --sweep-totals=10k,100k,1m
 * --sweep-due=N (sweep); --workday-ops=N (workdays); --open-dialogues=N (memory);
 * --drivers=pglite,postgres to pick drivers.
 */
import { cpus } from 'node:os';
import type { DbKind } from '../db/client';
import { type BenchContext, type Row, fmt } from './bench/common';

const NAMES = ['turns', 'sweep', 'workdays', 'routing', 'memory'] as const;
type Name = (typeof NAMES)[number];

const QUICK: Record<string, string> = {
  dialogues: '60', rounds: '2', warmup: '5', 'sweep-totals': '10k,20k', 'sweep-due': '1000', 'workday-ops': '200000', 'open-dialogues': '500',
};

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const a of argv) {
    const m = a.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument: ${a}`);
    args.set(m[1]!, m[2] ?? 'true');
  }
  if (args.has('quick')) for (const [k, v] of Object.entries(QUICK)) if (!args.has(k)) args.set(k, v);
  return args;
}

function table(rows: Row[]): string {
  const head = ['bench', 'driver', 'metric', 'value', 'unit', 'target', 'met'];
  const body = rows.map((r) => [r.bench, r.driver, r.metric, fmt(r.value), r.unit, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]!].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s: string, w: number, right: boolean) => {
    const len = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    return right ? ' '.repeat(w - len) + s : s + ' '.repeat(w - len);
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, width[i]!, i === 3)).join('  ');
  const notes = rows.filter((r) => r.note).map((r) => `  · ${r.bench}/${r.driver}: ${r.note}`);
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

const args = parseArgs(process.argv.slice(2));
const json = args.has('json');
const only = (args.get('only')?.split(',').map((s) => s.trim()) ?? [...NAMES]) as Name[];
for (const n of only) if (!NAMES.includes(n)) throw new Error(`--only takes ${NAMES.join(', ')}; got ${n}`);
const available: DbKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const drivers = (args.get('drivers')?.split(',') ?? available) as DbKind[];
for (const d of drivers) if (!available.includes(d)) throw new Error(`driver ${d} is not available (set DATABASE_URL for postgres)`);

const log = (line: string) => process.stderr.write(line + '\n');
const ctx: BenchContext = { drivers, args, log };
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
};
log(`bench: ${only.join(', ')} on ${drivers.join(' + ')} — ${machine.cores} × ${machine.cpu}, node ${machine.node}`);

const rows: Row[] = [];
const started = Date.now();
for (const name of only) {
  log(`bench: ${name} …`);
  const t0 = Date.now();
  switch (name) {
    case 'turns': {
      const { benchTurns } = await import('./bench/turns');
      for (const d of drivers) rows.push(...(await benchTurns(ctx, d)));
      break;
    }
    case 'sweep': {
      const { benchSweep } = await import('./bench/sweep');
      for (const d of drivers) rows.push(...(await benchSweep(ctx, d)));
      break;
    }
    case 'workdays': {
      const { benchWorkdays } = await import('./bench/workdays');
      rows.push(...(await benchWorkdays(ctx)));
      break;
    }
    case 'routing': {
      const { benchRouting } = await import('./bench/routing');
      rows.push(...(await benchRouting(ctx)));
      break;
    }
    case 'memory': {
      const { benchMemory } = await import('./bench/memory');
      for (const d of drivers) rows.push(...(await benchMemory(ctx, d)));
      break;
    }
    default:
      throw new Error(`not implemented: ${name}`);
  }
  log(`bench: ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (json) {
  console.log(JSON.stringify({ machine, args: Object.fromEntries(args), seconds: (Date.now() - started) / 1000, rows }, null, 2));
} else {
  console.log(`machine: ${machine.cores} × ${machine.cpu}, node ${machine.node}, ${machine.platform}`);
  console.log(table(rows));
}
