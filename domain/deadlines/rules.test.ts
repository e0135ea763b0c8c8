import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { type DayCalendar, localDate, nextLocalDate } from '../calendar/calendar';
import { officialCalendar } from '../calendar/official';
import { ACCEPT_NOTICE_WORKING_DAYS } from '../complaint';
import type { Result } from '../result';
import {
  type DeadlineRule,
  WORKING_DAYS_OF,
  deadlineFor,
  dueFor,
  formatLocalDate,
  isLocalDate,
  parseRule,
  parseRuleName,
} from './rules';
import { value, reason, at } from '../testing';

const noon = (date: string) => at(`${date}T12:00:00`);

/** The local date a rule falls due on, checking it ends at 23:59:59 +08:00 of that day. */
function dueDay(rule: DeadlineRule, from: Date, cal: DayCalendar = officialCalendar): string {
  const { dueAt } = value(dueFor(rule, from, cal));
  const d = localDate(dueAt);
  expect(dueAt.toISOString()).toBe(new Date(`${d}T23:59:59+08:00`).toISOString());
  return d;
}

const township: DeadlineRule = { kind: 'township-transfer' };
const urgent: DeadlineRule = { kind: 'urgent-transfer' };
const discipline: DeadlineRule = { kind: 'discipline-referral' };
const accept: DeadlineRule = { kind: 'complaint-accept' };

describe('working-day clocks', () => {
  it('uses the complaint module’s 7 working days for 受理告知', () => {
    expect(WORKING_DAYS_OF['complaint-accept']).toBe(ACCEPT_NOTICE_WORKING_DAYS);
    expect(ACCEPT_NOTICE_WORKING_DAYS).toBe(7);
  });

  it('2025 National Day: 乡镇移送 from Tue 2025-09-30 is due Sat 2025-10-11, a make-up workday', () => {
    // 10-01..08 holiday; 10-09 (1), 10-10 (2), Sat 10-11 调休上班 (3).
    expect(officialCalendar.isWorkday('2025-10-11')).toBe(true);
    const r = value(dueFor(township, noon('2025-09-30'), officialCalendar));
    expect(r.dueAt.toISOString()).toBe('2025-10-11T15:59:59.000Z');
    expect(r.provisional).toBe(false);
    expect(r.rule).toBe('乡镇移送：自2025年9月30日发现起3个工作日内');
  });

  it('2025 National Day: 纪检移送 from Fri 2025-09-26 counts the make-up Sun 09-28 and Sat 10-11', () => {
    // 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16
    expect(dueDay(discipline, noon('2025-09-26'))).toBe('2025-10-16');
    expect(value(dueFor(discipline, noon('2025-09-26'), officialCalendar)).rule).toBe(
      '纪检移送：自2025年9月26日办结起10个工作日内',
    );
  });

  it('2025 Spring Festival: 受理告知 from Fri 2025-01-24 is Mon 2025-02-10', () => {
    // Sun 01-26 (1), 01-27 (2), [01-28..02-04 holiday], 02-05, 02-06, 02-07, Sat 02-08 (6), Mon 02-10 (7)
    expect(dueDay(accept, noon('2025-01-24'))).toBe('2025-02-10');
    expect(dueDay(discipline, noon('2025-01-20'))).toBe('2025-02-08'); // lands on the make-up Saturday
    expect(dueDay(township, noon('2025-02-07'))).toBe('2025-02-11'); // Sat 02-08, Mon 02-10, Tue 02-11
  });

  it('2024 Spring Festival: 纪检移送 from 2024-02-08 is 2024-02-28', () => {
    // 02-09, Sun 02-18, 02-19..23, 02-26, 02-27, 02-28
    expect(dueDay(discipline, noon('2024-02-08'))).toBe('2024-02-28');
  });

  it('2024 National Day: make-up Sat 2024-10-12 counts', () => {
    expect(dueDay(township, noon('2024-09-30'))).toBe('2024-10-10');
    expect(dueDay(accept, noon('2024-09-27'))).toBe('2024-10-12'); // Sun 09-29, 09-30, 10-08..11, Sat 10-12
  });

  it('reads the event’s day in Shanghai time', () => {
    // 2025-09-29T17:00Z is 2025-09-30 01:00 in Shanghai.
    expect(dueDay(township, new Date('2025-09-29T17:00:00Z'))).toBe('2025-10-11');
    // One second earlier it is still 09-29 23:59:59: 09-30, 10-09, 10-10.
    expect(dueDay(township, new Date('2025-09-29T15:59:59Z'))).toBe('2025-10-10');
  });

  it('agrees with chinese-days findWorkday for every start day of 2024–2025', () => {
    for (let d = '2024-01-01'; d <= '2025-12-31'; d = nextLocalDate(d)) {
      expect(dueDay(township, noon(d)), `${d} 乡镇移送`).toBe(chineseDays.findWorkday(3, d));
      expect(dueDay(discipline, noon(d)), `${d} 纪检移送`).toBe(chineseDays.findWorkday(10, d));
    }
  });

  it('is provisional when it runs into a year without published data', () => {
    const r = value(dueFor(township, noon('2026-12-30'), officialCalendar));
    expect(localDate(r.dueAt)).toBe('2027-01-05'); // 12-31, (元旦, weekend), 01-04, 01-05
    expect(r.provisional).toBe(true);
    expect(value(dueFor(township, noon('2026-12-25'), officialCalendar)).provisional).toBe(false);
  });
});

