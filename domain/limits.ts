/**
 * Rate limits: how much one account or one network address may do in a window. The
 * counters live in the database (db/limits/repo.ts), so several instances share them.
 */

/** At most `points` in `seconds`; null = no limit. */
export interface LimitRule {
  points: number;
  seconds: number;
}

/** Every limit the product applies, each per account and per network address (web). */
export interface LimitSettings {
  /** Chat messages. */
  chat: LimitRule | null;
  chatPerIp: LimitRule | null;
  /** Wrong invite, link or confirmation codes: past the limit, codes are refused until the window ends. */
  codeFailures: LimitRule | null;
  codeFailuresPerIp: LimitRule | null;
  /** Complaints submitted (each notifies staff and opens a 受理告知 clock). */
  complaints: LimitRule | null;
  complaintsPerIp: LimitRule | null;
  /**
   * An Open311 client's key: its calls, and the complaints it files. A key speaks for many
   * people, so it has its own allowance; each of its requesters is also held to
   * `complaints`, as a chat account is.
   */
  open311: LimitRule | null;
  open311Complaints: LimitRule | null;
}

export type LimitName = keyof LimitSettings;

export const DEFAULT_LIMITS: LimitSettings = {
  chat: { points: 60, seconds: 60 },
  chatPerIp: { points: 300, seconds: 60 },
  codeFailures: { points: 5, seconds: 3600 },
  codeFailuresPerIp: { points: 20, seconds: 3600 },
  complaints: { points: 5, seconds: 3600 },
  complaintsPerIp: { points: 10, seconds: 3600 },
  open311: { points: 120, seconds: 60 },
  open311Complaints: { points: 60, seconds: 3600 },
};

/** No limits at all: an engine built without settings (unit tests, benches). */
export const NO_LIMITS: LimitSettings = {
  chat: null, chatPerIp: null, codeFailures: null, codeFailuresPerIp: null, complaints: null, complaintsPerIp: null, open311: null, open311Complaints: null,
};

/**
 * A rule as written in the environment: `30/1m`, `5/1h`, `10/30s` (points / duration with
 * s, m or h), or `off`. Null when the text is none of these.
 */
export function parseLimitRule(text: string): LimitRule | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'off') return null;
  const m = t.match(/^(\d{1,9})\s*\/\s*(\d{0,6})\s*([smh])$/);
  if (!m) return undefined;
  const seconds = Number(m[2] || 1) * { s: 1, m: 60, h: 3600 }[m[3] as 's' | 'm' | 'h'];
  const points = Number(m[1]);
  return points >= 1 && seconds >= 1 ? { points, seconds } : undefined;
}

export const formatLimitRule = (r: LimitRule | null): string =>
  !r ? 'off' : r.seconds % 3600 === 0 ? `${r.points}/${r.seconds / 3600}h` : r.seconds % 60 === 0 ? `${r.points}/${r.seconds / 60}m` : `${r.points}/${r.seconds}s`;

/** A counter to take from: which rule, and the key (an account, an address). */
export interface LimitKey {
  name: LimitName;
  rule: LimitRule;
  key: string;
}

export interface RateLimitRepo {
  /** Takes one from each counter; the longest wait (ms) of those now over their rule, 0 when none is. */
  take(keys: readonly LimitKey[]): Promise<number>;
  /** The longest wait (ms) of the counters already over their rule, taking nothing. */
  wait(keys: readonly LimitKey[]): Promise<number>;
  /** Forgets counters whose window ended before `before`; how many. */
  prune(before: Date): Promise<number>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    rateLimits: RateLimitRepo;
  }
}
