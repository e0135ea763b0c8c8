import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import {
  type DayCalendar,
  addHours,
  addWorkingDays,
  endOfLocalDay,
  formatDue,
  formatLocal,
  localDate,
  localYear,
  nextLocalDate,
} from './calendar';
import { officialCalendar, statutoryHolidays } from './official';

/** An instant at noon, Asia/Shanghai, on the given local date. */
const noon = (date: string) => new Date(`${date}T12:00:00+08:00`);

/** The local date the deadline falls on, and that it is at 23:59:59 +08:00 of it. */
function dueDate(from: Date, n: number, cal: DayCalendar = officialCalendar): string {
  const { due } = addWorkingDays(cal, from, n);
  const d = localDate(due);
  expect(due.getTime()).toBe(endOfLocalDay(d).getTime());
  return d;
}

describe('localDate / localYear / endOfLocalDay / nextLocalDate', () => {
  it('reads the calendar date in Asia/Shanghai, not UTC', () => {
    expect(localDate(new Date('2024-09-26T15:59:59Z'))).toBe('2024-09-26'); // 23:59:59 +08:00
    expect(localDate(new Date('2024-09-26T16:00:00Z'))).toBe('2024-09-27'); // 00:00 +08:00
    expect(localDate(new Date('2024-09-26T17:00:00Z'))).toBe('2024-09-27');
    expect(localDate(new Date('2024-09-27T00:00:00+08:00'))).toBe('2024-09-27');
  });

  it('reads the year in Asia/Shanghai', () => {
    expect(localYear(new Date('2024-12-31T15:59:59Z'))).toBe(2024);
    expect(localYear(new Date('2024-12-31T16:00:00Z'))).toBe(2025);
  });

  it('ends the local day at 23:59:59 +08:00', () => {
    expect(endOfLocalDay('2024-10-08').toISOString()).toBe('2024-10-08T15:59:59.000Z');
    expect(endOfLocalDay('2025-01-01').toISOString()).toBe('2025-01-01T15:59:59.000Z');
  });

  it('steps to the next date across month, leap day and year ends', () => {
    expect(nextLocalDate('2024-02-28')).toBe('2024-02-29');
    expect(nextLocalDate('2024-02-29')).toBe('2024-03-01');
    expect(nextLocalDate('2025-02-28')).toBe('2025-03-01');
    expect(nextLocalDate('2024-12-31')).toBe('2025-01-01');
  });
});

