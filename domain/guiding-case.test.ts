import { describe, expect, it } from 'vitest';
import { type GuidingCase, accept, canReview, canSubmit, checkFacts, defaultYear, parseActKind, parseYear, publish, sendBack } from './guiding-case';
import { type InfoReport, canView as canViewReport, checkReport, markUsed, parseMonth } from './info-report';
import { checkInspection, PLATFORMS } from './inspection';
import type { Organisation } from './organisation';
import { at, deepFreeze, reason, value } from './testing';

const facts = { actKind: '行政处罚', title: '某超市销售过期食品行政处罚案', summary: '某超市销售超过保质期的酸奶，依法没收并罚款五千元，当事人未申请复议。', why: '社会普遍关注' };

const submitted = (): GuidingCase =>
  deepFreeze({ id: 1, recordNo: 'AL-2026-000001', orgId: 9, year: 2026, ...value(checkFacts(facts)), submittedBy: 100, submittedAt: at('2026-12-01T10:00:00'), status: 'submitted' });

const org = (kind: Organisation['kind']): Organisation => ({ id: 9, code: 'x', name: 'x', aliases: [], kind, receivingBody: '', phone: '', mailbox: '', keywords: [], examples: [] });

describe('guiding cases (M11)', () => {
  it('checks the kind of act and the texts', () => {
    expect(parseActKind('处罚')).toBe('行政处罚');
    expect(parseActKind('行政许可')).toBe('行政许可');
    expect(parseActKind('罚')).toBeUndefined();
    expect(reason(checkFacts({ ...facts, actKind: '表扬' }))).toContain('行政处罚、行政许可');
    expect(reason(checkFacts({ ...facts, title: '案' }))).toContain('案例名称太短');
    expect(reason(checkFacts({ ...facts, summary: '短' }))).toContain('基本案情太短');
    expect(reason(checkFacts({ ...facts, why: '字'.repeat(1001) }))).toContain('1000');
  });

  it('is accepted then published, or returned with reasons; each review once', () => {
    const accepted = value(accept(submitted(), 200, at('2026-12-02T10:00:00')));
    expect(accepted).toMatchObject({ status: 'accepted', reviewedBy: 200 });
    reason(accept(accepted, 200, at('2026-12-02T11:00:00')));
    reason(sendBack(accepted, '不典型', 200, at('2026-12-02T11:00:00')));
    const published = value(publish(accepted, 201, at('2027-01-10T10:00:00')));
    expect(published).toMatchObject({ status: 'published', publishedBy: 201, reviewedBy: 200 });
    expect(reason(publish(published, 201, at('2027-01-11T10:00:00')))).toContain('已于此前标记发布');
    expect(reason(publish(submitted(), 201, at('2027-01-11T10:00:00')))).toContain('须先审查合格');
    expect(reason(sendBack(submitted(), ' ', 200, at('2026-12-02T10:00:00')))).toContain('须写明理由');
    expect(value(sendBack(submitted(), '缺少处罚依据', 200, at('2026-12-02T10:00:00')))).toMatchObject({ status: 'returned', reason: '缺少处罚依据' });
  });

  it('is submitted by a department’s staff and reviewed by the justice bureau', () => {
    const staff = (orgId: number, role: string) => ({ personId: 1, grants: [{ orgId, role }] as never });
    expect(canSubmit(staff(9, 'officer'), org('department'))).toBe(true);
    expect(canSubmit(staff(9, 'officer'), org('township'))).toBe(false);
    expect(canSubmit(staff(8, 'head'), org('department'))).toBe(false);
    expect(canReview(staff(1, 'justice'), 1)).toBe(true);
    expect(canReview(staff(9, 'head'), 1)).toBe(false);
  });
});

