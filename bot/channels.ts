/**
 * What a chat platform adapter gives the engine: a way to push a message to an account.
 * Replies to the person speaking go back the way the message came (the adapter sends
 * them); notifications to others go through the durable outbox and the dispatcher,
 * which calls `send` on the channel of the person's chosen platform.
 */
import type { Reply } from '../domain/ports';

export const PLATFORMS = ['web', 'telegram', 'wechat', 'wecom'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_LABEL: Record<Platform, string> = {
  web: '网页',
  telegram: 'Telegram',
  wechat: '微信',
  wecom: '企业微信',
};

export function parsePlatform(text: string): Platform | undefined {
  const t = text.trim().toLowerCase();
  return PLATFORMS.find((p) => p === t || PLATFORM_LABEL[p].toLowerCase() === t) ?? (t === '企微' ? 'wecom' : t === 'tg' ? 'telegram' : undefined);
}

/** Where a message goes: the account on the platform and the chat it is in. */
export interface Address {
  externalId: string;
  chatId: string;
}

/** A failure worth retrying later (network, 5xx, 429). Anything else is permanent. */
export class TransientError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

export interface Channel {
  readonly platform: Platform;
  /** Delivers one message. Throws TransientError to be retried, any other error to give up. */
  send(to: Address, reply: Reply): Promise<void>;
}

/** A channel as started by `npm start`: it may also serve HTTP routes and must stop cleanly. */
export interface RunningChannel extends Channel {
  stop(): Promise<void>;
}
