/** Every ledger (台账), by kind, in the order the console lists them. */
import { approvalsLedger } from './approvals';
import { casesLedger, evidenceLedger, ordersLedger, referralsLedger, transfersLedger } from './cases';
import { complaintsLedger } from './complaints';
import { deadlinesLedger } from './deadlines';
import type { LedgerDef, LedgerKind } from './def';
import { disputesLedger } from './disputes';
import { assessmentsLedger, guidingCasesLedger, infoReportsLedger } from './duties';
import { findingsLedger } from './findings';
import { interferenceLedger } from './interference';
import { assistanceLedger, jointActionsLedger } from './joint';
import { meetingItemsLedger, meetingsLedger } from './meetings';
import { infoRequestsLedger } from './sharing';
import { noticesLedger } from './supervision';

export const LEDGERS: Readonly<Record<LedgerKind, LedgerDef<any>>> = {
  complaints: complaintsLedger,
  cases: casesLedger,
  transfers: transfersLedger,
  orders: ordersLedger,
  referrals: referralsLedger,
  evidence: evidenceLedger,
  interference: interferenceLedger,
  disputes: disputesLedger,
  meetings: meetingsLedger,
  'meeting-items': meetingItemsLedger,
  notices: noticesLedger,
  findings: findingsLedger,
  approvals: approvalsLedger,
  'info-requests': infoRequestsLedger,
  'joint-actions': jointActionsLedger,
  assistance: assistanceLedger,
  assessments: assessmentsLedger,
  'guiding-cases': guidingCasesLedger,
  'info-reports': infoReportsLedger,
  deadlines: deadlinesLedger,
};

export { LEDGER_KINDS, type LedgerKind, type LedgerDef, accessContext, type AccessContext } from './def';
