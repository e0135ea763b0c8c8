/**
 * 行政执法责任追究 (M8): a fault finding (过错责任认定) against an officer or a body, on one of
 * the grounds the plan names. 「各级行政执法机关为行政执法责任追究机关，区级司法行政机关为全区
 * 行政执法责任追究工作的监督机关」: who decides depends on whom the finding is against.
 *
 *   proposed (待认定) ──decide (kind + authority + outcome)──▶ decided (已处理)
 *        └──────────dismiss (with the reason)──────────────────▶ dismissed (不予追究)
 *
 * - Against an officer: the officer's own body is the 追究机关. Its head records findings
 *   against its officers and decides them — 行政处理 by the body itself (按管理权限),
 *   处分或职务调整 by the 人事任免机关 or the 监察机关, 移送司法机关 when a crime is suspected.
 *   The justice bureau supervises: it sees every finding, may open one against any
 *   body's officer (the body is then told and decides), and is told of each decision.
 * - Against a body as such (M4, M5, M7, M10, M14 faults of the body): the justice bureau
 *   reports it to the district government (or the supervisory commission) and records
 *   that authority's decision — a body does not judge its own fault (our reading).
 *
 * Grounds and the authority each one goes to by default when the finding is against the
 * body (against an officer the default is always the officer's body):
 *
 * | ground                 | plan                                                          | default authority |
 * | ---------------------- | ------------------------------------------------------------- | ----------------- |
 * | transfer-order-missed  | 应移送而不移送，责令限期移送仍未移送 → 报请本级政府对正职负责人处分 | 区人民政府         |
 * | referral-missed        | 应移送而不移送、不如实不及时移送纪检 → 问责、组织处理或纪律处分    | 监察机关           |
 * | rectification-missed   | 监督通知书整改期限届满未报送整改                                | 区人民政府         |
 * | rectification-failed   | 整改不到位，验收不合格                                          | 区人民政府         |
 * | info-refused           | 无法定事由拒绝其他行政机关查询执法信息                           | 区人民政府         |
 * | cooperation-refused    | 不执行会商决定、拒绝业务配合、不及时通报信息 → 追究行政责任        | 区人民政府         |
 * | duty-fault             | 执法人员未履行、不当履行、违法履行法定职责                        | 责任追究机关       |
 */
import type { DeadlineKind, Subject } from './deadlines/deadline';
import { SERIES, parseRecordNo } from './record-no';
import { type Result, fail, ok } from './result';
import { type Actor, type StaffRole, hasRole, isAdmin } from './roles';

export const FAULT_GROUNDS = [
  'transfer-order-missed', 'referral-missed', 'rectification-missed', 'rectification-failed', 'info-refused', 'cooperation-refused', 'duty-fault',
] as const;
export type FaultGround = (typeof FAULT_GROUNDS)[number];

export const GROUND_LABEL: Record<FaultGround, string> = {
  'transfer-order-missed': '应移送而不移送，逾期未按责令限期移送（方案（四））',
  'referral-missed': '应移送纪检监察机关而未移送或未按时移送（方案（十））',
  'rectification-missed': '逾期未按行政执法监督通知书整改（方案（七））',
  'rectification-failed': '整改不到位，验收不合格（方案（七））',
  'info-refused': '无法定事由拒绝其他行政机关查询执法信息（方案（五））',
  'cooperation-refused': '不执行会商决定、拒绝业务配合或不及时通报审批监管信息（方案（十四））',
  'duty-fault': '执法人员未履行、不当履行或违法履行法定职责（方案（八））',
};

export const AUTHORITIES = ['agency', 'appointing', 'supervisory', 'government', 'judiciary'] as const;
export type Authority = (typeof AUTHORITIES)[number];

export const AUTHORITY_LABEL: Record<Authority, string> = {
  agency: '责任追究机关（所在行政执法机关）',
  appointing: '人事任免机关',
  supervisory: '监察机关（区纪委监委）',
  government: '区人民政府',
  judiciary: '司法机关（涉嫌犯罪移送）',
};

const AUTHORITY_WORDS: Record<Authority, readonly string[]> = {
  agency: ['责任追究机关', '所在机关', '本机关', '执法机关'],
  appointing: ['任免机关', '人事任免机关'],
  supervisory: ['监察机关', '纪委监委', '纪委', '监委', '纪检监察机关'],
  government: ['区政府', '区人民政府', '政府'],
  judiciary: ['司法机关', '移送司法机关', '公安', '检察院'],
};

