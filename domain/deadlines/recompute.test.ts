import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkNotice, type NoticeInput } from '../calendar/notice';
import { calendarOf, packageYears } from '../calendar/official';
import type { Deadline } from './deadline';
import { recomputeDue } from './recompute';
import { deadlineFor } from './rules';

const at = (s: string) => new Date(s);
const provisionalCal = calendarOf(packageYears({ without: [2026] }));
const notice = checkNotice(JSON.parse(readFileSync(new URL('../../test/data/notice-2026.json', import.meta.url), 'utf8')) as NoticeInput);
if (!notice.ok) throw new Error(notice.reason);
const officialCal = calendarOf(packageYears({ without: [2026] }), new Map([[2026, notice.value]]));

/** A township transfer found at `found`, counted on the provisional calendar, in a state. */
function transfer(found: string, state: Partial<Deadline> = {}): Deadline {
  const spec = deadlineFor({ kind: 'township-transfer' }, { from: at(found), orgId: 5, subject: { type: 'case', id: 'AJ-1' } }, provisionalCal);
  if (!spec.ok) throw new Error(spec.reason);
  return { ...spec.value, id: 1, ...state } as Deadline;
}

describe('recomputeDue', () => {
  it('moves an open provisional clock to the official due (3 working days across 国庆)', () => {
    const d = transfer('2026-09-29T10:00:00+08:00');
    expect(d.dueAt.toISOString()).toBe('2026-10-06T15:59:59.000Z'); // provisional: Tue 6 Oct
    expect(d.provisional).toBe(true);
    expect(recomputeDue(d, officialCal, at('2026-09-30T10:00:00+08:00'))).toEqual({
      kind: 'changed', outcome: 'moved', dueAt: at('2026-10-09T23:59:59+08:00'), provisional: false, state: 'open',
    });
  });

  it('restores a clock missed under the provisional due and not missed under the official one', () => {
    const d = transfer('2026-09-28T10:00:00+08:00', { state: 'missed', missedAt: at('2026-10-06T00:00:00+08:00') } as Partial<Deadline>);
    expect(d.dueAt.toISOString()).toBe('2026-10-05T15:59:59.000Z');
    expect(recomputeDue(d, officialCal, at('2026-10-06T08:00:00+08:00'))).toMatchObject({ outcome: 'restored', dueAt: at('2026-10-08T23:59:59+08:00'), state: 'open' });
    // Still missed officially: the record takes the official due and stays missed.
    expect(recomputeDue(d, officialCal, at('2026-10-09T08:00:00+08:00'))).toMatchObject({ outcome: 'still-missed', state: 'missed' });
  });

  it('keeps a missed clock missed when only its 暂定 mark goes', () => {
    // Found Tue 15 Sep: Wed 16, Thu 17, Fri 18 on either calendar — only the 暂定 mark differs.
    const d = transfer('2026-09-15T10:00:00+08:00', { state: 'missed', missedAt: at('2026-09-19T00:00:00+08:00') } as Partial<Deadline>);
    const r = recomputeDue({ ...d, provisional: true }, officialCal, at('2026-10-06T08:00:00+08:00'));
    expect(r).toMatchObject({ kind: 'changed', outcome: 'confirmed', state: 'missed', provisional: false });
  });

  it('reports, rather than escalates, a clock the official calendar makes already due', () => {
    const d = transfer('2026-10-09T10:00:00+08:00'); // provisional Wed 14 Oct; official Tue 13 (Sat 10 Oct is a make-up day)
    expect(recomputeDue(d, officialCal, at('2026-10-14T10:00:00+08:00'))).toMatchObject({ outcome: 'now-overdue', dueAt: at('2026-10-13T23:59:59+08:00') });
  });

  it('leaves what it cannot or need not count again', () => {
    const d = transfer('2026-09-29T10:00:00+08:00');
    const { startedAt: _s, ...old } = d;
    expect(recomputeDue(old as Deadline, officialCal, at('2026-09-30T10:00:00+08:00'))).toEqual({ kind: 'unrecomputable' });
    expect(recomputeDue({ ...d, state: 'met', metAt: at('2026-09-30T10:00:00+08:00') } as Deadline, officialCal, at('2026-09-30T10:00:00+08:00'))).toEqual({ kind: 'unchanged' });
    expect(recomputeDue(d, provisionalCal, at('2026-09-30T10:00:00+08:00'))).toEqual({ kind: 'unchanged' });
  });
});
