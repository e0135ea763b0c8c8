/**
 * Working-day arithmetic on the official calendar (holidays and make-up workdays, 调休),
 * in Asia/Shanghai. The calendar data sits behind `DayCalendar` so it can be replaced or
 * extended from a data file without touching the rules.
 */

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface DayCalendar {
  isWorkday(date: LocalDate): boolean;
  /** False when the day comes from a fallback (no published 调休 schedule): results are provisional. */
  isOfficial(date: LocalDate): boolean;
  /**
   * Optional fast path for `addWorkingDays` (see precomputed.ts): the same answer as the
   * day-by-day rule over these days, or undefined when `from` is outside what it covers.
   */
  workingDaysAfter?(from: Date, n: number): Due | undefined;
}

export interface Due {
  due: Date;
  provisional: boolean;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has kept UTC+8 without DST since 1991
const DAY_MS = 86_400_000;

export function localDate(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function localYear(instant: Date): number {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** 23:59:59 Asia/Shanghai on the given date. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T23:59:59+08:00`));
}

export function nextLocalDate(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * 「N个工作日内」: the day of the event does not count; due at the end of the Nth
 * working day after it.
 */
export function addWorkingDays(cal: DayCalendar, from: Date, n: number): Due {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer: ${n}`);
  return cal.workingDaysAfter?.(from, n) ?? addWorkingDaysByDay(cal, from, n);
}

/** The rule itself, one day at a time: the reference for any precomputed calendar. */
export function addWorkingDaysByDay(cal: DayCalendar, from: Date, n: number): Due {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer: ${n}`);
  let d = localDate(from);
  let provisional = false;
  let left = n;
  while (left > 0) {
    d = nextLocalDate(d);
    if (!cal.isOfficial(d)) provisional = true;
    if (cal.isWorkday(d)) left--;
  }
  return { due: endOfLocalDay(d), provisional };
}

/**
 * 「N日内」: calendar days, the day of the event not counted; a period whose last day is a
 * rest day ends on the next working day (期间届满的最后一日是法定节假日的，以节假日后的第一日
 * 为期间届满的日期, as in 行政诉讼法 and 民事诉讼法).
 */
export function addDays(cal: DayCalendar, from: Date, n: number): Due {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`days must be a positive integer: ${n}`);
  let d = localDate(from);
  for (let i = 0; i < n; i++) d = nextLocalDate(d);
  let provisional = !cal.isOfficial(d);
  while (!cal.isWorkday(d)) {
    d = nextLocalDate(d);
    if (!cal.isOfficial(d)) provisional = true;
  }
  return { due: endOfLocalDay(d), provisional };
}

/** 「24小时内」: counted from the instant, holidays included. */
export function addHours(from: Date, hours: number): Due {
  return { due: new Date(from.getTime() + hours * 3600_000), provisional: false };
}

/** ISO 8601 in Asia/Shanghai with its offset: `2024-10-08T23:59:59+08:00`. */
export function formatOffset(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** `2026年12月3日 23:59` in Asia/Shanghai, for messages. */
export function formatLocal(instant: Date): string {
  const s = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`;
}

export function formatDue(d: Due): string {
  return formatLocal(d.due) + (d.provisional ? '（暂定：该年度调休安排尚未公布）' : '');
}
