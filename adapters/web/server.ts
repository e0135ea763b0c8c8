/**
 * Web chat and HTTP API (koa). The caller never names its identity: a random session
 * cookie, issued by the server, identifies the web-chat account (sessions.ts); only its
 * hash is stored. Security headers on every response, cross-site writes refused (guard.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Engine } from '../../bot/engine';
import { MAX_INBOUND_CHARS } from '../../bot/engine';
import type { ComplaintRouter } from '../../bot/routing';
import type { Directory } from '../../domain/organisation';
import type { Result } from '../../domain/result';
import type { IssuedInvite } from '../../bot/invites';
import { CSS, HttpError, JS, readForm, readJson, retryAfter, serveFixed } from './http';
import type { DayCalendar } from '../../domain/calendar/calendar';
import type { HolidayNotice } from '../../domain/calendar/notice';
import { officialCalendar } from '../../domain/calendar/official';
import { formatOffset } from '../../domain/calendar/calendar';
import { HOUR_RULES, WORKING_DAY_RULES, dueFor } from '../../domain/deadlines/rules';
import { parseClockStart } from '../../bot/cases/parse';
import type { WebSessionRepo } from '../../domain/identity';
import { WebSessions } from './sessions';
import { refuseCrossSite, refuseCrossSiteWrite, securityHeaders } from './guard';
import type { TranscriptEntry, WebTranscriptRepo } from '../../domain/transcript';
import { WebChat } from './chat';
import { checkTemplate, renderNoscript, renderPage } from './page';
import { MULTIPART, type Upload, type UploadOptions, readUpload } from './upload';
import type { InboundFile } from '../../bot/engine';

export { SESSION_COOKIE } from './sessions';
const MAX_BODY = 64 * 1024;
const file = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));
const asset = (name: string) => file(name).toString('utf8');
// The page's script and style are files of their own: the CSP allows no inline script or style.
const PAGE = checkTemplate(asset('index.html'));
const SCRIPT = asset('app.js');
const STYLE = asset('app.css');
const ICON_SVG = asset('favicon.svg');
const ICON_ICO = file('favicon.ico');

const ChatBody = z.object({
  text: z
    .string({ required_error: '缺少 text 字段', invalid_type_error: 'text 应为字符串' })
    .max(MAX_INBOUND_CHARS, `text 不能超过 ${MAX_INBOUND_CHARS} 个字符`)
    .refine((t) => t.trim().length > 0, 'text 不能为空'),
  /** The prompt a clicked option belongs to (CONV-V2 §3): opaque, sent back as it came. */
  ref: z.string({ invalid_type_error: 'ref 应为字符串' }).max(200, 'ref 不能超过 200 个字符').optional(),
}, { invalid_type_error: '请求体应为 JSON 对象，如 {"text": "投诉"}', required_error: '请求体应为 JSON 对象，如 {"text": "投诉"}' });
/** A message with files: its text may be empty (a photo alone), and is checked like any other when present. */
const ChatBodyWithFiles = ChatBody.partial();
const InviteBody = z.object({ org: z.string().trim().min(1).max(100), role: z.string().trim().min(1).max(30), hours: z.number().int().positive().optional() });
const IdempotencyKey = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface WebAppOptions {
  engine: Engine;
  router: ComplaintRouter;
  directory: Directory;
  dbKind: 'pglite' | 'postgres';
  ping: () => Promise<void>;
  log: Logger;
  /** Token for the loopback admin endpoint; the endpoint is off without one. */
  adminToken?: string;
  issueInvite?: (org: string, role: string, hours?: number) => Promise<Result<IssuedInvite>>;
  /** `npm run calendar -- --file`: a year's holiday notice (the file's JSON), stored to be confirmed in chat. */
  submitNotice?: (json: unknown) => Promise<Result<HolidayNotice>>;
  /** The working-day calendar for /api/deadlines/compute: the instance's live one, so `provisional` follows the entered years (the package's alone by default). */
  calendar?: DayCalendar;
  /** GET /api/deadlines for staff with a bearer token (bot/staff-api); off when absent. */
  /** GET /api/deadlines?state=missed[&org=code]: the query as it came. */
  deadlinesApi?: (authorization: string | undefined, query: { state?: unknown; org?: unknown }) => Promise<{ status: number; body: unknown }>;
  /** Routes of chat platforms (webhooks, callbacks) served by the same server. */
  mount?: ((router: Router) => void)[];
  /** Web chat sessions (db/identity/repo.ts). */
  sessions: WebSessionRepo;
  /** What each web session said and was answered (db/transcript.ts). */
  transcript: WebTranscriptRepo;
  /** The per-address limit on chat requests (bot/limits.ts addressLimit): the wait in ms, 0 to go on. */
  addressLimit?: (address: string) => Promise<number>;
  /** Files on /api/chat as multipart/form-data (upload.ts); JSON only when absent. */
  uploads?: Omit<UploadOptions, 'maxTextChars'>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function zodReason(e: z.ZodError): string {
  return e.issues.map((i) => i.message).join('；');
}

export function createWebApp(o: WebAppOptions): Koa {
  const app = new Koa();
  app.proxy = process.env.TRUST_PROXY === '1';
  const router = new Router();
  const sessions = new WebSessions(o.sessions);
  const chat = new WebChat(o.engine, sessions, o.transcript, o.log);

  app.use(securityHeaders());
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (e instanceof HttpError) {
        ctx.status = e.status;
        for (const [k, v] of Object.entries(e.headers)) ctx.set(k, v);
        ctx.body = { error: e.message };
        return;
      }
      o.log.error({ err: e, path: ctx.path }, 'request failed');
      ctx.status = 503;
      ctx.body = { error: '系统繁忙，请稍后重试（您的消息未被处理，可以直接重发）' };
    }
  });

  app.use(async (ctx, next) => {
    await next();
    // May carry a credential shown once, or (the page) the session's transcript.
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/admin/') || ctx.path === '/') ctx.set('Cache-Control', 'no-store');
  });

  /** 429 with Retry-After (whole seconds) and the reason in Chinese. */
  function tooMany(ms: number, reason: string): never {
    throw new HttpError(429, reason, { 'Retry-After': retryAfter(ms) });
  }

  /** The page; its `<noscript>` part holds the session's conversation for a browser without JavaScript. */
  async function page(ctx: Koa.Context, entries: TranscriptEntry[], error?: string): Promise<void> {
    ctx.type = 'html';
    ctx.body = renderPage(PAGE, renderNoscript(entries, new Date(), error));
  }
  router.get('/', async (ctx) => page(ctx, await chat.entries(ctx, null)));
  serveFixed(router, '/favicon.svg', 'image/svg+xml', ICON_SVG);
  serveFixed(router, '/favicon.ico', 'image/x-icon', ICON_ICO);
  serveFixed(router, '/app.js', JS, SCRIPT);
  serveFixed(router, '/app.css', CSS, STYLE);

  router.get('/healthz', async (ctx) => {
    try {
      await o.ping();
      ctx.body = { status: 'ok', db: o.dbKind };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', db: o.dbKind };
    }
  });

  /**
   * A message, from the page (JSON) or the no-JavaScript form: the same origin rule, the
   * same limits, the same checks of the text; `key` makes a retry safe.
   */
  async function say(
    ctx: Koa.Context, body: 'json' | 'form', read: () => Promise<{ data: unknown; key: string; files?: InboundFile[] }>, also: readonly string[] = [],
  ) {
    const refused = refuseCrossSiteWrite(ctx, body, also); // before the body is read: nothing of it is processed
    if (refused) throw new HttpError(403, refused);
    const wait = await o.addressLimit?.(ctx.ip);
    if (wait) tooMany(wait, `请求过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试（消息未被处理）。`);
    const { data, key, files } = await read();
    const parsed = (files?.length ? ChatBodyWithFiles : ChatBody).safeParse(data);
    if (!parsed.success) throw new HttpError(400, zodReason(parsed.error));
    if (key && !IdempotencyKey.test(key)) throw new HttpError(400, 'Idempotency-Key 只能包含字母、数字和 _.:-，最长 128 个字符');
    const { text = '', ref } = parsed.data;
    const r = await chat.say(ctx, { text, ...(ref ? { ref } : {}), ...(key ? { key } : {}), ...(files?.length ? { files } : {}) });
    if (r.retryAfterMs) tooMany(r.retryAfterMs, r.replies[0]!.text);
    return r;
  }

  router.post('/api/chat', async (ctx) => {
    let upload: Upload | null = null;
    try {
      const r = await say(ctx, 'json', async () => {
        const key = ctx.get('idempotency-key');
        if (ctx.request.type !== MULTIPART || !o.uploads) return { data: await readJson(ctx, MAX_BODY), key };
        // Files (multipart/form-data, upload.ts): staged on disk until the turn has taken them.
        upload = await readUpload(ctx, { ...o.uploads, maxTextChars: MAX_INBOUND_CHARS });
        return { data: { text: upload.files.length ? upload.text || undefined : upload.text }, key, files: upload.files };
      }, o.uploads ? [MULTIPART] : []);
      ctx.body = { replies: r.replies, at: (r.entry?.at ?? new Date()).toISOString(), id: r.entry?.id ?? null, ...(r.ended ? { ended: true } : {}) };
    } finally {
      await (upload as Upload | null)?.discard();
    }
  });

  /** The `<noscript>` form: a plain POST, answered by a redirect to the page that shows the reply (or the page with the reason). */
  router.post('/noscript', async (ctx) => {
    try {
      await say(ctx, 'form', async () => {
        const form = await readForm(ctx, MAX_BODY);
        return { data: { text: form.get('text')?.replace(/\r\n?/g, '\n'), ref: form.get('ref') || undefined }, key: form.get('key') ?? '' };
      });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      ctx.status = e.status;
      for (const [k, v] of Object.entries(e.headers)) ctx.set(k, v);
      // Refused as another site's: nothing of this session is shown to it.
      return page(ctx, e.status === 403 ? [] : await chat.entries(ctx, null), e.message);
    }
    ctx.status = 303;
    ctx.redirect('/#latest');
  });

  /** The session's transcript (after an entry id): what the page shows on load and polls for. */
  router.get('/api/transcript', async (ctx) => {
    const refused = refuseCrossSite(ctx); // it delivers (and acknowledges) notifications
    if (refused) throw new HttpError(403, refused);
    const after = cursorParam(ctx.query.after);
    const entries = await chat.entries(ctx, after);
    ctx.body = { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
  });

  router.get('/api/inbox', async (ctx) => {
    const refused = refuseCrossSite(ctx); // it acknowledges what it returned
    if (refused) throw new HttpError(403, refused);
    // No session, nothing to read: a poll without one creates no account (nor a session).
    ctx.body = await chat.inbox(ctx, cursorParam(ctx.query.after));
  });

  router.post('/api/route', async (ctx) => {
    const wait = await o.addressLimit?.(ctx.ip);
    if (wait) tooMany(wait, `请求过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试。`);
    const parsed = ChatBody.safeParse(await readJson(ctx, MAX_BODY));
    if (!parsed.success) throw new HttpError(400, zodReason(parsed.error));
    const r = o.router.route(parsed.data.text);
    const name = (id: number) => o.directory.byId(id)?.name ?? null;
    ctx.body = r
      ? { org: name(r.orgId), confidence: r.confidence, alternatives: r.alternatives.map((a) => ({ org: name(a.orgId), confidence: a.confidence })) }
      : { org: null, confidence: 0, alternatives: [] };
  });

  /** The due instant of a clock: ?rule=township-transfer|urgent-transfer|discipline-referral|complaint-accept&from=2024-09-27 */
  router.get('/api/deadlines/compute', (ctx) => {
    const rules: readonly string[] = [...WORKING_DAY_RULES, ...HOUR_RULES];
    const rule = typeof ctx.query.rule === 'string' ? ctx.query.rule : '';
    const fromText = typeof ctx.query.from === 'string' ? ctx.query.from : '';
    if (!rules.includes(rule)) throw new HttpError(400, `rule 应为 ${rules.join('、')} 之一`);
    const from = parseClockStart(fromText);
    if (!from) throw new HttpError(400, 'from 应为 ISO 8601 日期（2024-09-27）或时刻（2024-09-27T15:30:00+08:00）');
    const due = dueFor({ kind: rule as (typeof WORKING_DAY_RULES)[number] }, from, o.calendar ?? officialCalendar);
    if (!due.ok) throw new HttpError(400, due.reason);
    ctx.body = { due: formatOffset(due.value.dueAt), provisional: due.value.provisional, rule: due.value.rule };
  });

  router.get('/api/deadlines', async (ctx) => {
    if (!o.deadlinesApi) throw new HttpError(404, '未找到该地址');
    const r = await o.deadlinesApi(ctx.get('authorization') || undefined, { state: ctx.query.state, org: ctx.query.org });
    if (r.status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="xietong"');
    ctx.status = r.status;
    ctx.body = r.body;
  });

  /** Loopback only, and the token kept in the data directory: for the operator scripts. */
  function adminOnly(ctx: Koa.Context, enabled: boolean): void {
    if (!o.adminToken || !enabled) throw new HttpError(404, 'Not Found');
    if (!isLoopback(ctx.req.socket.remoteAddress)) throw new HttpError(403, '仅限本机访问');
    const given = (ctx.get('authorization').match(/^Bearer (.+)$/) ?? [])[1] ?? '';
    if (!safeEqual(given, o.adminToken)) throw new HttpError(401, '管理令牌无效');
  }

  router.post('/admin/calendar', async (ctx) => {
    adminOnly(ctx, !!o.submitNotice);
    const r = await o.submitNotice!(await readJson(ctx, MAX_BODY));
    if (!r.ok) throw new HttpError(400, r.reason);
    ctx.status = 201;
    ctx.body = { year: r.value.year, state: 'pending', notice: r.value };
  });

  router.post('/admin/invites', async (ctx) => {
    // `npm run invite`.
    adminOnly(ctx, !!o.issueInvite);
    const parsed = InviteBody.safeParse(await readJson(ctx, 4096));
    if (!parsed.success) throw new HttpError(400, zodReason(parsed.error));
    const r = await o.issueInvite!(parsed.data.org, parsed.data.role, parsed.data.hours);
    if (!r.ok) throw new HttpError(400, r.reason);
    ctx.status = 201;
    ctx.body = { code: r.value.code, org: r.value.org, role: r.value.role, expiresAt: r.value.expiresAt.toISOString() };
  });

  for (const m of o.mount ?? []) m(router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use((ctx) => {
    if (ctx.status === 404 && !ctx.body) {
      ctx.body = { error: '未找到该地址' };
      ctx.status = 404; // setting a body would otherwise make it 200
    }
  });
  return app;
}

/** `?after=`: absent, or a non-negative integer. */
function cursorParam(raw: unknown): number | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) throw new HttpError(400, 'after 应为非负整数');
  return Number(raw);
}

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

/** Compares secrets in constant time (hashes of equal length), never equal when empty. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a));
  const y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y) && a.length > 0;
}
