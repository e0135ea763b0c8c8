/**
 * What the domain needs from storage: the shared core's ports here, each mechanism's next
 * to its lifecycle (domain/<mechanism>…), where it adds them to `MechanismPorts`.
 * Implemented in db/; every method runs inside the unit of work of one conversation turn,
 * so a turn commits whole or not at all.
 */
import type { Organisation } from './organisation';
import type { Deadline, DeadlineKind, DeadlineSpec, Subject } from './deadlines/deadline';
import type { Audience, Reminder, ReminderKey } from './deadlines/reminders';
import type { RoleGrant, StaffRole } from './roles';
import type { Series } from './record-no';

/** A message as the engine sends it, on any platform. */
export interface Reply {
  text: string;
  options?: string[];
  /** Carries a credential shown once (接口令牌): not kept for redelivery. */
  secret?: boolean;
  /**
   * Set on the reply carrying the current step's prompt options; opaque to adapters, which
   * send it back with a click on one of them (Inbound.ref) so an old button is known stale.
   */
  ref?: string;
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

export interface ConversationState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /**
   * The steps answered so far with the data as it was before each answer, so 返回 undoes
   * the last answer (in a repeating step too). A bare step name is a state saved before
   * snapshots were kept: 返回 then goes to that step with the current data.
   */
  history: Array<string | { step: string; data: Record<string, unknown> }>;
  /** Bumped at every change of state: the prompt's options carry it (Reply.ref), so an old button is known stale. */
  seq?: number;
}

/** What a turn starts from: the message's sender and chat, and its platform id if it has one. */
export interface TurnStart {
  platform: string; // 'web', 'telegram', 'wechat', 'wecom'
  externalId: string; // the account on that platform
  chatId: string; // the conversation (a private chat is usually the account itself)
  messageId?: string; // platform message id: a redelivery is processed once
  displayName?: string;
}

/** A new message with its sender and the dialogue state, locked; or a redelivery with the replies it got. */
export type OpenedTurn =
  | { kind: 'new'; account: AccountRef; state: ConversationState | null }
  | { kind: 'duplicate'; account: AccountRef; replies: Reply[] };

export interface ConversationRepo {
  /**
   * Opens a turn: resolveAccount, deliveries.claim and lock together — in one round trip
   * when the account and the conversation exist (every message but a person's first).
   */
  begin(m: TurnStart): Promise<OpenedTurn>;
  /** Loads the state, locking it until the turn ends so one person's messages run one at a time. */
  lock(accountId: number, chatId: string): Promise<ConversationState | null>;
  save(accountId: number, chatId: string, state: ConversationState | null): Promise<void>;
}

export interface DeliveryRepo {
  /** Records a platform message id; false if it was seen before (a redelivery). */
  claim(accountId: number, messageId: string): Promise<boolean>;
  repliesOf(accountId: number, messageId: string): Promise<Reply[] | null>;
  storeReplies(accountId: number, messageId: string, replies: Reply[]): Promise<void>;
  /** Forgets message ids received before `before` (domain/retention.ts); how many. */
  prune(before: Date): Promise<number>;
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
  /** Deletes notifications delivered or failed before `before`, never a waiting one; how many. */
  prune(before: Date): Promise<number>;
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
  /** Stores a deadline with its reminders unless one of that identity (kind, org, subject) exists (in a unit of work, with its held writes). */
  open(spec: DeadlineSpec, reminders: readonly Reminder[]): Promise<void>;
  /**
   * `open` for many at once (a period's duties); how many were new. One whose identity exists
   * is left alone — unless it is open with another due instant or 暂定 mark than its spec
   * (the rule changed on upgrade, or the calendar of its days was published): it is moved to
   * the spec's due instant, rule and reminders.
   */
  openAll(items: ReadonlyArray<{ spec: DeadlineSpec; reminders: readonly Reminder[] }>): Promise<number>;
  /** Replaces every reminder of the deadline (sent or not) with these: a duty opened again. */
  setReminders(deadlineId: number, reminders: readonly Reminder[]): Promise<void>;
  /** Closes the open deadline of that identity as met or waived, dropping its unsent reminders. */
  close(kind: DeadlineKind, orgId: number, subject: Subject, outcome: { state: 'met' } | { state: 'waived'; reason: string }, at: Date): Promise<boolean>;
  /**
   * Reminders due by `now`, locked for this transaction; other sweepers skip them. The
   * deadline of an escalation is locked too and read afresh (its state is current).
   */
  takeDue(now: Date, limit: number): Promise<DueReminder[]>;
  markSent(reminderId: number, at: Date): Promise<void>;
  /** Marks an open deadline missed: one takeDue locked for an escalation (no one else can close it meanwhile). */
  markMissed(deadlineId: number, at: Date): Promise<void>;
  /** Open deadlines of these organisations, soonest first. */
  openFor(orgIds: readonly number[], limit: number): Promise<Deadline[]>;
  /** How many deadlines each organisation missed (only organisations with any); of one organisation with `orgId`. */
  missedCounts(orgId?: number): Promise<Map<number, number>>;
  /**
   * Missed deadlines by organisation then due time: of each organisation its latest
   * `perOrg` (by due time); of one organisation with `orgId`.
   */
  missed(opts: { perOrg: number; orgId?: number }): Promise<Deadline[]>;
  /** The deadline of that identity, in any state. */
  find(kind: DeadlineKind, orgId: number, subject: Subject): Promise<Deadline | null>;
  /**
   * Saves a transition of the domain (meet, recordProgress …) if nobody changed the row since
   * `before` was read (state and progress); a closed deadline loses its unsent reminders.
   */
  update(before: Deadline, after: Deadline): Promise<boolean>;
}

export interface NumberingRepo {
  /** The next record number of the series this year, e.g. AJ-2026-000012. */
  next(series: Series, year: number): Promise<string>;
}

/** A record before it is stored: every state of the union, without its id. */
export type NewRecord<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Where a record sits, for the queries: the body holding it, the one at the other end, its state. */
export interface RecordQuery {
  orgId?: number;
  otherOrgId?: number;
  states?: readonly string[];
}

/** Records stored whole (cases, transfers, meetings, approvals …): changed only if unchanged since read. */
export interface RecordRepo<T extends { id: number }> {
  create(record: NewRecord<T>): Promise<T>;
  byNo(no: string): Promise<T | null>;
  /** Saves a transition; false if someone else changed the record since `before` was read. */
  update(before: T, after: T): Promise<boolean>;
  /** Newest first. */
  list(q: RecordQuery, limit: number): Promise<T[]>;
}

/** The shared core's repositories (db/store.ts). */
export interface CorePorts {
  people: PeopleRepo;
  conversations: ConversationRepo;
  deliveries: DeliveryRepo;
  outbox: OutboxRepo;
  directory: DirectoryRepo;
  deadlines: DeadlineRepo;
  numbers: NumberingRepo;
}

/**
 * Every mechanism's repositories. Each mechanism adds its own from the file of its port
 * (declaration merging), next to its lifecycle:
 *
 *   declare module './ports' { interface MechanismPorts { infoReports: InfoReportRepo } }
 *
 * and registers their implementation once, in db/mechanisms.ts, which fails to compile
 * unless the registered repositories are exactly these.
 */
export interface MechanismPorts {}

/** The repositories of one unit of work (one transaction): the core's and every mechanism's. */
export interface Store extends CorePorts, MechanismPorts {}

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
