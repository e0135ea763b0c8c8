/**
 * Outgoing Telegram messages within the Bot API's limits: at most `perChatPerSecond`
 * messages to one chat and `globalPerSecond` overall (Telegram asks for 1 and 30), one
 * FIFO queue per chat so a chat's messages arrive in order. A 429 waits `retry_after`;
 * network errors and 5xx are retried with exponential backoff; other 4xx (403 bot
 * blocked, 400 chat not found) are permanent and are not retried.
 *
 * A transient failure never makes the queue skip a message: the message is retried
 * in place (later ones in the same chat wait behind it) until it is sent or its
 * attempts are used up, and then the caller is told with a TransientError.
 */
import { TelegramError } from 'telegraf';
import type { Logger } from 'pino';
import { TransientError } from '../../bot/channels';

export interface SenderOptions {
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Messages per second over all chats (Telegram: 30). */
  globalPerSecond?: number;
  /** Attempts per message, the first included, before a transient failure is given up. */
  maxAttempts?: number;
  /** First backoff after a network error or 5xx; doubles per attempt (with jitter). */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait (a 429's retry_after is honoured as given). */
  maxDelayMs?: number;
  /** How long stop() lets the queues drain before abandoning what is left. */
  drainTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A 429 asking to wait longer than this is not waited out in the queue. */
export const MAX_RETRY_AFTER_MS = 120_000;

export const DEFAULT_SENDER: Required<Omit<SenderOptions, 'now' | 'sleep'>> = {
  perChatPerSecond: 1,
  globalPerSecond: 30,
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  drainTimeoutMs: 2500,
};

/** A failure that retrying cannot fix (Telegram answered 4xx other than 429). */
export class PermanentSendError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
  }
}

export type Failure = { transient: true; retryAfterMs?: number; reason: string } | { transient: false; code?: number; reason: string };

