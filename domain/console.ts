/**
 * The staff console (控制台): who may use it, how a sign-in code reads, how long a code and a
 * session live. Staff sign in without passwords: `控制台` in chat gives a one-time code bound
 * to the person (5 minutes, single use, stored hashed); the code opens a console session of
 * its own (a web session of kind 'console'), which expires when idle and in any case after a day, and can be signed out. What
 * the console shows follows the person's roles as they stand at each request.
 */
import type { Actor } from './roles';

/** The console is for staff: anyone holding a role. */
export const mayUseConsole = (a: Actor): boolean => a.grants.length > 0;

export const CONSOLE_CODE_MS = 5 * 60_000;
/** A session unused this long ends (our choice: a working day's pause). */
export const CONSOLE_IDLE_MS = 8 * 3_600_000;
/** … and any session ends this long after sign-in, used or not. */
export const CONSOLE_MAX_MS = 24 * 3_600_000;

/** Sign-in codes: three groups of four from an alphabet without 0/O, 1/I/L (≈ 59 bits). */
export const CONSOLE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CONSOLE_CODE_GROUPS = 3;
const GROUP = 4;
export const CONSOLE_CODE_LENGTH = CONSOLE_CODE_GROUPS * GROUP;

/** Groups a code's characters as it is shown: ABCD-EFGH-JKLM. */
export const groupConsoleCode = (chars: string): string =>
  Array.from({ length: CONSOLE_CODE_GROUPS }, (_, i) => chars.slice(i * GROUP, (i + 1) * GROUP)).join('-');

/** Accepts what people type (lower case, spaces or other dashes, no dashes); undefined when it is not a code. */
export function parseConsoleCode(text: string): string | undefined {
  const t = text.trim().toUpperCase().replace(/[\s\-－—–_]/g, '');
  if (t.length !== CONSOLE_CODE_LENGTH || [...t].some((c) => !CONSOLE_CODE_ALPHABET.includes(c))) return undefined;
  return groupConsoleCode(t);
}

/** Where a session stands at an instant. */
export function sessionLive(s: { createdAt: Date; lastSeenAt: Date; endedAt: Date | null }, at: Date): boolean {
  return !s.endedAt && at.getTime() - s.lastSeenAt.getTime() < CONSOLE_IDLE_MS && at.getTime() - s.createdAt.getTime() < CONSOLE_MAX_MS;
}

export interface ConsoleRepo {
  /** Stores a new sign-in code of the person; the person's earlier codes stop working. */
  issueCode(personId: number, codeHash: string, at: Date): Promise<void>;
  /** Spends a live code — once, even under races: its person, or null when unknown, spent or expired. */
  redeemCode(codeHash: string, at: Date): Promise<number | null>;
  openSession(sidHash: string, personId: number, at: Date): Promise<void>;
  /** The person of a live session, noting that it was used; null when unknown, ended or expired. */
  session(sidHash: string, at: Date): Promise<number | null>;
  /** Signs out: the session is forgotten. */
  endSession(sidHash: string): Promise<void>;
  /**
   * The 文号 of the official document of a record: the one given when it was first generated,
   * or the next of the body's series for the year (`format` writes it from the number).
   */
  documentNumber(d: { kind: string; recordNo: string; orgId: number; year: number; format: (seq: number) => string }, at: Date): Promise<string>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    console: ConsoleRepo; // 控制台 sign-in codes and sessions
  }
}
