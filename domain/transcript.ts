/**
 * The web chat's transcript (对话记录): what one browser session said and was answered,
 * with the time, kept on the server so a reload shows it again. Keyed by the session's web
 * account (its external id, which stays the same when the session id rotates on 绑定/关联),
 * cleared on 退出登录. Nothing shown once (a credential) is kept in it.
 */
import type { Reply } from './ports';

/** A reply as the page shows it: the prompt's `ref` (CONV-V2 §3) goes back with a click on one of its options. */
export type ShownReply = Reply & { ref?: string };

export type TranscriptEntry =
  /** One message of the person's and the replies to it. */
  | { id: number; at: Date; kind: 'exchange'; said: string; replies: ShownReply[] }
  /** A notification (受理告知, a new duty …) delivered to this browser. */
  | { id: number; at: Date; kind: 'notice'; replies: ShownReply[] };

export interface WebTranscriptRepo {
  /**
   * Appends an exchange; with a message id (the request's Idempotency-Key) a retry of the
   * same message appends nothing. Returns the stored entry's id and time either way.
   */
  addExchange(externalId: string, said: string, replies: ShownReply[], at: Date, messageId?: string): Promise<{ id: number; at: Date }>;
  /** Appends notifications by their outbox id: one delivered twice is kept once. */
  addNotices(externalId: string, notices: { outboxId: number; reply: ShownReply }[], at: Date): Promise<void>;
  /** Entries after `afterId` (all when null), oldest first; at most the latest `limit`. */
  list(externalId: string, afterId: number | null, limit: number): Promise<TranscriptEntry[]>;
  /** Forgets the session's transcript (退出登录). */
  clear(externalId: string): Promise<void>;
}

/** How many entries a page shows at most (the latest). */
export const TRANSCRIPT_LIMIT = 200;

const CODE_WORD = /^(绑定|关联|确认关联)(\s*)([0-9０-９A-Za-zＡ-Ｚａ-ｚ\-－\s]+)$/;

/**
 * The person's message as kept: a code typed after 绑定, 关联 or 确认关联 is starred out —
 * codes are stored only as hashes (README "Accounts and sessions"), and the page shows the
 * kept text after a reload. Anything else is kept as said.
 */
export function keptSaid(text: string): string {
  const m = text.match(CODE_WORD);
  return m ? `${m[1]}${m[2] || ' '}${'＊'.repeat(Math.min(m[3]!.trim().length, 11))}` : text;
}