describe('information reports (四(三)) and the online inspection (M5)', () => {
  it('checks a report', () => {
    expect(value(checkReport({ title: ' 市场监管局开展节前食品安全检查 ', body: '检查商超12家，发现问题3处，已责令整改到位。' }))).toEqual({
      title: '市场监管局开展节前食品安全检查', body: '检查商超12家，发现问题3处，已责令整改到位。',
    });
    reason(checkReport({ title: '短', body: '检查商超12家，发现问题3处，已责令整改到位。' }));
    reason(checkReport({ title: '市场监管局开展检查', body: '太短了' }));
  });

  it('checks an inspection, expanding “all platforms” to the four M5 names', () => {
    expect(value(checkInspection({ scope: '全部公示平台', findings: '三个单位未及时更新行政处罚公示信息，已通报。' })).scope).toBe(PLATFORMS.join('、'));
    reason(checkInspection({ scope: '全部公示平台', findings: '无' }));
  });
});

describe('the year a guiding case is about (M11 「每年1月之前将上年度…报送」)', () => {
  it('is last year’s in January, this year’s after', () => {
    expect(defaultYear(at('2027-01-01T00:00:00'))).toBe(2026);
    expect(defaultYear(at('2027-01-31T23:59:00'))).toBe(2026);
    expect(defaultYear(at('2027-02-01T00:00:00'))).toBe(2027);
    expect(defaultYear(at('2026-12-31T23:59:00'))).toBe(2026);
  });

  it('may be named, from the plan’s year to this one', () => {
    expect(value(parseYear('2025', at('2026-03-01T10:00:00')))).toBe(2025);
    expect(value(parseYear('２０２５年度', at('2026-03-01T10:00:00')))).toBe(2025);
    expect(reason(parseYear('2027', at('2026-12-31T10:00:00')))).toContain('尚未开始');
    expect(reason(parseYear('2020', at('2026-03-01T10:00:00')))).toContain('2021');
    expect(reason(parseYear('去年', at('2026-03-01T10:00:00')))).toContain('报送案例 2025');
  });
});

describe('information reports: month, 采用, who reads them (四(三))', () => {
  const report: InfoReport = deepFreeze({
    id: 1, recordNo: 'XB-2026-000001', orgId: 9, period: '2026-11', title: '开展专项检查', body: '执法人员检查商超和餐饮单位12家，发现问题3处。',
    submittedBy: 100, submittedAt: at('2026-11-20T10:00:00'), used: null,
  });

  it('reads a month as people name it, never a future one', () => {
    const now = at('2026-12-02T10:00:00');
    expect(value(parseMonth('', now)).key).toBe('2026-12');
    expect(value(parseMonth('2026-11', now)).key).toBe('2026-11');
    expect(value(parseMonth('2026年11月', now)).key).toBe('2026-11');
    expect(value(parseMonth('11月', now)).key).toBe('2026-11');
    expect(value(parseMonth('2025-3', now)).key).toBe('2025-03');
    expect(reason(parseMonth('2027-01', now))).toContain('尚未开始');
    expect(reason(parseMonth('2026-13', now))).toContain('请写明月份');
  });

  it('is used once, with where', () => {
    const used = value(markUsed(report, ' 简报第12期 ', 200, at('2026-11-21T10:00:00')));
    expect(used.used).toEqual({ by: 200, at: at('2026-11-21T10:00:00'), note: '简报第12期' });
    expect(reason(markUsed(used, '', 200, at('2026-11-22T10:00:00')))).toContain('已被采用');
    expect(reason(markUsed(report, '字'.repeat(201), 200, at('2026-11-21T10:00:00')))).toContain('200');
  });

  it('is read by its unit and the bureau only', () => {
    const person = (orgId: number, role: string) => ({ personId: 1, grants: [{ orgId, role }] as never });
    expect(canViewReport(person(9, 'officer'), report, 1)).toBe(true);
    expect(canViewReport(person(1, 'justice'), report, 1)).toBe(true);
    expect(canViewReport(person(10, 'head'), report, 1)).toBe(false);
    expect(canViewReport({ personId: 1, grants: [] }, report, 1)).toBe(false);
  });
});
