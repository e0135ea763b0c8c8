/**
 * How people read a reference to the plan. Code and comments name the mechanisms M1–M15
 * (二(一)–二(十五)); messages cite the plan's own paragraph — 「方案（五）」 — never the code.
 */
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** 'M5' → 方案（五）; '四(三)' → 方案四（三）; anything else as given. */
export function planRef(code: string): string {
  const m = code.match(/^M(\d{1,2})$/);
  if (m && NUMERALS[Number(m[1])]) return `方案（${NUMERALS[Number(m[1])]}）`;
  const part = code.match(/^([一二三四])\((.+)\)$/);
  return part ? `方案${part[1]}（${part[2]}）` : code;
}
