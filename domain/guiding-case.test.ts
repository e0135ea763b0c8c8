import { describe, expect, it } from 'vitest';
import { type GuidingCase, accept, canReview, canSubmit, checkFacts, parseActKind, publish, sendBack } from './guiding-case';
import { checkReport } from './info-report';
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
