import { describe, expect, it } from 'vitest';
import { reason, value } from '../testing';
import type { Organisation } from '../organisation';
import * as K from './case';
import { EVIDENCE_CHECKS, type EvidenceItem, confirm, evidenceComplete, missingChecks } from './evidence';
import { disciplineRelevant, makeParty, parsePoliticalStatus } from './party';
import * as T from './transfer';
import * as O from './order';
import { Directory } from '../organisation';

const org = (id: number, code: string, kind: Organisation['kind']): Organisation => ({
  id, code, name: code, aliases: [], kind, receivingBody: '', phone: '', mailbox: '', keywords: [], examples: [],
});
const township = org(1, 'fnz', 'township');
const dept = org(2, 'scjg', 'department');
const dept2 = org(3, 'zjj', 'department');
const police = org(4, 'gaj', 'external');
const government = org(5, 'qzf', 'authority');

const at = new Date('2026-11-25T02:00:00Z');
const openCase = (evidence: K.EnforcementCase['evidence'] = []): K.EnforcementCase => ({
  id: 1, caseNo: 'AJ-2026-000001', orgId: 1, officerPersonId: 7, registeredAt: at, status: 'open', summary: '无证经营', legalBasis: '某条',
  amount: null, discoveredAt: at, discoveredOn: '2026-11-25', parties: [], evidence, jurisdiction: null,
});
const complete = (kind: EvidenceItem['kind'], no = 1) => ({ no, kind, description: 'x', confirmed: EVIDENCE_CHECKS[kind].map((c) => c.id) });

describe('transfer routes', () => {
  it('follows the plan: township ↔ department is M15, to the police is criminal, between departments is M4', () => {
    expect(value(T.routeBetween(township, dept, 'gaj'))).toBe('township-district');
    expect(value(T.routeBetween(dept, township, 'gaj'))).toBe('township-district');
    expect(value(T.routeBetween(dept, dept2, 'gaj'))).toBe('competence');
    expect(value(T.routeBetween(township, police, 'gaj'))).toBe('criminal');
    expect(reason(T.routeBetween(dept, dept, 'gaj'))).toContain('本单位');
    expect(reason(T.routeBetween(dept, government, 'gaj'))).toContain('不能作为移送接收单位');
  });

  it('requires the letter, the report and, between township and district, the facts statement', () => {
    const m = (titles: Partial<Record<T.Material, string | null>>) => T.materialsOf('township-district').map((material) => ({ material, title: titles[material] ?? null }));
    expect(reason(T.checkMaterials('township-district', m({ letter: 'a', report: 'b' })))).toContain('基本违法事实的书面材料');
    expect(value(T.checkMaterials('township-district', m({ letter: 'a', report: 'b', facts: 'c' })))).toBe(true);
    expect(reason(T.checkMaterials('competence', [{ material: 'letter', title: 'a' }, { material: 'report', title: 'b' }]))).toContain('请说明是否附有');
  });

  it('allows urgency only between township and district, and criminal routes only for crimes', () => {
    const base: T.TransferFacts = {
      caseNo: 'AJ-2026-000001', fromOrgId: 2, toOrgId: 3, route: 'competence', ground: 'law', reason: '不属本部门', urgent: true,
      materials: T.materialsOf('competence').map((material) => ({ material, title: 'x' })), decisionNo: null, superior: null, orderNo: null,
    };
    expect(reason(T.checkTransfer(base))).toContain('24小时');
    expect(reason(T.checkTransfer({ ...base, urgent: false, ground: 'crime' }))).toContain('公安机关');
    expect(reason(T.checkTransfer({ ...base, urgent: false, route: 'criminal', ground: 'crime' }))).toContain('上一级');
  });
});

describe('the transfer lifecycle', () => {
  const x: T.Transfer = {
    id: 1, transferNo: 'YS-2026-000001', drafterPersonId: 7, submittedAt: at, state: 'awaiting-approval', caseNo: 'AJ-2026-000001',
    fromOrgId: 1, toOrgId: 2, route: 'township-district', ground: 'jurisdiction', reason: 'r', urgent: false, materials: [], decisionNo: null, superior: null, orderNo: null,
  };
  it('is approved before it can be received, and a return needs a reason', () => {
    expect(reason(T.accept(x, 9, at))).toContain('不在待接收状态');
    const sent = value(T.approve(x, 8, at));
    expect(reason(T.approve(sent, 8, at))).toContain('不在待审批状态');
    expect(reason(T.giveBack(sent, 9, '否', at))).toContain('理由');
    expect(value(T.accept(sent, 9, at)).state).toBe('accepted');
    expect(reason(T.recordOutcome(value(T.accept(sent, 9, at)), '不予立案', 9, at))).toContain('不是涉嫌犯罪移送');
    expect(reason(T.refuse(x, 8, ' ', at))).toContain('理由');
  });
});

