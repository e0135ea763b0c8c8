import { describe, expect, it } from 'vitest';
import * as F from './followup';

const at = (s: string) => new Date(`${s}+08:00`);
const base: F.FollowUp = {
  id: 1, complaintId: 1, trackingNo: 'TS-2026-000001', complainantPersonId: 7, orgId: 3, round: 1,
  resolvedAt: at('2026-11-25T10:00:00'), remindAt: at('2026-12-01T09:00:00'), closeAt: at('2026-12-04T23:59:59'),
  reopenUntil: at('2026-12-16T23:59:59'), state: 'asked',
};
const rated = (resolved: F.ResolvedAnswer, satisfaction: F.Satisfaction) => {
  const r = F.rate(base, { resolved, satisfaction, comment: '  ' }, at('2026-11-26T10:00:00'));
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('follow-up lifecycle', () => {
  it('is answered once, with an empty comment kept as none', () => {
    const a = rated('已解决', '满意');
    expect(a.rating.comment).toBeNull();
    expect(F.rate(a, { resolved: '未解决', satisfaction: '不满意', comment: null }, at('2026-11-27T10:00:00')).ok).toBe(false);
  });

  it('is reminded only from its time, and closes only after its last day', () => {
    expect(F.remind(base, at('2026-11-30T20:00:00')).ok).toBe(false);
    const r = F.remind(base, at('2026-12-01T09:00:00'));
    expect(r.ok && r.value.state).toBe('reminded');
    expect(F.expire(base, at('2026-12-04T23:00:00')).ok).toBe(false);
    const e = F.expire(base, at('2026-12-05T00:00:00'));
    expect(e.ok && e.value.state).toBe('unrated');
    expect(F.rate(base, { resolved: '已解决', satisfaction: '满意', comment: null }, at('2026-12-05T00:00:00')).ok).toBe(false);
  });

  it('reopening: only on 未解决 or 不满意, in time, once per 办结, at most twice', () => {
    const now = at('2026-11-27T10:00:00');
    expect(F.requestReopen(rated('已解决', '满意'), '问题依旧存在', 0, now).ok).toBe(false);
    expect(F.requestReopen(rated('部分解决', '不满意'), '问题依旧存在', 0, now).ok).toBe(true);
    expect(F.requestReopen(rated('未解决', '基本满意'), '问题依旧存在', 0, now).ok).toBe(true);
    expect(F.requestReopen(rated('未解决', '不满意'), '问题依旧存在', 2, now).ok).toBe(false);
    expect(F.requestReopen(rated('未解决', '不满意'), '问题依旧存在', 0, at('2026-12-17T00:00:00')).ok).toBe(false);
    expect(F.requestReopen(rated('未解决', '不满意'), '短', 0, now).ok).toBe(false);
    const req = F.requestReopen(rated('未解决', '不满意'), '问题依旧存在', 0, now);
    if (!req.ok) throw new Error(req.reason);
    expect(F.requestReopen(req.value, '再次申请重办', 0, now).ok).toBe(false);
    expect(F.declineReopen(req.value, '', 9, now).ok).toBe(false);
    const yes = F.approveReopen(req.value, 9, now);
    expect(yes.ok && yes.value.reopen?.state).toBe('reopened');
    if (yes.ok) expect(F.approveReopen(yes.value, 9, now).ok).toBe(false);
  });

  it('figures count 已办结 and 已解决 apart', () => {
    const { all, perOrg } = F.figures([
      { orgId: 1, resolved: true, onTime: true, reopens: 1, latest: { state: 'answered', resolved: '已解决', satisfaction: '基本满意' } },
      { orgId: 1, resolved: true, onTime: false, reopens: 0, latest: { state: 'answered', resolved: '部分解决', satisfaction: '不满意' } },
      { orgId: 2, resolved: true, onTime: true, reopens: 0, latest: { state: 'unrated' } },
      { orgId: 2, resolved: false, onTime: null, reopens: 0, latest: null },
    ]);
    expect(all).toMatchObject({ total: 4, resolved: 3, onTime: 2, rated: 2, solved: 1, satisfied: 1, unrated: 1, waiting: 0, reopened: 1 });
    expect(perOrg.map((f) => f.total)).toEqual([2, 2]);
    expect(F.rateText(1, 2)).toBe('50.0%（1/2）');
    expect(F.rateText(0, 0)).toBe('—（0/0）');
  });
});