describe('addWorkingDays on the official calendar', () => {
  it('2024 National Day: 3 working days from Fri 2024-09-27 is Tue 2024-10-08 (Sun 09-29 is a make-up workday)', () => {
    const r = addWorkingDays(officialCalendar, noon('2024-09-27'), 3);
    expect(r.due.toISOString()).toBe('2024-10-08T15:59:59.000Z');
    expect(r.provisional).toBe(false);
  });

  it('does not count the day of the event', () => {
    // 2024-09-30 is a workday; 1 working day after it skips the whole holiday.
    expect(dueDate(noon('2024-09-30'), 1)).toBe('2024-10-08');
    expect(dueDate(noon('2024-10-08'), 1)).toBe('2024-10-09');
  });

  it('counts a make-up Sunday as a working day', () => {
    expect(officialCalendar.isWorkday('2024-09-29')).toBe(true);
    expect(dueDate(noon('2024-09-27'), 1)).toBe('2024-09-29'); // Sat 09-28 is rest, Sun 09-29 works
    expect(dueDate(noon('2024-02-02'), 1)).toBe('2024-02-04'); // Sun 2024-02-04 works
  });

  it('uses the Shanghai date of an instant that is still the previous day in UTC', () => {
    const lateUtc = new Date('2024-09-26T17:00:00Z'); // 2024-09-27 01:00 +08:00
    expect(dueDate(lateUtc, 3)).toBe('2024-10-08');
    // One second before local midnight it is still the 26th: one more working day fits before the holiday.
    expect(dueDate(new Date('2024-09-26T15:59:59Z'), 3)).toBe('2024-09-30');
  });

  it('2024 Spring Festival: holiday 02-10..17, make-up Sundays 02-04 and 02-18', () => {
    for (const d of ['2024-02-10', '2024-02-12', '2024-02-14', '2024-02-16', '2024-02-17'])
      expect(officialCalendar.isWorkday(d), d).toBe(false);
    expect(officialCalendar.isWorkday('2024-02-04')).toBe(true);
    expect(officialCalendar.isWorkday('2024-02-18')).toBe(true);
    expect(dueDate(noon('2024-02-09'), 1)).toBe('2024-02-18');
    expect(dueDate(noon('2024-02-08'), 3)).toBe('2024-02-19'); // 02-09, 02-18, 02-19
    expect(dueDate(noon('2024-02-03'), 7)).toBe('2024-02-18'); // 02-04..09 (6), then 02-18
  });

  it('2025 Spring Festival: holiday 01-28..02-04, make-up Sun 01-26 and Sat 02-08', () => {
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-03', '2025-02-04'])
      expect(officialCalendar.isWorkday(d), d).toBe(false);
    expect(dueDate(noon('2025-01-24'), 2)).toBe('2025-01-27'); // Sun 01-26, Mon 01-27
    expect(dueDate(noon('2025-01-27'), 1)).toBe('2025-02-05');
    expect(dueDate(noon('2025-02-05'), 3)).toBe('2025-02-08'); // 02-06, 02-07, Sat 02-08
    expect(dueDate(noon('2025-02-07'), 2)).toBe('2025-02-10'); // Sat 02-08, (Sun rest) Mon 02-10
  });

  it('2025 National Day: holiday 10-01..08, make-up Sun 09-28 and Sat 10-11', () => {
    for (const d of ['2025-10-01', '2025-10-03', '2025-10-06', '2025-10-08'])
      expect(officialCalendar.isWorkday(d), d).toBe(false);
    expect(dueDate(noon('2025-09-26'), 3)).toBe('2025-09-30'); // Sun 09-28, 09-29, 09-30
    expect(dueDate(noon('2025-09-30'), 1)).toBe('2025-10-09');
    expect(dueDate(noon('2025-09-30'), 3)).toBe('2025-10-11'); // 10-09, 10-10, Sat 10-11
    expect(dueDate(noon('2025-10-10'), 2)).toBe('2025-10-13'); // Sat 10-11, (Sun rest) Mon 10-13
  });

  it('agrees with chinese-days findWorkday for every start day of 2024–2026', () => {
    const { findWorkday } = chineseDays;
    for (let d = '2024-01-01'; d <= '2026-12-20'; d = nextLocalDate(d)) {
      for (const n of [1, 2, 7]) {
        expect(localDate(addWorkingDays(officialCalendar, noon(d), n).due), `${d} +${n}`).toBe(findWorkday(n, d));
      }
    }
  });

  it('is not provisional within the published data, 2004–2026', () => {
    for (let y = 2004; y <= 2026; y++) {
      expect(officialCalendar.isOfficial(`${y}-06-15`), String(y)).toBe(true);
      expect(addWorkingDays(officialCalendar, noon(`${y}-01-01`), 200).provisional, String(y)).toBe(false);
    }
    // The whole span at once: every published workday from 2004-01-02 to 2026-12-31.
    const n = chineseDays.getWorkdaysInRange('2004-01-02', '2026-12-31').length;
    const r = addWorkingDays(officialCalendar, noon('2004-01-01'), n);
    expect(localDate(r.due)).toBe('2026-12-31');
    expect(r.provisional).toBe(false);
  });

  it('is provisional once the count crosses into 2027, where the data ends', () => {
    expect(officialCalendar.isOfficial('2026-12-31')).toBe(true);
    expect(officialCalendar.isOfficial('2027-01-01')).toBe(false);

    const inside = addWorkingDays(officialCalendar, noon('2026-12-29'), 2);
    expect(localDate(inside.due)).toBe('2026-12-31');
    expect(inside.provisional).toBe(false);

    // 12-31, then fallback: Fri 2027-01-01 元旦, weekend, Mon 01-04, Tue 01-05.
    const across = addWorkingDays(officialCalendar, noon('2026-12-30'), 3);
    expect(localDate(across.due)).toBe('2027-01-05');
    expect(across.provisional).toBe(true);

    const n = chineseDays.getWorkdaysInRange('2004-01-02', '2026-12-31').length;
    expect(addWorkingDays(officialCalendar, noon('2004-01-01'), n + 1).provisional).toBe(true);
  });

  it('throws RangeError for a count that is not a positive integer', () => {
    for (const n of [0, -1, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => addWorkingDays(officialCalendar, noon('2025-03-03'), n), String(n)).toThrow(RangeError);
  });
});

describe('addWorkingDays rules, on a stub calendar', () => {
  const weekdaysOnly = (unofficialFrom = '9999-12-31'): DayCalendar => ({
    isWorkday: (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
    isOfficial: (d) => d < unofficialFrom,
  });

  it('skips rest days and lands on the Nth working day', () => {
    // Mon 2025-03-03 + 5 → Mon 03-10; Fri 03-07 + 1 → Mon 03-10
    expect(dueDate(noon('2025-03-03'), 5, weekdaysOnly())).toBe('2025-03-10');
    expect(dueDate(noon('2025-03-07'), 1, weekdaysOnly())).toBe('2025-03-10');
    expect(dueDate(noon('2025-03-08'), 1, weekdaysOnly())).toBe('2025-03-10'); // from a Saturday
  });

  it('is provisional if any day it passes over is not official', () => {
    expect(addWorkingDays(weekdaysOnly('2025-03-10'), noon('2025-03-06'), 1).provisional).toBe(false); // Fri 03-07
    expect(addWorkingDays(weekdaysOnly('2025-03-10'), noon('2025-03-07'), 1).provisional).toBe(true); // Mon 03-10
  });

  it('is provisional even when only a rest day passed over is not official', () => {
    const cal: DayCalendar = { isWorkday: weekdaysOnly().isWorkday, isOfficial: (d) => d !== '2025-03-08' };
    expect(addWorkingDays(cal, noon('2025-03-07'), 1).provisional).toBe(true);
  });

  it('does not let the uncounted day of the event make it provisional', () => {
    const cal: DayCalendar = { isWorkday: weekdaysOnly().isWorkday, isOfficial: (d) => d !== '2025-03-07' };
    expect(addWorkingDays(cal, noon('2025-03-07'), 1).provisional).toBe(false);
    expect(addWorkingDays(cal, noon('2025-03-06'), 1).provisional).toBe(true);
  });
});

describe('fallback calendar for years without published data', () => {
  it('statutoryHolidays(2027) are the holidays of 全国年节及纪念日放假办法', () => {
    const h = statutoryHolidays(2027);
    const expected = [
      '2027-01-01', // 元旦
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', // 春节: 除夕..初三 (初一 = 02-06)
      '2027-04-05', // 清明
      '2027-05-01', '2027-05-02', // 劳动节
      '2027-06-09', // 端午 (五月初五)
      '2027-09-15', // 中秋 (八月十五)
      '2027-10-01', '2027-10-02', '2027-10-03', // 国庆
    ];
    expect([...h].sort()).toEqual(expected);
    expect(h.has('2027-02-04')).toBe(false);
    expect(h.has('2027-02-09')).toBe(false);
  });

  it('rests on statutory holidays and weekends, and works otherwise', () => {
    expect(officialCalendar.isWorkday('2027-02-05')).toBe(false); // Fri 除夕
    expect(officialCalendar.isWorkday('2027-02-08')).toBe(false); // Mon 初三
    expect(officialCalendar.isWorkday('2027-02-09')).toBe(true); // Tue
    expect(officialCalendar.isWorkday('2027-02-04')).toBe(true); // Thu, no 调休 guessed
    expect(officialCalendar.isWorkday('2027-01-01')).toBe(false); // Fri 元旦
    expect(officialCalendar.isWorkday('2027-10-01')).toBe(false); // Fri 国庆
    expect(officialCalendar.isWorkday('2027-10-04')).toBe(true); // Mon
    expect(officialCalendar.isWorkday('2027-03-13')).toBe(false); // Sat
    expect(officialCalendar.isWorkday('2027-03-15')).toBe(true); // Mon
    expect(officialCalendar.isOfficial('2027-02-09')).toBe(false);
  });

  it('counts over the 2027 Spring Festival and marks the result provisional', () => {
    const r = addWorkingDays(officialCalendar, noon('2027-02-04'), 1);
    expect(localDate(r.due)).toBe('2027-02-09');
    expect(r.provisional).toBe(true);
  });
});

describe('addHours', () => {
  it('counts from the instant, holidays included, never provisional', () => {
    const from = new Date('2024-09-30T20:30:00+08:00');
    const r = addHours(from, 24);
    expect(r.due.toISOString()).toBe(new Date('2024-10-01T20:30:00+08:00').toISOString());
    expect(r.provisional).toBe(false);
    expect(addHours(from, 1.5).due.toISOString()).toBe(new Date('2024-09-30T22:00:00+08:00').toISOString());
    expect(addHours(new Date('2027-02-05T09:00:00+08:00'), 72).provisional).toBe(false);
  });

  it('does not change the instant passed in', () => {
    const from = new Date('2025-01-01T00:00:00Z');
    addHours(from, 24);
    expect(from.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('formatLocal / formatDue', () => {
  it('formats in Asia/Shanghai without leading zeros on month and day', () => {
    expect(formatLocal(new Date('2024-01-05T01:05:00Z'))).toBe('2024年1月5日 09:05');
    expect(formatLocal(new Date('2024-12-31T16:30:00Z'))).toBe('2025年1月1日 00:30');
  });

  it('formats an official deadline plainly', () => {
    const due = addWorkingDays(officialCalendar, noon('2024-09-27'), 3);
    expect(formatDue(due)).toBe('2024年10月8日 23:59');
  });

  it('marks a provisional deadline', () => {
    const due = addWorkingDays(officialCalendar, noon('2027-02-04'), 1);
    expect(formatDue(due)).toBe('2027年2月9日 23:59（暂定：该年度调休安排尚未公布）');
    expect(formatDue({ due: endOfLocalDay('2026-03-02'), provisional: true })).toBe(
      '2026年3月2日 23:59（暂定：该年度调休安排尚未公布）',
    );
  });
});

describe('years the official data does not cover', () => {
  it('a year whose 1–2 October fall on a weekend is not mistaken for a known one (2033)', () => {
    expect(officialCalendar.isOfficial('2033-10-03')).toBe(false);
    expect(officialCalendar.isWorkday('2033-10-03')).toBe(false); // 国庆 by the statutory fallback
    const d = addWorkingDays(officialCalendar, new Date('2033-09-30T10:00:00+08:00'), 1);
    expect(d.provisional).toBe(true);
    expect(localDate(d.due)).toBe('2033-10-04');
  });
});