describe('answers owed (our readings, README)', () => {
  it('counts working days for the answers to an opinion (5), a 信息查询 (10) and a 协查 or 执法协助 request (15)', () => {
    expect(WORKING_DAYS_OF).toMatchObject({ 'dispute-response': 5, 'info-request-reply': 10, 'complaint-assist': 15, 'assistance-reply': 15 });
    for (let d = '2025-01-01'; d <= '2025-12-31'; d = nextLocalDate(d)) {
      expect(dueDay({ kind: 'dispute-response' }, noon(d)), `${d} 表态`).toBe(chineseDays.findWorkday(5, d));
      expect(dueDay({ kind: 'info-request-reply' }, noon(d)), `${d} 信息查询`).toBe(chineseDays.findWorkday(10, d));
      expect(dueDay({ kind: 'complaint-assist' }, noon(d)), `${d} 协查`).toBe(chineseDays.findWorkday(15, d));
    }
    expect(value(dueFor({ kind: 'dispute-response' }, noon('2025-09-30'), officialCalendar)).rule).toBe('协调意见表态：自2025年9月30日出具协调意见起5个工作日内');
  });

  it('gives a complaint’s result 60 days from 受理, a last day that is a rest day moving to the next working day', () => {
    const resolve: DeadlineRule = { kind: 'complaint-resolve' };
    expect(dueDay(resolve, noon('2025-06-02'))).toBe('2025-08-01'); // a Friday
    expect(dueDay(resolve, noon('2025-08-02'))).toBe('2025-10-09'); // 10-01 is National Day: 10-01…10-08 off
    expect(dueDay(resolve, noon('2026-09-01'))).toBe('2026-11-02'); // Sat 10-31 → Mon 11-02
    const r = value(dueFor(resolve, noon('2025-06-02'), officialCalendar));
    expect(r.rule).toBe('投诉办结：自2025年6月2日受理起60日内（末日为休息日的，顺延至其后第一个工作日）');
    expect(r.provisional).toBe(false);
    expect(value(dueFor(resolve, noon('2026-12-07'), officialCalendar)).provisional).toBe(true);
  });

  it('names what a clock set at an upgrade runs from', () => {
    const spec = value(deadlineFor({ kind: 'info-request-reply' }, { from: noon('2025-06-02'), orgId: 1, subject: { type: 'info-request', id: 'XX-2025-000001' }, event: '系统补设答复时限' }, officialCalendar));
    expect(spec).toMatchObject({ kind: 'info-request-reply', supervisorOrgCode: 'sfj', rule: '信息查询答复：自2025年6月2日系统补设答复时限起10个工作日内' });
  });
});

describe('24-hour clock', () => {
  it('runs through a holiday, from the instant', () => {
    const r = value(dueFor(urgent, at('2025-09-30T18:00:00'), officialCalendar));
    expect(r.dueAt.toISOString()).toBe(at('2025-10-01T18:00:00').toISOString()); // National Day itself
    expect(r.provisional).toBe(false);
    expect(r.rule).toBe('紧急移送：自2025年9月30日 18:00发现起24小时内');
    // 除夕 2024-02-09 20:00 → 初一 20:00
    expect(value(dueFor(urgent, at('2024-02-09T20:00:00'), officialCalendar)).dueAt.toISOString()).toBe(
      at('2024-02-10T20:00:00').toISOString(),
    );
  });

  it('is not provisional past the published data', () => {
    expect(value(dueFor(urgent, at('2026-12-31T10:00:00'), officialCalendar)).provisional).toBe(false);
  });
});

