/** Record numbers (domain/record-no.ts): the next of a series in a year, from record_counters. */
import { sql } from 'drizzle-orm';
import type { NumberingRepo } from '../domain/ports';
import { type Series, formatRecordNo } from '../domain/record-no';
import type { Db } from './client';
import { recordCounters } from './core-schema';

/** The next number of a series in a year; the row lock serialises concurrent turns. */
export async function nextNumber(db: Db, series: Series, year: number): Promise<number> {
  const [counter] = await db
    .insert(recordCounters)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({ target: [recordCounters.series, recordCounters.year], set: { last: sql`${recordCounters.last} + 1` } })
    .returning({ last: recordCounters.last });
  return counter!.last;
}

export const numberingRepo = (db: Db): NumberingRepo => ({
  async next(series, year) {
    return formatRecordNo(series, year, await nextNumber(db, series, year));
  },
});
