import chineseDays from 'chinese-days';
import type { DayCalendar, LocalDate } from './calendar';
import { precomputed } from './precomputed';

/**
 * The official calendar from `chinese-days` (bundled State Council data, no network).
 * For a year it does not know yet, falls back to the statutory holidays of
 * 全国年节及纪念日放假办法 (2025 revision) plus weekends, and says so: such days are not
 * official, so deadlines over them are provisional — never a silent Monday–Friday guess.
 */
const { isWorkday, isHoliday, getSolarDateFromLunar, getSolarTermsInRange } = chineseDays;

const knownYears = new Map<number, boolean>();

/**
 * The data covers a year iff it knows that year's National Day: a Monday–Friday in
 * 1–7 October marked as a holiday (chinese-days calls every weekend a holiday, so a
 * weekend date proves nothing).
 */
function yearIsKnown(year: number): boolean {
  let known = knownYears.get(year);
  if (known === undefined) {
    known = [1, 2, 3, 4, 5, 6, 7].some((d) => {
      const date = `${year}-10-0${d}`;
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      return dow !== 0 && dow !== 6 && isHoliday(date);
    });
    knownYears.set(year, known);
  }
  return known;
}

const statutory = new Map<number, Set<LocalDate>>();

const shift = (date: LocalDate, days: number): LocalDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 全国年节及纪念日放假办法: 元旦1、春节4(除夕至初三)、清明1、劳动节2、端午1、中秋1、国庆3. */
export function statutoryHolidays(year: number): Set<LocalDate> {
  let set = statutory.get(year);
  if (set) return set;
  set = new Set<LocalDate>();
  const lunar = (md: string) => getSolarDateFromLunar(`${year}-${md}`).date;
  const springFestival = lunar('01-01');
  for (let i = -1; i <= 3 - 1; i++) set.add(shift(springFestival, i)); // 除夕, 初一, 初二, 初三
  set.add(`${year}-01-01`);
  const qingming = getSolarTermsInRange(`${year}-04-01`, `${year}-04-10`).find((t) => t.term === 'pure_brightness');
  set.add(qingming ? qingming.date : `${year}-04-05`);
  set.add(`${year}-05-01`).add(`${year}-05-02`);
  set.add(lunar('05-05'));
  set.add(lunar('08-15'));
  set.add(`${year}-10-01`).add(`${year}-10-02`).add(`${year}-10-03`);
  statutory.set(year, set);
  return set;
}

/** Day by day from chinese-days (and the statutory fallback past its data). */
export const officialDays: DayCalendar = {
  isWorkday(date) {
    const year = Number(date.slice(0, 4));
    if (yearIsKnown(year)) return isWorkday(date);
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6 && !statutoryHolidays(year).has(date);
  },
  isOfficial(date) {
    return yearIsKnown(Number(date.slice(0, 4)));
  },
};

/**
 * The calendar the product uses: the days above, with working-day arithmetic answered
 * from tables over 2004 (the start of the data) to 2050; later dates count day by day.
 */
export const officialCalendar: DayCalendar = precomputed(officialDays, 2004, 2050);
