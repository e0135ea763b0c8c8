import { describe, expect, it } from 'vitest';
import { SERIES, formatRecordNo, parseRecordNo } from './record-no';

describe('record numbers', () => {
  it('formats a series, year and zero-padded sequence', () => {
    expect(formatRecordNo(SERIES.case, 2026, 12)).toBe('AJ-2026-000012');
    expect(() => formatRecordNo(SERIES.case, 2026, 0)).toThrow(RangeError);
    expect(() => formatRecordNo(SERIES.case, 2026, 1_000_000)).toThrow(RangeError);
  });

  it('reads what people type, for its own series only', () => {
    expect(parseRecordNo(SERIES.transfer, ' ys－2026 000007 ')).toBe('YS-2026-000007');
    expect(parseRecordNo(SERIES.transfer, 'TS-2026-000007')).toBeUndefined();
    expect(parseRecordNo(SERIES.transfer, 'YS-2026-7')).toBeUndefined();
  });

  it('gives every kind of record its own prefix', () => {
    const prefixes = Object.values(SERIES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
