import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, localDate } from './calendar';
import { type HolidayNotice, type NoticeInput, checkNotice, daysText, noticeDifferences, noticeFingerprint, noticeLines, parseDays } from './notice';
import { confirm, reject } from './notice-record';
import { calendarOf, packageYears } from './official';

const NOTICE_2026 = JSON.parse(readFileSync(new URL('../../test/data/notice-2026.json', import.meta.url), 'utf8')) as NoticeInput;
const noon = (date: string) => new Date(`${date}T12:00:00+08:00`);

function value<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? 'accepted' : r.reason!);

describe('parseDays', () => {
  it('reads dates as the notice writes them', () => {
    expect(value(parseDays('10月1日至7日', 2027))).toEqual(['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07']);
    expect(value(parseDays('9月30日至10月2日', 2027))).toEqual(['2027-09-30', '2027-10-01', '2027-10-02']);
    expect(value(parseDays('2027-02-06 至 2027-02-08', 2027))).toEqual(['2027-02-06', '2027-02-07', '2027-02-08']);
    expect(value(parseDays('9月26日、10月9日', 2027))).toEqual(['2027-09-26', '2027-10-09']);
    expect(value(parseDays('１０月１日', 2027))).toEqual(['2027-10-01']); // full-width digits
    expect(value(parseDays('无', 2027))).toEqual([]);
  });

  it('refuses what is not a date, with the token in the reason', () => {
    expect(reason(parseDays('10月32日', 2027))).toContain('「10月32日」不是有效日期');
    expect(reason(parseDays('国庆', 2027))).toContain('不是有效日期');
    expect(reason(parseDays('10月7日至1日', 2027))).toContain('结束日期早于开始日期');
  });
});

describe('checkNotice', () => {
  const base: NoticeInput = { year: 2027, holidays: [{ name: '国庆节', days: ['2027-10-01', '2027-10-02'] }], workdays: [] };

  it('accepts the real 2026 notice, and it gives the same working days as the package', () => {
    const n = value(checkNotice(NOTICE_2026));
    expect(noticeFingerprint(n)).toBe(noticeFingerprint(packageYears().get(2026)!));
    expect(noticeDifferences(n, packageYears().get(2026)!, { mine: '录入', theirs: '软件包' })).toEqual([]);
    expect(noticeLines(n)).toContain('7. 国庆节：10月1日至7日放假，共7天');
  });

  it.each<[string, NoticeInput, string]>([
    ['an empty year', { year: 2027, holidays: [] }, '没有任何节假日'],
    ['a malformed date', { ...base, holidays: [{ name: '国庆节', days: ['2027-10-1'] }] }, '「2027-10-1」不是有效日期'],
    ['an impossible date', { ...base, holidays: [{ name: '国庆节', days: ['2027-02-30'] }] }, '「2027-02-30」不是有效日期'],
    ['a holiday outside the year', { ...base, holidays: [{ name: '元旦', days: ['2026-12-31', '2027-01-01'] }] }, '2026年12月31日（星期四）不在2027年内'],
    ['a make-up day outside the year', { ...base, workdays: ['2028-01-08'] }, '不在2027年内'],
    ['two holidays sharing a day', { year: 2027, holidays: [{ name: '中秋节', days: ['2027-09-15', '2027-10-01'] }, { name: '国庆节', days: ['2027-10-01'] }] }, '同时出现在「中秋节」放假日期和「国庆节」放假日期中'],
    ['a make-up day that is a holiday', { year: 2027, holidays: [{ name: '国庆节', days: ['2027-10-01', '2027-10-02'], workdays: ['2027-10-02'] }] }, '日期不能重叠'],
    ['a make-up day on a weekday', { ...base, workdays: ['2027-10-08'] }, '2027年10月8日（星期五）是工作日，调休上班日应为星期六或星期日'],
    ['a holiday without days', { year: 2027, holidays: [{ name: '国庆节', days: [] }] }, '「国庆节」没有放假日期'],
    ['a holiday without a name', { year: 2027, holidays: [{ name: '  ', days: ['2027-10-01'] }] }, '节日名称不能为空'],
    ['a holiday entered twice', { year: 2027, holidays: [{ name: '国庆节', days: ['2027-10-01'] }, { name: '国庆节', days: ['2027-10-02'] }] }, '录入了两次'],
    ['a day given twice', { year: 2027, holidays: [{ name: '国庆节', days: ['2027-10-01', '2027-10-01'] }] }, '重复出现'],
    ['a year out of range', { ...base, year: 1999 }, '年份应为'],
  ])('refuses %s', (_what, input, expected) => {
    expect(reason(checkNotice(input))).toContain(expected);
  });
});

