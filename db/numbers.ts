/** Record numbers (domain/record-no.ts): the next of a series in a year, from record_counters. */
import { type SQL, sql } from 'drizzle-orm';
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

/**
 * The next number of a series, formatted (TS-2026-000123), as an SQL expression for the
 * INSERT of the record itself: one round trip fewer (migration 0032 next_record_no, the
 * SQL twin of formatRecordNo; test/turn-statements.test.ts holds them to one format).
 */
export const nextRecordNo = (series: Series, year: number): SQL => sql`next_record_no(${series}, ${year}::int)`;

export const numberingRepo = (db: Db): NumberingRepo => ({
  async next(series, year) {
    return formatRecordNo(series, year, await nextNumber(db, series, year));
  },
});
