/**
 * How a ledger cell reads — one function for the page, the CSV and the XLSX, so an export
 * holds exactly the text of the screen. Instants and dates in Asia/Shanghai.
 */
import type { Column } from '../../../db/ledgers/def';
import type { LedgerRow } from '../../../db/ledgers/query';
import type { Directory } from '../../../domain/organisation';
import { subjectLabel } from '../../../bot/deadline-text';

/** What stands in a cell the viewer may not read (the complainant's identity, a recorder). */
export const HIDDEN = '（依规定保密）';

const SHANGHAI_MS = 8 * 3_600_000;
/** `2026-11-30 09:05`, Asia/Shanghai. */
export function formatTime(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export function cellText(c: Column, row: LedgerRow, dir: Directory): string {
  if (row.hidden.has(c.key)) return HIDDEN;
  const v = row.values[c.key];
  if (v == null || v === '') return '';
  switch (c.type) {
    case 'time':
      return formatTime(v);
    case 'date':
      return String(v).slice(0, 10);
    case 'bool':
      return v === true || v === 't' || v === 'true' ? '是' : '否';
    case 'number':
      return String(Number(v));
    case 'org':
      return dir.name(Number(v));
    case 'orgs':
      return (Array.isArray(v) ? v : []).map((id) => dir.name(Number(id))).join('、');
    case 'label':
      return c.labels?.[String(v)] ?? String(v);
    case 'subject': {
      const s = v as { type?: string; id?: string };
      return s.type && s.id ? subjectLabel({ type: s.type, id: s.id }) : '';
    }
    case 'text':
      return String(v);
  }
}

/** A number cell as a number (XLSX), else null. */
export const cellNumber = (c: Column, row: LedgerRow): number | null =>
  c.type === 'number' && !row.hidden.has(c.key) && row.values[c.key] != null ? Number(row.values[c.key]) : null;
