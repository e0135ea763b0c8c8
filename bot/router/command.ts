/**
 * A command word as a feature declares it: its words, its typed arguments, who may use
 * it, its line of 帮助, what it does inside a dialogue, and what it runs.
 */
import { ROLE_LABEL, type StaffRole } from '../../domain/roles';
import type { Result } from '../../domain/result';
import type { Outcome } from '../feature';
import type { Turn } from '../turn';
import type { Arg, ArgValues } from './args';

/** Who may use a command: anyone, any member of staff, the holders of some roles, or a rule of the feature. */
export type Who = 'anyone' | 'staff' | readonly StaffRole[] | ((t: Turn) => boolean);

/**
 * Inside a dialogue: 'answer' — read-only, answered and the step asked again; 'interrupt'
 * — the person is asked whether to leave the dialogue first.
 */
export type InFlow = 'answer' | 'interrupt';

/** What a command's run may return: an outcome, an act's result (its text or reason), or a text. */
export type Ran = Outcome | Result<string> | string;

export interface CommandSpec<A extends readonly Arg<unknown>[]> {
  words: readonly [string, ...string[]];
  args?: A;
  /** Default: anyone. */
  who?: Who;
  /** The reply when `who` refuses (default: who it is for). */
  denied?: string;
  /** Its line of 帮助 (without the bullet), shown only to people allowed; a function for lines that depend on more. */
  help?: string | ((t: Turn) => string | readonly string[] | null);
  /** Default: 'interrupt'. */
  inFlow?: InFlow;
  run(t: Turn, args: ArgValues<A>): Ran | Promise<Ran>;
}

export interface Command {
  readonly words: readonly [string, ...string[]];
  readonly args: readonly Arg<unknown>[];
  readonly who: Who;
  readonly denied?: string;
  readonly help?: CommandSpec<[]>['help'];
  readonly inFlow: InFlow;
  run(t: Turn, args: readonly unknown[]): Ran | Promise<Ran>;
}

export function command<const A extends readonly Arg<unknown>[] = []>(spec: CommandSpec<A>): Command {
  return {
    words: spec.words,
    args: spec.args ?? [],
    who: spec.who ?? 'anyone',
    ...(spec.denied ? { denied: spec.denied } : {}),
    ...(spec.help ? { help: spec.help } : {}),
    inFlow: spec.inFlow ?? 'interrupt',
    run: (t, args) => spec.run(t, args as ArgValues<A>),
  };
}

export function isAllowed(who: Who, t: Turn): boolean {
  if (who === 'anyone') return true;
  if (who === 'staff') return t.actor.grants.length > 0;
  if (typeof who === 'function') return who(t);
  return t.actor.grants.some((g) => who.includes(g.role));
}

/** The reply to someone `who` refuses. */
export function deniedText(c: Command, word: string): string {
  if (c.denied) return c.denied;
  if (c.who === 'staff') return `“${word}”供工作人员使用。`;
  if (Array.isArray(c.who)) return `“${word}”供${(c.who as readonly StaffRole[]).map((r) => ROLE_LABEL[r]).join('、')}使用。`;
  return `您没有使用“${word}”的权限。`;
}
