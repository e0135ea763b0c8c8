/**
 * A fake Telegram Bot API server on 127.0.0.1 for the adapter's tests. It serves
 * POST /bot<token>/<method> with JSON bodies as telegraf sends them, implements what
 * the bot calls (getMe, getUpdates with offset/timeout long polling, sendMessage,
 * answerCallbackQuery, setWebhook, deleteWebhook, getWebhookInfo), checks the token
 * and the limits the real server enforces (text length, callback_data ≤ 64 bytes),
 * records every call, and can be told to fail the next calls of a method, or to go silent
 * (accept every connection and never answer, as an unreachable API behind a proxy does).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from 'telegraf/types';

export interface ApiCall {
  method: string;
  params: Record<string, any>;
  /** HTTP status answered (0: connection dropped). */
  status: number;
  /** When the request arrived (ms, Date.now()). */
  at: number;
  token: string;
}

/** A canned failure: an HTTP answer, or a dropped connection (a network error). */
export type Failure = { status: number; body: unknown } | { drop: true };

export const TOO_MANY_REQUESTS: Failure = {
  status: 429,
  body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
};
export const BAD_GATEWAY: Failure = { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
export const BOT_BLOCKED: Failure = { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
export const DROP: Failure = { drop: true };

export type SentMessage = Message.TextMessage & { reply_markup?: InlineKeyboardMarkup };

interface Poll {
  res: ServerResponse;
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const fail = (code: number, description: string) => ({ status: code, body: { ok: false, error_code: code, description } });

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly bot = { id: 7_000_001, is_bot: true as const, first_name: '执法协同助手', username: 'xietong_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | null = null;
  private readonly sent: SentMessage[] = [];
  private readonly answered = new Map<string, { text?: string }>();
  private readonly failures = new Map<string, Failure[]>();
  private pending: Update[] = [];
  private polls: Poll[] = [];
  private nextUpdateId = 500_000;
  private nextMessageId = 1;
  private nextQueryId = 1;
  /** Silent: requests are read and never answered (see hang()). */
  private silent = false;
  private readonly held = new Set<ServerResponse>();

  private constructor(private readonly server: Server, readonly token: string, readonly url: string) {}

  static async start(token: string): Promise<FakeTelegram> {
    let fake!: FakeTelegram;
    const server = createServer((req, res) => void fake.serve(req, res));
    server.listen(0, '127.0.0.1');
    await new Promise<void>((res, rej) => server.once('listening', res).once('error', rej));
    fake = new FakeTelegram(server, token, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  async close(): Promise<void> {
    for (const r of this.held) r.destroy();
    for (const p of this.polls) this.answerPoll(p, []);
    const closed = new Promise<void>((res) => this.server.close(() => res()));
    this.server.closeAllConnections();
    await closed;
  }

  // ---- scripting ----

  /** The next `times` calls of `method` get `failure` instead of being served. */
  failNext(method: string, times: number, failure: Failure): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** From now on every request (open long polls included) is accepted and never answered. */
  hang(): void {
    this.silent = true;
    for (const p of this.polls) {
      clearTimeout(p.timer);
      this.held.add(p.res);
    }
    this.polls = [];
  }

  user(id: number, firstName: string, lastName?: string): User {
    return { id, is_bot: false, first_name: firstName, ...(lastName ? { last_name: lastName } : {}), language_code: 'zh-hans' };
  }

  /** A message update as Telegram builds it (mention and command entities included); not queued. */
  textUpdate(from: User, text: string, opts: { chat?: Chat; replyTo?: Message } = {}): Update.MessageUpdate<Message.TextMessage> {
    const chat: Chat = opts.chat ?? { id: from.id, type: 'private', first_name: from.first_name };
    const entities: MessageEntity[] = [];
    for (const m of text.matchAll(/(^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?)|(@[A-Za-z0-9_]{5,32})/g)) {
      entities.push({ type: m[1] ? 'bot_command' : 'mention', offset: m.index!, length: m[0].length });
    }
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entities.length ? { entities } : {}),
      ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}),
    } as Update.MessageUpdate<Message.TextMessage>['message'];
    return { update_id: this.nextUpdateId++, message };
  }

  /** Pressing the button labelled `label` under a message the bot sent; not queued. */
  click(from: User, message: SentMessage, label: string): Update.CallbackQueryUpdate {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button || !('callback_data' in button)) throw new Error(`no button “${label}” under message ${message.message_id}`);
    return this.callbackUpdate(from, message, button.callback_data);
  }

  callbackUpdate(from: User, message: Message, data: string): Update.CallbackQueryUpdate {
    const callback_query = { id: `cq${this.nextQueryId++}`, from, message, chat_instance: '-42', data } as CallbackQuery;
    return { update_id: this.nextUpdateId++, callback_query };
  }

  /** Queues updates for getUpdates (and wakes a waiting long poll). */
  push<U extends Update>(update: U): U {
    this.pending.push(update);
    for (const p of [...this.polls]) {
      const ready = this.ready(p.offset, p.limit);
      if (ready.length) this.answerPoll(p, ready);
    }
    return update;
  }

  // ---- files ----

  private readonly files = new Map<string, { bytes: Uint8Array; path: string; declared?: number; cutAfter?: number }>();
  private nextFileId = 1;

  /**
   * A file the fake keeps for getFile and its download. `declared` is the size getFile
   * reports; `cutAfter` drops the download's connection after that many bytes.
   */
  file(bytes: Uint8Array, opts: { ext?: string; declared?: number; cutAfter?: number } = {}): { fileId: string; size: number } {
    const fileId = `AgAC${this.nextFileId++}`;
    this.files.set(fileId, { bytes, path: `documents/file_${fileId}.${opts.ext ?? 'bin'}`, ...opts });
    return { fileId, size: opts.declared ?? bytes.length };
  }

  private serveFile(token: string, path: string, res: ServerResponse): void {
    const f = [...this.files.values()].find((x) => x.path === path);
    this.calls.push({ method: 'file', params: { path }, status: token === this.token && f ? 200 : 404, at: Date.now(), token });
    if (token !== this.token || !f) return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(f.bytes.length) });
    if (f.cutAfter !== undefined) {
      res.write(f.bytes.subarray(0, f.cutAfter));
      setTimeout(() => res.destroy(), 10);
      return;
    }
    res.end(f.bytes);
  }

  /** A photo message (sizes as Telegram lists them, the largest last), with a caption; not queued. */
  photoUpdate(from: User, bytes: Uint8Array, caption = '', opts: { declared?: number; cutAfter?: number } = {}): Update.MessageUpdate {
    const big = this.file(bytes, { ext: 'jpg', ...opts });
    const thumb = this.file(bytes.subarray(0, 10), { ext: 'jpg' });
    const message = {
      message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.first_name }, from,
      photo: [
        { file_id: thumb.fileId, file_unique_id: `u${thumb.fileId}`, width: 90, height: 60, file_size: thumb.size },
        { file_id: big.fileId, file_unique_id: `u${big.fileId}`, width: 1280, height: 960, file_size: big.size },
      ],
      ...(caption ? { caption } : {}),
    } as Update.MessageUpdate['message'];
    return { update_id: this.nextUpdateId++, message };
  }

  /** A document message (any file, with the name the sender's client gave it); not queued. */
  documentUpdate(from: User, bytes: Uint8Array, fileName: string, caption = ''): Update.MessageUpdate {
    const f = this.file(bytes);
    const message = {
      message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.first_name }, from,
      document: { file_id: f.fileId, file_unique_id: `u${f.fileId}`, file_name: fileName, file_size: f.size },
      ...(caption ? { caption } : {}),
    } as Update.MessageUpdate['message'];
    return { update_id: this.nextUpdateId++, message };
  }

  // ---- inspection ----

  callsOf(method: string, filter: (c: ApiCall) => boolean = () => true): ApiCall[] {
    return this.calls.filter((c) => c.method === method && filter(c));
  }

  /** sendMessage attempts to a chat (failed ones included), in arrival order. */
  attemptsTo(chatId: number | string): ApiCall[] {
    return this.callsOf('sendMessage', (c) => String(c.params.chat_id) === String(chatId));
  }

  /** Messages delivered to a chat, in order. */
  sentTo(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => String(m.chat.id) === String(chatId));
  }

  answerOf(callbackQueryId: string): { text?: string } | undefined {
    return this.answered.get(callbackQueryId);
  }

  /** Long polls being held open. */
  get openPolls(): number {
    return this.polls.length;
  }

  /** Polls `check` until it gives a truthy value; fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > until) {
        const recent = this.calls.slice(-8).map((c) => `${c.method}→${c.status}`).join(', ');
        throw new Error(`timed out waiting for ${what} (recent calls: ${recent})`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  // ---- the server ----

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const download = (req.url ?? '').match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (download && req.method === 'GET') return this.serveFile(download[1]!, download[2]!, res);
    const m = (req.url ?? '').match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let params: Record<string, any> = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) params = JSON.parse(text);
    } catch {
      return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
    }
    if (!m || req.method !== 'POST') return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m as unknown as [string, string, string];
    const call: ApiCall = { method, params, status: 0, at, token };
    this.calls.push(call);
    if (this.silent) return void this.held.add(res);
    const answer = (status: number, body: unknown) => {
      call.status = status;
      json(res, status, body);
    };

    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const canned = this.failures.get(method)?.shift();
    if (canned) {
      if ('drop' in canned) return void req.socket.destroy();
      return answer(canned.status, canned.body);
    }
    const r = this.handle(method, params, res, call);
    if (r) answer(r.status, r.body);
  }

  /** The method's answer, or undefined when it answers later (a long poll). */
  private handle(method: string, p: Record<string, any>, res: ServerResponse, call: ApiCall): { status: number; body: unknown } | undefined {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'getUpdates': {
        if (this.webhook) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(p.offset ?? 0);
        const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
        const timeout = Math.max(0, Number(p.timeout ?? 0));
        const ready = this.ready(offset, limit);
        if (ready.length || timeout === 0) return ok(ready);
        const poll: Poll = { res, offset, limit, timer: setTimeout(() => this.answerPoll(poll, []), timeout * 1000) };
        this.polls.push(poll);
        res.on('close', () => {
          clearTimeout(poll.timer);
          this.polls = this.polls.filter((x) => x !== poll);
        });
        call.status = 200; // answered when an update comes or the timeout passes
        return undefined;
      }
      case 'sendMessage': {
        if (p.chat_id === undefined || p.chat_id === '') return fail(400, 'Bad Request: chat_id is empty');
        const text = typeof p.text === 'string' ? p.text : '';
        if (!text.trim()) return fail(400, 'Bad Request: message text is empty');
        if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
        const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
        for (const b of markup?.inline_keyboard.flat() ?? []) {
          const data = 'callback_data' in b ? b.callback_data : undefined;
          if (data !== undefined && (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
        const id = Number(p.chat_id);
        const chat = (id > 0 ? { id, type: 'private', first_name: 'user' } : { id, type: 'supergroup', title: 'group' }) as Chat;
        const message = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username },
          text,
          ...(markup ? { reply_markup: markup } : {}),
        } as SentMessage;
        this.sent.push(message);
        return ok(message);
      }
      case 'answerCallbackQuery': {
        const id = String(p.callback_query_id ?? '');
        if (!id || this.answered.has(id)) return fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        this.answered.set(id, p.text ? { text: p.text } : {});
        return ok(true);
      }
      case 'setWebhook':
        if (typeof p.url !== 'string') return fail(400, 'Bad Request: bad webhook: URL is empty');
        this.webhook = p.url ? { url: p.url, secret_token: p.secret_token, allowed_updates: p.allowed_updates } : null;
        return ok(true);
      case 'deleteWebhook':
        this.webhook = null;
        if (p.drop_pending_updates) this.pending = [];
        return ok(true);
      case 'getFile': {
        const f = this.files.get(String(p.file_id ?? ''));
        if (!f) return fail(400, 'Bad Request: invalid file_id');
        return ok({ file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: f.declared ?? f.bytes.length, file_path: f.path });
      }
      case 'getWebhookInfo':
        return ok({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length });
      default:
        return fail(404, 'Not Found');
    }
  }

  /** Confirms updates below `offset` (as Telegram does) and returns those waiting. */
  private ready(offset: number, limit: number): Update[] {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    return this.pending.slice(0, limit);
  }

  private answerPoll(p: Poll, updates: Update[]): void {
    clearTimeout(p.timer);
    this.polls = this.polls.filter((x) => x !== p);
    if (!p.res.writableEnded && !p.res.destroyed) json(p.res, 200, { ok: true, result: updates });
  }
}
