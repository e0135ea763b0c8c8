/**
 * 文号 of the official documents (文书) the console generates: one series per issuing body
 * and year, `抚司协〔2026〕3号` — 抚 (the district), the body's shortest distinguishing
 * character(s), 协 (the coordination mechanism that issues them), the year in 〔〕, the
 * number. The plan is silent on the form (README, "Readings of the plan").
 */

/** The body's name without the district or city it sits in: 抚宁区司法局 → 司法局. */
const stem = (name: string) => name.replace(/^(秦皇岛市)?(抚宁区委|抚宁区)?/, '') || name;

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

export const documentNoPrefix = (name: string, allNames: readonly string[]) => `抚${bodyAbbreviation(name, allNames)}协`;

export const formatDocumentNo = (prefix: string, year: number, seq: number) => `${prefix}〔${year}〕${seq}号`;

/** The Asia/Shanghai year of an instant: a document made on 31 December at 23:00 UTC is of the next year. */
export const shanghaiYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
