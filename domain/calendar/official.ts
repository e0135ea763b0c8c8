import chineseDays from 'chinese-days';
import type { DayCalendar, LocalDate } from './calendar';
import { type HolidayNotice, isWeekend, noticeDays } from './notice';
import { precomputed } from './precomputed';

/**
 * The official calendar from `chinese-days` (bundled State Council data, no network).
 * For a year it does not know yet, falls back to the statutory holidays of
 * 全国年节及纪念日放假办法 (2025 revision) plus weekends, and says so: such days are not
 * official, so deadlines over them are provisional — never a silent Monday–Friday guess.
 * A year's notice entered and confirmed in the product (notice.ts, notice-record.ts)
 * overrides the package for that year (`calendarOf`).
 */
const { isWorkday, isHoliday, getDayDetail, getSolarDateFromLunar, getSolarTermsInRange } = chineseDays;

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

/** Day by day from chinese-days (and the statutory fallback past its data): the reference the tables are checked against. */
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

/** The years a calendar source gives, as notices: the package's data, or the notices entered and confirmed. */
export type YearNotices = ReadonlyMap<number, HolidayNotice>;

let fromPackage: Map<number, HolidayNotice> | undefined;

/** One year of chinese-days as a notice: its named days off and its make-up working weekend days. */
function packageNotice(year: number): HolidayNotice {
  const holidays = new Map<string, LocalDate[]>();
  const workdays: LocalDate[] = [];
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = shift(d, 1)) {
    const { work, name } = getDayDetail(d);
    const label = name.split(',')[1]; // "National Day,国庆节,3" for the days of a holiday; a plain weekend is "Sunday"
    if (!work && label) holidays.set(label, [...(holidays.get(label) ?? []), d]);
    if (work && isWeekend(d)) workdays.push(d);
  }
  return { year, holidays: [...holidays].map(([name, days]) => ({ name, days, workdays: [] })), workdays };
}

/**
 * The years chinese-days covers (from 2004 until the first year it does not know), as
 * notices; read once (about 70 ms). `without` leaves years out: a test stands for a package
 * that does not know a year yet.
 */
export function packageYears(opts: { without?: readonly number[] } = {}): YearNotices {
  if (!fromPackage) {
    fromPackage = new Map();
    for (let y = 2004; yearIsKnown(y); y++) fromPackage.set(y, packageNotice(y));
  }
  const without = opts.without ?? [];
  return without.length ? new Map([...fromPackage].filter(([y]) => !without.includes(y))) : fromPackage;
}

/** Where a year's days come from: an entered notice, the package, or the statutory guess (暂定). */
export type YearSource = 'entered' | 'package' | 'statutory';

export interface OfficialCalendar extends DayCalendar {
  sourceOf(year: number): YearSource;
}

/**
 * The official calendar over two sources: a year entered (and confirmed) overrides the
 * package for that year; a year neither knows rests on weekends and the statutory
 * holidays and is not official, so what is counted over it is provisional. Working-day
 * arithmetic is answered from tables over 2004–2050 (precomputed.ts), built on first use.
 */
export function calendarOf(pkg: YearNotices | (() => YearNotices), entered: YearNotices = new Map()): OfficialCalendar {
  const packaged = typeof pkg === 'function' ? pkg : () => pkg;
  const years = new Map<number, ReturnType<typeof noticeDays> | null>();
  const daysOf = (year: number) => {
    let d = years.get(year);
    if (d === undefined) {
      const n = entered.get(year) ?? packaged().get(year);
      years.set(year, (d = n ? noticeDays(n) : null));
    }
    return d;
  };
  const days: DayCalendar = {
    isWorkday(date) {
      const d = daysOf(Number(date.slice(0, 4)));
      if (d) return d.work.has(date) || (!d.rest.has(date) && !isWeekend(date));
      return !isWeekend(date) && !statutoryHolidays(Number(date.slice(0, 4))).has(date);
    },
    isOfficial: (date) => daysOf(Number(date.slice(0, 4))) !== null,
  };
  const fast = precomputed(days, 2004, 2050);
  return {
    isWorkday: fast.isWorkday,
    isOfficial: fast.isOfficial,
    workingDaysAfter: fast.workingDaysAfter!,
    sourceOf: (year) => (entered.has(year) ? 'entered' : packaged().has(year) ? 'package' : 'statutory'),
  };
}

/** The calendar of the package alone (nothing entered): the default where no database is at hand. */
export const officialCalendar: OfficialCalendar = calendarOf(() => packageYears());
