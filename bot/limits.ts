/**
 * The rate limits a turn applies (domain/limits.ts), bound to its account and, on the web,
 * its network address: chat messages, wrong codes (a lockout) and complaint submissions.
 */
import type { LimitKey, LimitName, LimitSettings, RateLimitRepo } from '../domain/limits';
import { NO_LIMITS } from '../domain/limits';
import type { UnitOfWork } from '../domain/ports';

/** Thrown inside a turn that is over the chat limit: the turn rolls back, nothing is processed. */
export class TurnLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`您发送消息过于频繁，请 ${waitText(retryAfterMs)}后再试。`);
  }
}

/** “30 秒”, “5 分钟”: a wait as a person reads it (rounded up). */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`;
}

export const codesLockedText = (ms: number) =>
  `输错邀请码、关联码或确认码的次数过多，已暂停受理，请 ${waitText(ms)}后再试。`;

export const complaintsLimitedText = (ms: number) =>
  `提交过于频繁：短时间内提交的投诉举报已达上限，请 ${waitText(ms)}后再发送“确认提交”（已填写的内容保留）。情况紧急请直接拨打受理单位电话。`;

export interface TurnLimits {
  /** Takes one chat message for the account; the wait (ms) when over the limit, else 0. */
  chat(): Promise<number>;
  /** The wait (ms) before another code may be tried: 0 unless locked out by wrong ones. */
  codeWait(): Promise<number>;
  /** Counts a wrong code (invite, link or confirmation). */
  codeFailed(): Promise<void>;
  /** Takes one complaint submission; the wait (ms) when over the limit, else 0 (nothing may be registered then). */
  complaint(): Promise<number>;
}

/** The limits of one turn: per account, and per address when the platform knows it (web). */
export function turnLimits(settings: LimitSettings, repo: RateLimitRepo, accountId: number, source?: string): TurnLimits {
  const keys = (perAccount: LimitName, perIp: LimitName | null): LimitKey[] => {
    const out: LimitKey[] = [];
    const a = settings[perAccount];
    if (a) out.push({ name: perAccount, rule: a, key: `account:${accountId}` });
    const ip = perIp && settings[perIp];
    if (ip && source) out.push({ name: perIp!, rule: ip, key: `ip:${source}` });
    return out;
  };
  const take = (k: LimitKey[]) => (k.length ? repo.take(k) : Promise.resolve(0));
  return {
    chat: () => take(keys('chat', null)),
    codeWait: () => {
      const k = keys('codeFailures', 'codeFailuresPerIp');
      return k.length ? repo.wait(k) : Promise.resolve(0);
    },
    codeFailed: async () => void (await take(keys('codeFailures', 'codeFailuresPerIp'))),
    complaint: () => take(keys('complaints', 'complaintsPerIp')),
  };
}

export const UNLIMITED: TurnLimits = turnLimits(NO_LIMITS, { take: async () => 0, wait: async () => 0, prune: async () => 0 }, 0);

/** The web's per-address limit on chat requests, taken before a request reaches the engine. */
export function addressLimit(uow: UnitOfWork, settings: LimitSettings): (address: string) => Promise<number> {
  const rule = settings.chatPerIp;
  return (address) => (rule ? uow.run((s) => s.rateLimits.take([{ name: 'chatPerIp', rule, key: `ip:${address}` }])) : Promise.resolve(0));
}

/**
 * A signed-in person's requests outside chat (the staff console's pages, documents and
 * exports, the ledger API): the chat's own rules — `chat` per person (the person reads as
 * they would chat, whichever account they signed in from) and `chatPerIp` per address, the
 * same counter addressLimit takes. The wait in ms, 0 to go on.
 */
export function personRequestLimit(uow: UnitOfWork, settings: LimitSettings): (personId: number, address: string | null) => Promise<number> {
  return (personId, address) => {
    const keys: LimitKey[] = [];
    if (settings.chat) keys.push({ name: 'chat', rule: settings.chat, key: `person:${personId}` });
    if (settings.chatPerIp && address) keys.push({ name: 'chatPerIp', rule: settings.chatPerIp, key: `ip:${address}` });
    return keys.length ? uow.run((s) => s.rateLimits.take(keys)) : Promise.resolve(0);
  };
}

/**
 * An Open311 client's limits: per key (its own allowance, as a client speaks for many
 * people), and for each requester the chat's per-account complaint limit — a requester
 * is an account as a chat user is. Not per address: one app server files for a town.
 */
export interface ApiKeyLimits {
  /** Takes one call for the key; the wait (ms) when over the limit, else 0. */
  call(): Promise<number>;
  /** Takes one complaint for the key and the requester's account; the wait (ms) when over either, else 0 (nothing may be registered then). */
  complaint(accountId: number): Promise<number>;
}

export function apiKeyLimits(settings: LimitSettings, repo: RateLimitRepo, keyId: number): ApiKeyLimits {
  const keys = (names: [LimitName, string][]): LimitKey[] =>
    names.flatMap(([name, key]) => (settings[name] ? [{ name, rule: settings[name]!, key }] : []));
  const take = (k: LimitKey[]) => (k.length ? repo.take(k) : Promise.resolve(0));
  return {
    call: () => take(keys([['open311', `open311:${keyId}`]])),
    complaint: (accountId) => take(keys([['open311Complaints', `open311:${keyId}`], ['complaints', `account:${accountId}`]])),
  };
}
