/**
 * Telegram (telegraf): long polling by default, a webhook on the koa server when
 * `webhookUrl` is set. A private message, a group message addressed to the bot, or a
 * pressed inline button is one engine turn; its replies go back to the chat through
 * the rate-limited sender, which the notification dispatcher's `send` uses too.
 *
 * Redelivery: the engine's message id is `u<update_id>`, which the engine claims in the
 * `deliveries` table inside the turn's transaction, so an update is processed at most
 * once even across restarts. The engine answers a redelivered update with the stored
 * replies, which cannot be told apart from fresh ones; so that they are not sent twice,
 * this adapter also remembers the update ids it has handled (and waits on those being
 * handled) in this process. After a restart the memory is empty: an update delivered
 * again then gets its stored replies re-sent. That is the only duplicate possible, and
 * it is what a user whose replies were lost in a crash needs anyway.
 */
import type Router from '@koa/router';
import { Telegraf } from 'telegraf';
import type { CallbackQuery, Message, Update, UserFromGetMe } from 'telegraf/types';
import type { Logger } from 'pino';
import { type Address, type RunningChannel, TransientError } from '../../bot/channels';
import type { Inbound, InboundFile } from '../../bot/engine';
import type { Reply } from '../../domain/ports';
import type { ChannelDeps, ChannelModule } from '../module';
import { optionOfCallback, refOfCallback, toMessages, type OutgoingMessage } from './format';
import { displayName, fromMessage, type Incoming, type TelegramFile } from './inbound';
import { Sender, classify, type SenderOptions } from './sender';
import { BadUpdate, SECRET_HEADER, readUpdate, secretMatches, webhookPath, webhookSecret } from './webhook';

export { PermanentSendError, type SenderOptions } from './sender';

export interface TelegramOptions {
  /** The bot token from @BotFather. */
  token: string;
  /** Bot API server (default https://api.telegram.org); a local Bot API server or a test fake. */
  apiRoot?: string;
  /** Public HTTPS URL Telegram posts updates to; its path is mounted by `routes()`. Unset: long polling. */
  webhookUrl?: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; generated (kept in memory) when not given. */
  webhookSecret?: string;
  /** Outgoing rate limits, retries and shutdown (defaults: Telegram's published limits). */
  sender?: SenderOptions;
}

const ALLOWED_UPDATES: ('message' | 'callback_query')[] = ['message', 'callback_query'];
const BUSY = '系统繁忙，您的消息未能处理，请稍后重新发送。';
const STALE_BUTTON = '该按钮已失效，请直接输入文字。';
/** In polling mode a failed turn is tried again this many times before the user is told. */
const POLLING_TURN_ATTEMPTS = 3;
/** A file's download from Telegram (20 MB at most for bots) gives up after this long: the sender is asked to send it again. */
const FILE_DOWNLOAD_MS = 60_000;
const REMEMBERED_UPDATES = 10_000;
/**
 * stop() waits this long for the updates being handled and the polling loop to end (both
 * at once), then lets the sender drain for its drainTimeoutMs: a stop takes at most about
 * 5 s whatever the Bot API does, within the server's 10 s shutdown.
 */
const STOP_WAIT_MS = 2500;

export function telegramModule(opts: TelegramOptions, deps: ChannelDeps): ChannelModule {
  return new TelegramModule(opts, deps);
}

type State = 'new' | 'starting' | 'running' | 'stopped';

class TelegramModule implements ChannelModule {
  readonly channel: RunningChannel;
  private readonly bot: Telegraf;
  private readonly sender: Sender;
  private readonly log: Logger;
  private readonly apiRoot: string;
  private readonly webhook?: { url: string; path: string; secret: string };
  private readonly handled = new RecentIds(REMEMBERED_UPDATES);
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Replies the stopping sender abandoned, being put in the outbox. */
  private readonly deferring = new Set<Promise<void>>();
  private polling?: Promise<void>;
  private mounted = false;
  private state: State = 'new';

