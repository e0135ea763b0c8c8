/**
 * Reporting periods in Asia/Shanghai: month, quarter, half-year, year.
 *
 * A period runs from 00:00:00 +08:00 of its first local day (`start`) to 23:59:59 +08:00
 * of its last local day (`end`). `end` is the due instant of a duty of the period — the
 * same convention as every working-day deadline (endOfLocalDay), so a reminder and a
 * message say 「12月31日 23:59」 — and not the last millisecond: membership of an instant
 * goes by its local date (`periodOf`, `contains`), so 23:59:59.5 still belongs to the day.
 */
import { type LocalDate, endOfLocalDay, localDate } from '../calendar/calendar';

export const PERIOD_KINDS = ['month', 'quarter', 'half-year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1-based within the year: month 1–12, quarter 1–4, half 1–2, year 1. */
  index: number;
  start: Date; // 00:00:00 +08:00 of the first day
  end: Date; // 23:59:59 +08:00 of the last day: the due instant
  /** Stable id: `2026-11`, `2026-Q4`, `2026-H1`, `2026`. */
  key: string;
  /** `2026年11月`, `2026年第4季度`, `2026年上半年`, `2026年度`. */
  label: string;
}

const MONTHS_PER: Record<PeriodKind, number> = { month: 1, quarter: 3, 'half-year': 6, year: 12 };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (1-based) as a local date. */
function lastDayOf(year: number, month: number): LocalDate {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad2(month)}-${pad2(days)}`;
}

function keyOf(kind: PeriodKind, year: number, index: number): string {
  switch (kind) {
    case 'month':
      return `${year}-${pad2(index)}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'half-year':
      return `${year}-H${index}`;
    case 'year':
      return `${year}`;
  }
}

function labelOf(kind: PeriodKind, year: number, index: number): string {
  switch (kind) {
    case 'month':
      return `${year}年${index}月`;
    case 'quarter':
      return `${year}年第${index}季度`;
    case 'half-year':
      return `${year}年${index === 1 ? '上' : '下'}半年`;
    case 'year':
      return `${year}年度`;
  }
}

/** The period of the given kind, year and 1-based index. Throws RangeError out of range. */
export function period(kind: PeriodKind, year: number, index: number): Period {
  const per = MONTHS_PER[kind];
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(index) || index < 1 || index > 12 / per) throw new RangeError(`${kind} index out of range: ${index}`);
  const firstMonth = (index - 1) * per + 1;
  const lastMonth = firstMonth + per - 1;
  return {
    kind,
    year,
    index,
    start: new Date(Date.parse(`${year}-${pad2(firstMonth)}-01T00:00:00+08:00`)),
    end: endOfLocalDay(lastDayOf(year, lastMonth)),
    key: keyOf(kind, year, index),
    label: labelOf(kind, year, index),
  };
}

/** The period containing the instant, by its date in Asia/Shanghai. */
export function periodOf(instant: Date, kind: PeriodKind): Period {
  const d = localDate(instant);
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  return period(kind, year, Math.floor((month - 1) / MONTHS_PER[kind]) + 1);
}

export function nextPeriod(p: Period): Period {
  const count = 12 / MONTHS_PER[p.kind];
  return p.index < count ? period(p.kind, p.year, p.index + 1) : period(p.kind, p.year + 1, 1);
}

export function previousPeriod(p: Period): Period {
  return p.index > 1 ? period(p.kind, p.year, p.index - 1) : period(p.kind, p.year - 1, 12 / MONTHS_PER[p.kind]);
}

/** Whether the instant falls in the period (by its local date). */
export function contains(p: Period, instant: Date): boolean {
  return periodOf(instant, p.kind).key === p.key;
}

/**
 * Every period of the kind that the span [from, to] touches, in order: from the period
 * containing `from` to the one containing `to`, both included. Empty when `to` is before `from`.
 */
export function periodsBetween(from: Date, to: Date, kind: PeriodKind): Period[] {
  if (to.getTime() < from.getTime()) return [];
  const last = periodOf(to, kind).key;
  const out: Period[] = [];
  for (let p = periodOf(from, kind); ; p = nextPeriod(p)) {
    out.push(p);
    if (p.key === last) return out;
  }
}

/** The periods of one kind in a calendar year. */
export function periodsOfYear(year: number, kind: PeriodKind): Period[] {
  return Array.from({ length: 12 / MONTHS_PER[kind] }, (_, i) => period(kind, year, i + 1));
}

const KEY_RE = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/;

/** The period a key names (`2026-11`, `2026-Q4`, `2026-H1`, `2026`), or undefined. */
export function parsePeriodKey(key: string): Period | undefined {
  const m = KEY_RE.exec(key);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1000) return undefined;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? period('month', year, month) : undefined;
  }
  if (m[3] !== undefined) return period('quarter', year, Number(m[3]));
  if (m[4] !== undefined) return period('half-year', year, Number(m[4]));
  return period('year', year, 1);
}
