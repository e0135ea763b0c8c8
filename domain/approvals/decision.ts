/**
 * 审批决定 (M14 二): the approval bureau's decisions flow into a shared store, classified by
 * kind of approval and open to the matching supervising department (对口监管部门), whose
 * liaison (联络员, M14 三) acknowledges it (签收) and reports the supervision done after
 * the approval (事中事后监管) back to the bureau (「区行政审批局及时掌握监管部门反馈信息」).
 *
 *   unrouted ──bureau routes (分派)──▶ routed ──department acknowledges──▶ acknowledged ──reports──▶ supervised
 *                                      │ ▲                                   │
 *                                      │ └──────────── bureau re-routes ─────┤
 *                                      └──department returns it (not ours, reason)──▶ unrouted
 *
 * A decision is identified by its own number (审批决定文号): importing it again is a no-op.
 */
import { type LocalDate } from '../calendar/calendar';
import { isLocalDate } from '../deadlines/rules';
import { type Result, fail, ok } from '../result';
import { type Actor, isStaffOf } from '../roles';

export const MAX_DECISION_TEXT = { decisionNo: 100, item: 200, applicant: 200, licenceNo: 100, result: 2000, reason: 500 } as const;

export interface DecisionFacts {
  decisionNo: string; // 审批决定文号 (the decision's own number)
  item: string; // 审批事项名称
  applicant: string; // 申请人（被许可人）
  decidedOn: LocalDate; // 决定日期
  licenceNo: string | null; // 证照编号
  validUntil: LocalDate | null; // 有效期至
}

export type ApprovalSource = 'api' | 'csv';

interface DecisionCommon extends DecisionFacts {
  id: number;
  approvalNo: string; // SP-YYYY-NNNNNN
  bureauOrgId: number; // 行政审批局
  kindCode: string | null; // domain/approvals/classification.ts; null when routed by hand
  source: ApprovalSource;
  importedAt: Date;
}

interface Routed {
  orgId: number; // the supervising department
  routedAt: Date;
}

export type ApprovalDecision = DecisionCommon &
  (
    | { state: 'unrouted'; returned?: { orgId: number; reason: string; at: Date } }
    | ({ state: 'routed' } & Routed)
    | ({ state: 'acknowledged'; acknowledgerPersonId: number; acknowledgedAt: Date } & Routed)
    | ({ state: 'supervised'; acknowledgerPersonId: number; acknowledgedAt: Date; result: string; reporterPersonId: number; reportedAt: Date } & Routed)
  );

export type DecisionState = ApprovalDecision['state'];

export const DECISION_STATE_LABEL: Record<DecisionState, string> = {
  unrouted: '待分派监管部门',
  routed: '已推送，待监管部门签收',
  acknowledged: '监管部门已签收',
  supervised: '监管部门已反馈监管情况',
};

/** Field names as the API takes them, and the CSV headers (Chinese or English) that mean each. */
export const DECISION_FIELDS: Record<keyof DecisionFacts, readonly string[]> = {
  decisionNo: ['decisionNo', 'decision_no', '审批决定文号', '决定文号', '文号', '决定书编号'],
  item: ['item', '审批事项', '审批事项名称', '事项名称'],
  applicant: ['applicant', '申请人', '被许可人', '申请单位'],
  decidedOn: ['decidedOn', 'decided_on', '决定日期', '审批日期', '许可日期'],
  licenceNo: ['licenceNo', 'licence_no', '证照编号', '许可证编号', '证件编号'],
  validUntil: ['validUntil', 'valid_until', '有效期至', '有效期截止'],
};

const FIELD_LABEL: Record<keyof DecisionFacts, string> = {
  decisionNo: '审批决定文号', item: '审批事项', applicant: '申请人', decidedOn: '决定日期', licenceNo: '证照编号', validUntil: '有效期至',
};

/** `2026/11/3`, `2026年11月3日`, `2026-11-03` → `2026-11-03`. */
export function normaliseDate(text: string): LocalDate | undefined {
  const m = text.trim().normalize('NFKC').match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  const d = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  return isLocalDate(d) ? d : undefined;
}

/** Reads one decision as the API or a CSV row gives it (any of the names above per field). */
export function parseDecision(raw: unknown): Result<DecisionFacts> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('每条审批决定应为一个对象。');
  const rec = raw as Record<string, unknown>;
  const get = (f: keyof DecisionFacts): string | undefined => {
    for (const n of DECISION_FIELDS[f]) {
      const v = rec[n];
      if (typeof v === 'string' && v.trim()) return v.trim().normalize('NFKC');
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
    return undefined;
  };
  const out: Partial<Record<keyof DecisionFacts, string | null>> = {};
  for (const f of ['decisionNo', 'item', 'applicant', 'decidedOn'] as const) {
    const v = get(f);
    if (!v) return fail(`缺少${FIELD_LABEL[f]}。`);
    out[f] = v;
  }
  for (const f of ['decisionNo', 'item', 'applicant'] as const) {
    if (out[f]!.length > MAX_DECISION_TEXT[f]) return fail(`${FIELD_LABEL[f]}不能超过 ${MAX_DECISION_TEXT[f]} 字。`);
  }
  const decidedOn = normaliseDate(out.decidedOn!);
  if (!decidedOn) return fail(`决定日期「${out.decidedOn}」无效，应为 2026-11-03。`);
  const licence = get('licenceNo') ?? null;
  if (licence && licence.length > MAX_DECISION_TEXT.licenceNo) return fail(`证照编号不能超过 ${MAX_DECISION_TEXT.licenceNo} 字。`);
  const validText = get('validUntil');
  const validUntil = validText ? normaliseDate(validText) : null;
  if (validText && !validUntil) return fail(`有效期至「${validText}」无效，应为 2031-11-02。`);
  if (validUntil && validUntil < decidedOn) return fail('有效期至早于决定日期。');
  return ok({ decisionNo: out.decisionNo!, item: out.item!, applicant: out.applicant!, decidedOn, licenceNo: licence, validUntil: validUntil ?? null });
}

