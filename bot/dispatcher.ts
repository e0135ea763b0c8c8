/**
 * Delivers queued notifications through push channels. Claims are leased rows, so
 * several instances never send the same one; a transient failure puts the row back
 * with backoff, a permanent one marks it failed. A crash between send and mark can
 * repeat one message after the lease expires — the price of never losing one.
 *
 * Stopping does not wait long for a platform: the rows claimed but not yet sent are put
 * back at once; the send in hand gets a grace period, then is abandoned (its row goes back
 * to the outbox, to be sent after the restart — a second time, if the platform took it
 * without answering).
 */
import type { Logger } from 'pino';
import type { DeliveryQueue } from '../domain/ports';
import { type Channel, TransientError } from './channels';

export interface DispatcherOptions {
  batch?: number;
  leaseSeconds?: number;
  /** Delay after the nth failed attempt, in ms. */
  backoff?: (attempt: number) => number;
}

const defaultBackoff = (n: number) => Math.min(3_600_000, 5_000 * 2 ** Math.max(0, n - 1));

export class Dispatcher {
  private readonly channels = new Map<string, Channel>();
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<number> | undefined;
  /** Set by stop(): the pass in hand sends nothing more. */
  private draining = false;
  /** Aborted when the grace period of the send in hand is over. */
  private halt = new AbortController();

  constructor(private readonly queue: DeliveryQueue, private readonly log: Logger, private readonly opts: DispatcherOptions = {}) {}

  register(channel: Channel): void {
    this.channels.set(channel.platform, channel);
  }

  /** Platforms with a running push channel. */
  platforms(): ReadonlySet<string> {
    return new Set(this.channels.keys());
  }

  /** One pass: claim due rows for the registered channels, send, record the outcome. */
  tick(): Promise<number> {
    this.current ??= this.pass().finally(() => (this.current = undefined));
    return this.current;
  }

  start(intervalMs = 2_000): void {
    this.draining = false;
    this.halt = new AbortController();
    const loop = async () => {
      try {
        await this.tick();
      } catch (e) {
        this.log.error({ err: e }, 'notification dispatch failed');
      }
      if (this.timer) this.timer = setTimeout(loop, intervalMs).unref();
    };
    this.timer = setTimeout(loop, 0).unref();
  }

  /** Ends the pass in hand, waiting at most `graceMs` for a platform: what is unsent stays in the outbox. */
  async stop(graceMs = 3_000): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draining = true;
    const pass = this.current?.catch(() => {});
    if (!pass) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'over'>((res) => (timer = setTimeout(() => res('over'), graceMs)));
    const ended = await Promise.race([pass, grace]).finally(() => clearTimeout(timer));
    if (ended === 'over') {
      this.halt.abort();
      await pass;
    }
  }

  private async pass(): Promise<number> {
    const claimed = await this.queue.claim([...this.channels.keys()], this.opts.batch ?? 50, this.opts.leaseSeconds ?? 120);
    // An account whose earlier message failed: later ones wait as long, so order holds.
    const blocked = new Map<number, number>();
    let sent = 0;
    const halted = this.halt.signal;
    for (const m of claimed) {
      if (this.draining) {
        await this.queue.retry(m.id, 0, STOPPED);
        continue;
      }
      const wait = blocked.get(m.accountId);
      if (wait !== undefined) {
        await this.queue.retry(m.id, wait, 'waiting for an earlier message');
        continue;
      }
      try {
        await unlessHalted(this.channels.get(m.platform)!.send({ externalId: m.externalId, chatId: m.externalId }, m.reply), halted);
        await this.queue.delivered(m.id, m.platform);
        sent++;
      } catch (e) {
        if (e === halted) {
          await this.queue.retry(m.id, 0, STOPPED);
          continue;
        }
        const error = String((e as Error)?.message ?? e).slice(0, 500);
        if (e instanceof TransientError) {
          const delay = e.retryAfterMs ?? (this.opts.backoff ?? defaultBackoff)(m.attempts);
          blocked.set(m.accountId, delay);
          await this.queue.retry(m.id, delay, error);
          this.log.warn({ id: m.id, platform: m.platform, err: error }, 'notification will be retried');
        } else {
          blocked.set(m.accountId, 0); // give up on this one; the next goes in the next pass
          await this.queue.failed(m.id, error);
          this.log.error({ id: m.id, platform: m.platform, err: error }, 'notification failed permanently');
        }
      }
    }
    return sent;
  }
}

const STOPPED = 'server stopped before it was sent';

/** The send, or a rejection with the signal itself as soon as the dispatcher is stopped. */
function unlessHalted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
