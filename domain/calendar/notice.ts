/**
 * A year's holiday notice (国务院办公厅关于某年部分节假日安排的通知): its holidays, each
 * with its days off and, when entered with it, its 调休 make-up working days; and make-up
 * days given apart from a holiday (the file form puts them all in one list). The days of
 * a notice are the official calendar of its year once it is confirmed (notice-record.ts);
 * every other day of the year is a working day from Monday to Friday.
 */
import { type Result, fail, ok } from '../result';
import type { LocalDate } from './calendar';

export interface NoticeHoliday {
  name: string;
  days: LocalDate[];
  /** Its 调休 make-up working days, when entered with it (chat); else in `HolidayNotice.workdays`. */
  workdays: LocalDate[];
}

export interface HolidayNotice {
  year: number;
  holidays: NoticeHoliday[];
  /** Make-up working days not tied to one holiday (the file form lists them all here). */
  workdays: LocalDate[];
}

/** What comes in (a file, a dialogue): the same shape, not yet checked. */
export interface NoticeInput {
  year: number;
  holidays: { name: string; days: string[]; workdays?: string[] }[];
  workdays?: string[];
}

export const MIN_NOTICE_YEAR = 2000;
export const MAX_NOTICE_YEAR = 2100;
export const MAX_HOLIDAYS = 20;
/** The longest holiday a notice has given is 10 days (2020 Spring Festival, extended): 20 is a typo guard. */
export const MAX_HOLIDAY_DAYS = 20;
export const MAX_HOLIDAY_NAME = 20;
export const MAX_WORKDAYS = 20;

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

