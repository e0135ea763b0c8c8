/**
 * CSV as RFC 4180 writes it, plus what spreadsheets export in practice: a UTF-8 byte-order
 * mark, CRLF or LF line ends, quoted fields with commas, line breaks and doubled quotes,
 * blank lines skipped. Small enough to keep here rather than take a dependency.
 */
import { type Result, fail, ok } from '../result';

/** The rows of a CSV text, each a list of fields. Fails on a quote left open or a stray quote. */
export function parseCsv(text: string): Result<string[][]> {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    field = '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < s.length && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') return fail(`第 ${line} 行：引号后应为逗号或换行。`);
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') return fail(`第 ${line} 行：字段中间出现引号，含引号的字段须整体用引号括起、内部引号写两次。`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) return fail(`第 ${line} 行：引号未闭合。`);
  if (field !== '' || row.length) endRow();
  return ok(rows);
}

/** The rows after the header as records keyed by the (trimmed) header names. */
export function csvRecords(text: string): Result<Array<Record<string, string>>> {
  const rows = parseCsv(text);
  if (!rows.ok) return rows;
  const [header, ...body] = rows.value;
  if (!header) return fail('文件为空。');
  const names = header.map((h) => h.trim());
  if (new Set(names).size !== names.length) return fail('表头有重复的列名。');
  const out: Array<Record<string, string>> = [];
  for (const [n, r] of body.entries()) {
    if (r.length !== names.length) return fail(`第 ${n + 2} 条记录有 ${r.length} 列，表头有 ${names.length} 列。`);
    out.push(Object.fromEntries(names.map((h, k) => [h, r[k]!])));
  }
  return ok(out);
}
