import { describe, expect, it } from 'vitest';
import {
  PERIOD_KINDS,
  contains,
  nextPeriod,
  parsePeriodKey,
  period,
  periodOf,
  periodsBetween,
  periodsOfYear,
  previousPeriod,
} from './periods';

const at = (s: string) => new Date(`${s}+08:00`);
const iso = (d: Date) => d.toISOString();

describe('periodOf in Asia/Shanghai', () => {
  it('puts 2025-12-31T16:30Z in 2026 already (00:30 on New Year’s Day in Shanghai)', () => {
    const t = new Date('2025-12-31T16:30:00Z');
    expect(periodOf(t, 'year').key).toBe('2026');
    expect(periodOf(t, 'half-year').key).toBe('2026-H1');
    expect(periodOf(t, 'quarter').key).toBe('2026-Q1');
    expect(periodOf(t, 'month').key).toBe('2026-01');
  });

  it('keeps 2025-12-31T15:59:59.999Z in 2025 (23:59:59.999 in Shanghai)', () => {
    const t = new Date('2025-12-31T15:59:59.999Z');
    expect(periodOf(t, 'year').key).toBe('2025');
    expect(periodOf(t, 'half-year').key).toBe('2025-H2');
    expect(periodOf(t, 'quarter').key).toBe('2025-Q4');
    expect(periodOf(t, 'month').key).toBe('2025-12');
  });

  it('switches quarter and half-year at local midnight', () => {
    expect(periodOf(new Date('2026-03-31T15:59:59Z'), 'quarter').key).toBe('2026-Q1');
    expect(periodOf(new Date('2026-03-31T16:00:00Z'), 'quarter').key).toBe('2026-Q2');
    expect(periodOf(new Date('2026-06-30T15:59:59Z'), 'half-year').key).toBe('2026-H1');
    expect(periodOf(new Date('2026-06-30T16:00:00Z'), 'half-year').key).toBe('2026-H2');
    expect(periodOf(at('2026-09-30T23:00:00'), 'quarter').key).toBe('2026-Q3');
    expect(periodOf(at('2026-10-01T00:00:00'), 'quarter').key).toBe('2026-Q4');
  });
});

describe('bounds and labels', () => {
  it('runs from 00:00:00 of the first local day to 23:59:59 of the last', () => {
    const q4 = periodOf(at('2026-11-15T10:00:00'), 'quarter');
    expect(q4).toMatchObject({ kind: 'quarter', year: 2026, index: 4, key: '2026-Q4', label: '2026年第4季度' });
    expect(iso(q4.start)).toBe('2026-09-30T16:00:00.000Z');
    expect(iso(q4.end)).toBe('2026-12-31T15:59:59.000Z');

    const h1 = period('half-year', 2026, 1);
    expect(h1.label).toBe('2026年上半年');
    expect(iso(h1.start)).toBe('2025-12-31T16:00:00.000Z');
    expect(iso(h1.end)).toBe('2026-06-30T15:59:59.000Z');
    expect(period('half-year', 2026, 2).label).toBe('2026年下半年');

    const nov = period('month', 2026, 11);
    expect(nov).toMatchObject({ key: '2026-11', label: '2026年11月' });
    expect(iso(nov.end)).toBe('2026-11-30T15:59:59.000Z');

    const y = period('year', 2025, 1);
    expect(y).toMatchObject({ key: '2025', label: '2025年度' });
    expect(iso(y.start)).toBe('2024-12-31T16:00:00.000Z');
    expect(iso(y.end)).toBe('2025-12-31T15:59:59.000Z');
  });

  it('knows February in leap and common years', () => {
    expect(iso(period('month', 2024, 2).end)).toBe('2024-02-29T15:59:59.000Z');
    expect(iso(period('month', 2025, 2).end)).toBe('2025-02-28T15:59:59.000Z');
    expect(iso(period('quarter', 2024, 1).end)).toBe('2024-03-31T15:59:59.000Z');
  });

  it('counts the last second fraction of a day in the period, by local date', () => {
    const q = period('quarter', 2026, 4);
    expect(contains(q, new Date(q.end.getTime() + 500))).toBe(true);
    expect(contains(q, new Date(q.end.getTime() + 1000))).toBe(false);
    expect(contains(q, q.start)).toBe(true);
    expect(contains(q, new Date(q.start.getTime() - 1))).toBe(false);
  });

  it('refuses an index or year out of range', () => {
    expect(() => period('quarter', 2026, 5)).toThrow(RangeError);
    expect(() => period('month', 2026, 0)).toThrow(RangeError);
    expect(() => period('half-year', 2026, 3)).toThrow(RangeError);
    expect(() => period('year', 2026, 2)).toThrow(RangeError);
    expect(() => period('month', 2026, 1.5)).toThrow(RangeError);
  });
});