describe('differences between two notices of a year', () => {
  it('names each day on which they disagree, and nothing else', () => {
    const entered = value(checkNotice({ year: 2027, holidays: [{ name: '国庆节', days: ['2027-10-01', '2027-10-04', '2027-10-05'] }], workdays: ['2027-09-26'] }));
    const other = value(checkNotice({ year: 2027, holidays: [{ name: 'National Day', days: ['2027-10-01', '2027-10-04', '2027-10-06'] }], workdays: [] }));
    expect(noticeDifferences(entered, other, { mine: '录入', theirs: '软件包' })).toEqual([
      '2027年9月26日（星期日）：录入为工作日，软件包为休息日',
      '2027年10月5日（星期二）：录入为休息日，软件包为工作日',
      '2027年10月6日（星期三）：录入为工作日，软件包为休息日',
    ]);
    expect(daysText(['2027-09-30', '2027-10-01', '2027-10-02', '2027-10-09'])).toBe('9月30日至10月2日、10月9日');
  });
});

describe('the two-person rule', () => {
  const notice = value(checkNotice(NOTICE_2026));
  const pending = { id: 1, year: 2026, notice, enteredBy: { via: 'chat' as const, personId: 7 }, enteredAt: noon('2025-11-20'), state: 'pending' as const };

  it('refuses the person who entered it, and takes anyone else', () => {
    expect(reason(confirm(pending, 7, noon('2025-11-21')))).toContain('须由另一名司法局工作人员或管理员核对确认');
    expect(value(confirm(pending, 8, noon('2025-11-21')))).toMatchObject({ state: 'confirmed', confirmedBy: 8 });
  });

  it('lets anyone keeping the calendar confirm a file entered on the server, once', () => {
    const fromFile = { ...pending, enteredBy: { via: 'file' as const } };
    const confirmed = value(confirm(fromFile, 7, noon('2025-11-21')));
    expect(reason(confirm(confirmed, 8, noon('2025-11-22')))).toContain('已于');
    expect(reason(reject(confirmed, 8, '有误', noon('2025-11-22')))).toContain('已于');
  });

  it('sends back only with a reason', () => {
    expect(reason(reject(pending, 8, '  ', noon('2025-11-21')))).toContain('退回须写明理由');
    expect(value(reject(pending, 8, '国庆节日期与通知不符', noon('2025-11-21')))).toMatchObject({ state: 'rejected', reason: '国庆节日期与通知不符' });
  });
});

describe('the official calendar over two sources', () => {
  const without2026 = packageYears({ without: [2026] });
  const entered = new Map<number, HolidayNotice>([[2026, value(checkNotice(NOTICE_2026))]]);

  it('counts 2026 on the statutory guess, provisional, while neither source has it', () => {
    const cal = calendarOf(without2026);
    expect(cal.sourceOf(2026)).toBe('statutory');
    const due = addWorkingDays(cal, noon('2026-09-29'), 3); // Wed 30 Sep; 1–3 Oct statutory; Mon 5, Tue 6
    expect(localDate(due.due)).toBe('2026-10-06');
    expect(due.provisional).toBe(true);
  });

  it('counts an entered year on the entered notice, official', () => {
    const cal = calendarOf(without2026, entered);
    expect(cal.sourceOf(2026)).toBe('entered');
    const due = addWorkingDays(cal, noon('2026-09-29'), 3); // Wed 30 Sep; 1–7 Oct off; Thu 8, Fri 9
    expect(localDate(due.due)).toBe('2026-10-09');
    expect(due.provisional).toBe(false);
    expect(cal.isWorkday('2026-10-10')).toBe(true); // the make-up Saturday
  });

  it('lets an entered year override the package for that year only', () => {
    const odd = value(checkNotice({ year: 2025, holidays: [{ name: '国庆节', days: ['2025-10-01'] }], workdays: [] }));
    const cal = calendarOf(packageYears(), new Map([[2025, odd]]));
    expect(cal.sourceOf(2025)).toBe('entered');
    expect(cal.isWorkday('2025-10-02')).toBe(true); // the package says holiday
    expect(cal.isWorkday('2026-10-02')).toBe(false); // 2026 still the package's
    expect(cal.sourceOf(2026)).toBe('package');
  });
});
