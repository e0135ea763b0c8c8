/**
 * 监察执纪衔接 (M10): a case closed with an administrative penalty against a party member
 * or state employee opens a referral of the suspected disciplinary matter to the
 * discipline commission (纪委监委), due 10 working days after closure. The head signs
 * and seals it (approves by chat), the penalty decision goes with it.
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
}

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

export function approveReferral(r: Referral, approverPersonId: number, at: Date): Result<Referral> {
  if (r.state !== 'awaiting-approval') return fail(`纪检移送 ${r.referralNo} ${REFERRAL_STATE_LABEL[r.state]}。`);
  return ok({ ...r, state: 'sent', approverPersonId, sentAt: at });
}

export function receiveReferral(r: Referral, receiverPersonId: number, at: Date): Result<Referral> {
  if (r.state !== 'sent') return fail(`纪检移送 ${r.referralNo} ${REFERRAL_STATE_LABEL[r.state]}，不在待接收状态。`);
  return ok({ ...r, state: 'received', receiverPersonId, receivedAt: at });
}
