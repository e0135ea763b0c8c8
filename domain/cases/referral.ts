/**
 * 监察执纪衔接 (M10): a case closed with an administrative penalty against a party member
 * or state employee opens a referral of the suspected disciplinary matter to the
 * discipline commission (纪委监委), due 10 working days after closure — whichever way the case
 * closed with the penalty (办结, or a criminal outcome that leaves the penalty standing). The
 * suspected disciplinary matter and its clues (涉嫌违纪问题及线索) are written by the body; the
 * head signs and seals it (approves by chat) only then, the penalty decision goes with it.
 *
 *   awaiting-approval ──head approves (签字盖章)──▶ sent ──commission acknowledges──▶ received
 */
import { type Result, fail, ok } from '../result';

export interface ReferralFacts {
  caseNo: string;
  orgId: number;
  /** The parties concerned, as recorded (name, employer, position). */
  parties: string[];
  decisionNo: string; // 行政处罚决定书文号, attached
  closedAt: Date;
  /** 涉嫌违纪问题及线索; null until the body writes it (a case closed by the police's outcome). */
  matters: string | null;
}

export const MATTERS_LENGTH = { min: 10, max: 2000 } as const;

interface ReferralCommon extends ReferralFacts {
  id: number;
  referralNo: string; // JJ-YYYY-NNNNNN
  openedAt: Date;
}

export type Referral = ReferralCommon &
  (
    | { state: 'awaiting-approval' }
    | { state: 'sent'; approverPersonId: number; sentAt: Date }
    | { state: 'received'; approverPersonId: number; sentAt: Date; receiverPersonId: number; receivedAt: Date }
  );

export const REFERRAL_STATE_LABEL: Record<Referral['state'], string> = {
  'awaiting-approval': '待单位负责人签字盖章',
  sent: '已移送纪检监察机关',
  received: '纪检监察机关已接收',
};

/** Checks the text of 涉嫌违纪问题及线索. */
export function checkMatters(text: string): Result<string> {
  const t = text.trim();
  if (t.length < MATTERS_LENGTH.min) return fail(`请写明涉嫌违纪问题及线索（不少于 ${MATTERS_LENGTH.min} 字）：涉及的人员、行为及证据线索。`);
  if (t.length > MATTERS_LENGTH.max) return fail(`涉嫌违纪问题及线索不能超过 ${MATTERS_LENGTH.max} 字。`);
  return ok(t);
}

/** Writes (or corrects) the suspected matter while the referral waits for the head. */
export function describeMatters(r: Referral, text: string): Result<Referral> {
  if (r.state !== 'awaiting-approval') return fail(`纪检移送 ${r.referralNo} ${REFERRAL_STATE_LABEL[r.state]}，不能再修改。`);
  const m = checkMatters(text);
  return m.ok ? ok({ ...r, matters: m.value }) : m;
}

export function approveReferral(r: Referral, approverPersonId: number, at: Date): Result<Referral> {
  if (r.state !== 'awaiting-approval') return fail(`纪检移送 ${r.referralNo} ${REFERRAL_STATE_LABEL[r.state]}。`);
  if (!r.matters) return fail(`纪检移送 ${r.referralNo} 尚未填写涉嫌违纪问题及线索，请办案人员发送“违纪线索 ${r.referralNo} 内容”填写后再签批。`);
  return ok({ ...r, state: 'sent', approverPersonId, sentAt: at });
}

export function receiveReferral(r: Referral, receiverPersonId: number, at: Date): Result<Referral> {
  if (r.state !== 'sent') return fail(`纪检移送 ${r.referralNo} ${REFERRAL_STATE_LABEL[r.state]}，不在待接收状态。`);
  return ok({ ...r, state: 'received', receiverPersonId, receivedAt: at });
}
