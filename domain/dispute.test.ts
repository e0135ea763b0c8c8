import { describe, expect, it } from 'vitest';
import {
  type Applied, type Dispute, type OpinionIssued, accept, canReport, canViewDispute, checkNegotiation, checkParties, decline, inState, issueOpinion,
  parseDisputeKind, parseDisputeNo, partyOf, report, respond, rule, rulingWord, silentParties, validateApplication,
} from './dispute';
import type { Organisation } from './organisation';
import { at, deepFreeze, reason, value } from './testing';

const org = (id: number, kind: Organisation['kind'], name = `单位${id}`): Organisation => ({
  id, code: `o${id}`, name, aliases: [], kind, receivingBody: '', phone: '', mailbox: '', keywords: [], examples: [],
});
const SCJG = org(10, 'department', '市场监管局');
const CGJ = org(11, 'department', '城管局');
const HBJ = org(12, 'department', '环保局');
const TOWN = org(20, 'township', '抚宁镇');
const POLICE = org(30, 'external', '公安分局');
const BUREAU = 1;
const GOV = 2;
const OFFICE = 3;
const bodies = { justiceBureauId: BUREAU, governmentId: GOV, coordinationOfficeId: OFFICE };
const CLERK = 900;
const RULER = 901;

function applied(over: Partial<Applied> = {}): Applied {
  return deepFreeze({
    id: 1, no: 'ZY-2026-000001', version: 0, kind: 'duty', applicantOrgId: SCJG.id, applicantPersonId: 500, respondentOrgIds: [CGJ.id, HBJ.id],
    facts: '餐饮油烟扰民由哪个部门查处', negotiation: '11月20日两局召开协调会未能一致', appliedAt: at('2026-11-25T10:00:00'),
    ...over, status: 'applied',
  } as Applied);
}
const opinionIssued = (): OpinionIssued =>
  deepFreeze(value(issueOpinion(value(accept(applied(), CLERK, at('2026-11-26T09:00:00'))), '由城管局牵头查处，环保局配合', CLERK, at('2026-11-27T09:00:00'))));

describe('application', () => {
  const input = { kind: 'duty' as const, applicant: SCJG, respondents: [CGJ], applicantPersonId: 500, facts: '流动摊贩由谁查处存在争议', negotiation: '已于11月20日召开协调会，未达成一致' };

  it('takes an enforcement body against others, with facts and a statement of the negotiation tried', () => {
    expect(value(validateApplication(input))).toEqual({
      kind: 'duty', applicantOrgId: SCJG.id, applicantPersonId: 500, respondentOrgIds: [CGJ.id], facts: input.facts, negotiation: input.negotiation,
    });
  });

  it('refuses an application without negotiation first (先行协商)', () => {
    for (const n of ['无', '没有协商', '未协商过，直接申请协调', '协商过']) expect(reason(checkNegotiation(n))).toContain('先行协商');
    expect(reason(validateApplication({ ...input, negotiation: '尚未协商' }))).toContain('先行协商');
  });

  it('refuses bad parties', () => {
    expect(reason(checkParties('duty', SCJG, []))).toContain('对方单位');
    expect(reason(checkParties('duty', SCJG, [SCJG]))).toContain('本单位');
    expect(reason(checkParties('duty', SCJG, [CGJ, CGJ]))).toContain('重复');
    expect(reason(checkParties('duty', SCJG, [POLICE]))).toContain('公安分局');
    expect(reason(checkParties('duty', POLICE, [CGJ]))).toContain('区行政执法部门');
  });

  it('keeps 管辖 for a township against a district department (M15 六)', () => {
    expect(value(checkParties('jurisdiction', TOWN, [CGJ]))).toEqual([CGJ.id]);
    expect(value(checkParties('jurisdiction', CGJ, [TOWN, SCJG]))).toEqual([TOWN.id, SCJG.id]);
    expect(reason(checkParties('jurisdiction', SCJG, [CGJ]))).toContain('乡镇');
  });

  it('reads kinds and numbers as people type them', () => {
    expect(parseDisputeKind('职责')).toBe('duty');
    expect(parseDisputeKind(' 标准争议 ')).toBe('standard');
    expect(parseDisputeKind('执法管辖')).toBe('jurisdiction');
    expect(parseDisputeKind('其他')).toBeUndefined();
    expect(parseDisputeNo('zy－2026 000001')).toBe('ZY-2026-000001');
    expect(parseDisputeNo('TS-2026-000001')).toBeUndefined();
    expect(rulingWord('duty')).toBe('裁决');
    expect(rulingWord('jurisdiction')).toBe('决定');
  });
});

