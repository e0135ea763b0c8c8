/**
 * 行政执法争议协调 (M2) and 乡镇与区职能部门执法管辖争议 (M15 六): a dispute's lifecycle as a
 * discriminated union. Every transition takes the one state it applies to, so an illegal
 * transition (ruling on a dispute never reported, an opinion before acceptance …) does not
 * type-check; the chat layer narrows with `inState`, which refuses in Chinese.
 *
 *   applied (申请) ──decline──▶ declined (不予受理)
 *      │
 *      accept (受理)
 *      ▼
 *   accepted (协调中) ──issueOpinion──▶ opinion-issued (已出具协调意见) ──every party agrees──▶ resolved
 *                                           │  (respond: each party 同意 / 不同意)
 *                                           report (书面建议，报请区政府裁决; only after a 不同意,
 *                                           or a party's silence past its time to answer)
 *                                           ▼
 *                                        reported ──rule (区政府裁决 / 决定)──▶ ruled
 *
 * Readings of the plan:
 * - M2: disputes on 职责、依据、程序、标准 between enforcement bodies; they must negotiate first
 *   (先行协商), so the application carries a statement of the negotiation tried. The justice
 *   bureau (司法行政机关) accepts, coordinates and issues an opinion (受理申请、协调解决、出具意见);
 *   when the parties still disagree it writes a recommendation and reports to the district
 *   government, which rules (裁决).
 * - M15 六: a township and a district department disputing jurisdiction (执法管辖) negotiate,
 *   then 提请区政府决定. They take the same path — the bureau, the district's coordinating
 *   body for enforcement disputes, is the channel to the government — and the government's
 *   act is worded 决定.
 * - The plan sets no time limit for the parties' answer to the opinion. Our reading: each
 *   party answers within 5 working days of the opinion (OPINION_ANSWER_WORKING_DAYS, a clock
 *   per party, reminded); a party silent past it is taken as not agreeing (逾期未表态，视为
 *   不同意), so the bureau may report and the dispute cannot stall at the opinion. A late
 *   answer is still taken while the dispute is open. Coordination itself (受理 → 意见) has
 *   no clock: the plan says only 及时.
 */
import { OPINION_ANSWER_WORKING_DAYS } from './deadlines/rules';
import type { Organisation } from './organisation';
import { SERIES, parseRecordNo } from './record-no';
import { type Result, fail, ok } from './result';
import { type Actor, type StaffRole, hasRole, isAdmin, isStaffOf } from './roles';

export const DISPUTE_KINDS = ['duty', 'basis', 'procedure', 'standard', 'jurisdiction'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];

export const DISPUTE_KIND_LABEL: Record<DisputeKind, string> = {
  duty: '职责争议',
  basis: '依据争议',
  procedure: '程序争议',
  standard: '标准争议',
  jurisdiction: '执法管辖争议（乡镇与区职能部门）',
};

const KIND_WORDS: Record<DisputeKind, readonly string[]> = {
  duty: ['职责', '执法职责', '职责争议'],
  basis: ['依据', '执法依据', '依据争议'],
  procedure: ['程序', '执法程序', '程序争议'],
  standard: ['标准', '执法标准', '标准争议'],
  jurisdiction: ['管辖', '执法管辖', '管辖争议', '执法管辖争议'],
};

/** 职责 / 依据 / 程序 / 标准 / 管辖, with or without 争议, or the code. */
export function parseDisputeKind(text: string): DisputeKind | undefined {
  const t = text.trim().replace(/\s+/g, '');
  return DISPUTE_KINDS.find((k) => k === t || KIND_WORDS[k].includes(t) || DISPUTE_KIND_LABEL[k] === t);
}

/** What the government's act is called: 裁决 (M2), 决定 (M15 六). */
export const rulingWord = (kind: DisputeKind): string => (kind === 'jurisdiction' ? '决定' : '裁决');

export const MAX_DISPUTE_TEXT = 2000;
export const MIN_FACTS = 10;
export const MIN_NEGOTIATION = 10;
export const MIN_OPINION = 10;
export const MIN_REASON = 4;

/** A party's answer to the coordination opinion. */
export interface Position {
  orgId: number;
  agree: boolean;
  note: string | null;
  personId: number;
  at: Date;
}

/** What the applicant says, fixed at application. */
export interface DisputeFacts {
  kind: DisputeKind;
  applicantOrgId: number;
  applicantPersonId: number;
  respondentOrgIds: number[]; // 争议对方单位
  facts: string; // 争议事实
  negotiation: string; // 先行协商情况
}

