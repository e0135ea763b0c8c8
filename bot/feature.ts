/**
 * A feature is one mechanism's part of the conversation: its dialogues, its command
 * words, its lines in 帮助 and its items in 待办. The core (bot/commands.ts) asks each
 * feature in turn, so adding a mechanism is adding a feature to bot/features.ts.
 */
import type { Deadline, DeadlineKind } from '../domain/deadlines/deadline';
import type { Directory } from '../domain/organisation';
import type { Reply } from '../domain/ports';
import type { Flow } from './flow';
import type { Intent } from './intents';
import type { Notifier } from './staff';
import type { Turn } from './turn';

export interface Outcome {
  replies: Reply[];
  /** A dialogue to open, with its initial data. */
  open?: { flow: Flow<any>; data: Record<string, unknown> };
}

export const say = (text: string, options?: string[]): Outcome => ({ replies: [options ? { text, options } : { text }] });
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
  /** Lines for 帮助, only those this person may use. */
  help(t: Turn): string[];
  /** Handles one of its command words; null when the text is not one. */
  command(t: Turn, text: string): Promise<Outcome | null>;
  /** What it adds to 待办 for this person; null when nothing applies. */
  todo?(t: Turn): Promise<TodoSection | null>;
  /** The intents (free text) it answers. */
  intents?: Partial<Record<Intent, (t: Turn) => Promise<Outcome>>>;
  /**
   * The periodic duties (domain/deadlines/duties.ts) its submissions meet. The scheduler
   * generates only these: a duty nobody can meet by chat would only be reminded and missed.
   */
  duties?: readonly DeadlineKind[];

  // Hooks: the core (bot/engine.ts, bot/scheduler.ts) reaches a feature only through these,
  // asking every feature of FEATURES (bot/features.ts) — never by importing one.
  /** 查询 <编号> inside a dialogue: what this person may know of the record; null when the number is none of this feature's. */
  status?(t: Turn, no: string): Promise<string | null>;
  /** A deadline the sweep has just marked missed (逾期), in the sweep's transaction. */
  onMissedDeadline?(ctx: SweepContext, d: Deadline): Promise<void>;
  /** The morning digest (每日提醒) of one person: its message, null when nothing is due, and how many items it lists. */
  digest?(ctx: SweepContext, personId: number): Promise<{ reply: Reply | null; items: number }>;
}

/** What a scheduler hook gets: the sweep's transaction and time, and a way to notify people. */
export interface SweepContext extends Notifier {
  now: Date;
  directory: Directory;
}

/** The periodic duty kinds the features can meet, each once. */
export const dutyKinds = (features: readonly Feature[]): DeadlineKind[] => [...new Set(features.flatMap((f) => f.duties ?? []))];
