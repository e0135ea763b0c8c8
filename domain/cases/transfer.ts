/**
 * 案件移送 (M4, M15 一). A transfer goes out in the name of the body (the directory only
 * holds bodies, never an internal unit), after its head approves, with the plan's
 * materials. Three routes:
 *
 * | route             | to                         | clock                              | extra                          |
 * | ----------------- | -------------------------- | ---------------------------------- | ------------------------------ |
 * | township-district | a township ↔ a department  | 3 working days from discovery, 24 h if urgent (M15) | 基本违法事实书面材料 |
 * | competence        | another competent body     | 及时 (no fixed clock, M4)           |                                |
 * | criminal          | the police (公安机关)       | 及时 (M4)                           | copies to 检察院 and 司法局, report to the superior body, the penalty decision if one exists |
 *
 *   awaiting-approval ──head approves──▶ sent ──receiver accepts──▶ accepted
 *          └──head refuses──▶ refused          └──receiver returns──▶ returned
 *
 * An accepted criminal transfer then carries the police's (procuratorate's, court's) outcome.
 */
import type { Organisation } from '../organisation';
import { type Result, fail, ok } from '../result';

export const TRANSFER_ROUTES = ['township-district', 'competence', 'criminal'] as const;
export type TransferRoute = (typeof TRANSFER_ROUTES)[number];

export const ROUTE_LABEL: Record<TransferRoute, string> = {
  'township-district': '乡镇与区职能部门之间移送',
  competence: '移送有权部门',
  criminal: '涉嫌犯罪移送公安机关',
};

/** 不在本部门执法权限范围: which of the plan's grounds. */
export const TRANSFER_GROUNDS = ['law', 'facts', 'amount', 'jurisdiction', 'crime'] as const;
export type TransferGround = (typeof TRANSFER_GROUNDS)[number];
export const GROUND_LABEL: Record<TransferGround, string> = {
  law: '涉及的法律法规不属本单位执法权限',
  facts: '事实情节不属本单位执法权限',
  amount: '涉案金额超出本单位执法权限',
  jurisdiction: '属于对方管辖（乡镇与区职能部门之间）',
  crime: '符合刑事追诉标准，涉嫌犯罪',
};

/** The materials of a transfer (M4); each is attached or declared not to exist. */
export const MATERIALS = ['letter', 'report', 'items', 'inspection', 'facts', 'other'] as const;
export type Material = (typeof MATERIALS)[number];
export const MATERIAL_LABEL: Record<Material, string> = {
  letter: '案件移送书',
  report: '案件调查报告',
  items: '涉案物品清单',
  inspection: '检验报告或者鉴定结论',
  facts: '基本违法事实的书面材料',
  other: '其他有关涉案材料',
};

/** What a route cannot go without; the rest may be declared 无. */
export function requiredMaterials(route: TransferRoute): Material[] {
  return route === 'township-district' ? ['letter', 'report', 'facts'] : ['letter', 'report'];
}

/** The materials a route asks about, in order. */
export function materialsOf(route: TransferRoute): Material[] {
  return MATERIALS.filter((m) => m !== 'facts' || route === 'township-district');
}

export interface AttachedMaterial {
  material: Material;
  /** Title or number of the document as declared, e.g. 「抚市监移〔2026〕3号」; null = 无此材料. */
  title: string | null;
  /** The files sent as this material (attachments of the transfer, by id); absent on transfers from before files. */
  fileIds?: number[];
}

export interface TransferFacts {
  caseNo: string;
  fromOrgId: number;
  toOrgId: number;
  route: TransferRoute;
  ground: TransferGround;
  reason: string;
  urgent: boolean; // township-district only: 24 hours
  materials: AttachedMaterial[];
  /** Criminal: the administrative decision already made, copied along (or null). */
  decisionNo: string | null;
  /** Criminal: the superior enforcement body it is reported to (上一级行政执法机关). */
  superior: string | null;
  /** The 责令限期移送 order it answers, if any. */
  orderNo: string | null;
}

interface TransferCommon extends TransferFacts {
  id: number;
  transferNo: string; // YS-YYYY-NNNNNN
  drafterPersonId: number;
  submittedAt: Date;
}

export type Transfer = TransferCommon &
  (
    | { state: 'awaiting-approval' }
    | { state: 'refused'; byPersonId: number; reason: string; refusedAt: Date }
    | { state: 'sent'; approverPersonId: number; sentAt: Date }
    | { state: 'accepted'; approverPersonId: number; sentAt: Date; receiverPersonId: number; acceptedAt: Date; criminalOutcome: CriminalOutcome | null }
    | { state: 'returned'; approverPersonId: number; sentAt: Date; receiverPersonId: number; reason: string; returnedAt: Date }
  );

export type TransferState = Transfer['state'];

/** 刑事处理结果 of a criminal transfer, as recorded (M4). */
export interface CriminalOutcome {
  text: string; // 不予立案、撤销案件、不起诉 …
  /** Criminal liability pursued: the case ends there; otherwise the department decides on a penalty. */
  pursued: boolean;
  recordedAt: Date;
  byPersonId: number;
}

/** The outcomes the plan names (M4) and whether each pursues criminal liability. */
export const CRIMINAL_OUTCOMES: Readonly<Record<string, boolean>> = {
  不予立案: false, 撤销案件: false, 不起诉: false, 不予起诉: false, 无罪判决: false, 无罪: false, 免予刑事处罚: false, 免于刑事处罚: false,
  追究刑事责任: true, 已追究刑事责任: true, 有罪判决: true,
};

/**
 * The clock a transfer between these bodies runs on (M15 一): 3 working days, 24 hours if
 * urgent, between township and district; none on the other routes (M4 「及时」).
 */