describe('lifecycle', () => {
  it('goes applied → accepted → opinion → reported (after a 不同意) → ruled, never mutating its input', () => {
    const a = deepFreeze(value(accept(applied(), CLERK, at('2026-11-26T09:00:00'))));
    expect(a).toMatchObject({ status: 'accepted', handlerPersonId: CLERK });
    const o = opinionIssued();
    expect(o).toMatchObject({ status: 'opinion-issued', positions: [] });
    const one = deepFreeze(value(respond(o, SCJG.id, true, null, 500, at('2026-11-28T09:00:00'))));
    expect(one.status).toBe('opinion-issued');
    expect(reason(report(one as OpinionIssued, '建议由城管局牵头查处', CLERK, at('2026-11-28T10:00:00'), []))).toContain('尚无当事方表示不同意');
    const two = deepFreeze(value(respond(one as OpinionIssued, CGJ.id, false, '应由环保局负责', 501, at('2026-11-28T11:00:00'))));
    const r = deepFreeze(value(report(two as OpinionIssued, '建议由城管局牵头查处，环保局配合', CLERK, at('2026-11-29T09:00:00'), [])));
    expect(r).toMatchObject({ status: 'reported', recommendation: '建议由城管局牵头查处，环保局配合' });
    const ruled = value(rule(r, '由城管局牵头查处，环保局配合监测', RULER, at('2026-12-01T09:00:00')));
    expect(ruled).toMatchObject({ status: 'ruled', ruledBy: RULER, positions: two.positions });
  });

  it('takes a party silent past its time to answer as not agreeing (our reading of M2), but not one that answered', () => {
    const o = opinionIssued();
    const agreed = value(respond(o, SCJG.id, true, null, 500, at('2026-11-28T09:00:00'))) as OpinionIssued;
    expect(silentParties(agreed)).toEqual([CGJ.id, HBJ.id]);
    expect(reason(canReport(agreed, []))).toContain('表态期限也未届满');
    expect(reason(canReport(agreed, [SCJG.id]))).toContain('尚无当事方表示不同意'); // its clock ran out, but it had agreed
    expect(value(canReport(agreed, [HBJ.id]))).toBe(agreed);
    expect(value(report(agreed, '建议由城管局牵头查处，环保局配合', CLERK, at('2026-12-08T09:00:00'), [HBJ.id]))).toMatchObject({ status: 'reported' });
  });

  it('resolves when every party agrees, and lets a party change its answer until then', () => {
    let d: Dispute = opinionIssued();
    d = value(respond(d as OpinionIssued, CGJ.id, false, '不属于本局职责', 501, at('2026-11-28T09:00:00')));
    expect(reason(respond(d as OpinionIssued, CGJ.id, false, '再说一次', 501, at('2026-11-28T09:10:00')))).toContain('已表示不同意');
    d = value(respond(d as OpinionIssued, CGJ.id, true, null, 501, at('2026-11-28T10:00:00')));
    d = value(respond(d as OpinionIssued, HBJ.id, true, null, 502, at('2026-11-28T11:00:00')));
    expect(d.status).toBe('opinion-issued');
    d = value(respond(d as OpinionIssued, SCJG.id, true, null, 500, at('2026-11-28T12:00:00')));
    expect(d).toMatchObject({ status: 'resolved', resolvedAt: at('2026-11-28T12:00:00') });
    expect((d as OpinionIssued).positions.map((p) => p.agree)).toEqual([true, true, true]);
  });

  it('refuses a non-party, a 不同意 without reason and texts that are too short', () => {
    const o = opinionIssued();
    expect(reason(respond(o, 99, true, null, 1, at('2026-11-28T09:00:00')))).toContain('只有争议当事方');
    expect(reason(respond(o, CGJ.id, false, ' ', 501, at('2026-11-28T09:00:00')))).toContain('理由');
    expect(reason(decline(applied(), '不', CLERK, at('2026-11-26T09:00:00')))).toContain('太短');
    expect(reason(issueOpinion(value(accept(applied(), CLERK, at('2026-11-26T09:00:00'))), '短', CLERK, at('2026-11-26T10:00:00')))).toContain('协调意见太短');
  });

  it('narrows by state with a refusal naming the state and the next step', () => {
    const a = value(accept(applied(), CLERK, at('2026-11-26T09:00:00')));
    expect(value(inState(a, 'accepted', '出具协调意见')).status).toBe('accepted');
    const refusal = reason(inState(a, 'reported', '裁决'));
    expect(refusal).toBe('争议 ZY-2026-000001 当前为“已受理，协调中”，不能裁决（下一步：等待司法局出具协调意见）。');
    expect(reason(inState(value(decline(applied(), '不属于行政执法争议', CLERK, at('2026-11-26T09:00:00'))), 'applied', '受理'))).toContain('没有后续步骤');
  });

  it('makes illegal transitions fail to type-check', () => {
    const a = applied();
    const o = opinionIssued();
    // Never run: `tsc --noEmit` (part of npm test) fails if any of these lines type-checks.
    const illegal = () => {
      // @ts-expect-error a ruling needs a reported dispute
      rule(a, '越级裁决', RULER, at('2026-11-26T09:00:00'));
      // @ts-expect-error an opinion needs an accepted dispute
      issueOpinion(o, '再出具一次意见', CLERK, at('2026-11-26T09:00:00'));
      // @ts-expect-error acceptance is only for an application
      accept(o, CLERK, at('2026-11-26T09:00:00'));
      // @ts-expect-error a report follows an opinion
      report(a, '直接报请', CLERK, at('2026-11-26T09:00:00'), []);
      // @ts-expect-error a party answers an issued opinion only
      respond(a, SCJG.id, true, null, 500, at('2026-11-26T09:00:00'));
    };
    expect(typeof illegal).toBe('function');
  });
});

describe('who may see and answer', () => {
  const d = applied();
  const actor = (orgId: number, role: 'officer' | 'head' | 'liaison' | 'justice' | 'coordination' | 'admin') => ({ personId: 1, grants: [{ orgId, role }] });
  it('shows it to the parties, the bureau, the government and the coordination office only', () => {
    for (const a of [actor(SCJG.id, 'officer'), actor(HBJ.id, 'liaison'), actor(BUREAU, 'justice'), actor(GOV, 'head'), actor(OFFICE, 'coordination'), actor(77, 'admin')]) {
      expect(canViewDispute(a, d, bodies)).toBe(true);
    }
    expect(canViewDispute(actor(55, 'officer'), d, bodies)).toBe(false);
    expect(canViewDispute({ personId: 1, grants: [] }, d, bodies)).toBe(false);
  });

  it('answers for the party body where the person has a role, applicant first', () => {
    expect(partyOf({ personId: 1, grants: [{ orgId: HBJ.id, role: 'head' }, { orgId: SCJG.id, role: 'officer' }] }, d)).toBe(SCJG.id);
    expect(partyOf(actor(BUREAU, 'justice'), d)).toBeUndefined();
  });
});
