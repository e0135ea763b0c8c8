/**
 * A feature is one mechanism's part of the conversation: its dialogues, its command
 * words (declared for the router, bot/router/, with their lines in 帮助) and its items in
 * 待办. Adding a mechanism is adding a feature to bot/features.ts.
 */
import type { Deadline, DeadlineKind } from '../domain/deadlines/deadline';
import type { DayCalendar } from '../domain/calendar/calendar';
import type { Directory } from '../domain/organisation';
import type { Reply } from '../domain/ports';
import type { Result } from '../domain/result';
import type { Flow } from './flow';
import type { Intent } from './intents';
import type { Notifier } from './staff';
import type { Command } from './router/command';
import type { Turn } from './turn';

export interface Outcome {
  replies: Reply[];
  /** A dialogue to open, with its initial data. */
  open?: { flow: Flow<any>; data: Record<string, unknown> };
}

export const say = (text: string, options?: string[]): Outcome => ({ replies: [options ? { text, options } : { text }] });
/** An act's result as a reply: its text (with the options offered after it), or the reason it failed. */
export const result = (r: Result<string>, options?: string[]): Outcome => say(r.ok ? r.value : r.reason, r.ok ? options : undefined);
export const openFlow = <D extends object>(flow: Flow<D>, data: D, ...replies: Reply[]): Outcome => ({ replies, open: { flow, data: data as Record<string, unknown> } });

/** A feature's part of 待办: lines to show and commands to offer as options. */
export interface TodoSection {
  lines: string[];
  options: string[];
}

export interface Feature {
  name: string;
  /** The dialogues it owns; the engine resumes a stored dialogue by its flow's name. */
  flows: readonly Flow<any>[];
  /** Its command words, for the router (bot/router/): arguments, who may use them, their lines in 帮助. */
  commands: readonly Command[];
  /** What it adds to 待办 for this person; null when nothing applies. */
  todo?(t: Turn): Promise<TodoSection | null>;
  /** The intents (free text) it answers, given the text that was recognised. */
  intents?: Partial<Record<Intent, (t: Turn, text: string) => Promise<Outcome>>>;
  /**
   * The periodic duties (domain/deadlines/duties.ts) its submissions meet. The scheduler
   * generates only these: a duty nobody can meet by chat would only be reminded and missed.
   */
  duties?: readonly DeadlineKind[];

  // Hooks: the core (bot/engine.ts, bot/scheduler.ts) reaches a feature only through these,
  // asking every feature of FEATURES (bot/features.ts) — never by importing one.
  /** A deadline the sweep has just marked missed (逾期), in the sweep's transaction. */
  onMissedDeadline?(ctx: SweepContext, d: Deadline): Promise<void>;
  /** The morning digest (每日提醒) of one person: its message, null when nothing is due, and how many items it lists. */
  digest?(ctx: SweepContext, personId: number): Promise<{ reply: Reply | null; items: number }>;
  /** Work of its own the scheduler does every minute in one transaction (回访 asked again, closed); how many items. */
  sweep?(ctx: SweepContext): Promise<number>;
}

/** What a scheduler hook gets: the sweep's transaction and time, and a way to notify people. */
export interface SweepContext extends Notifier {
  now: Date;
  directory: Directory;
  calendar: DayCalendar;
}

/** The periodic duty kinds the features can meet, each once. */
export const dutyKinds = (features: readonly Feature[]): DeadlineKind[] => [...new Set(features.flatMap((f) => f.duties ?? []))];
