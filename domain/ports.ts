/**
 * What the domain needs from storage. Implemented in db/; every method runs inside
 * the unit of work of one conversation turn, so a turn commits whole or not at all.
 */
import type { Complaint, ComplaintFacts, ComplaintStatus, RoutedBy } from './complaint';
import type { Due } from './calendar/calendar';
import type { Organisation } from './organisation';
import type { RoleGrant, StaffRole } from './roles';

/** A message as the engine sends it, on any platform. */
export interface Reply {
  text: string;
  options?: string[];
}

export interface AccountRef {
  accountId: number;
  personId: number;
}

export interface PeopleRepo {
  /** Finds the account, creating person and account on first contact. */
  resolveAccount(platform: string, externalId: string, displayName?: string): Promise<AccountRef>;
  grantsOf(personId: number): Promise<RoleGrant[]>;
  grant(personId: number, orgId: number, role: StaffRole): Promise<void>;
  /** People holding any of the roles in the organisation. */
  staffOf(orgId: number, roles: readonly StaffRole[]): Promise<number[]>;
  displayName(personId: number): Promise<string | null>;
}

export interface InviteRepo {
  create(codeHash: string, orgId: number, role: StaffRole, expiresAt: Date): Promise<void>;
  /** Marks the code used; null when unknown, used or expired. Single use even under races. */
  redeem(codeHash: string, personId: number, now: Date): Promise<{ orgId: number; role: StaffRole } | null>;
}

export interface ConversationState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  history: string[];
}

export interface ConversationRepo {
  /** Loads the state, locking it until the turn ends so one person's messages run one at a time. */
  lock(accountId: number, chatId: string): Promise<ConversationState | null>;
  save(accountId: number, chatId: string, state: ConversationState | null): Promise<void>;
}

export interface DeliveryRepo {
  /** Records a platform message id; false if it was seen before (a redelivery). */
  claim(accountId: number, messageId: string): Promise<boolean>;
  repliesOf(accountId: number, messageId: string): Promise<Reply[] | null>;
  storeReplies(accountId: number, messageId: string, replies: Reply[]): Promise<void>;
}

export interface NewComplaint extends ComplaintFacts {
  complainantPersonId: number;
  handlingOrgId: number;
  routedBy: RoutedBy;
  registeredAt: Date;
  acceptDue: Due;
}

export interface ComplaintEvent {
  kind: 'registered' | 'accepted' | 'forwarded' | 'assist_requested' | 'resolved';
  actorPersonId: number;
  orgId: number; // the body acting
  toOrgId?: number | null;
  note?: string | null;
}

export interface ComplaintRepo {
  /** Registers it in the ledger (登记台账) with the next tracking number of the year. */
  register(c: NewComplaint, year: number): Promise<Complaint>;
  byTrackingNo(trackingNo: string): Promise<Complaint | null>;
  /** Saves a transition; fails if someone else changed it since it was read (optimistic check on status). */
  update(before: Complaint, after: Complaint): Promise<boolean>;
  addEvent(complaintId: number, e: ComplaintEvent, at: Date): Promise<void>;
  listForOrg(orgId: number, statuses: readonly ComplaintStatus[], limit: number): Promise<Complaint[]>;
  /** The person's own complaints, newest first. */
  listByComplainant(personId: number, limit: number): Promise<Complaint[]>;
}

export interface OutboxRepo {
  enqueue(personId: number, reply: Reply): Promise<void>;
  /**
   * Notifications not yet acknowledged, oldest first. Polled channels (web chat) ack
   * by cursor on the next poll, so a response lost on the way loses nothing.
   */
  pending(personId: number, limit: number): Promise<Array<{ id: number; reply: Reply }>>;
  /** Marks the person's notifications up to and including `upToId` delivered. */
  ack(personId: number, upToId: number, channel: string): Promise<void>;
}

export interface DirectoryRepo {
  all(): Promise<Organisation[]>;
}

/** The repositories of one unit of work (one transaction). */
export interface Store {
  people: PeopleRepo;
  invites: InviteRepo;
  conversations: ConversationRepo;
  deliveries: DeliveryRepo;
  complaints: ComplaintRepo;
  outbox: OutboxRepo;
  directory: DirectoryRepo;
}

export interface UnitOfWork {
  run<T>(fn: (store: Store) => Promise<T>): Promise<T>;
}
