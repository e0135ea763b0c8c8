/**
 * A ledger's query string, checked: every value is one the ledger knows (a body of the
 * directory, a state of its lifecycle, a sortable column), or the request is a 400 naming
 * what is wrong. The same filters serve the page and its exports.
 */
import { z } from 'zod';
import type { LedgerDef } from '../../../db/ledgers/def';
import type { LedgerFilter } from '../../../db/ledgers/query';
import type { Directory } from '../../../domain/organisation';

export const PAGE_SIZE = 50;
const MAX_TERMS = 5;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

const Query = z.object({
  org: z.string().regex(/^\d{1,9}$/, '单位（org）应为单位编号').optional(),
  state: z.string().max(40).optional(),
  from: z.string().regex(DATE, '起始日期（from）应为 2026-01-31 的形式').optional(),
  to: z.string().regex(DATE, '截止日期（to）应为 2026-01-31 的形式').optional(),
  overdue: z.enum(['1', '0'], { message: '逾期（overdue）应为 1 或 0' }).optional(),
  q: z.string().max(100, '检索词不能超过 100 个字符').optional(),
  sort: z.string().max(40).optional(),
  dir: z.enum(['asc', 'desc'], { message: '排序方向（dir）应为 asc 或 desc' }).optional(),
  page: z.string().regex(/^[1-9]\d{0,5}$/, '页码（page）应为正整数').optional(),
  format: z.enum(['csv', 'xlsx'], { message: '格式（format）应为 csv 或 xlsx' }).optional(),
});

export interface ParsedQuery {
  filter: LedgerFilter;
  page: number;
  format?: 'csv' | 'xlsx';
  /** The filters as given (for links that keep them). */
  params: Record<string, string>;
}

export type Parsed = { ok: true; value: ParsedQuery } | { ok: false; reason: string };

export function parseLedgerQuery(def: LedgerDef, raw: Record<string, unknown>, dir: Directory): Parsed {
  const given = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, one(v)]).filter(([, v]) => v !== '' && v != null));
  const unknown = Object.keys(given).filter((k) => !(k in Query.shape));
  if (unknown.length) return { ok: false, reason: `不认识的筛选条件：${unknown.join('、')}` };
  const p = Query.safeParse(given);
  if (!p.success) return { ok: false, reason: p.error.issues.map((i) => i.message).join('；') };
  const q = p.data;
  if (q.org && !dir.byId(Number(q.org))) return { ok: false, reason: `没有编号为 ${q.org} 的单位` };
  if (q.state && !(def.state && q.state in def.state.labels)) {
    return { ok: false, reason: def.state ? `状态（state）应为 ${Object.keys(def.state.labels).join('、')} 之一` : '本台账没有状态筛选' };
  }
  if (q.overdue === '1' && !def.overdue) return { ok: false, reason: '本台账的记录没有期限，不能按逾期筛选' };
  if (q.sort && !def.columns.some((c) => c.key === q.sort && c.sortable)) return { ok: false, reason: `不能按“${q.sort}”排序` };
  if (q.from && q.to && q.from > q.to) return { ok: false, reason: '起始日期晚于截止日期' };
  const terms = (q.q ?? '').split(/\s+/).filter(Boolean);
  if (terms.length > MAX_TERMS) return { ok: false, reason: `检索词最多 ${MAX_TERMS} 个` };
  const filter: LedgerFilter = {
    ...(q.org ? { org: Number(q.org) } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.overdue === '1' ? { overdue: true } : {}),
    ...(terms.length ? { terms } : {}),
    sort: q.sort ?? def.defaultSort.key,
    dir: q.dir ?? (q.sort ? 'asc' : def.defaultSort.dir),
  };
  const { page: _p, format: _f, ...params } = given as Record<string, string>;
  return { ok: true, value: { filter, page: Number(q.page ?? 1), ...(q.format ? { format: q.format } : {}), params } };
}