interface Common extends DisputeFacts {
  id: number;
  no: string; // ZY-2026-000001
  appliedAt: Date;
  /** Optimistic-concurrency token kept by storage: a save fails if someone saved since the read. */
  version: number;
}

interface AcceptedFields {
  handlerPersonId: number; // 司法局承办人
  acceptedAt: Date;
}
interface OpinionFields extends AcceptedFields {
  opinion: string;
  opinionAt: Date;
  opinionBy: number;
  positions: Position[];
}
interface ReportFields extends OpinionFields {
  recommendation: string; // 书面建议
  reportedAt: Date;
  reportedBy: number;
}

export type Applied = Common & { status: 'applied' };
export type Declined = Common & { status: 'declined'; handlerPersonId: number; declinedAt: Date; declineReason: string };
export type Accepted = Common & AcceptedFields & { status: 'accepted' };
export type OpinionIssued = Common & OpinionFields & { status: 'opinion-issued' };
export type Resolved = Common & OpinionFields & { status: 'resolved'; resolvedAt: Date };
export type Reported = Common & ReportFields & { status: 'reported' };
export type Ruled = Common & ReportFields & { status: 'ruled'; ruling: string; ruledAt: Date; ruledBy: number };

export type Dispute = Applied | Declined | Accepted | OpinionIssued | Resolved | Reported | Ruled;
export type DisputeStatus = Dispute['status'];
export type InState<S extends DisputeStatus> = Extract<Dispute, { status: S }>;

export const DISPUTE_STATUSES: readonly DisputeStatus[] = ['applied', 'declined', 'accepted', 'opinion-issued', 'resolved', 'reported', 'ruled'];
export const FINAL_STATUSES: readonly DisputeStatus[] = ['declined', 'resolved', 'ruled'];
export const ACTIVE_STATUSES: readonly DisputeStatus[] = DISPUTE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export function statusLabel(d: Pick<Dispute, 'status' | 'kind'>): string {
  switch (d.status) {
    case 'applied':
      return '已申请，待司法局受理';
    case 'declined':
      return '司法局不予受理';
    case 'accepted':
      return '已受理，协调中';
    case 'opinion-issued':
      return '已出具协调意见，待各方表态';
    case 'resolved':
      return '各方同意协调意见，已办结';
    case 'reported':
      return `已报请区政府${rulingWord(d.kind)}`;
    case 'ruled':
      return `区政府已${rulingWord(d.kind)}，已办结`;
  }
}

export const parseDisputeNo = (text: string): string | undefined => parseRecordNo(SERIES.dispute, text);

export const partiesOf = (d: Pick<DisputeFacts, 'applicantOrgId' | 'respondentOrgIds'>): number[] => [d.applicantOrgId, ...d.respondentOrgIds];

/** An enforcement body that may be a party: a district department or a township (街道). */
export const canBeParty = (o: Organisation): boolean => o.kind === 'department' || o.kind === 'township';

const REFUSED_NEGOTIATION = /^(无|没有|未|尚未|没|暂无|不需要|不用|否)/;

/** Checks the parties: enforcement bodies, distinct, and a township and a department for 管辖 (M15 六). */
export function checkParties(kind: DisputeKind, applicant: Organisation, respondents: readonly Organisation[]): Result<number[]> {
  if (!canBeParty(applicant)) return fail('争议协调由区行政执法部门或乡镇（街道）提出申请。');
  if (!respondents.length) return fail('请写明争议对方单位。');
  const ids = respondents.map((o) => o.id);
  if (new Set(ids).size !== ids.length) return fail('争议对方单位有重复。');
  if (ids.includes(applicant.id)) return fail('争议对方不能是本单位。');
  const outsider = respondents.find((o) => !canBeParty(o));
  if (outsider) return fail(`${outsider.name} 不是行政执法部门或乡镇（街道），不能作为争议当事方。`);
  const all = [applicant, ...respondents];
  if (kind === 'jurisdiction' && !(all.some((o) => o.kind === 'township') && all.some((o) => o.kind === 'department'))) {
    return fail('执法管辖争议（方案（十五）六）发生在乡镇（街道）与区职能部门之间；部门之间的争议请选择“职责”等类型。');
  }
  return ok(ids);
}