export const DEFAULT_AUTHORITY: Record<FaultGround, Authority> = {
  'transfer-order-missed': 'government',
  'referral-missed': 'supervisory',
  'rectification-missed': 'government',
  'rectification-failed': 'government',
  'info-refused': 'government',
  'cooperation-refused': 'government',
  'duty-fault': 'agency',
};

/** Missed deadlines that are faults in themselves, and the ground each one is. */
export const GROUND_OF_MISSED: Partial<Record<DeadlineKind, FaultGround>> = {
  'transfer-order': 'transfer-order-missed',
  'discipline-referral': 'referral-missed',
  rectification: 'rectification-missed',
};

export function parseAuthority(text: string): Authority | undefined {
  const t = text.trim().replace(/\s+/g, '');
  const n = /^\d$/.test(t) ? AUTHORITIES[Number(t) - 1] : undefined;
  return n ?? AUTHORITIES.find((a) => a === t || AUTHORITY_LABEL[a] === t || AUTHORITY_WORDS[a].includes(t));
}

export function parseGround(text: string): FaultGround | undefined {
  const t = text.trim();
  const n = /^\d$/.test(t) ? FAULT_GROUNDS[Number(t) - 1] : undefined;
  return n ?? FAULT_GROUNDS.find((g) => g === t || GROUND_LABEL[g] === t);
}