describe('nextPeriod', () => {
  it('rolls over the year end', () => {
    expect(nextPeriod(period('quarter', 2026, 4)).key).toBe('2027-Q1');
    expect(nextPeriod(period('month', 2025, 12)).key).toBe('2026-01');
    expect(nextPeriod(period('half-year', 2025, 2)).key).toBe('2026-H1');
    expect(nextPeriod(period('year', 2025, 1)).key).toBe('2026');
    expect(nextPeriod(period('month', 2026, 3)).key).toBe('2026-04');
  });

  it('leaves no gap and no overlap: the next start is one second after the end', () => {
    for (const kind of PERIOD_KINDS) {
      let p = period(kind, 2023, 1);
      for (let i = 0; i < 60; i++) {
        const n = nextPeriod(p);
        expect(n.start.getTime() - p.end.getTime(), `${p.key} → ${n.key}`).toBe(1000);
        p = n;
      }
    }
  });
});

describe('periodsBetween / periodsOfYear', () => {
  it('lists every period the span touches, both ends included', () => {
    expect(periodsBetween(at('2025-11-15T10:00:00'), at('2026-02-01T00:00:00'), 'month').map((p) => p.key)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween(new Date('2025-12-31T16:30:00Z'), at('2026-12-31T23:59:59'), 'quarter').map((p) => p.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(periodsBetween(at('2025-03-01T00:00:00'), at('2026-08-01T00:00:00'), 'half-year').map((p) => p.key)).toEqual([
      '2025-H1',
      '2025-H2',
      '2026-H1',
      '2026-H2',
    ]);
  });

  it('gives one period for a span inside it and none for a reversed span', () => {
    expect(periodsBetween(at('2026-05-01T00:00:00'), at('2026-05-31T23:59:59'), 'month').map((p) => p.key)).toEqual(['2026-05']);
    expect(periodsBetween(at('2026-05-02T00:00:00'), at('2026-05-01T00:00:00'), 'month')).toEqual([]);
  });

  it('has 12 months, 4 quarters, 2 halves and 1 year in a year', () => {
    expect(periodsOfYear(2026, 'month').map((p) => p.key)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(periodsOfYear(2026, 'quarter')).toHaveLength(4);
    expect(periodsOfYear(2026, 'half-year').map((p) => p.label)).toEqual(['2026年上半年', '2026年下半年']);
    expect(periodsOfYear(2026, 'year').map((p) => p.label)).toEqual(['2026年度']);
  });
});

describe('parsePeriodKey', () => {
  it('round-trips every key', () => {
    for (const kind of PERIOD_KINDS)
      for (const p of periodsOfYear(2026, kind)) expect(parsePeriodKey(p.key), p.key).toEqual(p);
  });

  it('rejects what is not a key', () => {
    for (const k of ['2026-13', '2026-00', '2026-Q5', '2026-H3', '2026-q1', '26-Q1', '2026-1', '', '0999'])
      expect(parsePeriodKey(k), k).toBeUndefined();
  });
});

describe('previousPeriod', () => {
  it('steps back within the year and across it, the inverse of nextPeriod', () => {
    expect(previousPeriod(period('month', 2026, 3)).key).toBe('2026-02');
    expect(previousPeriod(period('month', 2026, 1)).key).toBe('2025-12');
    expect(previousPeriod(period('quarter', 2026, 1)).key).toBe('2025-Q4');
    expect(previousPeriod(period('half-year', 2026, 1)).key).toBe('2025-H2');
    expect(previousPeriod(period('year', 2026, 1)).key).toBe('2025');
    for (const kind of PERIOD_KINDS) {
      for (const p of periodsOfYear(2026, kind)) expect(previousPeriod(nextPeriod(p))).toEqual(p);
    }
  });
});
