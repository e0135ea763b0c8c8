import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyAbbreviation, documentNoPrefix, formatDocumentNo, shanghaiYear } from './document-no';

const seed = JSON.parse(readFileSync(new URL('../db/seed/directory.json', import.meta.url), 'utf8')) as { organisations: { name: string }[] };
const all = seed.organisations.map((o) => o.name);

describe('文号 of the console documents', () => {
  it('reads 抚司协〔2026〕3号 for the justice bureau', () => {
    expect(formatDocumentNo(documentNoPrefix('抚宁区司法局', all), 2026, 3)).toBe('抚司协〔2026〕3号');
    expect(documentNoPrefix('抚宁区市场监督管理局', all)).toBe('抚市协');
    expect(documentNoPrefix('抚宁区人民检察院', all)).toBe('抚检协');
    expect(documentNoPrefix('抚宁区人民政府', all)).toBe('抚府协'); // not 政协
  });

  it('gives every body of the directory a prefix of its own', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((n) => bodyAbbreviation(n, all))).size).toBe(all.length);
    expect(new Set(all.map((n) => documentNoPrefix(n, all))).size).toBe(all.length);
  });

  it('counts the year in Asia/Shanghai', () => {
    expect(shanghaiYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:30:00Z'))).toBe(2026);
  });
});