/** Checks the negotiation statement: the plan requires negotiation first (先行协商). */
export function checkNegotiation(raw: string): Result<string> {
  const t = raw.trim();
  if (REFUSED_NEGOTIATION.test(t) || t.length < MIN_NEGOTIATION) {
    return fail(`方案要求争议各方先行协商，协商不成才可申请协调。请写明与对方协商的时间、方式和未能一致的分歧（至少 ${MIN_NEGOTIATION} 个字）。`);
  }
  if (t.length > MAX_DISPUTE_TEXT) return fail(`协商情况不能超过 ${MAX_DISPUTE_TEXT} 字。`);
  return ok(t);
}

/** Checks a whole application; the respondents as typed, already looked up. */
export function validateApplication(input: {
  kind: DisputeKind;
  applicant: Organisation;
  respondents: readonly Organisation[];
  applicantPersonId: number;
  facts: string;
  negotiation: string;
}): Result<DisputeFacts> {
  const ids = checkParties(input.kind, input.applicant, input.respondents);
  if (!ids.ok) return ids;
  const facts = text(input.facts, MIN_FACTS, '争议事实');
  if (!facts.ok) return facts;
  const negotiation = checkNegotiation(input.negotiation);
  if (!negotiation.ok) return negotiation;
  return ok({
    kind: input.kind, applicantOrgId: input.applicant.id, applicantPersonId: input.applicantPersonId, respondentOrgIds: ids.value,
    facts: facts.value, negotiation: negotiation.value,
  });
}

function text(raw: string, min: number, what: string): Result<string> {
  const t = raw.trim();
  if (t.length < min) return fail(`${what}太短，请至少写 ${min} 个字。`);
  if (t.length > MAX_DISPUTE_TEXT) return fail(`${what}不能超过 ${MAX_DISPUTE_TEXT} 字。`);
  return ok(t);
}

/** What happens next in each state, for refusals and status answers. */
export function nextStep(d: Pick<Dispute, 'status' | 'kind'>): string {
  switch (d.status) {
    case 'applied':
      return '等待司法局受理或不予受理';
    case 'accepted':
      return '等待司法局出具协调意见';
    case 'opinion-issued':
      return `等待各方自出具意见起${OPINION_ANSWER_WORKING_DAYS}个工作日内对协调意见表态；有单位不同意或逾期未表态的，由司法局报请区政府${rulingWord(d.kind)}`;
    case 'reported':
      return `等待区政府${rulingWord(d.kind)}`;
    default:
      return '已办结，没有后续步骤';
  }
}

/**
 * Narrows a dispute to the state an action needs, or refuses with what state it is in and
 * what comes next: 「争议 ZY-… 当前为“已受理，协调中”，不能裁决（下一步：等待司法局出具协调意见）。」
 */
export function inState<S extends DisputeStatus>(d: Dispute, status: S, action: string): Result<InState<S>> {
  if (d.status === status) return ok(d as InState<S>);
  return fail(`争议 ${d.no} 当前为“${statusLabel(d)}”，不能${action}（下一步：${nextStep(d)}）。`);
}

export function accept(d: Applied, by: number, at: Date): Result<Accepted> {
  return ok({ ...d, status: 'accepted', handlerPersonId: by, acceptedAt: at });
}

export function decline(d: Applied, reason: string, by: number, at: Date): Result<Declined> {
  const r = text(reason, MIN_REASON, '不予受理的理由');
  if (!r.ok) return r;
  return ok({ ...d, status: 'declined', handlerPersonId: by, declinedAt: at, declineReason: r.value });
}

export function issueOpinion(d: Accepted, opinion: string, by: number, at: Date): Result<OpinionIssued> {
  const r = text(opinion, MIN_OPINION, '协调意见');
  if (!r.ok) return r;
  return ok({ ...d, status: 'opinion-issued', opinion: r.value, opinionAt: at, opinionBy: by, positions: [] });
}

/**
 * A party's 同意 / 不同意 to the opinion (不同意 with its reason). A party may change its
 * answer until the dispute is resolved or reported; when every party agrees it is resolved.
 */
export function respond(
  d: OpinionIssued, orgId: number, agree: boolean, note: string | null, by: number, at: Date,
): Result<OpinionIssued | Resolved> {
  if (!partiesOf(d).includes(orgId)) return fail(`只有争议当事方可以对争议 ${d.no} 的协调意见表态。`);
  let reason: string | null = note?.trim() || null;
  if (!agree) {
    const r = text(note ?? '', 2, '不同意的理由');
    if (!r.ok) return r;
    reason = r.value;
  }
  const previous = d.positions.find((p) => p.orgId === orgId);
  if (previous && previous.agree === agree) return fail(`贵单位已表示${agree ? '同意' : '不同意'}争议 ${d.no} 的协调意见。`);
  const positions = [...d.positions.filter((p) => p.orgId !== orgId), { orgId, agree, note: reason, personId: by, at }];
  const opinion: OpinionIssued = { ...d, positions };
  if (partiesOf(d).every((id) => positions.some((p) => p.orgId === id && p.agree))) return ok({ ...opinion, status: 'resolved', resolvedAt: at });
  return ok(opinion);
}

