/**
 * 文号 of the official documents (文书) the console generates: one series per issuing body
 * and year, `抚司协〔2026〕3号` — 抚 (the district), the body's shortest distinguishing
 * character(s), 协 (the coordination mechanism that issues them), the year in 〔〕, the
 * number. The plan is silent on the form (README, "Readings of the plan").
 */

/** The body's name without the district or city it sits in, nor 人民: 抚宁区司法局 → 司法局, 抚宁区人民检察院 → 检察院. */
const stem = (name: string) => name.replace(/^(秦皇岛市)?(抚宁区委|抚宁区)?(人民)?/, '') || name;

/** The shortest start of the body's stem that no other body's stem shares (its whole stem at worst). */
export function bodyAbbreviation(name: string, allNames: readonly string[]): string {
  const mine = stem(name);
  const others = allNames.filter((n) => n !== name).map(stem);
  for (let len = 1; len < mine.length; len++) {
    const p = mine.slice(0, len);
    if (!others.some((o) => o.startsWith(p))) return p;
  }
  return mine;
}

/** 抚 + the abbreviation + 协; never 政协 (the 区政府 would read as the CPPCC): its 府 then. */
export function documentNoPrefix(name: string, allNames: readonly string[]): string {
  const short = bodyAbbreviation(name, allNames);
  return `抚${short.endsWith('政') ? `${short.slice(0, -1)}府` : short}协`;
}

export const formatDocumentNo = (prefix: string, year: number, seq: number) => `${prefix}〔${year}〕${seq}号`;

/** The Asia/Shanghai year of an instant: a document made on 31 December at 23:00 UTC is of the next year. */
export const shanghaiYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