describe('the criminal outcome (M4)', () => {
  const sent: T.Transfer = {
    id: 1, transferNo: 'YS-2026-000002', drafterPersonId: 7, submittedAt: at, state: 'sent', approverPersonId: 8, sentAt: at, caseNo: 'AJ-2026-000001',
    fromOrgId: 2, toOrgId: 4, route: 'criminal', ground: 'crime', reason: 'r', urgent: false, materials: [], decisionNo: null, superior: 's', orderNo: null,
  };
  it('is recorded once, after the police accepted, and only as one the plan names', () => {
    expect(reason(T.recordOutcome(sent, '不予立案', 9, at))).toContain('接收后');
    const accepted = value(T.accept(sent, 9, at));
    expect(reason(T.recordOutcome(accepted, '随便', 9, at))).toContain('请写明处理结果');
    const recorded = value(T.recordOutcome(accepted, ' 不予立案 ', 9, at));
    expect(recorded.state === 'accepted' && recorded.criminalOutcome).toEqual({ text: '不予立案', pursued: false, recordedAt: at, byPersonId: 9 });
    expect(reason(T.recordOutcome(recorded, '撤销案件', 9, at))).toContain('已登记刑事处理结果');
  });
  it('runs a clock only between township and district', () => {
    expect(T.transferClock('township-district', false)).toBe('township-transfer');
    expect(T.transferClock('township-district', true)).toBe('urgent-transfer');
    expect(T.transferClock('competence', true)).toBeNull();
    expect(T.transferClock('criminal', false)).toBeNull();
  });
});

describe('the case lifecycle', () => {
  it('blocks transfer and closure while evidence is unconfirmed, naming the missing confirmations', () => {
    const partial = { no: 2, kind: 'copy' as const, description: '合同复印件', confirmed: ['verified'] };
    const c = openCase([complete('interview'), partial]);
    const r = reason(K.canTransfer(c));
    expect(r).toContain('证据2（复制件：合同复印件）');
    expect(r).toContain('已注明出证日期');
    expect(reason(K.canClose(c))).toContain('暂不能办结');
    expect(missingChecks(partial)).toHaveLength(3);
    expect(evidenceComplete([complete('documentary'), complete('audiovisual', 2)], '移送').ok).toBe(true);
    expect(reason(confirm(partial, 'nonsense'))).toContain('没有这一确认项');
  });

  it('moves with its transfer: to the receiver, to the police and back for a decision', () => {
    const moving = value(K.startTransfer(openCase(), 'YS-2026-000001'));
    expect(reason(K.startTransfer(moving, 'YS-2026-000002'))).toContain('已在移送中');
    expect(reason(K.handOver(moving, 'YS-2026-000009', 2, 9))).toContain('不在移送');
    const received = value(K.handOver(moving, 'YS-2026-000001', 2, 9));
    expect(received).toMatchObject({ status: 'open', orgId: 2, officerPersonId: 9 });
    expect('transferNo' in received).toBe(false);
    const withPolice = value(K.toPolice(moving, 'YS-2026-000001', null));
    expect(value(K.criminalOutcome(withPolice, false, '不予立案', at)).status).toBe('open');
    expect(value(K.criminalOutcome(withPolice, true, '有罪判决', at))).toMatchObject({ status: 'closed', outcome: { kind: 'criminal' } });
    const decided = value(K.toPolice(moving, 'YS-2026-000001', '罚〔2026〕1号'));
    expect(value(K.criminalOutcome(decided, false, '不起诉', at))).toMatchObject({ status: 'closed', outcome: { kind: 'penalty', decisionNo: '罚〔2026〕1号' } });
  });

  it('names the penalty it closed with on every path, the criminal one included (M10)', () => {
    const moving = value(K.startTransfer(openCase(), 'YS-2026-000001'));
    const decided = value(K.toPolice(moving, 'YS-2026-000001', '罚〔2026〕1号'));
    expect(K.penaltyDecision(value(K.criminalOutcome(decided, false, '不予立案', at)))).toBe('罚〔2026〕1号');
    expect(K.penaltyDecision(value(K.criminalOutcome(decided, true, '有罪判决', at)))).toBe('罚〔2026〕1号');
    const undecided = value(K.toPolice(moving, 'YS-2026-000001', null));
    expect(K.penaltyDecision(value(K.criminalOutcome(undecided, true, '有罪判决', at)))).toBeNull();
    expect(K.penaltyDecision(value(K.close(openCase(), { kind: 'penalty', decisionNo: '罚2号', summary: '罚款五千元' }, at)))).toBe('罚2号');
    expect(K.penaltyDecision(openCase())).toBeNull();
  });

  it('records once that it is another body\'s, and the finding goes with the case only while the sender holds it', () => {
    const j = { orgId: 2, foundAt: at, urgent: false };
    const found = value(K.findJurisdiction(openCase(), j));
    expect(found.jurisdiction).toEqual(j);
    expect(reason(K.findJurisdiction(found, { ...j, orgId: 3 }))).toContain('已于');
    expect(reason(K.findJurisdiction(openCase(), { ...j, orgId: 1 }))).toContain('本单位');
    const moving = value(K.startTransfer(found, 'YS-2026-000001'));
    expect(value(K.handOver(moving, 'YS-2026-000001', 2, 9)).jurisdiction).toBeNull();
    expect(value(K.transferBack(moving, 'YS-2026-000001')).jurisdiction).toEqual(j);
  });

  it('closes only with a decision number for a penalty', () => {
    expect(reason(K.close(openCase(), { kind: 'penalty', decisionNo: ' ', summary: '罚款五千元' }, at))).toContain('文号');
    expect(value(K.close(openCase(), { kind: 'no-penalty', summary: '违法事实不成立' }, at)).status).toBe('closed');
  });
});

