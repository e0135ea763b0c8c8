import { describe, expect, it } from 'vitest';
import * as R from './request';
import { checkPeriod, parseCounts, parsePeriod } from './statistics';

const open: R.InfoRequest = { id: 1, requestNo: 'XX-2026-000001', fromOrgId: 1, toOrgId: 2, subject: '处罚记录', purpose: '办案', requesterPersonId: 3, requestedAt: new Date(0), state: 'open' };

describe('information requests', () => {
  it('checks the request', () => {
    expect(R.checkRequest({ fromOrgId: 1, toOrgId: 1, subject: '处罚记录查询', purpose: '办案' }).ok).toBe(false);
    expect(R.checkRequest({ fromOrgId: 1, toOrgId: 2, subject: '记录', purpose: '办案' }).ok).toBe(false);
    expect(R.checkRequest({ fromOrgId: 1, toOrgId: 2, subject: ' 处罚记录查询 ', purpose: '办案' })).toMatchObject({ ok: true, value: { subject: '处罚记录查询' } });
  });

  it('refuses only on a listed ground, the other legal ground stated', () => {
    expect(R.refuse(open, '保密', '', 4, new Date(1)).ok).toBe(false);
    expect(R.refuse(open, '', '', 4, new Date(1)).ok).toBe(false);
    expect(R.refuse(open, '其他法定事由', '无', 4, new Date(1)).ok).toBe(false);
    expect(R.refuse(open, '其他法定事由', '《刑事诉讼法》第一百五十二条', 4, new Date(1))).toMatchObject({ ok: true, value: { state: 'refused', ground: 'other-legal' } });
    expect(R.refuse(open, '其他法定事由', '依据《刑事诉讼法》', 4, new Date(1)).ok).toBe(false); // the article too
    expect(R.refuse(open, '工作秘密', '', 4, new Date(1))).toEqual({ ok: false, reason: expect.stringContaining(R.NO_SECRECY_REFUSAL) });
    expect(R.refuse(open, '其他法定事由', '属内部资料，《档案法》第二十条', 4, new Date(1))).toEqual({ ok: false, reason: expect.stringContaining(R.NO_SECRECY_REFUSAL) });
    expect(R.isGeneralSecrecy('依《中华人民共和国保守国家秘密法》第九条')).toBe(false); // a law's name is not the reason
    expect(R.refuse(open, '商业秘密', '配方属企业技术秘密', 4, new Date(1)).ok).toBe(true); // a listed secret may say 秘密
    for (const [word, g] of [['国家秘密', 'state-secret'], ['商业秘密', 'trade-secret'], ['隐私', 'privacy']] as const) {
      expect(R.refuse(open, word, '', 4, new Date(1))).toMatchObject({ ok: true, value: { ground: g } });
    }
    const answered = R.answer(open, '无处罚记录', 4, new Date(1));
    expect(answered.ok && answered.value.state).toBe('answered');
    if (answered.ok) expect(R.refuse(answered.value, '国家秘密', '', 4, new Date(2))).toEqual({ ok: false, reason: '信息查询 XX-2026-000001 已提供。' });
  });
});

describe('statistics', () => {
  it('reads periods as people write them', () => {
    expect(['2026-11', '2026年11月', '2026-Q4', '2026年第四季度', '2026-H2', '2026年下半年', '2026', '2026年度', '2026-1'].map((t) => parsePeriod(t)?.key)).toEqual([
      '2026-11', '2026-11', '2026-Q4', '2026-Q4', '2026-H2', '2026-H2', '2026', '2026', '2026-01',
    ]);
    expect(parsePeriod('下个月')).toBeUndefined();
    expect(checkPeriod(parsePeriod('2027-01')!, new Date('2026-12-31T12:00:00+08:00')).ok).toBe(false);
    expect(checkPeriod(parsePeriod('2026-12')!, new Date('2026-12-31T12:00:00+08:00')).ok).toBe(true);
  });

  it('takes six counts in order', () => {
    expect(parseCounts('12 30，2、0,0 45')).toEqual({ ok: true, value: { licensing: 12, penalty: 30, coercion: 2, levy: 0, fee: 0, inspection: 45 } });
    expect(parseCounts('1 2 3').ok).toBe(false);
    expect(parseCounts('1 2 3 4 5 -6').ok).toBe(false);
    expect(parseCounts('1 2 3 4 5 6.5').ok).toBe(false);
  });
});
