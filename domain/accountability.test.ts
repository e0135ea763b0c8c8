import { describe, expect, it } from 'vitest';
import {
  AUTHORITIES, DEFAULT_AUTHORITY, FAULT_GROUNDS, type FindingProposed, GROUND_OF_MISSED, authoritiesFor, canDecideFinding, canKeepRecord, canOpenFinding,
  canSeeFinding, decide, dismiss, findingIn, parseAuthority, parseFindingNo, parseGround, parseOutcomeKind, validateFinding,
} from './accountability';
import { at, deepFreeze, reason, value } from './testing';

const proposed = (): FindingProposed =>
  deepFreeze({
    id: 1, no: 'ZR-2026-000001', version: 0, status: 'proposed', target: { kind: 'org', orgId: 11 }, ground: 'rectification-missed',
    facts: '整改期限届满未报送整改报告', source: { type: 'notice', id: 'JD-2026-000001' }, proposedBy: null, proposedAt: at('2026-12-05T00:05:00'),
    proposedAuthority: 'government',
  });

describe('fault findings (M8)', () => {
  it('missed transfer orders, discipline referrals and rectifications are faults; other clocks are not', () => {
    expect(GROUND_OF_MISSED).toEqual({ 'transfer-order': 'transfer-order-missed', 'discipline-referral': 'referral-missed', rectification: 'rectification-missed' });
    expect(GROUND_OF_MISSED['complaint-accept']).toBeUndefined();
  });

  it('every ground has a default authority following the plan', () => {
    for (const g of FAULT_GROUNDS) expect(AUTHORITIES).toContain(DEFAULT_AUTHORITY[g]);
    expect(DEFAULT_AUTHORITY['transfer-order-missed']).toBe('government'); // M4: 报请本级政府
    expect(DEFAULT_AUTHORITY['referral-missed']).toBe('supervisory'); // M10: 纪律处分
    expect(DEFAULT_AUTHORITY['duty-fault']).toBe('agency'); // M8: 各级行政执法机关为责任追究机关
  });

  it('decides with the authority and outcome, or dismisses with a reason; only once', () => {
    const d = value(decide(proposed(), 'administrative', 'government', ' 通报批评 ', 900, at('2026-12-10T09:00:00')));
    expect(d).toMatchObject({ status: 'decided', outcomeKind: 'administrative', authority: 'government', outcome: '通报批评', decidedBy: 900 });
    expect(reason(findingIn(d, 'proposed', '登记处理结果'))).toBe('追责记录 ZR-2026-000001 当前为“已处理”，不能登记处理结果。');
    expect(value(dismiss(proposed(), '已由监察机关立案处理', 900, at('2026-12-10T09:00:00')))).toMatchObject({ status: 'dismissed' });
    expect(reason(dismiss(proposed(), '无', 900, at('2026-12-10T09:00:00')))).toContain('理由');
    expect(reason(decide(proposed(), 'administrative', 'government', ' ', 900, at('2026-12-10T09:00:00')))).toContain('处理结果');
    // A body's fault is not handled by the body itself; a sanction is not the judiciary's.
    expect(reason(decide(proposed(), 'administrative', 'agency', '自行处理', 900, at('2026-12-10T09:00:00')))).toContain('不由');
    expect(reason(decide(proposed(), 'sanction', 'judiciary', '记过', 900, at('2026-12-10T09:00:00')))).toContain('不由');
    const illegal = () => {
      // @ts-expect-error a decided finding cannot be decided again
      decide(d, 'administrative', 'government', '再处理一次', 900, at('2026-12-11T09:00:00'));
    };
    expect(typeof illegal).toBe('function');
  });

  it('checks the facts and the officer’s name', () => {
    const base = { target: { kind: 'org' as const, orgId: 11 }, ground: 'info-refused' as const, facts: '拒绝提供执法信息', source: null, proposedBy: 1, proposedAt: at('2026-12-01T09:00:00') };
    expect(value(validateFinding(base)).facts).toBe('拒绝提供执法信息');
    expect(reason(validateFinding({ ...base, facts: '拒绝' }))).toContain('太短');
    expect(reason(validateFinding({ ...base, target: { kind: 'officer', orgId: 11, name: '张', personId: null } }))).toContain('姓名');
  });

  it('reads authorities, grounds and numbers', () => {
    expect(parseAuthority('区政府')).toBe('government');
    expect(parseAuthority('纪委监委')).toBe('supervisory');
    expect(parseAuthority('3')).toBe('supervisory');
    expect(parseGround('7')).toBe('duty-fault');
    expect(parseGround('8')).toBeUndefined();
    expect(parseFindingNo('zr-2026-000001')).toBe('ZR-2026-000001');
  });

  it('an officer’s body decides its officers’ findings; the bureau sees all and decides a body’s own', () => {
    const officer = { target: { kind: 'officer' as const, orgId: 11, name: '张某某', personId: null } };
    const body = { target: { kind: 'org' as const, orgId: 11 } };
    const head11 = { personId: 2, grants: [{ orgId: 11, role: 'head' as const }] };
    const head12 = { personId: 3, grants: [{ orgId: 12, role: 'head' as const }] };
    const bureau = { personId: 4, grants: [{ orgId: 1, role: 'justice' as const }] };
    expect(canDecideFinding(head11, officer, 1)).toBe(true);
    expect(canDecideFinding(bureau, officer, 1)).toBe(false);
    expect(canDecideFinding(head11, body, 1)).toBe(false);
    expect(canDecideFinding(bureau, body, 1)).toBe(true);
    expect(canSeeFinding(bureau, officer, 1) && canSeeFinding(head11, officer, 1)).toBe(true);
    expect(canSeeFinding(head12, officer, 1)).toBe(false);
    expect(canOpenFinding(head11, officer.target, 1)).toBe(true);
    expect(canOpenFinding(head11, body.target, 1)).toBe(false);
    expect(canOpenFinding(head12, officer.target, 1)).toBe(false);
    expect(authoritiesFor('officer', 'administrative')).toEqual(['agency']);
    expect(authoritiesFor('officer', 'sanction')).toEqual(['appointing', 'supervisory']);
    expect(parseOutcomeKind('处分或职务调整')).toBe('sanction');
    expect(parseOutcomeKind('移送司法机关')).toBe('judicial');
  });

  it('the justice bureau keeps the record', () => {
    expect(canKeepRecord({ personId: 1, grants: [{ orgId: 1, role: 'justice' }] }, 1)).toBe(true);
    expect(canKeepRecord({ personId: 1, grants: [{ orgId: 1, role: 'officer' }] }, 1)).toBe(false);
    expect(canKeepRecord({ personId: 1, grants: [{ orgId: 11, role: 'head' }] }, 1)).toBe(false);
  });
});