export function transferClock(route: TransferRoute, urgent: boolean): 'township-transfer' | 'urgent-transfer' | null {
  if (route !== 'township-district') return null;
  return urgent ? 'urgent-transfer' : 'township-transfer';
}

export const TRANSFER_STATE_LABEL: Record<TransferState, string> = {
  'awaiting-approval': '待负责人审批',
  refused: '负责人未批准',
  sent: '已移送，待接收',
  accepted: '已接收',
  returned: '已退回',
};

/** The route between two bodies, or why there is none. */
export function routeBetween(from: Organisation, to: Organisation, policeCode: string): Result<TransferRoute> {
  if (from.id === to.id) return fail('不能移送给本单位。');
  if (to.code === policeCode) return ok('criminal');
  if (to.kind === 'external' || to.kind === 'authority') return fail(`${to.name}不是行政执法部门或乡镇，不能作为移送接收单位。`);
  const pair = new Set([from.kind, to.kind]);
  if (pair.has('township') && pair.has('department')) return ok('township-district');
  return ok('competence');
}

/** Checks the materials against the route: required ones attached, every one answered. */
export function checkMaterials(route: TransferRoute, materials: readonly AttachedMaterial[]): Result<true> {
  const missing = requiredMaterials(route).filter((m) => !materials.find((a) => a.material === m)?.title);
  if (missing.length) return fail(`缺少必备材料：${missing.map((m) => MATERIAL_LABEL[m]).join('、')}。请补齐后再移送。`);
  const unanswered = materialsOf(route).filter((m) => !materials.some((a) => a.material === m));
  if (unanswered.length) return fail(`请说明是否附有：${unanswered.map((m) => MATERIAL_LABEL[m]).join('、')}。`);
  return ok(true);
}

/** Validates a drafted transfer before it is submitted for approval. */
export function checkTransfer(f: TransferFacts): Result<TransferFacts> {
  const m = checkMaterials(f.route, f.materials);
  if (!m.ok) return m;
  if (f.urgent && f.route !== 'township-district') return fail('“情况紧急、24小时内移送”只适用于乡镇与区职能部门之间的移送。');
  if (f.route === 'criminal' && !f.superior?.trim()) return fail('涉嫌犯罪移送须报上一级行政执法机关，请填写上一级机关名称。');
  if ((f.route === 'criminal') !== (f.ground === 'crime')) return fail(f.route === 'criminal' ? '移送公安机关的理由应为涉嫌犯罪。' : '涉嫌犯罪的案件应移送公安机关。');
  return ok(f);
}

type Awaiting = Extract<Transfer, { state: 'awaiting-approval' }>;
type Sent = Extract<Transfer, { state: 'sent' }>;

export function canDecide(t: Transfer): Result<Awaiting> {
  return t.state === 'awaiting-approval' ? ok(t) : fail(`移送 ${t.transferNo} ${TRANSFER_STATE_LABEL[t.state]}，不在待审批状态。`);
}

export function canReceive(t: Transfer): Result<Sent> {
  return t.state === 'sent' ? ok(t) : fail(`移送 ${t.transferNo} ${TRANSFER_STATE_LABEL[t.state]}，不在待接收状态。`);
}

export function approve(t: Transfer, approverPersonId: number, at: Date): Result<Transfer> {
  const a = canDecide(t);
  return a.ok ? ok({ ...a.value, state: 'sent', approverPersonId, sentAt: at }) : a;
}

export function refuse(t: Transfer, byPersonId: number, reason: string, at: Date): Result<Transfer> {
  const a = canDecide(t);
  if (!a.ok) return a;
  if (reason.trim().length < 2) return fail('请写明不批准的理由。');
  return ok({ ...a.value, state: 'refused', byPersonId, reason: reason.trim(), refusedAt: at });
}

export function accept(t: Transfer, receiverPersonId: number, at: Date): Result<Transfer> {
  const s = canReceive(t);
  return s.ok ? ok({ ...s.value, state: 'accepted', receiverPersonId, acceptedAt: at, criminalOutcome: null }) : s;
}

type Accepted = Extract<Transfer, { state: 'accepted' }>;

/** Records the criminal outcome of an accepted criminal transfer, once. */
export function recordOutcome(t: Transfer, text: string, byPersonId: number, at: Date): Result<Accepted & { criminalOutcome: CriminalOutcome }> {
  if (t.route !== 'criminal') return fail(`${t.transferNo} 不是涉嫌犯罪移送。`);
  if (t.state !== 'accepted') return fail(`移送 ${t.transferNo} ${TRANSFER_STATE_LABEL[t.state]}，公安机关接收后才能登记刑事处理结果。`);
  if (t.criminalOutcome) return fail(`移送 ${t.transferNo} 已登记刑事处理结果：${t.criminalOutcome.text}。`);
  const outcome = text.trim();
  const pursued = CRIMINAL_OUTCOMES[outcome];
  if (pursued === undefined) return fail(`请写明处理结果：${Object.keys(CRIMINAL_OUTCOMES).join('、')}。`);
  return ok({ ...t, criminalOutcome: { text: outcome, pursued, recordedAt: at, byPersonId } });
}

/** 退回: the receiver must say why (e.g. not its competence, materials incomplete). */
export function giveBack(t: Transfer, receiverPersonId: number, reason: string, at: Date): Result<Transfer> {
  const s = canReceive(t);
  if (!s.ok) return s;
  if (reason.trim().length < 4) return fail('退回须写明理由（如：不属本单位管辖、材料不全）。');
  return ok({ ...s.value, state: 'returned', receiverPersonId, reason: reason.trim(), returnedAt: at });
}
