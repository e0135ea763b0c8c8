/** The case records' storage (M4, M10, M13, M15 一): the records, and the ledger of what happened to them. */
import type { RecordRepo } from '../ports';
import type { EnforcementCase } from './case';
import type { TransferOrder } from './order';
import type { Referral } from './referral';
import type { Transfer } from './transfer';

export interface CaseEvent {
  recordNo: string;
  kind: string; // registered, evidence, submitted, approved, refused, accepted, returned, closed, ordered, referred …
  actorPersonId: number;
  orgId: number;
  note?: string | null;
}

export interface CaseEventRepo {
  add(e: CaseEvent, at: Date): Promise<void>;
  list(recordNo: string): Promise<Array<CaseEvent & { at: Date }>>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    cases: RecordRepo<EnforcementCase>;
    transfers: RecordRepo<Transfer>;
    orders: RecordRepo<TransferOrder>;
    referrals: RecordRepo<Referral>;
    caseEvents: CaseEventRepo;
  }
}