const base = (d: ApprovalDecision): DecisionCommon => {
  const { id, approvalNo, bureauOrgId, kindCode, source, importedAt, decisionNo, item, applicant, decidedOn, licenceNo, validUntil } = d;
  return { id, approvalNo, bureauOrgId, kindCode, source, importedAt, decisionNo, item, applicant, decidedOn, licenceNo, validUntil };
};

/** The bureau routes an unrouted decision, or re-routes one not yet supervised. */
export function route(d: ApprovalDecision, orgId: number, at: Date): Result<ApprovalDecision> {
  if (d.state === 'supervised') return fail(`审批决定 ${d.approvalNo} 已反馈监管情况，不能改派。`);
  if (d.state !== 'unrouted' && d.orgId === orgId) return fail(`审批决定 ${d.approvalNo} 已推送该部门。`);
  return ok({ ...base(d), state: 'routed', orgId, routedAt: at });
}

export function acknowledge(d: ApprovalDecision, personId: number, at: Date): Result<ApprovalDecision> {
  if (d.state !== 'routed') return fail(`审批决定 ${d.approvalNo} ${DECISION_STATE_LABEL[d.state]}。`);
  return ok({ ...d, state: 'acknowledged', acknowledgerPersonId: personId, acknowledgedAt: at });
}

/** The supervision result; reporting without a separate 签收 acknowledges it too. */
export function reportSupervision(d: ApprovalDecision, result: string, personId: number, at: Date): Result<ApprovalDecision> {
  if (d.state !== 'routed' && d.state !== 'acknowledged') return fail(`审批决定 ${d.approvalNo} ${DECISION_STATE_LABEL[d.state]}。`);
  const t = result.trim();
  if (t.length < 2) return fail('请写明监管情况。');
  if (t.length > MAX_DECISION_TEXT.result) return fail(`监管情况不能超过 ${MAX_DECISION_TEXT.result} 字。`);
  const ack = d.state === 'acknowledged' ? { acknowledgerPersonId: d.acknowledgerPersonId, acknowledgedAt: d.acknowledgedAt } : { acknowledgerPersonId: personId, acknowledgedAt: at };
  return ok({ ...base(d), orgId: d.orgId, routedAt: d.routedAt, ...ack, state: 'supervised', result: t, reporterPersonId: personId, reportedAt: at });
}

/** The department says the decision is not its to supervise, with the reason; it goes back to the bureau. */
export function giveBack(d: ApprovalDecision, reason: string, at: Date): Result<ApprovalDecision> {
  if (d.state !== 'routed' && d.state !== 'acknowledged') return fail(`审批决定 ${d.approvalNo} ${DECISION_STATE_LABEL[d.state]}，不能退回。`);
  const t = reason.trim();
  if (t.length < 2) return fail('退回须写明理由（如：不属本部门监管职责）。');
  if (t.length > MAX_DECISION_TEXT.reason) return fail(`理由不能超过 ${MAX_DECISION_TEXT.reason} 字。`);
  return ok({ ...base(d), state: 'unrouted', returned: { orgId: d.orgId, reason: t, at } });
}

/**
 * 审批和监管责任追究 (M14 四): 「对于不执行会商决定、拒绝业务配合、不及时通报审批及监管处罚
 * 信息等…依法依规追究行政责任」. What the bureau records when a supervising department
 * refuses to cooperate on a decision: the facts an accountability finding (M8) starts from.
 */
/** The plan's rule a refusal falls under, as written into the ledger and the finding. */
export const REFUSAL_BASIS = '审批和监管责任追究制度：拒绝业务配合';

export interface CooperationRefusal {
  recordNo: string; // the SP number
  orgId: number; // the department that refused
  reportedByOrgId: number; // the approval bureau
  reporterPersonId: number;
  facts: string;
  basis: typeof REFUSAL_BASIS;
  at: Date;
}

export function cooperationRefusal(d: ApprovalDecision, orgId: number, facts: string, personId: number, at: Date): Result<CooperationRefusal> {
  const t = facts.trim();
  if (t.length < 4) return fail('请写明拒绝配合的具体情况。');
  if (t.length > MAX_DECISION_TEXT.result) return fail(`情况说明不能超过 ${MAX_DECISION_TEXT.result} 字。`);
  return ok({ recordNo: d.approvalNo, orgId, reportedByOrgId: d.bureauOrgId, reporterPersonId: personId, facts: t, basis: REFUSAL_BASIS, at });
}

/**
 * Who sees a decision: the approval bureau's staff every one; a department those routed to
 * it (an unrouted one has no department yet, even when one sent it back).
 */
export const canSeeDecision = (a: Actor, d: { state: DecisionState; orgId?: number }, bureauId: number): boolean =>
  isStaffOf(a, bureauId) || (d.state !== 'unrouted' && d.orgId != null && isStaffOf(a, d.orgId));
