/**
 * The web chat's identity: a random session id in an HttpOnly, SameSite=Strict cookie,
 * issued by the server only. The server keeps the id's hash (domain/identity.ts
 * WebSessionRepo): an id it does not know, forged or ended, is never adopted — the
 * browser gets a new one. The id changes when the account gains authority and is
 * forgotten on 退出登录 (SessionChange from the engine).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { WebSessionRepo } from '../../domain/identity';
import type { SessionChange } from '../../bot/turn';

export const SESSION_COOKIE = 'xt_sid';
const SID = /^[A-Za-z0-9_-]{43}$/;
const YEAR_MS = 365 * 86_400_000;

export const sidHash = (sid: string) => createHash('sha256').update(sid).digest('hex');

// The cookie handling of every web session, the chat's and the staff console's (console/session.ts).
export const newSid = () => randomBytes(32).toString('base64url');
/** The well-formed session id in this cookie, or null. */
export function readSid(ctx: Koa.Context, cookie: string): string | null {
  const sid = ctx.cookies.get(cookie);
  return sid && SID.test(sid) ? sid : null;
}
/** HttpOnly, SameSite=Strict, Secure over HTTPS; without `maxAgeMs` it lasts while the browser is open. */
export function setSid(ctx: Koa.Context, cookie: string, sid: string, maxAgeMs?: number): void {
  ctx.cookies.set(cookie, sid, { httpOnly: true, sameSite: 'strict', secure: ctx.secure, overwrite: true, ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) });
}
export function clearSid(ctx: Koa.Context, cookie: string): void {
  ctx.cookies.set(cookie, '', { httpOnly: true, sameSite: 'strict', secure: ctx.secure, expires: new Date(0), overwrite: true });
}

export interface WebSession {
  sidHash: string;
  /** The external id of the web account it opens (platform 'web'). */
  externalId: string;
}

export class WebSessions {
  constructor(private readonly repo: WebSessionRepo) {}

  /** The live session this request carries, or null (none, malformed, unknown or ended). */
  async current(ctx: Koa.Context): Promise<WebSession | null> {
    const sid = readSid(ctx, SESSION_COOKIE);
    if (!sid) return null;
    const hash = sidHash(sid);
    const externalId = await this.repo.find(hash);
    return externalId ? { sidHash: hash, externalId } : null;
  }

  /** A new session for a new web account; the cookie is set on this response. */
  async open(ctx: Koa.Context): Promise<WebSession> {
    const sid = newSid();
    const session = { sidHash: sidHash(sid), externalId: `web:${randomUUID()}` };
    await this.repo.create(session.sidHash, session.externalId);
    this.setCookie(ctx, sid);
    return session;
  }

  /** Applies what the turn asked for: a new id for the same account, or no session at all. */
  async change(ctx: Koa.Context, session: WebSession, change: SessionChange): Promise<void> {
    if (change === 'end') {
      await this.repo.end(session.sidHash);
      clearSid(ctx, SESSION_COOKIE);
      return;
    }
    const sid = newSid();
    if (await this.repo.rotate(session.sidHash, sidHash(sid))) this.setCookie(ctx, sid);
  }

  private setCookie(ctx: Koa.Context, sid: string): void {
    setSid(ctx, SESSION_COOKIE, sid, YEAR_MS);
  }
}
