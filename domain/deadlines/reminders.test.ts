import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { type DayCalendar, endOfLocalDay, localDate, nextLocalDate } from '../calendar/calendar';
import { officialCalendar } from '../calendar/official';
import type { DeadlineKind } from './deadline';
import { type Reminder, remindersFor, workingDayBefore, workingDayOnOrBefore } from './reminders';

const at = (s: string) => new Date(`${s}+08:00`);

/** Reminders as `key@local time` strings, for readable assertions. */
function plan(kind: DeadlineKind, dueAt: Date, createdAt: Date, cal: DayCalendar = officialCalendar): string[] {
  return remindersFor({ kind, dueAt }, createdAt, cal).map((r) => `${r.key}@${local(r.at)}`);
}

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('working-day clocks', () => {
  it('due on a make-up Saturday (2025-10-11): due-morning that Saturday, before-2 two working days earlier', () => {
    expect(officialCalendar.isWorkday('2025-10-11')).toBe(true);
    expect(plan('township-transfer', endOfLocalDay('2025-10-11'), at('2025-09-30T12:00:00'))).toEqual([
      'before-2@2025-10-09 09:00:00',
      'due-morning@2025-10-11 09:00:00',
      'due@2025-10-11 23:59:59',
      'escalation@2025-10-12 00:00:59',
    ]);
  });

  it('due on a rest Sunday (2025-10-12): due-morning on the make-up Saturday before it', () => {
    expect(officialCalendar.isWorkday('2025-10-12')).toBe(false);
    expect(plan('meeting-item', endOfLocalDay('2025-10-12'), at('2025-09-01T10:00:00'))).toEqual([
      'before-2@2025-10-10 09:00:00',
      'due-morning@2025-10-11 09:00:00',
      'due@2025-10-12 23:59:59',
      'escalation@2025-10-13 00:00:59',
    ]);
  });

  it('due on a rest Saturday (2025-03-08): due-morning on Friday, unlike the make-up Saturday', () => {
    expect(officialCalendar.isWorkday('2025-03-08')).toBe(false);
    expect(plan('rectification', endOfLocalDay('2025-03-08'), at('2025-02-20T10:00:00'))).toEqual([
      'before-2@2025-03-06 09:00:00',
      'due-morning@2025-03-07 09:00:00',
      'due@2025-03-08 23:59:59',
      'escalation@2025-03-09 00:00:59',
    ]);
  });

  it('skips the weekend for the before reminder (due Mon 2025-03-10 → Thu 03-06)', () => {
    expect(plan('discipline-referral', endOfLocalDay('2025-03-10'), at('2025-02-24T10:00:00'))).toEqual([
      'before-2@2025-03-06 09:00:00',
      'due-morning@2025-03-10 09:00:00',
      'due@2025-03-10 23:59:59',
      'escalation@2025-03-11 00:00:59',
    ]);
  });

  it('skips the Spring Festival: due Thu 2025-02-06 is reminded on Mon 01-27, before the holiday', () => {
    // 乡镇移送 found on the make-up Sunday 2025-01-26: 01-27, 02-05, 02-06.
    expect(localDate(endOfLocalDay('2025-02-06'))).toBe(chineseDays.findWorkday(3, '2025-01-26'));
    expect(plan('township-transfer', endOfLocalDay('2025-02-06'), at('2025-01-26T12:00:00'))).toEqual([
      'before-2@2025-01-27 09:00:00',
      'due-morning@2025-02-06 09:00:00',
      'due@2025-02-06 23:59:59',
      'escalation@2025-02-07 00:00:59',
    ]);
  });

  it('due on a National Day holiday (2025-10-05): both early reminders before the holiday', () => {
    expect(plan('rectification', endOfLocalDay('2025-10-05'), at('2025-09-20T10:00:00'))).toEqual([
      'before-2@2025-09-29 09:00:00',
      'due-morning@2025-09-30 09:00:00',
      'due@2025-10-05 23:59:59',
      'escalation@2025-10-06 00:00:59',
    ]);
  });

  it('drops early reminders that are not after the creation instant', () => {
    const due = endOfLocalDay('2025-10-11');
    expect(plan('meeting-item', due, at('2025-10-10T10:00:00')).map((s) => s.split('@')[0])).toEqual([
      'due-morning',
      'due',
      'escalation',
    ]);
    // Created exactly at the before-2 instant: not in the future, dropped.
    expect(plan('meeting-item', due, at('2025-10-09T09:00:00'))[0]).toBe('due-morning@2025-10-11 09:00:00');
    expect(plan('meeting-item', due, at('2025-10-09T08:59:59'))[0]).toBe('before-2@2025-10-09 09:00:00');
    expect(plan('meeting-item', due, at('2025-10-11T10:00:00'))).toEqual(['due@2025-10-11 23:59:59', 'escalation@2025-10-12 00:00:59']);
  });

  it('keeps due and escalation for a deadline recorded after it fell due', () => {
    expect(plan('rectification', endOfLocalDay('2025-10-11'), at('2025-10-20T10:00:00'))).toEqual([
      'due@2025-10-11 23:59:59',
      'escalation@2025-10-12 00:00:59',
    ]);
  });
});