describe('explicit dates', () => {
  it('ends at 23:59:59 +08:00 of the date given, even on a holiday', () => {
    const r = value(dueFor({ kind: 'rectification', date: '2025-10-05' }, noon('2025-09-20'), officialCalendar));
    expect(r.dueAt.toISOString()).toBe('2025-10-05T15:59:59.000Z');
    expect(r.provisional).toBe(false);
    expect(r.rule).toBe('整改：监督通知书载明的整改期限 2025年10月5日');
    expect(value(dueFor({ kind: 'transfer-order', date: '2025-12-31' }, noon('2025-12-01'), officialCalendar)).rule).toBe(
      '责令限期移送：责令限期移送的期限 2025年12月31日',
    );
    expect(dueDay({ kind: 'meeting-item', date: '2027-03-01' }, noon('2026-12-20'))).toBe('2027-03-01');
  });

  it('accepts the day of the event itself', () => {
    expect(dueDay({ kind: 'meeting-item', date: '2025-11-03' }, at('2025-11-03T10:00:00'))).toBe('2025-11-03');
    // 2025-11-02T17:00Z is already 11-03 in Shanghai.
    expect(dueDay({ kind: 'meeting-item', date: '2025-11-03' }, new Date('2025-11-02T17:00:00Z'))).toBe('2025-11-03');
  });

  it('refuses a date before the event and a date that does not exist', () => {
    expect(reason(dueFor({ kind: 'rectification', date: '2025-09-19' }, noon('2025-09-20'), officialCalendar))).toBe(
      '整改期限 2025年9月19日 早于通知书下发日期 2025年9月20日。',
    );
    reason(dueFor({ kind: 'rectification', date: '2025-02-29' }, noon('2025-01-20'), officialCalendar));
    reason(dueFor({ kind: 'meeting-item', date: '2025/03/01' }, noon('2025-01-20'), officialCalendar));
  });
});

describe('isLocalDate / formatLocalDate', () => {
  it('accepts real dates only', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('2025-1-01')).toBe(false);
    expect(formatLocalDate('2025-01-05')).toBe('2025年1月5日');
  });
});

describe('deadlineFor', () => {
  it('builds an open deadline with the supervisor of its kind', () => {
    const d = value(
      deadlineFor(township, { from: noon('2025-09-30'), orgId: 31, subject: { type: 'case', id: 'AJ-9' } }, officialCalendar),
    );
    expect(d).toEqual({
      kind: 'township-transfer',
      subject: { type: 'case', id: 'AJ-9' },
      orgId: 31,
      supervisorOrgCode: 'sfj',
      dueAt: new Date('2025-10-11T15:59:59.000Z'),
      provisional: false,
      rule: '乡镇移送：自2025年9月30日发现起3个工作日内',
      startedAt: noon('2025-09-30'), // kept to count it again if the calendar of its years changes
      state: 'open',
    });
    const item = value(
      deadlineFor(
        { kind: 'meeting-item', date: '2026-03-31' },
        { from: noon('2026-01-15'), orgId: 12, subject: { type: 'meeting-item', id: '2026-1-3' } },
        officialCalendar,
      ),
    );
    expect(item.supervisorOrgCode).toBe('xtb');
  });

  it('passes on a refusal', () => {
    reason(
      deadlineFor(
        { kind: 'rectification', date: '2025-01-01' },
        { from: noon('2025-03-01'), orgId: 1, subject: { type: 'notice', id: 'JD-1' } },
        officialCalendar,
      ),
    );
  });
});

describe('parseRuleName / parseRule', () => {
  it('reads the names staff type, and the API names', () => {
    expect(parseRuleName('乡镇移送')).toBe('township-transfer');
    expect(parseRuleName('紧急移送')).toBe('urgent-transfer');
    expect(parseRuleName('纪检移送')).toBe('discipline-referral');
    expect(parseRuleName('受理告知')).toBe('complaint-accept');
    expect(parseRuleName('township-transfer')).toBe('township-transfer');
    expect(parseRuleName('urgent-transfer')).toBe('urgent-transfer');
    expect(parseRuleName('discipline-referral')).toBe('discipline-referral');
    expect(parseRuleName('complaint-accept')).toBe('complaint-accept');
  });

  it('ignores spaces, full-width forms, case, underscores, quotes and a trailing 期限', () => {
    expect(parseRuleName('  乡镇 移送 ')).toBe('township-transfer');
    expect(parseRuleName('「纪检移送」')).toBe('discipline-referral');
    expect(parseRuleName('Urgent_Transfer')).toBe('urgent-transfer');
    expect(parseRuleName('ＴＯＷＮＳＨＩＰ－ＴＲＡＮＳＦＥＲ')).toBe('township-transfer');
    expect(parseRuleName('紧急移送期限')).toBe('urgent-transfer');
    expect(parseRuleName('24小时移送')).toBe('urgent-transfer');
    expect(parseRuleName('责令限期移送')).toBe('transfer-order');
    expect(parseRuleName('整改期限')).toBe('rectification');
  });

  it('does not guess', () => {
    for (const t of ['移送', '', '乡镇', '紧急', 'transfer', '纪检移送吧', 'township transfer x'])
      expect(parseRuleName(t), t).toBeUndefined();
  });

  it('needs a date for an explicit-date rule and none for a clock', () => {
    expect(value(parseRule('乡镇移送'))).toEqual({ kind: 'township-transfer' });
    expect(value(parseRule('整改', '2026-03-05'))).toEqual({ kind: 'rectification', date: '2026-03-05' });
    expect(reason(parseRule('整改'))).toBe('整改须写明期限日期。');
    reason(parseRule('议定事项', '2026-02-30'));
    expect(reason(parseRule('快点移送'))).toContain('无法识别期限规则「快点移送」');
  });
});
