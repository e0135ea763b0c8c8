import { describe, expect, it } from 'vitest';
import {
  type Inspection, type NoticeIssued, type NoticeReported, acceptReport, canViewInspection, canViewNotice, failReport, noticeIn, parseLocalDate,
  parseMethod, parseRoundSubject, parseSubjects, returnReport, roundSubject, submitReport, validateInspection, validateNotice,
} from './supervision';
import { at, deepFreeze, reason, value } from './testing';

const CGJ = 11;
const BUREAU = 1;
const bodies = { justiceBureauId: BUREAU, governmentId: 2, coordinationOfficeId: 3 };

const inspection: Inspection = deepFreeze({
  id: 5, no: 'JC-2026-000001', inspectorOrgId: BUREAU, method: 'special', subjects: ['legality', 'files'], orgIds: [CGJ, 12], officers: null, summary: '抽查案卷30卷',
  recordedBy: 900, recordedAt: at('2026-11-25T10:00:00'), bulletinAt: null,
});

function issued(): NoticeIssued {
  return deepFreeze({
    id: 1, no: 'JD-2026-000001', version: 0, inspectionId: 5, orgId: CGJ, findings: '案卷缺少法制审核意见', dueDate: '2026-12-10',
    dueAt: at('2026-12-10T23:59:59'), issuedBy: 900, issuedAt: at('2026-11-25T10:00:00'), round: 1, history: [], status: 'issued',
  });
}
const reported = (): NoticeReported => deepFreeze(value(submitReport(issued(), '已逐卷补充法制审核意见', 700, at('2026-12-01T09:00:00'))));

describe('the plan’s lists', () => {
  it('reads the five methods (M7) by number, name or short form', () => {
    expect(parseMethod('1')).toBe('routine');
    expect(parseMethod('专项监督')).toBe('special');
    expect(parseMethod('大数据')).toBe('bigdata');
    expect(parseMethod('委托第三方评估')).toBe('third-party');
    expect(parseMethod('暗访')).toBe('unannounced');
    expect(parseMethod('6')).toBeUndefined();
  });

  it('reads subjects as numbers, ranges or 全部', () => {
    expect(value(parseSubjects('1 3、8'))).toEqual(['legality', 'decisions', 'files']);
    expect(value(parseSubjects('2-4'))).toEqual(['team', 'decisions', 'duties']);
    expect(value(parseSubjects('全部'))).toHaveLength(11);
    expect(value(parseSubjects('文明执法情况'))).toEqual(['civility']);
    expect(reason(parseSubjects('12'))).toContain('1–11');
    expect(reason(parseSubjects('执法'))).toContain('序号');
  });

  it('reads dates as people write them', () => {
    expect(parseLocalDate('2026-12-31')).toBe('2026-12-31');
    expect(parseLocalDate('2026/1/5')).toBe('2026-01-05');
    expect(parseLocalDate('2026年12月1日')).toBe('2026-12-01');
    expect(parseLocalDate('2026-02-30')).toBeUndefined();
    expect(parseLocalDate('明天')).toBeUndefined();
  });
});

