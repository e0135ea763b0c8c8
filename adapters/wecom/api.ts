/**
 * The WeCom server API the adapter needs: gettoken and message/send.
 *
 * The access token is cached until shortly before it expires; concurrent callers share
 * one refresh, and a token the server calls invalid or expired (40014, 42001, 40001) is
 * dropped and fetched again once. Busy (-1), rate limits (45009, 45033), network errors
 * and 5xx are retried with a bounded backoff; if they persist the error is transient
 * (the caller may try again later). Any other errcode is permanent.
 */

export const DEFAULT_API_ROOT = 'https://qyapi.weixin.qq.com';
/** A text message's content limit (bytes of UTF-8); longer text is cut by the server. */
export const MAX_TEXT_BYTES = 2048;

const TOKEN_ERRORS = new Set([40001, 40014, 42001, 41001]);
const BUSY_ERRORS = new Set([-1, 45009, 45033]);

export class WecomApiError extends Error {
  constructor(
    message: string,
    /** Worth retrying later (network, 5xx, busy, rate limit). */
    readonly transient: boolean,
    readonly errcode?: number,
  ) {
    super(message);
    this.name = 'WecomApiError';
  }
}

export interface WecomApiOptions {
  corpId: string;
  corpSecret: string;
  agentId: number;
  apiRoot?: string;
  /** Waits between attempts of one call; its length + 1 is the number of attempts. */
  retryDelaysMs?: readonly number[];
  /** Per-request timeout. */
  timeoutMs?: number;
  now?: () => number;
}

interface CachedToken {
  token: string;
  /** When to stop using it (ms): a margin before the server's expiry. */
  refreshAt: number;
}

interface ApiBody {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

/** A file's download (media/get) gives up after this long: the member is asked to send it again. */
const MEDIA_TIMEOUT_MS = 60_000;

export class WecomApi {
  private readonly root: string;
  private readonly delays: readonly number[];
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private cached: CachedToken | null = null;
  private refreshing: Promise<string> | null = null;
  /** gettoken requests made (for logs and tests). */
  tokenFetches = 0;

  constructor(private readonly o: WecomApiOptions) {
    this.root = (o.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
    this.delays = o.retryDelaysMs ?? [300, 1000, 3000];
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** A valid access token: the cached one, or one fresh from gettoken (shared by concurrent callers). */
  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Forgets `token` if it is still the cached one (another caller may have refreshed it already). */
  private invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    this.tokenFetches++;
    const url = `${this.root}/cgi-bin/gettoken?corpid=${encodeURIComponent(this.o.corpId)}&corpsecret=${encodeURIComponent(this.o.corpSecret)}`;
    const body = await this.request(url, { method: 'GET' }, 'gettoken');
    const code = body.errcode ?? 0;
    if (code !== 0) {
      throw new WecomApiError(`WeCom gettoken failed: errcode ${code} ${body.errmsg ?? ''}`.trim(), BUSY_ERRORS.has(code), code);
    }
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new WecomApiError('WeCom gettoken answered without access_token/expires_in', true);
    }
    // Refresh five minutes early (or halfway through a short lifetime).
    const marginS = Math.min(300, expiresIn / 2);
    this.cached = { token, refreshAt: this.now() + (expiresIn - marginS) * 1000 };
    return token;
  }

  /** One HTTP exchange returning the JSON body; network errors, 5xx and 429 are transient. */
  private async request(url: string, init: RequestInit, what: string): Promise<ApiBody> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new WecomApiError(`WeCom ${what}: network error: ${(e as Error).message}`, true);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new WecomApiError(`WeCom ${what}: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
    }
    try {
      const body = (await res.json()) as unknown;
      if (!body || typeof body !== 'object') throw new Error('not an object');
      return body as ApiBody;
    } catch {
      throw new WecomApiError(`WeCom ${what}: the answer is not JSON`, true);
    }
  }

  /** Calls an API with the access token, refreshing it once if the server rejects it. */
  private async withToken(path: string, payload: unknown, what: string): Promise<ApiBody> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.token();
      const body = await this.request(`${this.root}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      }, what);
      const code = body.errcode ?? 0;
      if (TOKEN_ERRORS.has(code) && !refreshed) {
        this.invalidate(token);
        continue;
      }
      if (code !== 0) {
        throw new WecomApiError(`WeCom ${what} failed: errcode ${code} ${body.errmsg ?? ''}`.trim(), BUSY_ERRORS.has(code), code);
      }
      return body;
    }
  }

  /** Runs `call`, retrying transient failures after each delay in turn. */
  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        const delay = this.delays[attempt];
        if (!(e instanceof WecomApiError) || !e.transient || delay === undefined) throw e;
        await sleep(delay * (0.75 + Math.random() * 0.5));
      }
    }
  }

  /** Sends one text message (content at most MAX_TEXT_BYTES) to one member. */
  async sendText(touser: string, content: string): Promise<void> {
    if (Buffer.byteLength(content, 'utf8') > MAX_TEXT_BYTES) throw new WecomApiError('text over 2048 bytes', false);
    const payload = { touser, msgtype: 'text', agentid: this.o.agentId, text: { content }, safe: 0 };
    const body = await this.retrying(() => this.withToken('/cgi-bin/message/send', payload, 'message/send'));
    // A member outside the app's visible range comes back as "invaliduser" with errcode 0.
    if (typeof body.invaliduser === 'string' && body.invaliduser) {
      throw new WecomApiError(`WeCom message/send: recipient not reachable (invaliduser ${body.invaliduser})`, false);
    }
  }

  /**
   * A member's file by media/get: its bytes as a stream and the name WeCom gives it (from
   * Content-Disposition). WeCom answers an error as JSON instead of the file; a rejected
   * token is refreshed once.
   */
  async media(mediaId: string): Promise<{ name?: string; size?: number; body: AsyncIterable<Uint8Array> }> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.token();
      const url = `${this.root}/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`;
      let res: Response;
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS) });
      } catch (e) {
        throw new WecomApiError(`WeCom media/get: network error: ${(e as Error).message}`, true);
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        throw new WecomApiError(`WeCom media/get: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
      }
      if ((res.headers.get('content-type') ?? '').startsWith('application/json')) {
        const body = (await res.json().catch(() => ({}))) as ApiBody;
        const code = body.errcode ?? -1;
        if (TOKEN_ERRORS.has(code) && !refreshed) {
          this.invalidate(token);
          continue;
        }
        throw new WecomApiError(`WeCom media/get failed: errcode ${code} ${body.errmsg ?? ''}`.trim(), BUSY_ERRORS.has(code), code);
      }
      const disposition = res.headers.get('content-disposition') ?? '';
      const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
      const size = Number(res.headers.get('content-length'));
      return {
        ...(name ? { name: decodeURIComponent(name) } : {}),
        ...(Number.isFinite(size) && size > 0 ? { size } : {}),
        body: res.body as unknown as AsyncIterable<Uint8Array>,
      };
    }
  }

  /** Fetches a token now (used at start to check corpId/corpSecret), retrying transient failures. */
  async check(): Promise<void> {
    this.cached = null;
    await this.retrying(() => this.token());
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