/** M8's three ways a finding is followed up. */
export const OUTCOME_KINDS = ['administrative', 'sanction', 'judicial'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export const OUTCOME_KIND_LABEL: Record<OutcomeKind, string> = {
  administrative: '行政处理',
  sanction: '处分或职务调整',
  judicial: '移送司法机关',
};

export function parseOutcomeKind(text: string): OutcomeKind | undefined {
  const t = text.trim().replace(/\s+/g, '');
  const n = /^\d$/.test(t) ? OUTCOME_KINDS[Number(t) - 1] : undefined;
  if (n) return n;
  if (/^(行政处理|处理)$/.test(t)) return 'administrative';
  if (/处分|职务调整|调整职务/.test(t)) return 'sanction';
  if (/司法|刑事|犯罪/.test(t)) return 'judicial';
  return undefined;
}

/**
 * Who may take each kind of follow-up (M8): 行政处理 by the body itself (按管理权限) for an
 * officer — for a body, by the district government; 处分或职务调整 by the 人事任免机关 or
 * the 监察机关 (for a body's head, the district government, M4 「报请本级政府…处分」);
 * suspected crimes go to the judiciary.
 */
export function authoritiesFor(target: FaultTarget['kind'], kind: OutcomeKind): readonly Authority[] {
  switch (kind) {
    case 'administrative':
      return target === 'officer' ? ['agency'] : ['government'];
    case 'sanction':
      return target === 'officer' ? ['appointing', 'supervisory'] : ['government', 'supervisory'];
    case 'judicial':
      return ['judiciary'];
  }
}

/** Whom the finding is against: a body as such, or one of its officers. */
export type FaultTarget = { kind: 'org'; orgId: number } | { kind: 'officer'; orgId: number; name: string; personId: number | null };

export const MAX_FAULT_TEXT = 2000;

export interface NewFinding {
  target: FaultTarget;
  ground: FaultGround;
  facts: string; // 过错事实
  /** The record it arose from (a notice round, an order …); one finding per ground, body and source. */
  source: Subject | null;
  proposedBy: number | null; // null: recorded by the system (a missed deadline)
  proposedAt: Date;
}

interface Common extends NewFinding {
  id: number;
  no: string; // ZR-2026-000001
  proposedAuthority: Authority;
  version: number;
}

export type FindingProposed = Common & { status: 'proposed' };
export type FindingDecided = Common & {
  status: 'decided';
  /** null only on decisions recorded before the kind was asked (kept as they were). */
  outcomeKind: OutcomeKind | null;
  authority: Authority;
  outcome: string;
  decidedBy: number;
  decidedAt: Date;
};
export type FindingDismissed = Common & { status: 'dismissed'; reason: string; decidedBy: number; decidedAt: Date };
export type Finding = FindingProposed | FindingDecided | FindingDismissed;
export type FindingStatus = Finding['status'];

export const FINDING_STATUS_LABEL: Record<FindingStatus, string> = {
  proposed: '待认定处理',
  decided: '已处理',
  dismissed: '不予追究',
};

export const parseFindingNo = (text: string): string | undefined => parseRecordNo(SERIES.fault, text);

export function validateFinding(f: NewFinding): Result<NewFinding> {
  const facts = f.facts.trim();
  if (facts.length < 4) return fail('过错事实太短，请至少写 4 个字。');
  if (facts.length > MAX_FAULT_TEXT) return fail(`过错事实不能超过 ${MAX_FAULT_TEXT} 字。`);
  if (f.target.kind === 'officer') {
    const name = f.target.name.trim();
    if (name.length < 2 || name.length > 40) return fail('请写明执法人员姓名（2–40 字）。');
    return ok({ ...f, facts, target: { ...f.target, name } });
  }
  return ok({ ...f, facts });
}

export function findingIn<S extends FindingStatus>(f: Finding, status: S, action: string): Result<Extract<Finding, { status: S }>> {
  if (f.status === status) return ok(f as Extract<Finding, { status: S }>);
  return fail(`追责记录 ${f.no} 当前为“${FINDING_STATUS_LABEL[f.status]}”，不能${action}。`);
}

export function decide(f: FindingProposed, kind: OutcomeKind, authority: Authority, outcome: string, by: number, at: Date): Result<FindingDecided> {
  if (!authoritiesFor(f.target.kind, kind).includes(authority)) return fail(`${OUTCOME_KIND_LABEL[kind]}不由${AUTHORITY_LABEL[authority]}作出，请重新选择。`);
  const t = outcome.trim();
  if (t.length < 2) return fail('请写明处理结果（如：通报批评、记过处分）。');
  if (t.length > MAX_FAULT_TEXT) return fail(`处理结果不能超过 ${MAX_FAULT_TEXT} 字。`);
  return ok({ ...f, status: 'decided', outcomeKind: kind, authority, outcome: t, decidedBy: by, decidedAt: at });
}

export function dismiss(f: FindingProposed, reason: string, by: number, at: Date): Result<FindingDismissed> {
  const t = reason.trim();
  if (t.length < 4) return fail('不予追究须写明理由（至少 4 个字）。');
  if (t.length > MAX_FAULT_TEXT) return fail(`理由不能超过 ${MAX_FAULT_TEXT} 字。`);
  return ok({ ...f, status: 'dismissed', reason: t, decidedBy: by, decidedAt: at });
}

/** The authority a new finding is proposed to: for an officer, always the officer's body (追究机关). */
export const proposedAuthorityOf = (target: FaultTarget, ground: FaultGround): Authority => (target.kind === 'officer' ? 'agency' : DEFAULT_AUTHORITY[ground]);

// ── who may do what ──

/** The justice bureau supervises (监督机关): its justice staff and head see every finding. */
export const RECORD_KEEPER_ROLES: readonly StaffRole[] = ['justice', 'head'];
export const canKeepRecord = (a: Actor, justiceBureauId: number): boolean => isAdmin(a) || hasRole(a, justiceBureauId, RECORD_KEEPER_ROLES);

/** Who speaks for a body as 追究机关: its head (负责人). */
export const AGENCY_ROLES: readonly StaffRole[] = ['head'];
export const isAgencyHead = (a: Actor, orgId: number): boolean => hasRole(a, orgId, AGENCY_ROLES);

/** The bureau sees all; a body's head sees the findings against the body and its officers. */
export const canSeeFinding = (a: Actor, f: Pick<Finding, 'target'>, justiceBureauId: number): boolean =>
  canKeepRecord(a, justiceBureauId) || isAgencyHead(a, f.target.orgId);

/** Opening a finding: the bureau against anyone; a body's head against its own officers only. */
export const canOpenFinding = (a: Actor, target: FaultTarget, justiceBureauId: number): boolean =>
  canKeepRecord(a, justiceBureauId) || (target.kind === 'officer' && isAgencyHead(a, target.orgId));

/** Deciding (or dismissing): an officer's finding by the head of the officer's body; a body's by the bureau. */
export const canDecideFinding = (a: Actor, f: Pick<Finding, 'target'>, justiceBureauId: number): boolean =>
  f.target.kind === 'officer' ? isAgencyHead(a, f.target.orgId) : canKeepRecord(a, justiceBureauId);

// ── storage port ──

export interface FindingRepo {
  /** Whether a finding on this ground against this target (the body, or that officer of it) from this source exists. */
  existsFor(ground: FaultGround, target: FaultTarget, source: Subject): Promise<boolean>;
  /**
   * Records a proposed finding under the number given (series ZR); null when one for the
   * same ground, target and source exists (a sweep run twice records it once).
   */
  propose(f: NewFinding & { proposedAuthority: Authority }, no: string): Promise<FindingProposed | null>;
  byNo(no: string): Promise<Finding | null>;
  update(before: Finding, after: Finding): Promise<boolean>;
  /** Newest first; only those against these bodies (and their officers) when orgIds is given. */
  list(statuses: readonly FindingStatus[], limit: number, orgIds?: readonly number[]): Promise<Finding[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    findings: FindingRepo; // 责任追究 (M8)
  }
}