  constructor(opts: TelegramOptions, private readonly deps: ChannelDeps) {
    if (!opts.token?.trim()) throw new Error('TELEGRAM bot token is empty');
    this.log = deps.log.child({ channel: 'telegram' });
    this.apiRoot = (opts.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
    if (opts.webhookUrl) {
      this.webhook = { url: opts.webhookUrl, path: webhookPath(opts.webhookUrl), secret: webhookSecret(opts.webhookSecret) };
    }
    this.bot = new Telegraf(opts.token.trim(), { telegram: { apiRoot: this.apiRoot, webhookReply: false } });
    this.sender = new Sender(this.log, opts.sender);
    this.install();
    this.channel = {
      platform: 'telegram',
      send: (to, reply) => this.send(to, reply),
      stop: () => this.stop(),
    };
  }

  routes(router: Router): void {
    const hook = this.webhook;
    if (!hook) return; // long polling: nothing to serve
    this.mounted = true;
    router.post(hook.path, async (ctx) => {
      // Checked before the body is read: a forged request stores nothing.
      if (!secretMatches(ctx.get(SECRET_HEADER) || undefined, hook.secret)) {
        ctx.status = 401;
        ctx.body = { error: 'missing or wrong secret token' };
        return;
      }
      if (this.state === 'stopped') {
        ctx.status = 503; // Telegram delivers it again later
        ctx.body = { error: 'stopping' };
        return;
      }
      let update: Update;
      try {
        update = await readUpdate(ctx.req);
      } catch (e) {
        if (!(e instanceof BadUpdate)) throw e;
        ctx.status = e.status;
        ctx.body = { error: e.message };
        return;
      }
      try {
        await this.bot.handleUpdate(update);
        ctx.status = 200;
        ctx.body = ''; // an empty answer: a JSON body would be read as a Bot API call
      } catch (err) {
        this.log.error({ err, updateId: update.update_id }, 'telegram: update not processed; Telegram will deliver it again');
        ctx.status = 500;
        ctx.body = { error: 'not processed, retry later' };
      }
    });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`telegram channel cannot start: it is ${this.state}`);
    this.state = 'starting';
    try {
      this.bot.botInfo = await this.getMe();
      const me = this.bot.botInfo;
      if (this.webhook) {
        if (!this.mounted) this.log.warn({ path: this.webhook.path }, 'telegram: webhook mode, but routes() was not mounted on the HTTP server');
        await this.call('setWebhook', () =>
          this.bot.telegram.setWebhook(this.webhook!.url, { secret_token: this.webhook!.secret, allowed_updates: ALLOWED_UPDATES, drop_pending_updates: false }),
        );
        this.state = 'running';
        this.log.info({ bot: me.username, url: this.webhook.url }, 'telegram: receiving updates by webhook');
        return;
      }
      // getUpdates is refused while a webhook is set. launch() deletes it as well; doing it
      // here first makes a failure reject start() instead of surfacing later in the log.
      await this.call('deleteWebhook', () => this.bot.telegram.deleteWebhook({ drop_pending_updates: false }));
      await new Promise<void>((resolve, reject) => {
        // botInfo is set, so launch() calls onLaunch at once and goes on to poll.
        this.polling = this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }, resolve);
        this.polling.then(
          () => this.log.info('telegram: long polling stopped'),
          (err) => {
            reject(err);
            if (this.state !== 'stopped') this.log.error({ err }, 'telegram: long polling stopped with an error; no Telegram messages are received');
          },
        );
      });
      this.state = 'running';
      this.log.info({ bot: me.username }, 'telegram: receiving updates by long polling');
    } catch (e) {
      this.state = 'new';
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.polling) {
      try {
        this.bot.stop('stop');
      } catch {
        /* not running */
      }
    }
    // The loop ends after the batch in hand and confirms its offset to Telegram (which an
    // unreachable API never answers: not waited for beyond STOP_WAIT_MS); the turns in
    // hand finish meanwhile.
    const [polled, turns] = await Promise.all([
      this.polling ? within(this.polling.catch(() => {}), STOP_WAIT_MS) : undefined,
      within(Promise.allSettled([...this.inFlight.values()]), STOP_WAIT_MS),
    ]);
    if (polled === 'timeout') this.log.warn('telegram: long polling did not end in time');
    if (turns === 'timeout') this.log.warn({ updates: this.inFlight.size }, 'telegram: updates still being handled at stop');
    await this.sender.stop();
    await within(Promise.allSettled([...this.deferring]), STOP_WAIT_MS);
  }

  // ---- inbound ----

  private install(): void {
    const bot = this.bot;
    bot.use((ctx, next) => this.once(ctx.update.update_id, next));
    bot.on('message', (ctx) => this.onMessage(ctx.update.update_id, ctx.message, ctx.botInfo));
    bot.on('callback_query', async (ctx) => {
      const cq = ctx.callbackQuery;
      const data = 'data' in cq ? cq.data : undefined;
      const message = cq.message;
      const option = data === undefined ? undefined : optionOfCallback(data, message && 'reply_markup' in message ? message.reply_markup : undefined);
      // Always answered (the button stops spinning); not awaited before the turn so that
      // updates of one batch reach the engine in their order.
      const answered = ctx
        .answerCbQuery(option === undefined ? STALE_BUTTON : undefined)
        .catch((err) => this.log.warn({ err: String(err), updateId: ctx.update.update_id }, 'telegram: answerCallbackQuery failed'));
      try {
        if (option !== undefined && message) await this.converse(ctx.update.update_id, callbackIncoming(cq, message.chat.id, option, refOfCallback(data!)));
      } finally {
        await answered;
      }
    });
    bot.catch((err, ctx) => {
      // A webhook update is answered 500 and Telegram delivers it again; a polled one is
      // already acknowledged by the next getUpdates, and the user has been told.
      if (this.webhook) throw err;
      this.log.error({ err, updateId: ctx.update.update_id }, 'telegram: update not handled');
    });
  }

  /** Handles an update id once per process; a second delivery while the first is in hand waits for it. */
  private once(updateId: number, work: () => Promise<unknown>): Promise<void> {
    if (this.handled.has(updateId)) {
      this.log.debug({ updateId }, 'telegram: update already handled');
      return Promise.resolve();
    }
    const running = this.inFlight.get(updateId);
    if (running) return running;
    const p = work()
      .then(() => void this.handled.add(updateId))
      .finally(() => this.inFlight.delete(updateId));
    this.inFlight.set(updateId, p);
    return p;
  }

  private async onMessage(updateId: number, msg: Message, me: UserFromGetMe): Promise<void> {
    const incoming = fromMessage(msg, me);
    if (incoming) await this.converse(updateId, incoming);
  }

  private async converse(updateId: number, m: Incoming): Promise<void> {
    const inbound: Inbound = {
      platform: 'telegram',
      externalId: m.externalId,
      chatId: m.chatId,
      messageId: `u${updateId}`,
      text: m.text,
      ...(m.displayName ? { displayName: m.displayName } : {}),
      ...(m.files ? { files: m.files.map((f) => this.inboundFile(f)) } : {}),
      ...(m.ref ? { ref: m.ref } : {}),
    };
    const replies = await this.turn(inbound);
    this.reply(m, replies ?? [{ text: BUSY }]);
  }

  /**
   * A photo or document as the engine reads it: getFile, then the download (whose URL
   * carries the token: never logged). Telegram's declared size tells a cut-off download.
   */
  private inboundFile(f: TelegramFile): InboundFile {
    return {
      ...(f.name ? { name: f.name } : {}),
      ...(f.size ? { declaredSize: f.size } : {}),
      open: async () => {
        const url = await this.bot.telegram.getFileLink(f.fileId);
        const res = await fetch(url, { signal: AbortSignal.timeout(FILE_DOWNLOAD_MS) });
        if (!res.ok || !res.body) throw new Error(`telegram: file download answered ${res.status}`);
        return res.body as unknown as AsyncIterable<Uint8Array>;
      },
    };
  }

  /** One engine turn. Polling retries a failed turn (the engine dedupes by message id); a webhook lets Telegram retry. */
  private async turn(inbound: Inbound): Promise<Reply[] | null> {
    const attempts = this.webhook ? 1 : POLLING_TURN_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.engine.handle(inbound);
      } catch (err) {
        if (this.webhook) throw err;
        if (attempt >= attempts) {
          this.log.error({ err, messageId: inbound.messageId }, 'telegram: message not processed; the user is asked to send it again');
          return null;
        }
        this.log.warn({ err, messageId: inbound.messageId, attempt }, 'telegram: turn failed, trying again');
        await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
      }
    }
  }

  // ---- outbound ----

  /** Queues the replies to a message (not awaited: the update is answered once processed). */
  private reply(m: Incoming, replies: Reply[]): void {
    let replyTo = m.replyTo;
    const queued = replies.map((r) =>
      Promise.all(
        toMessages(r).map((msg) => {
          const p = this.enqueue(m.chatId, msg, replyTo);
          replyTo = undefined;
          return p;
        }),
      ),
    );
    const deferred = this.deferUnsent(m, replies, queued);
    this.deferring.add(deferred);
    void deferred.finally(() => this.deferring.delete(deferred));
  }

  /**
   * Replies the sender abandoned because the channel is stopping go to the outbox, from the
   * first one not sent on, and are pushed after the restart (private chats only: the outbox
   * addresses the person). Other failures the sender has logged.
   */
  private async deferUnsent(m: Incoming, replies: Reply[], queued: Promise<unknown>[]): Promise<void> {
    const results = await Promise.allSettled(queued);
    const first = results.findIndex((r) => r.status === 'rejected' && r.reason instanceof TransientError);
    if (first < 0 || this.state !== 'stopped' || m.chatId !== m.externalId) return;
    try {
      await this.deps.engine.deferReplies('telegram', m.externalId, replies.slice(first));
      this.log.warn({ deferred: replies.length - first }, 'telegram: replies left unsent at stop wait in the outbox');
    } catch (err) {
      this.log.error({ err }, 'telegram: replies left unsent at stop could not be kept');
    }
  }

  private async send(to: Address, reply: Reply): Promise<void> {
    const messages = toMessages(reply);
    await Promise.all(messages.map((m) => this.enqueue(to.chatId, m)));
  }

  private enqueue(chatId: string, m: OutgoingMessage, replyTo?: number): Promise<void> {
    const payload = {
      chat_id: chatIdParam(chatId),
      text: m.text,
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    };
    // node-fetch takes Node's AbortSignal (it checks the class name); telegraf types it as abort-controller's.
    return this.sender.enqueue(chatId, (signal) => this.bot.telegram.callApi('sendMessage', payload, { signal: signal as never }));
  }

  // ---- start-up helpers ----

  private async getMe(): Promise<UserFromGetMe> {
    try {
      return await retryTransient(() => this.bot.telegram.getMe());
    } catch (e) {
      const f = classify(e);
      if (!f.transient && (f.code === 401 || f.code === 404)) {
        throw new Error(`Telegram rejected the bot token (getMe answered ${f.reason}); check the token from @BotFather`, { cause: e });
      }
      throw new Error(`cannot reach the Telegram Bot API at ${this.apiRoot} (getMe: ${f.reason})`, { cause: e });
    }
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await retryTransient(fn);
    } catch (e) {
      throw new Error(`Telegram ${method} failed: ${classify(e).reason}`, { cause: e });
    }
  }
}

