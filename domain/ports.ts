/**
 * What the domain needs from storage. Implemented in db/; every method runs inside
 * the unit of work of one conversation turn, so a turn commits whole or not at all.
 */
import type { Complaint, ComplaintFacts, ComplaintStatus, RoutedBy } from './complaint';
import type { Due } from './calendar/calendar';
import type { Organisation } from './organisation';
import type { Deadline, DeadlineKind, DeadlineSpec, Subject } from './deadlines/deadline';
import type { Audience, Reminder, ReminderKey } from './deadlines/reminders';
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

export interface AccountInfo extends AccountRef {
  platform: string;
  externalId: string;
  createdAt: Date;
}

export interface PeopleRepo {
  /** Finds the account, creating person and account on first contact. */
  resolveAccount(platform: string, externalId: string, displayName?: string): Promise<AccountRef>;
  grantsOf(personId: number): Promise<RoleGrant[]>;
  grant(personId: number, orgId: number, role: StaffRole): Promise<void>;
  /** People holding any of the roles in the organisation. */
  staffOf(orgId: number, roles: readonly StaffRole[]): Promise<number[]>;
  /** staffOf for several organisations in one go (a sweep batch asks once, not per reminder). */
  staffOfEach(orgIds: readonly number[], roles: readonly StaffRole[]): Promise<Map<number, number[]>>;
  displayName(personId: number): Promise<string | null>;
  accountsOf(personId: number): Promise<AccountInfo[]>;
  notifyPlatform(personId: number): Promise<string | null>;
  setNotifyPlatform(personId: number, platform: string | null): Promise<void>;
  /** Moves everything of `from` (accounts, roles, complaints, notifications) to `into`. */
  merge(from: number, into: number): Promise<void>;
}

export interface LinkCodeRepo {
  create(codeHash: string, personId: number, expiresAt: Date): Promise<void>;
  /**
   * The person who asked for the code, when someone else redeems it (single use); 'own'
   * when its owner sends it (not spent); null when unknown, used or expired.
   */
  redeem(codeHash: string, redeemer: number, now: Date): Promise<number | 'own' | null>;
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
  /** Queues a notification for delivery through the given account (null: any web chat of the person). */
  enqueue(personId: number, accountId: number | null, reply: Reply): Promise<void>;
  /**
   * Notifications waiting for the person on a polled platform (web chat), oldest first.
   * Polled channels ack by cursor on the next poll, so a lost response loses nothing.
   */
  pending(personId: number, platform: string, limit: number): Promise<Array<{ id: number; reply: Reply }>>;
  /** Marks the person's notifications on that platform up to and including `upToId` delivered. */
  ack(personId: number, platform: string, upToId: number): Promise<void>;
}

export interface DirectoryRepo {
  all(): Promise<Organisation[]>;
}

/** A reminder whose time has come, with its deadline. */
export interface DueReminder {
  reminderId: number;
  key: ReminderKey;
  audience: Audience;
  deadline: Deadline;
}

export interface DeadlineRepo {
  /** Stores a deadline with its reminders unless one of that identity (kind, org, subject) exists; its id. */
  open(spec: DeadlineSpec, reminders: readonly Reminder[]): Promise<number>;
  /** Closes the open deadline of that identity as met or waived, dropping its unsent reminders. */
  close(kind: DeadlineKind, orgId: number, subject: Subject, outcome: { state: 'met' } | { state: 'waived'; reason: string }, at: Date): Promise<boolean>;
  /** Reminders due by `now` of open deadlines, locked for this transaction; other sweepers skip them. */
  takeDue(now: Date, limit: number): Promise<DueReminder[]>;
  markSent(reminderId: number, at: Date): Promise<void>;
  markMissed(deadlineId: number, at: Date): Promise<void>;
  /** Open deadlines of these organisations, soonest first. */
  openFor(orgIds: readonly number[], limit: number): Promise<Deadline[]>;
  /** Missed deadlines, by organisation then due time. */
  missed(limit: number): Promise<Deadline[]>;
}

/** The repositories of one unit of work (one transaction). */
export interface Store {
  people: PeopleRepo;
  invites: InviteRepo;
  linkCodes: LinkCodeRepo;
  conversations: ConversationRepo;
  deliveries: DeliveryRepo;
  complaints: ComplaintRepo;
  outbox: OutboxRepo;
  directory: DirectoryRepo;
  deadlines: DeadlineRepo;
}

export interface UnitOfWork {
  run<T>(fn: (store: Store) => Promise<T>): Promise<T>;
}

/** A notification claimed for delivery by a push channel. */
export interface QueuedMessage {
  id: number;
  accountId: number;
  platform: string;
  externalId: string;
  reply: Reply;
  /** Attempts so far, this one included. */
  attempts: number;
}

/** The outbox as seen by the dispatcher: leased claims, so no two instances send one row. */
export interface DeliveryQueue {
  claim(platforms: readonly string[], batch: number, leaseSeconds: number): Promise<QueuedMessage[]>;
  delivered(id: number, platform: string): Promise<void>;
  retry(id: number, delayMs: number, error: string): Promise<void>;
  failed(id: number, error: string): Promise<void>;
}