/** A real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export const dayOfWeek = (d: LocalDate): number => new Date(`${d}T00:00:00Z`).getUTCDay();
export const isWeekend = (d: LocalDate): boolean => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;

/** `2027-10-01` → `2027年10月1日（星期五）`. */
export function dayText(d: LocalDate): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日（星期${WEEKDAY[dayOfWeek(d)]}）`;
}

/** `10月1日` (the year is the notice's). */
const shortDay = (d: LocalDate): string => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** Consecutive dates as runs: `10月1日至7日`, `9月30日至10月2日`, `9月20日、10月10日`. */
export function daysText(days: readonly LocalDate[]): string {
  const sorted = [...new Set(days)].sort();
  const runs: [LocalDate, LocalDate][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && nextDay(last[1]) === d) last[1] = d;
    else runs.push([d, d]);
  }
  return runs
    .map(([a, b]) => (a === b ? shortDay(a) : `${shortDay(a)}至${a.slice(5, 7) === b.slice(5, 7) ? `${Number(b.slice(8, 10))}日` : shortDay(b)}`))
    .join('、');
}

const nextDay = (d: LocalDate): LocalDate => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every make-up working day of the notice, sorted. */
export function allWorkdays(n: HolidayNotice): LocalDate[] {
  return [...n.workdays, ...n.holidays.flatMap((h) => h.workdays)].sort();
}

/** Every day off the notice gives, sorted. */
export function allRestDays(n: HolidayNotice): LocalDate[] {
  return n.holidays.flatMap((h) => h.days).sort();
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Dates as people type them, in a notice of `year`: `10月1日至7日`, `10月1日—10月7日`,
 * `2027-10-01至2027-10-07`, `9月20日、10月10日`, `10-01`, `10.1`. A date without a year is
 * in `year`; the end of a range may leave out its month (`10月1日至7日`). 「无」 is none.
 * A date in another year is kept as written, so the check can say it is outside the year.
 */
export function parseDays(text: string, year: number): Result<LocalDate[]> {
  const t = text.normalize('NFKC').trim().replace(/\s*(至|到|~|—|–)\s*/g, '$1');
  if (/^(无|没有|无调休|不调休|0)$/.test(t)) return ok([]);
  const tokens = t.split(/[、,，;；\s]+/).filter(Boolean);
  if (!tokens.length) return fail('请填写日期，如：10月1日至7日。');
  const out: LocalDate[] = [];
  for (const token of tokens) {
    const [a, b, extra] = token.split(/至|到|~|—|–/);
    if (extra !== undefined) return fail(`「${token}」不是有效的日期范围。`);
    const start = parseOne(a!, year, undefined);
    if (!start) return fail(`「${a}」不是有效日期，请写成 10月1日 或 ${year}-10-01 的形式。`);
    if (b === undefined) {
      out.push(start);
      continue;
    }
    const end = parseOne(b, Number(start.slice(0, 4)), Number(start.slice(5, 7)));
    if (!end) return fail(`「${b}」不是有效日期，请写成 10月7日 或 ${year}-10-07 的形式。`);
    if (end < start) return fail(`「${token}」的结束日期早于开始日期。`);
    for (let d = start; d <= end; d = nextDay(d)) {
      out.push(d);
      if (out.length > 366) return fail('日期过多，请核对。');
    }
  }
  return ok(out);
}

/** One date: with year, month and day; month and day (in `year`); or the day alone (in `month`, for a range's end). */
function parseOne(s: string, year: number, month: number | undefined): LocalDate | null {
  let m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  const date = (y: number, mo: number, d: number) => {
    const iso = `${y}-${pad(mo)}-${pad(d)}`;
    return isDate(iso) ? iso : null;
  };
  if (m) return date(Number(m[1]), Number(m[2]), Number(m[3]));
  m = s.match(/^(\d{1,2})[-/.月](\d{1,2})日?$/);
  if (m) return date(year, Number(m[1]), Number(m[2]));
  m = s.match(/^(\d{1,2})日?$/);
  if (m && month !== undefined) return date(year, month, Number(m[1]));
  return null;
}

/**
 * The checks a notice must pass before it is stored; the first failure, in words. Each
 * date is a real date in the notice's year; a holiday has a name and at least one day;
 * no day is given twice (two holidays, or a holiday and a make-up day); a make-up working
 * day falls on a Saturday or Sunday (a weekday is a working day already); the year has at
 * least one holiday. Days are returned sorted.
 */
export function checkNotice(input: NoticeInput): Result<HolidayNotice> {
  const { year } = input;
  if (!Number.isInteger(year) || year < MIN_NOTICE_YEAR || year > MAX_NOTICE_YEAR) {
    return fail(`年份应为 ${MIN_NOTICE_YEAR}–${MAX_NOTICE_YEAR} 之间的整数，收到「${year}」。`);
  }
  if (!input.holidays.length) return fail(`${year}年的安排中没有任何节假日，请至少录入一个节日（如元旦）。`);
  if (input.holidays.length > MAX_HOLIDAYS) return fail(`节日不能超过 ${MAX_HOLIDAYS} 个。`);
  const seen = new Map<LocalDate, string>(); // day → where it was given
  const names = new Set<string>();
  const claim = (d: string, where: string): string | null => {
    if (!isDate(d)) return `「${d}」不是有效日期，请按 ${year}-10-01 的格式填写（${where}）。`;
    if (Number(d.slice(0, 4)) !== year) return `${dayText(d)}不在${year}年内（${where}）。每个日期都应属于通知所在的年份。`;
    const before = seen.get(d);
    if (before) return before === where ? `${dayText(d)}重复出现（${where}）。` : `${dayText(d)}同时出现在${before}和${where}中，日期不能重叠。`;
    seen.set(d, where);
    return null;
  };
  const holidays: NoticeHoliday[] = [];
  for (const h of input.holidays) {
    const named = checkHolidayName(h.name, names);
    if (!named.ok) return named;
    const name = named.value;
    names.add(name);
    if (!h.days.length) return fail(`「${name}」没有放假日期。`);
    if (h.days.length > MAX_HOLIDAY_DAYS) return fail(`「${name}」放假 ${h.days.length} 天，超过 ${MAX_HOLIDAY_DAYS} 天，请核对。`);
    for (const d of h.days) {
      const bad = claim(d, `「${name}」放假日期`);
      if (bad) return fail(bad);
    }
    const workdays = h.workdays ?? [];
    const bad = checkWorkdays(workdays, `「${name}」调休上班日期`, claim);
    if (bad) return fail(bad);
    holidays.push({ name, days: [...h.days].sort(), workdays: [...workdays].sort() });
  }
  const workdays = input.workdays ?? [];
  const bad = checkWorkdays(workdays, '调休上班日期', claim);
  if (bad) return fail(bad);
  if (workdays.length + holidays.reduce((n, h) => n + h.workdays.length, 0) > MAX_WORKDAYS) return fail(`调休上班日不能超过 ${MAX_WORKDAYS} 天，请核对。`);
  return ok({ year, holidays, workdays: [...workdays].sort() });
}

/** A holiday's name: not empty, not too long, not one given already. */
export function checkHolidayName(text: string, given: Iterable<string>): Result<string> {
  const name = text.normalize('NFKC').trim();
  if (!name) return fail('节日名称不能为空。');
  if (name.length > MAX_HOLIDAY_NAME) return fail(`节日名称「${name.slice(0, MAX_HOLIDAY_NAME)}…」过长（不超过 ${MAX_HOLIDAY_NAME} 字）。`);
  if ([...given].includes(name)) return fail(`节日「${name}」录入了两次，请合并为一项。`);
  return ok(name);
}

function checkWorkdays(days: readonly string[], where: string, claim: (d: string, where: string) => string | null): string | null {
  for (const d of days) {
    const bad = claim(d, where);
    if (bad) return bad;
    if (!isWeekend(d)) return `${dayText(d)}是工作日，调休上班日应为星期六或星期日（${where}）。`;
  }
  return null;
}

/** Whether a day of the notice's year is a working day under the notice. */
export function noticeDays(n: HolidayNotice): { rest: ReadonlySet<LocalDate>; work: ReadonlySet<LocalDate> } {
  return { rest: new Set(allRestDays(n)), work: new Set(allWorkdays(n)) };
}

/**
 * The days on which two notices of one year disagree about working or resting, as lines:
 * 「2027年10月8日（星期五）：已录入为休息日，软件包为工作日」. Names and grouping do not count.
 */
export function noticeDifferences(mine: HolidayNotice, theirs: HolidayNotice, labels: { mine: string; theirs: string }): string[] {
  const a = noticeDays(mine);
  const b = noticeDays(theirs);
  const works = (s: { rest: ReadonlySet<LocalDate>; work: ReadonlySet<LocalDate> }, d: LocalDate) => s.work.has(d) || (!s.rest.has(d) && !isWeekend(d));
  const days = [...new Set([...a.rest, ...a.work, ...b.rest, ...b.work])].sort();
  const word = (w: boolean) => (w ? '工作日' : '休息日');
  return days.filter((d) => works(a, d) !== works(b, d)).map((d) => `${dayText(d)}：${labels.mine}为${word(works(a, d))}，${labels.theirs}为${word(works(b, d))}`);
}

/** A stable text of the working/resting days of a notice: equal iff the calendars agree. */
export function noticeFingerprint(n: HolidayNotice): string {
  return `${n.year}|rest:${allRestDays(n).join(',')}|work:${allWorkdays(n).join(',')}`;
}

/** The notice in lines, as the second person checks it against the published text. */
export function noticeLines(n: HolidayNotice): string[] {
  const lines = n.holidays.map((h, i) => {
    const work = h.workdays.length ? `；${daysText(h.workdays)}上班` : '';
    return `${i + 1}. ${h.name}：${daysText(h.days)}放假，共${h.days.length}天${work}`;
  });
  if (n.workdays.length) lines.push(`调休上班：${n.workdays.map(dayText).join('、')}`);
  return lines;
}
