/** Reading dates, times and amounts as officers type them (Asia/Shanghai). */
import { localDate } from '../../domain/calendar/calendar';
import { isLocalDate } from '../../domain/deadlines/rules';

/**
 * `2026-11-20`, `2026-11-20 14:30`, `2026年11月20日`, `今天`, `昨天` → an instant. A date
 * alone is the start of that day: the earliest reading, so a clock counted from it is
 * never later than the law allows. A future instant is refused unless `allowFuture` (a meeting's time).
 */
export function parseLocalDateTime(text: string, now: Date, allowFuture = false): { at: Date; date: string } | { error: string } {
  const t = text.trim().normalize('NFKC');
  const today = localDate(now);
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  let date: string | undefined;
  let time = '00:00';
  const rel = t.match(/^(今天|昨天|前天)(?:\s*(\d{1,2})[:：点](\d{2})?分?)?$/);
  const abs = t.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*(\d{1,2})[:：点](\d{2})?分?)?$/);
  if (rel) {
    date = day({ 今天: 0, 昨天: -1, 前天: -2 }[rel[1] as '今天']);
    if (rel[2]) time = `${rel[2].padStart(2, '0')}:${rel[3] ?? '00'}`;
  } else if (abs) {
    date = `${abs[1]}-${abs[2]!.padStart(2, '0')}-${abs[3]!.padStart(2, '0')}`;
    if (abs[4]) time = `${abs[4].padStart(2, '0')}:${abs[5] ?? '00'}`;
  }
  if (!date || !isLocalDate(date)) return { error: '请按 2026-11-20 或 2026-11-20 14:30 的格式填写（也可回复“今天”“昨天”）。' };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return { error: '时间应在 00:00–23:59 之间。' };
  const at = new Date(Date.parse(`${date}T${time}:00+08:00`));
  if (!allowFuture && at.getTime() > now.getTime()) return { error: '发现时间不能晚于现在。' };
  return { at, date };
}

/** A date from today on, for limits set by a supervising body. */
export function parseFutureDate(text: string, now: Date): string | { error: string } {
  const t = text.trim().normalize('NFKC');
  const m = t.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  const date = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  if (!isLocalDate(date)) return { error: '请按 2026-12-31 的格式填写日期。' };
  if (date < localDate(now)) return { error: '期限不能早于今天。' };
  return date;
}

/** `12000`, `1.2万`, `12,000元`, `无` → yuan (null for 无). */
export function parseAmount(text: string): number | null | { error: string } {
  const t = text.trim().normalize('NFKC').replace(/[,，\s]/g, '').replace(/元$/, '');
  if (/^(无|没有|0)$/.test(t)) return null;
  const m = t.match(/^(\d+(?:\.\d{1,2})?)(万)?$/);
  if (!m) return { error: '请填写金额数字（如 12000 或 1.2万），没有请回复“无”。' };
  const n = Number(m[1]) * (m[2] ? 10_000 : 1);
  if (!Number.isFinite(n) || n > 1e12) return { error: '金额超出范围。' };
  return Math.round(n * 100) / 100;
}

/**
 * The start of a clock as the API and the 期限 command take it: a date (`2024-09-27`, the
 * start of that day in Asia/Shanghai) or an ISO 8601 instant (`2024-09-27T15:00:00+08:00`;
 * without an offset it is read as Asia/Shanghai time).
 */
export function parseClockStart(text: string): Date | undefined {
  const t: string = text.trim().normalize('NFKC');
  if (isLocalDate(t)) return new Date(Date.parse(`${t}T00:00:00+08:00`));
  const m = (t as string).match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/);
  if (!m || !isLocalDate(m[1]!)) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? '+08:00'}`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
