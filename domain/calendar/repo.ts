/** What the official calendar needs from storage: the entered notices, the package years seen, and moving clocks. */
import type { Deadline } from '../deadlines/deadline';
import type { RecomputeOutcome } from '../deadlines/recompute';
import type { Reminder, ReminderKey } from '../deadlines/reminders';
import type { HolidayNotice } from './notice';
import type { ConfirmedNotice, Entrant, NoticeRecord, PendingNotice } from './notice-record';

/** A clock counted again on a new calendar, as it is to be saved. */
export interface ClockMove {
  before: Deadline;
  dueAt: Date;
  provisional: boolean;
  state: 'open' | 'missed';
  /** Its reminders on the new due; a key already sent stays sent unless it is in `rearm`. */
  reminders: readonly Reminder[];
  /** Sent reminders to send again at their new time (a restored clock is reminded and escalated again). */
  rearm: readonly ReminderKey[];
  outcome: RecomputeOutcome;
  /** Why, in words, for the history: 「因2027年节假日安排公布」. */
  reason: string;
  at: Date;
}

export interface CalendarRepo {
  /** Stores a notice waiting for its second person; null when that year has one waiting already. */
  submit(notice: HolidayNotice, by: Entrant, at: Date): Promise<PendingNotice | null>;
  /** The year's waiting or confirmed notice. */
  find(year: number, state: 'pending' | 'confirmed'): Promise<NoticeRecord | null>;
  /** Every notice waiting for confirmation, by year. */
  pending(): Promise<PendingNotice[]>;
  /** Every confirmed notice, by year: the entered part of the official calendar. */
  confirmed(): Promise<ConfirmedNotice[]>;
  /** Saves a transition if the notice is still in the state it was read in. */
  update(before: NoticeRecord, after: NoticeRecord): Promise<boolean>;
  /** Names the set of confirmed notices; it changes whenever one is confirmed or replaced. */
  version(): Promise<string>;
  /**
   * Records the package data a notice was last compared with; true when it was not that
   * already (so a difference is reported once, by one instance).
   */
  markPackageChecked(noticeId: number, fingerprint: string): Promise<boolean>;
  /**
   * Records the years the package covers, by their data; returns those this call recorded
   * first (new, or with changed data). Another instance recording the same gets none.
   * `fresh` is true when nothing had been recorded before (the first start with this table).
   */
  recordPackageYears(years: ReadonlyMap<number, string>, at: Date): Promise<{ changed: number[]; fresh: boolean }>;
  /**
   * The working-day clocks to count again, locked: those open or missed while provisional,
   * and open ones running over [from, to) when given (a year whose days changed).
   */
  clocksToRecompute(kinds: readonly string[], span?: { from: Date; to: Date }): Promise<Deadline[]>;
  /** Saves a moved clock with its reminders and a history row, if nobody changed it since it was read. */
  moveClock(m: ClockMove): Promise<boolean>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    calendar: CalendarRepo; // 节假日安排 entered and confirmed; clocks moved by them
  }
}
