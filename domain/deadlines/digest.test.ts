import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../calendar/official';
import { at } from '../testing';
import type { Deadline } from './deadline';
import { dueThisWeek, endOfWeek, isDigestTime } from './digest';

const open = (id: number, due: string): Deadline => ({
  id, kind: 'info-reports', subject: { type: 'period', id: '2026-12' }, orgId: 9, supervisorOrgCode: 'sfj', dueAt: at(due), provisional: false, rule: '', state: 'open',
});

describe('the morning digest', () => {
  it('is due from 08:30 on official working days only (make-up Sundays included, holidays not)', () => {
    expect(isDigestTime(at('2026-12-01T08:29:59'), officialCalendar)).toBe(false);
    expect(isDigestTime(at('2026-12-01T08:30:00'), officialCalendar)).toBe(true);
    expect(isDigestTime(at('2026-12-06T09:00:00'), officialCalendar)).toBe(false); // Sunday
    expect(isDigestTime(at('2025-09-28T09:00:00'), officialCalendar)).toBe(true); // make-up Sunday before National Day
    expect(isDigestTime(at('2025-10-02T09:00:00'), officialCalendar)).toBe(false); // National Day
  });

  it('covers what falls due by Sunday night, soonest first', () => {
    expect(endOfWeek(at('2026-12-01T09:00:00'))).toEqual(at('2026-12-06T23:59:59'));
    expect(endOfWeek(at('2026-12-06T09:00:00'))).toEqual(at('2026-12-06T23:59:59'));
    expect(endOfWeek(at('2026-12-07T00:00:00'))).toEqual(at('2026-12-13T23:59:59'));
    const items = [open(1, '2026-12-31T23:59:59'), open(2, '2026-12-06T23:59:59'), open(3, '2026-12-02T23:59:59'), { ...open(4, '2026-12-03T23:59:59'), state: 'met', metAt: at('2026-12-01T10:00:00') } as Deadline];
    expect(dueThisWeek(items, at('2026-12-01T09:00:00')).map((d) => d.id)).toEqual([3, 2]);
  });
});
