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
import type { Series } from './record-no';
import type { EnforcementCase } from './cases/case';
import type { Transfer } from './cases/transfer';
import type { TransferOrder } from './cases/order';
import type { Referral } from './cases/referral';
import type { Anchor, ChainHead, InterferenceRecord } from './interference';
import type { DisputeRepo } from './dispute';
import type { SupervisionRepo } from './supervision';
import type { FindingRepo } from './accountability';
import type { Meeting } from './meetings/meeting';
import type { MeetingItem } from './meetings/item';
import type { ApprovalDecision } from './approvals/decision';
import type { InfoRequest } from './sharing/request';
import type { StatisticsReport } from './sharing/statistics';
import type { AssistanceRequest, JointAction } from './joint/joint';
import type { Assessment, AssessmentKind, AssessmentStatus } from './assessment';
import type { CaseFacts, GuidingCase, GuidingCaseStatus } from './guiding-case';
import type { InfoReport } from './info-report';
import type { OnlineInspectionRepo } from './inspection';
import type { LiaisonRosterRepo } from './meetings/liaisons';
import type { CalendarRepo } from './calendar/repo';
import type { IdentityRepo } from './identity';
import type { RateLimitRepo } from './limits';
import type { FollowUpRepo } from './followup';

/** A message as the engine sends it, on any platform. */
export interface Reply {
  text: string;
  options?: string[];
  /** Carries a credential shown once (接口令牌): not kept for redelivery. */
  secret?: boolean;
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
  /**
   * The steps answered so far with the data as it was before each answer, so 返回 undoes
   * the last answer (in a repeating step too). A bare step name is a state saved before
   * snapshots were kept: 返回 then goes to that step with the current data.
   */
  history: Array<string | { step: string; data: Record<string, unknown> }>;
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

export interface NewComplaint extends ComplaintFacts {
  complainantPersonId: number;
  handlingOrgId: number;
  routedBy: RoutedBy;
  registeredAt: Date;
  acceptDue: Due;
}

export interface ComplaintEvent {
  kind: 'registered' | 'accepted' | 'forwarded' | 'assist_requested' | 'assist_answered' | 'resolved'
    | 'followup_asked' | 'followup_reminded' | 'rated' | 'unrated' | 'reopen_requested' | 'reopened' | 'reopen_declined'; // 回访, 评价, 重办
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
  /** Accepted complaints the body was asked to assist (协助调查) and has not answered, oldest first. */
  awaitingAssist(orgId: number, limit: number): Promise<Complaint[]>;
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
  /** Stores a deadline with its reminders unless one of that identity (kind, org, subject) exists; its id. */
  open(spec: DeadlineSpec, reminders: readonly Reminder[]): Promise<number>;
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

/** 考核自评 and 考核评议 (M9). */
export interface AssessmentRepo {
  /** Starts the unit's draft for the period, or returns the one that exists (whoever started it). */
  open(a: { recordNo: string; kind: AssessmentKind; orgId: number; period: string; createdBy: number; createdAt: Date }): Promise<Assessment>;
  find(kind: AssessmentKind, orgId: number, period: string): Promise<Assessment | null>;
  byRecordNo(recordNo: string): Promise<Assessment | null>;
  /** Saves a transition if the version is still the one read. */
  update(before: Assessment, after: Assessment): Promise<boolean>;
  /** Of these units (all when undefined), in these states, oldest period first. */
  list(orgIds: readonly number[] | undefined, statuses: readonly AssessmentStatus[], limit: number): Promise<Assessment[]>;
  /** Every unit's of these periods ('2026', '2026-H1' …) in these states, by period then unit: the year's public results. */
  ofPeriods(periods: readonly string[], statuses: readonly AssessmentStatus[]): Promise<Assessment[]>;
}

/** 指导案例 (M11). */
export interface GuidingCaseRepo {
  create(c: CaseFacts & { recordNo: string; orgId: number; year: number; submittedBy: number; submittedAt: Date }): Promise<GuidingCase>;
  byRecordNo(recordNo: string): Promise<GuidingCase | null>;
  /** Saves a review if the status is still the one read. */
  update(before: GuidingCase, after: GuidingCase): Promise<boolean>;
  /** Of these units (all when undefined), in these states, oldest first. */
  list(orgIds: readonly number[] | undefined, statuses: readonly GuidingCaseStatus[], limit: number): Promise<GuidingCase[]>;
}

/** 执法信息报送 (四(三)). */
export interface InfoReportRepo {
  create(r: Omit<InfoReport, 'id' | 'used'>): Promise<InfoReport>;
  byRecordNo(recordNo: string): Promise<InfoReport | null>;
  /** Saves 采用 if nobody used it meanwhile. */
  markUsed(after: InfoReport): Promise<boolean>;
  /** A month's pieces ('2026-11'), of one unit or all, by unit then time. */
  ofMonth(period: string, orgId?: number): Promise<InfoReport[]>;
}

/** 提醒设置 and the morning digest's once-a-day key. */
export interface ReminderSettingsRepo {
  digestPaused(personId: number): Promise<boolean>;
  setDigestPaused(personId: number, paused: boolean, at: Date): Promise<void>;
  /** Liaisons with the digest on and none taken care of that day, by person id. */
  digestDue(day: string, limit: number): Promise<number[]>;
  /** Claims the person's digest of the day; false if another sweep did (it waits for that one to end). */
  claimDigest(personId: number, day: string, items: number, at: Date): Promise<boolean>;
}

/** Staff API tokens (接口令牌), by hash. */
export interface ApiTokenRepo {
  /** Stores a new token of the person and revokes the ones they had. */
  issue(personId: number, tokenHash: string, at: Date): Promise<void>;
  /** Revokes the person's live tokens; how many. */
  revoke(personId: number, at: Date): Promise<number>;
  /** The holder of a live token, noting its use; null when unknown or revoked. */
  holder(tokenHash: string, at: Date): Promise<number | null>;
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

/** The case records (cases, transfers, orders, referrals): stored whole, changed only if unchanged since read. */
export interface RecordRepo<T extends { id: number }> {
  create(record: NewRecord<T>): Promise<T>;
  byNo(no: string): Promise<T | null>;
  /** Saves a transition; false if someone else changed the record since `before` was read. */
  update(before: T, after: T): Promise<boolean>;
  /** Newest first. */
  list(q: RecordQuery, limit: number): Promise<T[]>;
}

/** Approval decisions (M14): case-record storage, one per decision number (审批决定文号). */
export interface ApprovalRepo extends RecordRepo<ApprovalDecision> {
  /** Stores it unless a decision with that number exists (then null): a re-import does not duplicate. */
  createUnlessExists(d: NewRecord<ApprovalDecision>): Promise<ApprovalDecision | null>;
  byDecisionNo(decisionNo: string): Promise<ApprovalDecision | null>;
}

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

/** 干预记录 (M12): an append-only chain; the database refuses UPDATE, DELETE and TRUNCATE. */
export interface InterferenceRepo {
  /**
   * Appends the record `seal` makes from the chain's head, and anchors the new head. The
   * head is read under a lock held to the end of the transaction, so concurrent appends
   * queue and the chain never forks.
   */
  append(seal: (head: ChainHead) => InterferenceRecord): Promise<InterferenceRecord>;
  byNo(recordNo: string): Promise<InterferenceRecord | null>;
  /** Newest first: the records naming that body (`naming`), or all others (`notNaming`). */
  latest(filter: { naming: number } | { notNaming: number }, limit: number): Promise<InterferenceRecord[]>;
  /** The whole chain, in order, for verification (under the chain lock: no append lands between it and anchors()). */
  chain(): Promise<InterferenceRecord[]>;
  /** Every anchor, in order. */
  anchors(): Promise<Anchor[]>;
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
  numbers: NumberingRepo;
  cases: RecordRepo<EnforcementCase>;
  transfers: RecordRepo<Transfer>;
  orders: RecordRepo<TransferOrder>;
  referrals: RecordRepo<Referral>;
  caseEvents: CaseEventRepo;
  interference: InterferenceRepo;
  disputes: DisputeRepo; // 争议协调 (M2, M15 六)
  supervision: SupervisionRepo; // 监督检查、监督通知书 (M7)
  findings: FindingRepo; // 责任追究 (M8)
  meetings: RecordRepo<Meeting>;
  meetingItems: RecordRepo<MeetingItem>;
  approvals: ApprovalRepo;
  infoRequests: RecordRepo<InfoRequest>;
  statistics: RecordRepo<StatisticsReport>;
  jointActions: RecordRepo<JointAction>;
  assistance: RecordRepo<AssistanceRequest>;
  assessments: AssessmentRepo;
  guidingCases: GuidingCaseRepo;
  infoReports: InfoReportRepo;
  onlineInspections: OnlineInspectionRepo; // 网上巡查 (M5)
  liaisons: LiaisonRosterRepo; // 联络员名单 (M1, M14)
  reminderSettings: ReminderSettingsRepo;
  apiTokens: ApiTokenRepo;
  calendar: CalendarRepo; // 节假日安排 entered and confirmed; clocks moved by them
  identity: IdentityRepo; // 关联 confirmations, 解除关联, 撤销职务
  rateLimits: RateLimitRepo;
  followups: FollowUpRepo; // 回访与评价, 申请重办 (issue 18)
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
