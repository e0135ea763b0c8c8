/** The web chat's transcript (domain/transcript.ts): its repository; the table is the core's (db/core-schema.ts). */
import { and, desc, eq, gt } from 'drizzle-orm';
import type { TranscriptEntry, WebTranscriptRepo } from '../domain/transcript';
import type { Db } from './client';
import { webTranscript } from './core-schema';


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
