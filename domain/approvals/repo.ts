/** Approval decisions' storage (M14 二). */
import type { NewRecord, RecordRepo } from '../ports';
import type { ApprovalDecision } from './decision';

/** Approval decisions (M14): case-record storage, one per decision number (审批决定文号). */
export interface ApprovalRepo extends RecordRepo<ApprovalDecision> {
  /** Stores it unless a decision with that number exists (then null): a re-import does not duplicate. */
  createUnlessExists(d: NewRecord<ApprovalDecision>): Promise<ApprovalDecision | null>;
  byDecisionNo(decisionNo: string): Promise<ApprovalDecision | null>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    approvals: ApprovalRepo;
  }
}