/** Sorts an error of a Bot API call: retry (429, 5xx, network) or give up (other 4xx). */
export function classify(e: unknown): Failure {
  const te = asTelegramError(e);
  if (te) {
    const reason = `${te.code}: ${te.description}`;
    if (te.code === 429) {
      const after = Number(te.parameters?.retry_after);
      return { transient: true, reason, retryAfterMs: Number.isFinite(after) && after >= 0 ? after * 1000 : undefined };
    }
    if (te.code >= 500) return { transient: true, reason };
    return { transient: false, code: te.code, reason };
  }
  // node-fetch FetchError (refused, reset, timeout), an unparsable answer from a proxy, …
  return { transient: true, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

interface ApiErrorLike {
  code: number;
  description: string;
  parameters?: { retry_after?: number };
}

function asTelegramError(e: unknown): ApiErrorLike | undefined {
  if (e instanceof TelegramError) return { code: e.code, description: e.description, parameters: e.parameters };
  // The same shape from another copy of telegraf.
  const r = (e as { response?: { error_code?: unknown; description?: unknown; parameters?: { retry_after?: number } } } | null)?.response;
  if (r && typeof r.error_code === 'number') return { code: r.error_code, description: String(r.description ?? ''), parameters: r.parameters };
  return undefined;
}

/** One Bot API call to make; `signal` aborts it when the sender is stopped. */
export type SendOp = (signal: AbortSignal) => Promise<unknown>;

interface Job {
  op: SendOp;
  label: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface ChatQueue {
  jobs: Job[];
  /** Earliest time the next message to this chat may go. */
  nextAt: number;
  worker?: Promise<void>;
}

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class Sender {
  private readonly o: Required<SenderOptions>;
  private readonly chats = new Map<string, ChatQueue>();
  private readonly abandon = new AbortController();
  /** Cuts the idle waits of emptied queues short when stopping. */
  private readonly quiet = new AbortController();
  private globalNextAt = 0;
  private closed = false;

  constructor(private readonly log: Logger, options: SenderOptions = {}) {
    this.o = { ...DEFAULT_SENDER, now: Date.now, sleep: realSleep, ...stripUndefined(options) };
    for (const k of ['perChatPerSecond', 'globalPerSecond', 'maxAttempts'] as const) {
      if (!(this.o[k] > 0)) throw new Error(`telegram sender: ${k} must be positive, got ${this.o[k]}`);
    }
  }

  /** Messages waiting or being sent. */
  get pending(): number {
    let n = 0;
    for (const q of this.chats.values()) n += q.jobs.length;
    return n;
  }

  /**
   * Queues one call for the chat. Resolves once Telegram accepted it; rejects with
   * TransientError (retries used up, or the sender stopped) or PermanentSendError.
   */
  enqueue(chatId: string, op: SendOp, label = 'sendMessage'): Promise<void> {
    if (this.closed) return Promise.reject(new TransientError('telegram channel is stopping'));
    return new Promise<void>((resolve, reject) => {
      let q = this.chats.get(chatId);
      if (!q) {
        q = { jobs: [], nextAt: 0 };
        this.chats.set(chatId, q);
      }
      q.jobs.push({ op, label, resolve, reject });
      if (!q.worker) q.worker = this.work(chatId, q);
    });
  }

  /** Lets the queues drain for up to drainTimeoutMs, then abandons what is left. */
  async stop(): Promise<void> {
    this.closed = true;
    this.quiet.abort();
    const workers = () => Promise.all([...this.chats.values()].map((q) => q.worker));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), this.o.drainTimeoutMs)));
    const r = await Promise.race([workers().then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    if (r === 'timeout') {
      const left = this.pending;
      this.log.warn({ abandoned: left }, 'telegram: stopping with messages still queued; abandoning them');
      this.abandon.abort();
      await workers();
    }
  }

  /**
   * The chat's worker: sends its jobs in order, then stays until the chat's spacing has
   * passed, so a message queued just after the queue emptied still waits its turn.
   */
  private async work(chatId: string, q: ChatQueue): Promise<void> {
    for (;;) {
      const job = q.jobs[0];
      if (job) {
        await this.deliver(chatId, q, job);
        q.jobs.shift();
        continue;
      }
      const rest = q.nextAt - this.o.now();
      if (rest > 0 && !this.closed) {
        await this.o.sleep(rest, this.quiet.signal);
        continue;
      }
      this.chats.delete(chatId);
      return;
    }
  }

  private async deliver(chatId: string, q: ChatQueue, job: Job): Promise<void> {
    const signal = this.abandon.signal;
    for (let attempt = 1; ; attempt++) {
      await this.slot(q, signal);
      if (signal.aborted) return job.reject(new TransientError('telegram channel stopped before the message was sent'));
      try {
        await job.op(signal);
        return job.resolve();
      } catch (e) {
        if (signal.aborted) return job.reject(new TransientError('telegram channel stopped while the message was being sent'));
        const f = classify(e);
        if (!f.transient) {
          this.log.warn({ chatId, call: job.label, reason: f.reason }, 'telegram: message refused, not retrying');
          return job.reject(new PermanentSendError(`telegram ${job.label} refused: ${f.reason}`, f.code));
        }
        // retry_after is Telegram's instruction and is honoured as given (a shorter wait
        // only earns another 429); one too long to hold the chat for goes back to the caller.
        const delay = f.retryAfterMs ?? this.backoff(attempt);
        if (attempt >= this.o.maxAttempts || delay > MAX_RETRY_AFTER_MS) {
          this.log.error({ chatId, call: job.label, attempts: attempt, reason: f.reason }, 'telegram: message not sent, retries used up');
          return job.reject(new TransientError(`telegram ${job.label} failed after ${attempt} attempts: ${f.reason}`, delay));
        }
        this.log.warn({ chatId, call: job.label, attempt, retryInMs: delay, reason: f.reason }, 'telegram: send failed, retrying');
        // The chat waits (its later messages stay behind this one); other chats go on.
        q.nextAt = Math.max(q.nextAt, this.o.now() + delay);
      }
    }
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exp * (0.5 + Math.random() * 0.5));
  }

  /**
   * Waits until both this chat's and the global spacing have passed, then books the
   * slot from the actual time (a late timer never brings two sends closer together).
   */
  private async slot(q: ChatQueue, signal: AbortSignal): Promise<void> {
    for (;;) {
      const wait = Math.max(q.nextAt, this.globalNextAt) - this.o.now();
      if (wait <= 0 || signal.aborted) break;
      await this.o.sleep(wait, signal);
    }
    const now = this.o.now();
    this.globalNextAt = now + 1000 / this.o.globalPerSecond;
    q.nextAt = Math.max(q.nextAt, now + 1000 / this.o.perChatPerSecond);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
