/**
 * Benchmark 3 — working-day arithmetic: addWorkingDays on the official calendar (the one
 * the engine uses), from every day of 2024–2026 (Spring Festival, National Day and the
 * make-up Sundays included, and the end of 2026 running into provisional 2027) with N
 * from 1 to 15. Reports operations per second, and checks a sample against the day-by-day
 * reference so a fast wrong answer cannot pass.
 */
import { addWorkingDays, addWorkingDaysByDay } from '../../domain/calendar/calendar';
import { officialCalendar, officialDays } from '../../domain/calendar/official';
import { type BenchContext, type Row, now, numberArg } from './common';

export async function benchWorkdays(ctx: BenchContext): Promise<Row[]> {
  const ops = numberArg(ctx.args, 'workday-ops', 2_000_000);
  const froms: Date[] = [];
  for (let t = Date.parse('2024-01-01T12:00:00+08:00'); t <= Date.parse('2026-12-31T12:00:00+08:00'); t += 86_400_000) {
    froms.push(new Date(t), new Date(t + 10.5 * 3600_000)); // noon, and 22:30 (still the same local day)
  }
  const cal = officialCalendar;
  let sink = 0;
  const run = (count: number) => {
    for (let i = 0; i < count; i++) {
      const r = addWorkingDays(cal, froms[i % froms.length]!, 1 + (i % 15));
      sink += r.due.getTime() & 1;
    }
  };
  run(Math.min(ops, 50_000)); // warm-up (and any lazy precomputation)
  for (let i = 0; i < froms.length; i += 7) {
    const n = 1 + (i % 15);
    const a = addWorkingDays(cal, froms[i]!, n);
    const b = addWorkingDaysByDay(officialDays, froms[i]!, n);
    if (a.due.getTime() !== b.due.getTime() || a.provisional !== b.provisional) {
      throw new Error(`addWorkingDays(${froms[i]!.toISOString()}, ${n}) differs from the day-by-day rule`);
    }
  }
  const t0 = now();
  run(ops);
  const ms = now() - t0;
  const rate = (ops / ms) * 1000;
  if (sink < 0) ctx.log(String(sink));
  return [
    {
      bench: 'workdays', driver: '-', metric: 'addWorkingDays, N = 1..15 from every day of 2024–2026', value: rate, unit: 'op/s',
      target: '≥ 1,000,000', met: rate >= 1_000_000, note: `${ops.toLocaleString('en-US')} calls, ${(ms / ops * 1e6).toFixed(0)} ns each`,
    },
  ];
}