/** Delays between start-up attempts: a reset connection or a 5xx must not cost the channel. */
const START_RETRY_MS = [500, 1000, 2000];

/** Runs a start-up call, retrying transient failures (network, 5xx, short 429s) a few times. */
async function retryTransient<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const f = classify(e);
      const delay = START_RETRY_MS[attempt];
      if (!f.transient || delay === undefined) throw e;
      await new Promise((r) => setTimeout(r, Math.min(5_000, f.retryAfterMs ?? delay)));
    }
  }
}

function callbackIncoming(cq: CallbackQuery, chatId: number, text: string, ref: string | undefined): Incoming {
  const name = displayName(cq.from);
  return { externalId: String(cq.from.id), chatId: String(chatId), text, ...(name ? { displayName: name } : {}), ...(ref ? { ref } : {}) };
}

/** Numeric chat ids as numbers (what Telegram documents); anything else as given. */
function chatIdParam(chatId: string): number | string {
  return /^-?\d{1,16}$/.test(chatId) ? Number(chatId) : chatId;
}

function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** The last `max` ids added (insertion order is eviction order). */
class RecentIds {
  private readonly ids = new Set<number>();
  constructor(private readonly max: number) {}
  has(id: number): boolean {
    return this.ids.has(id);
  }
  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
  }
}
