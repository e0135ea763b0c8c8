/** The web chat's transcript (domain/transcript.ts): its table and repository. */
import { and, desc, eq, gt } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ShownReply, TranscriptEntry, WebTranscriptRepo } from '../domain/transcript';
import type { Db } from './client';

/**
 * What a web session said and was answered, with the time, so a reload shows it again: one
 * row per exchange (the message and its replies) or delivered notification. Keyed by the
 * session's web account (the external id outlives a rotated session id); deleted on
 * 退出登录. A retried message (same message id) or a notification delivered twice (same
 * outbox id) is one row. No foreign key, as web_sessions.
 */
export const webTranscript = pgTable(
  'web_transcript',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The person's message; null for a notification. */
    said: text('said'),
    replies: jsonb('replies').$type<ShownReply[]>().notNull(),
    messageId: text('message_id'),
    outboxId: bigint('outbox_id', { mode: 'number' }),
  },
  (t) => [
    index('web_transcript_session').on(t.externalId, t.id),
    uniqueIndex('web_transcript_message').on(t.externalId, t.messageId),
    uniqueIndex('web_transcript_notice').on(t.externalId, t.outboxId),
  ],
);

export function webTranscriptRepo(db: Db): WebTranscriptRepo {
  return {
    async addExchange(externalId, said, replies, at, messageId) {
      const [row] = await db
        .insert(webTranscript)
        .values({ externalId, said, replies, at, messageId: messageId ?? null })
        .onConflictDoNothing()
        .returning({ id: webTranscript.id, at: webTranscript.at });
      if (row) return row;
      // A retry of a message already kept: the entry it made.
      const [kept] = await db
        .select({ id: webTranscript.id, at: webTranscript.at })
        .from(webTranscript)
        .where(and(eq(webTranscript.externalId, externalId), eq(webTranscript.messageId, messageId!)));
      return kept!;
    },
    async addNotices(externalId, notices, at) {
      if (!notices.length) return;
      await db
        .insert(webTranscript)
        .values(notices.map((n) => ({ externalId, replies: [n.reply], at, outboxId: n.outboxId })))
        .onConflictDoNothing();
    },
    async list(externalId, afterId, limit) {
      const rows = await db
        .select()
        .from(webTranscript)
        .where(and(eq(webTranscript.externalId, externalId), afterId == null ? undefined : gt(webTranscript.id, afterId)))
        .orderBy(desc(webTranscript.id))
        .limit(limit);
      return rows.reverse().map(
        (r): TranscriptEntry =>
          r.said == null
            ? { id: r.id, at: r.at, kind: 'notice', replies: r.replies }
            : { id: r.id, at: r.at, kind: 'exchange', said: r.said, replies: r.replies },
      );
    },
    async clear(externalId) {
      await db.delete(webTranscript).where(eq(webTranscript.externalId, externalId));
    },
  };
}