describe('inspections and notices', () => {
  it('checks an inspection and a notice against it', () => {
    const base = {
      inspectorOrgId: BUREAU, method: 'routine' as const, subjects: ['team' as const], orgIds: [CGJ], officers: null, summary: '日常检查', recordedBy: 1,
      recordedAt: at('2026-11-25T10:00:00'),
    };
    expect(value(validateInspection(base, bodies)).summary).toBe('日常检查');
    expect(reason(validateInspection({ ...base, orgIds: [] }, bodies))).toContain('被监督单位');
    expect(reason(validateInspection({ ...base, orgIds: [CGJ, CGJ] }, bodies))).toContain('重复');
    // A body's own inspection (its 法制工作机构): of itself only, naming what it checked.
    const own = { ...base, inspectorOrgId: CGJ, officers: '第二中队' };
    expect(value(validateInspection(own, bodies)).officers).toBe('第二中队');
    expect(reason(validateInspection({ ...own, orgIds: [12] }, bodies))).toContain('只针对本单位');
    expect(reason(validateInspection({ ...own, officers: '' }, bodies))).toContain('检查对象');
    const notice = { inspectionId: 5, orgId: 99, findings: '案卷缺少法制审核意见', dueDate: '2026-12-10', dueAt: at('2026-12-10T23:59:59'), issuedBy: 1, issuedAt: at('2026-11-25T10:00:00') };
    expect(reason(validateNotice(notice, inspection))).toContain('不在监督检查 JC-2026-000001');
    expect(reason(validateNotice({ ...notice, orgId: CGJ, findings: '太少' }, inspection))).toContain('太短');
  });

  it('goes issued → reported → accepted', () => {
    const r = reported();
    expect(r).toMatchObject({ status: 'reported', report: '已逐卷补充法制审核意见', reportedBy: 700 });
    expect(value(acceptReport(r, 900, at('2026-12-02T09:00:00')))).toMatchObject({ status: 'accepted', reviewedBy: 900, round: 1 });
  });

  it('a returned report opens the next round with the new date and keeps the old round', () => {
    const back = value(returnReport(reported(), '复议期限仍未载明', { date: '2026-12-20', at: at('2026-12-20T23:59:59') }, 900, at('2026-12-02T09:00:00')));
    expect(back).toMatchObject({ status: 'issued', round: 2, dueDate: '2026-12-20' });
    expect(back).not.toHaveProperty('report');
    expect(back.history).toEqual([
      { round: 1, dueDate: '2026-12-10', report: '已逐卷补充法制审核意见', reportedAt: at('2026-12-01T09:00:00'), reportedBy: 700, returnReason: '复议期限仍未载明', returnedAt: at('2026-12-02T09:00:00'), returnedBy: 900 },
    ]);
    expect(roundSubject(back)).toEqual({ type: 'notice', id: 'JD-2026-000001#2' });
    expect(roundSubject(issued())).toEqual({ type: 'notice', id: 'JD-2026-000001' });
    expect(parseRoundSubject('JD-2026-000001#2')).toEqual({ no: 'JD-2026-000001', round: 2 });
  });

  it('a failed report ends the notice; short texts are refused; states narrow with a clear refusal', () => {
    expect(value(failReport(reported(), '问题未实际整改', 900, at('2026-12-02T09:00:00')))).toMatchObject({ status: 'failed', failReason: '问题未实际整改' });
    expect(reason(failReport(reported(), '差', 900, at('2026-12-02T09:00:00')))).toContain('太短');
    expect(reason(submitReport(issued(), '已改', 700, at('2026-12-01T09:00:00')))).toContain('整改报告太短');
    expect(reason(noticeIn(issued(), 'reported', '验收'))).toBe('监督通知书 JD-2026-000001 当前为“已下发，整改中”，不能验收（等待被监督单位报送整改报告）。');
    const illegal = () => {
      // @ts-expect-error only a reported notice can be accepted
      acceptReport(issued(), 900, at('2026-12-02T09:00:00'));
      // @ts-expect-error a report answers an issued notice
      submitReport(reported(), '再报一次整改报告内容', 700, at('2026-12-02T09:00:00'));
    };
    expect(typeof illegal).toBe('function');
  });
});

describe('who sees what', () => {
  const actor = (orgId: number, role: 'officer' | 'liaison' | 'justice') => ({ personId: 1, grants: [{ orgId, role }] });
  it('a notice: its body and the overseers; a bulletin: the overseers, then all staff once published', () => {
    expect(canViewNotice(actor(CGJ, 'officer'), issued(), bodies)).toBe(true);
    expect(canViewNotice(actor(12, 'liaison'), issued(), bodies)).toBe(false);
    expect(canViewNotice(actor(BUREAU, 'justice'), issued(), bodies)).toBe(true);
    expect(canViewInspection(actor(CGJ, 'liaison'), inspection, bodies)).toBe(true); // inspected: it cooperates and gives its account
    expect(canViewInspection(actor(13, 'liaison'), inspection, bodies)).toBe(false);
    expect(canViewInspection(actor(13, 'liaison'), { ...inspection, bulletinAt: at('2026-12-05T09:00:00') }, bodies)).toBe(true);
    expect(canViewInspection({ personId: 2, grants: [] }, { ...inspection, bulletinAt: at('2026-12-05T09:00:00') }, bodies)).toBe(false);
  });
});

