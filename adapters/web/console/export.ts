/**
 * A ledger as a file: the rows and the text of the screen (format.ts cellText), batch by
 * batch into the response, so an export of any size streams. CSV is UTF-8 with a BOM (what
 * Excel needs to read Chinese); a cell that a spreadsheet would take for a formula is
 * prefixed with an apostrophe (citizens' text goes into these files).
 */
import { PassThrough, Readable } from 'node:stream';
import type { Db } from '../../../db/client';
import type { LedgerDef } from '../../../db/ledgers/def';
import { type Listed, ledgerBatches } from '../../../db/ledgers/query';
import type { Directory } from '../../../domain/organisation';
import { cellNumber, cellText } from './format';

const csvCell = (s: string) => {
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function csvStream(db: Db, def: LedgerDef, listed: readonly Listed[], dir: Directory): Readable {
  return Readable.from((async function* () {
    yield `\uFEFF${csvLine(def.columns.map((c) => c.label))}`;
    for await (const batch of ledgerBatches(db, def, listed)) yield batch.map((r) => csvLine(def.columns.map((c) => cellText(c, r, dir)))).join('');
  })());
}

export function xlsxStream(db: Db, def: LedgerDef, listed: readonly Listed[], dir: Directory, onError: (e: unknown) => void): Readable {
  const out = new PassThrough();
  (async () => {
    // exceljs loads at the first export, not at every start (it costs about a second).
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = book.addWorksheet(def.title.slice(0, 31));
    sheet.columns = def.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(10, c.label.length * 2 + 2) }));
    sheet.getRow(1).font = { bold: true };
    for await (const batch of ledgerBatches(db, def, listed)) {
      for (const r of batch) sheet.addRow(def.columns.map((c) => cellNumber(c, r) ?? cellText(c, r, dir))).commit();
    }
    sheet.commit();
    await book.commit();
  })().catch((e) => {
    onError(e);
    out.destroy(e as Error);
  });
  return out;
}

export const exportName = (def: LedgerDef, format: 'csv' | 'xlsx', at: Date) =>
  `${def.title}-${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}.${format}`;
