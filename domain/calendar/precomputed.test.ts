import { describe, expect, it } from 'vitest';
import { type DayCalendar, addWorkingDays, addWorkingDaysByDay } from './calendar';
import { officialCalendar, officialDays } from './official';
import { precomputed } from './precomputed';

const DAY_MS = 86_400_000;

/** Instants on every local day of [from, to]: just after midnight, noon and just before midnight (+08:00). */
function instants(from: string, to: string): Date[] {
  const out: Date[] = [];
  for (let t = Date.parse(`${from}T00:00:00+08:00`); t <= Date.parse(`${to}T00:00:00+08:00`); t += DAY_MS) {
    out.push(new Date(t), new Date(t + 12 * 3600_000), new Date(t + DAY_MS - 1000));
  }
  return out;
}

describe('the precomputed official calendar', () => {
  it('answers like the day-by-day rule from every day of 2024–2026, N = 1..15 (2027 provisional)', () => {
    let provisional = 0;
    let checked = 0;
    for (const from of instants('2024-01-01', '2026-12-31')) {
      for (let n = 1; n <= 15; n++) {
        const fast = officialCalendar.workingDaysAfter!(from, n);
        const slow = addWorkingDaysByDay(officialDays, from, n);
        expect(fast, `${from.toISOString()} +${n}`).toEqual(slow);
        expect(addWorkingDays(officialCalendar, from, n)).toEqual(slow);
        if (slow.provisional) provisional++;
        checked++;
      }
    }
    expect(checked).toBe(1096 * 3 * 15);
    expect(provisional).toBeGreaterThan(0); // late December 2026 runs into 2027, which has no official data
  });

  it('falls back to the day-by-day rule outside its years', () => {
    const cal = precomputed(officialDays, 2024, 2025);
    expect(cal.workingDaysAfter!(new Date('2023-12-31T12:00:00+08:00'), 1)).toBeUndefined();
    expect(cal.workingDaysAfter!(new Date('2026-01-05T12:00:00+08:00'), 1)).toBeUndefined();
    expect(cal.workingDaysAfter!(new Date('2025-12-30T12:00:00+08:00'), 5)).toBeUndefined(); // runs past 2025
    const late = new Date('2025-12-30T12:00:00+08:00');
    expect(addWorkingDays(cal, late, 5)).toEqual(addWorkingDaysByDay(officialDays, late, 5));
    const far = new Date('2051-03-01T12:00:00+08:00');
    expect(addWorkingDays(officialCalendar, far, 3)).toEqual(addWorkingDaysByDay(officialDays, far, 3));
  });

  it('keeps a base calendar’s own days and provisional marks', () => {
    const base: DayCalendar = {
      isWorkday: (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
      isOfficial: (d) => d < '2025-03-10',
    };
    const cal = precomputed(base, 2025, 2025);
    for (const from of instants('2025-02-20', '2025-03-20')) {
      for (let n = 1; n <= 10; n++) expect(addWorkingDays(cal, from, n)).toEqual(addWorkingDaysByDay(base, from, n));
    }
    expect(cal.isWorkday('2025-03-08')).toBe(false);
    expect(cal.isOfficial('2025-03-10')).toBe(false);
  });
});