/** The parties that have not answered the opinion (尚未表态). */
export const silentParties = (d: OpinionIssued): number[] => partiesOf(d).filter((id) => !d.positions.some((p) => p.orgId === id));

/**
 * 书面建议，报请区政府裁决 once the parties still do not agree (经协调仍无法达成一致): a party
 * has said 不同意, or a party whose time to answer has run out (`lapsed`: the parties whose
 * answer clock is past due) has not answered — its silence counts as 不同意.
 */
export function canReport(d: OpinionIssued, lapsed: readonly number[]): Result<OpinionIssued> {
  if (d.positions.some((p) => !p.agree)) return ok(d);
  if (silentParties(d).some((id) => lapsed.includes(id))) return ok(d);
  return fail(
    `争议 ${d.no} 尚无当事方表示不同意协调意见，表态期限也未届满；经协调仍无法达成一致（不同意或逾期未表态）的，才报请区政府${rulingWord(d.kind)}。`,
  );
}

export function report(d: OpinionIssued, recommendation: string, by: number, at: Date, lapsed: readonly number[]): Result<Reported> {
  const allowed = canReport(d, lapsed);
  if (!allowed.ok) return allowed;
  const r = text(recommendation, MIN_OPINION, '书面建议');
  if (!r.ok) return r;
  return ok({ ...d, status: 'reported', recommendation: r.value, reportedAt: at, reportedBy: by });
}

export function rule(d: Reported, ruling: string, by: number, at: Date): Result<Ruled> {
  const r = text(ruling, MIN_OPINION, `${rulingWord(d.kind)}内容`);
  if (!r.ok) return r;
  return ok({ ...d, status: 'ruled', ruling: r.value, ruledAt: at, ruledBy: by });
}

// ── who may do what ──

/** The bodies the plan gives a part in disputes (directory ids). */
export interface DisputeBodies {
  justiceBureauId: number; // 司法局: accepts, coordinates, reports
  governmentId: number; // 区政府: rules
  coordinationOfficeId: number; // 执法协调小组办公室: follows how mechanisms work (四(二))
}

export const APPLICANT_ROLES: readonly StaffRole[] = ['officer', 'head', 'liaison'];
export const BUREAU_ROLES: readonly StaffRole[] = ['justice', 'head'];
export const GOVERNMENT_ROLES: readonly StaffRole[] = ['head', 'officer'];

/** The parties, the bureau, the government and the coordination office see a dispute; nobody else. */
export function canViewDispute(a: Actor, d: Pick<Dispute, 'applicantOrgId' | 'respondentOrgIds'>, b: DisputeBodies): boolean {
  if (isAdmin(a)) return true;
  return [...partiesOf(d), b.justiceBureauId, b.governmentId, b.coordinationOfficeId].some((id) => isStaffOf(a, id));
}

export const isBureau = (a: Actor, b: DisputeBodies): boolean => hasRole(a, b.justiceBureauId, BUREAU_ROLES);
export const isGovernment = (a: Actor, b: DisputeBodies): boolean => hasRole(a, b.governmentId, GOVERNMENT_ROLES);

/** The party body the actor answers for (the first one, applicant first), if any. */
export function partyOf(a: Actor, d: Dispute): number | undefined {
  return partiesOf(d).find((id) => hasRole(a, id, APPLICANT_ROLES));
}

// ── storage port ──

export interface NewDispute extends DisputeFacts {
  no: string; // the next ZY number (NumberingRepo)
  appliedAt: Date;
}

export interface DisputeRepo {
  /** Registers an application. */
  create(d: NewDispute): Promise<Applied>;
  byNo(no: string): Promise<Dispute | null>;
  /** Saves a transition; false if someone saved the dispute since it was read (status and version checked). */
  update(before: Dispute, after: Dispute): Promise<boolean>;
  /** Disputes not yet closed, oldest first. */
  active(limit: number): Promise<Dispute[]>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    disputes: DisputeRepo; // 争议协调 (M2, M15 六)
  }
}
