/**
 * One browser's conversation, for the page (JSON) and the no-JavaScript form alike: the
 * message goes to the engine under the session's web account, and the exchange is kept in
 * the session's transcript right after the turn (domain/transcript.ts) — a retried message
 * (same Idempotency-Key) is kept once, so a crash between the two is mended by the retry.
 * Notifications are moved into the transcript as they are delivered. 退出登录 clears it.
 */
import type Koa from 'koa';
import type { Logger } from 'pino';
import { type Engine, type Inbound, type InboundFile, withoutSecret } from '../../bot/engine';
import { type ShownReply, type TranscriptEntry, type WebTranscriptRepo, TRANSCRIPT_LIMIT, keptSaid } from '../../domain/transcript';
import type { WebSession, WebSessions } from './sessions';

export interface Said {
  replies: ShownReply[];
  /** The transcript entry the exchange made (none when the session ended, or it could not be kept). */
  entry: { id: number; at: Date } | null;
  /** 退出登录: the session and its transcript are gone. */
  ended?: boolean;
  /** Over the account's chat limit: nothing was processed, try again after this many ms. */
  retryAfterMs?: number;
}

export class WebChat {
  constructor(
    private readonly engine: Engine,
    private readonly sessions: WebSessions,
    private readonly transcript: WebTranscriptRepo,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A message from this browser; `ref` is the prompt a clicked option belongs to (CONV-V2 §3). */
  async say(ctx: Koa.Context, m: { text: string; ref?: string; key?: string; files?: InboundFile[] }): Promise<Said> {
    const session = (await this.sessions.current(ctx)) ?? (await this.sessions.open(ctx));
    // The engine reads `ref` once it knows stale options (conv-core); until then it is ignored.
    const inbound: Inbound & { ref?: string } = {
      platform: 'web', externalId: session.externalId, chatId: 'web', text: m.text, source: ctx.ip,
      ...(m.key ? { messageId: m.key } : {}), ...(m.ref ? { ref: m.ref } : {}), ...(m.files?.length ? { files: m.files } : {}),
    };
    const r = await this.engine.receive(inbound);
    if (r.retryAfterMs) return { replies: r.replies, entry: null, retryAfterMs: r.retryAfterMs };
    let entry: Said['entry'] = null;
    if (r.session === 'end') await this.transcript.clear(session.externalId);
    else entry = await this.keep(session, m.text, r.replies, m.key);
    if (r.session) await this.sessions.change(ctx, session, r.session);
    return { replies: r.replies, entry, ...(r.session === 'end' ? { ended: true } : {}) };
  }

  /** The session's transcript after `afterId` (all of it when null), waiting notifications first moved in; none without a session. */
  async entries(ctx: Koa.Context, afterId: number | null): Promise<TranscriptEntry[]> {
    const session = await this.sessions.current(ctx); // a read creates no session
    if (!session) return [];
    await this.deliver(session.externalId);
    return this.transcript.list(session.externalId, afterId, TRANSCRIPT_LIMIT);
  }

  /** `GET /api/inbox` for API clients: the waiting notifications by cursor (README), kept in the transcript too. */
  async inbox(ctx: Koa.Context, after: number | null): Promise<{ replies: ShownReply[]; cursor: number | null }> {
    const session = await this.sessions.current(ctx);
    if (!session) return { replies: [], cursor: null };
    const r = await this.engine.inbox('web', session.externalId, after);
    await this.transcript.addNotices(session.externalId, notices(r), this.clock());
    return { replies: r.replies, cursor: r.cursor };
  }

  /** Moves every waiting notification into the transcript, acknowledging each batch once it is kept. */
  private async deliver(externalId: string): Promise<void> {
    let r = await this.engine.inbox('web', externalId, null);
    for (let batch = 0; r.ids.length && batch < 10; batch++) {
      await this.transcript.addNotices(externalId, notices(r), this.clock());
      r = await this.engine.inbox('web', externalId, r.cursor);
    }
  }

  /**
   * The turn has committed: a failure to keep its copy must not turn the answer into an
   * error (the person would send it again); the reply still reaches the page.
   */
  private async keep(session: WebSession, said: string, replies: ShownReply[], key?: string): Promise<Said['entry']> {
    try {
      return await this.transcript.addExchange(session.externalId, keptSaid(said.trim()), replies.map(withoutSecret), this.clock(), key);
    } catch (e) {
      this.log.error({ err: e }, 'transcript: exchange not kept');
      return null;
    }
  }
}

const notices = (r: { replies: ShownReply[]; ids: number[] }) => r.ids.map((outboxId, i) => ({ outboxId, reply: r.replies[i]! }));