describe('24-hour clock (紧急移送)', () => {
  it('reminds 2 hours before due instead of 2 working days; the due day is a holiday', () => {
    // Found 2025-09-30 18:00, due 10-01 18:00 (National Day). due-morning would be 09-30 09:00: already past.
    expect(plan('urgent-transfer', at('2025-10-01T18:00:00'), at('2025-09-30T18:00:00'))).toEqual([
      'before-2h@2025-10-01 16:00:00',
      'due@2025-10-01 18:00:00',
      'escalation@2025-10-01 18:01:00',
    ]);
  });

  it('keeps due-morning when it falls between creation and due', () => {
    expect(plan('urgent-transfer', at('2025-03-07T15:00:00'), at('2025-03-06T15:00:00'))).toEqual([
      'due-morning@2025-03-07 09:00:00',
      'before-2h@2025-03-07 13:00:00',
      'due@2025-03-07 15:00:00',
      'escalation@2025-03-07 15:01:00',
    ]);
  });

  it('collapses before-2h into due-morning when both fall at 09:00', () => {
    expect(plan('urgent-transfer', at('2025-03-07T11:00:00'), at('2025-03-06T11:00:00'))).toEqual([
      'due-morning@2025-03-07 09:00:00',
      'due@2025-03-07 11:00:00',
      'escalation@2025-03-07 11:01:00',
    ]);
  });

  it('drops a due-morning that would come after the due instant', () => {
    expect(plan('urgent-transfer', at('2025-03-07T08:00:00'), at('2025-03-06T08:00:00'))).toEqual([
      'before-2h@2025-03-07 06:00:00',
      'due@2025-03-07 08:00:00',
      'escalation@2025-03-07 08:01:00',
    ]);
  });

  it('due on a rest Saturday: due-morning would be Friday 09:00, before the Friday creation', () => {
    expect(plan('urgent-transfer', at('2025-03-08T15:00:00'), at('2025-03-07T15:00:00'))).toEqual([
      'before-2h@2025-03-08 13:00:00',
      'due@2025-03-08 15:00:00',
      'escalation@2025-03-08 15:01:00',
    ]);
  });
});

describe('audiences and invariants', () => {
  it('addresses the escalation to the head and the supervisor, everything else to the responsible body', () => {
    const rs = remindersFor({ kind: 'info-reports', dueAt: endOfLocalDay('2026-11-30') }, at('2026-11-01T00:00:00'), officialCalendar);
    expect(rs.map((r) => [r.key, r.audience])).toEqual([
      ['before-2', 'responsible'],
      ['due-morning', 'responsible'],
      ['due', 'responsible'],
      ['escalation', 'head-and-supervisor'],
    ]);
  });

  it('agrees with chinese-days for every due day of 2024–2025, sorted, unique, on working mornings', () => {
    for (let d = '2024-01-10'; d <= '2025-12-31'; d = nextLocalDate(d)) {
      const rs: Reminder[] = remindersFor({ kind: 'rectification', dueAt: endOfLocalDay(d) }, at('2023-12-01T00:00:00'), officialCalendar);
      expect(rs.map((r) => r.key), d).toEqual(['before-2', 'due-morning', 'due', 'escalation']);
      const [before, morning] = rs;
      expect(localDate(before!.at), d).toBe(chineseDays.findWorkday(-2, d));
      expect(localDate(morning!.at), d).toBe(chineseDays.isWorkday(d) ? d : chineseDays.findWorkday(-1, d));
      for (let i = 1; i < rs.length; i++) expect(rs[i]!.at.getTime()).toBeGreaterThan(rs[i - 1]!.at.getTime());
    }
  });

  it('is deterministic and does not touch its input', () => {
    const dueAt = endOfLocalDay('2025-10-11');
    const createdAt = at('2025-09-30T12:00:00');
    const a = remindersFor({ kind: 'township-transfer', dueAt }, createdAt, officialCalendar);
    const b = remindersFor({ kind: 'township-transfer', dueAt }, createdAt, officialCalendar);
    expect(a).toEqual(b);
    expect(dueAt.toISOString()).toBe('2025-10-11T15:59:59.000Z');
    a[0]!.at.setTime(0);
    expect(dueAt.toISOString()).toBe('2025-10-11T15:59:59.000Z');
  });
});

describe('workingDayBefore / workingDayOnOrBefore', () => {
  it('steps back over rest days and make-up days', () => {
    expect(workingDayBefore(officialCalendar, '2025-10-13', 1)).toBe('2025-10-11');
    expect(workingDayBefore(officialCalendar, '2025-10-09', 1)).toBe('2025-09-30');
    expect(workingDayBefore(officialCalendar, '2025-10-09', 4)).toBe('2025-09-26'); // 09-30, 09-29, Sun 09-28, 09-26
    expect(workingDayOnOrBefore(officialCalendar, '2025-10-11')).toBe('2025-10-11');
    expect(workingDayOnOrBefore(officialCalendar, '2025-10-08')).toBe('2025-09-30');
  });

  it('throws on a bad count or a calendar without working days', () => {
    expect(() => workingDayBefore(officialCalendar, '2025-10-13', 0)).toThrow(RangeError);
    const never: DayCalendar = { isWorkday: () => false, isOfficial: () => true };
    expect(() => workingDayBefore(never, '2025-10-13', 1)).toThrow(RangeError);
  });
});