describe('orders to transfer (M4)', () => {
  const dir = new Directory([township, dept, dept2, police, government]);
  const order = (o: Partial<O.OrderFacts>): O.TransferOrder => ({
    id: 1, orderNo: 'ZL-2026-000001', issuerPersonId: 1, issuedAt: at, state: 'open', issuerOrgId: 5, toOrgId: 2, caseRef: 'x', caseNo: 'AJ-2026-000001',
    receiverOrgId: 3, reason: 'r', limitDate: '2026-12-01', ...o,
  });
  const x = { caseNo: 'AJ-2026-000001', fromOrgId: 2, toOrgId: 3, route: 'competence' as const, orderNo: null };
  it('is met only by that case, to that body or to the police', () => {
    expect(O.meets(order({}), x, dir).ok).toBe(true);
    expect(reason(O.meets(order({}), { ...x, caseNo: 'AJ-2026-000002' }, dir))).toContain('AJ-2026-000001');
    expect(reason(O.meets(order({}), { ...x, toOrgId: 1, route: 'township-district' }, dir))).toContain('要求移送至zjj');
    expect(O.meets(order({}), { ...x, toOrgId: 4, route: 'criminal' }, dir).ok).toBe(true);
    expect(reason(O.meets(order({}), { ...x, fromOrgId: 1 }, dir))).toContain('作出的');
  });
  it('known by its facts, by the transfer declared to answer it; stored without a body, to any body', () => {
    const facts = order({ caseNo: null });
    expect(O.meets(facts, x, dir).ok).toBe(false);
    expect(O.meets(facts, { ...x, caseNo: 'AJ-2026-000009', orderNo: 'ZL-2026-000001' }, dir).ok).toBe(true);
    expect(O.meets(order({ receiverOrgId: null }), { ...x, toOrgId: 1, route: 'township-district' }, dir).ok).toBe(true);
    const complied = value(O.comply(facts, { ...x, caseNo: 'AJ-2026-000009', orderNo: 'ZL-2026-000001', transferNo: 'YS-2026-000003' }, at, dir));
    expect(complied).toMatchObject({ state: 'complied', caseNo: 'AJ-2026-000009', transferNo: 'YS-2026-000003' });
    expect(reason(O.comply(complied, { ...x, transferNo: 'YS-2026-000004' }, at, dir))).toContain('已执行');
  });
});

describe('parties (M10)', () => {
  it('derives membership from the political status so the two cannot disagree', () => {
    expect(parsePoliticalStatus('党员')).toBe('中共党员');
    expect(parsePoliticalStatus('预备党员')).toBe('中共预备党员');
    expect(parsePoliticalStatus('九三学社')).toBe('民主党派');
    expect(parsePoliticalStatus('外星人')).toBeUndefined();
    const member = value(makeParty({ name: '赵某', kind: 'person', politicalStatus: '中共预备党员', employer: null, position: null, stateEmployee: false }));
    const employee = value(makeParty({ name: '钱某', kind: 'person', politicalStatus: '群众', employer: '某局', position: '科员', stateEmployee: true }));
    const plain = value(makeParty({ name: '孙某', kind: 'person', politicalStatus: '群众', employer: null, position: null, stateEmployee: false }));
    expect(disciplineRelevant([member, employee, plain]).map((p) => p.name)).toEqual(['赵某', '钱某']);
    expect(reason(makeParty({ name: '某公司', kind: 'organisation', politicalStatus: '中共党员', employer: null, position: null, stateEmployee: false }))).toContain('单位当事人');
  });
});
