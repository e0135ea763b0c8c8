/**
 * A calendar whose days are worked out once: over a range of years it keeps, per day, the
 * number of working days up to it and the number of unofficial (provisional) days up to
 * it, and the list of working days in order. Then "N working days after" is two array
 * reads — no date strings parsed, no day-by-day loop — and gives the same answer as the
 * day-by-day rule of `addWorkingDays` on the base calendar (calendar.test.ts checks every
 * day of 2024–2026). Outside the range it answers nothing and the caller falls back to
 * the day-by-day rule.
 *
 * The tables are built on first use (about 17,000 days for 2004–2050) from the base
 * calendar, which must not change afterwards.
 */
import type { DayCalendar, Due } from './calendar';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** From the start of a UTC day to 23:59:59 +08:00 of the same date. */
const END_OF_LOCAL_DAY_MS = DAY_MS - SHANGHAI_OFFSET_MS - 1000;

interface Tables {
  /** Days since 1970-01-01 of the first day of the range. */
  first: number;
  days: number;
  /** Working days among range days [0, i]. */
  workdaysUpTo: Int32Array;
  /** Unofficial days among range days [0, i]. */
  unofficialUpTo: Int32Array;
  /** Range index of the k-th working day (0-based). */
  workdayAt: Int32Array;
}

function build(base: DayCalendar, firstYear: number, lastYear: number): Tables {
  const first = Date.UTC(firstYear, 0, 1) / DAY_MS;
  const days = Date.UTC(lastYear + 1, 0, 1) / DAY_MS - first;
  const workdaysUpTo = new Int32Array(days);
  const unofficialUpTo = new Int32Array(days);
  const workdays: number[] = [];
  let w = 0;
  let u = 0;
  for (let i = 0; i < days; i++) {
    const date = new Date((first + i) * DAY_MS).toISOString().slice(0, 10);
    if (base.isWorkday(date)) {
      w++;
      workdays.push(i);
    }
    if (!base.isOfficial(date)) u++;
    workdaysUpTo[i] = w;
    unofficialUpTo[i] = u;
  }
  return { first, days, workdaysUpTo, unofficialUpTo, workdayAt: Int32Array.from(workdays) };
}

/** `base` with `workingDaysAfter` answered from tables over [firstYear, lastYear]. */
export function precomputed(base: DayCalendar, firstYear: number, lastYear: number): DayCalendar {
  if (!(Number.isInteger(firstYear) && Number.isInteger(lastYear) && firstYear <= lastYear)) {
    throw new RangeError(`bad year range ${firstYear}–${lastYear}`);
  }
  let t: Tables | undefined;
  return {
    isWorkday: (date) => base.isWorkday(date),
    isOfficial: (date) => base.isOfficial(date),
    workingDaysAfter(from: Date, n: number): Due | undefined {
      t ??= build(base, firstYear, lastYear);
      const i = Math.floor((from.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) - t.first; // the local date of `from`
      if (!(i >= 0 && i < t.days)) return undefined;
      const k = t.workdaysUpTo[i]! + n - 1; // the n-th working day after day i
      if (k >= t.workdayAt.length) return undefined;
      const d = t.workdayAt[k]!;
      return {
        due: new Date((t.first + d) * DAY_MS + END_OF_LOCAL_DAY_MS),
        provisional: t.unofficialUpTo[d]! > t.unofficialUpTo[i]!,
      };
    },
  };
}
