/**
 * 执法信息统计上报 (M5): 「各行政执法部门按区级司法行政机关的要求统计上报本部门行政许可、
 * 行政处罚、行政强制、行政征收、行政收费、行政检查以及重大具体行政行为等信息」. A unit
 * reports, for a period (month, quarter, half-year or year), the count of each kind of act
 * and its major decisions; reporting the same period again corrects it.
 */
import { type Period, parsePeriodKey } from '../deadlines/periods';
import { type Result, fail, ok } from '../result';

export const ACT_KINDS = ['licensing', 'penalty', 'coercion', 'levy', 'fee', 'inspection'] as const;
export type ActKind = (typeof ACT_KINDS)[number];

export const ACT_LABEL: Record<ActKind, string> = {
  licensing: '行政许可', penalty: '行政处罚', coercion: '行政强制', levy: '行政征收', fee: '行政收费', inspection: '行政检查',
};

export const MAX_MAJOR = 2000;
export const MAX_COUNT = 1_000_000;

export interface StatisticsFacts {
  orgId: number;
  period: string; // period key: 2026-11, 2026-Q4, 2026-H2, 2026
  counts: Record<ActKind, number>;
  major: string; // 重大具体行政行为 (or 无)
}

export interface StatisticsReport extends StatisticsFacts {
  id: number;
  reportNo: string; // TJ-YYYY-NNNNNN
  /** Unique per unit and period: `${orgId}|${period}`. */
  unitPeriod: string;
  reporterPersonId: number;
  reportedAt: Date;
  revision: number; // 1 first, +1 per correction
  state: 'reported';
}

/** `2026-11`, `2026年11月`, `2026-Q4`, `2026年第4季度`, `2026-H2`, `2026年下半年`, `2026`, `2026年度`. */
export function parsePeriod(text: string): Period | undefined {
  const t = text.trim().normalize('NFKC').replace(/\s+/g, '');
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})年(\d{1,2})月$/))) return parsePeriodKey(`${m[1]}-${m[2]!.padStart(2, '0')}`);
  if ((m = t.match(/^(\d{4})年第?([1-4一二三四])季度$/))) return parsePeriodKey(`${m[1]}-Q${'1234一二三四'.indexOf(m[2]!) % 4 + 1}`);
  if ((m = t.match(/^(\d{4})年(上|下)半年$/))) return parsePeriodKey(`${m[1]}-H${m[2] === '上' ? 1 : 2}`);
  if ((m = t.match(/^(\d{4})年度?$/))) return parsePeriodKey(m[1]!);
  return parsePeriodKey(t.toUpperCase().replace(/^(\d{4})-(\d)$/, '$1-0$2'));
}

/** Six counts in the order of ACT_KINDS, separated by spaces or commas: `12 30 2 0 0 45`. */
export function parseCounts(text: string): Result<Record<ActKind, number>> {
  const parts = text.trim().normalize('NFKC').split(/[\s,，、]+/).filter(Boolean);
  const order = ACT_KINDS.map((k) => ACT_LABEL[k]).join('、');
  if (parts.length !== ACT_KINDS.length) return fail(`请按顺序填写 ${ACT_KINDS.length} 个数字（${order}），以空格分隔，如：12 30 2 0 0 45。`);
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !Number.isInteger(n) || n > MAX_COUNT)) return fail(`件数须为 0–${MAX_COUNT} 的整数（${order}）。`);
  return ok(Object.fromEntries(ACT_KINDS.map((k, i) => [k, nums[i]!])) as Record<ActKind, number>);
}

/** A period may be reported once it has begun (a period still running is reported as far as it goes). */
export function checkPeriod(p: Period, now: Date): Result<Period> {
  return p.start.getTime() > now.getTime() ? fail(`${p.label}尚未开始，不能上报。`) : ok(p);
}

export function checkMajor(text: string): Result<string> {
  const t = text.trim();
  if (!t) return fail('请填写重大具体行政行为情况，没有请回复“无”。');
  return t.length > MAX_MAJOR ? fail(`不能超过 ${MAX_MAJOR} 字。`) : ok(t);
}
