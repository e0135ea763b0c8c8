/**
 * The console's sign-in: a code from `控制台` in chat (bot/console) is spent once for a
 * console session — a web session of kind 'console' (db/console.ts), in a cookie of its own
 * set by the same helpers as the chat's (../sessions.ts). Wrong codes count against the
 * address under the same limit as wrong invite and link codes (domain/limits.ts).
 */
import type Koa from 'koa';
import { hashConsoleCode } from '../../../bot/console/feature';
import { parseConsoleCode } from '../../../domain/console';
import type { LimitKey, LimitSettings } from '../../../domain/limits';
import type { UnitOfWork } from '../../../domain/ports';
import { clearSid, newSid, readSid, setSid, sidHash } from '../sessions';

export const CONSOLE_COOKIE = 'xt_console';

export type SignIn = { ok: true } | { ok: false; status: 400 | 401 | 403 | 429; reason: string; retryAfterMs?: number };

export class ConsoleSessions {
  constructor(private readonly uow: UnitOfWork, private readonly limits: LimitSettings, private readonly clock: () => Date) {}

  private keys(ip: string): LimitKey[] {
    const rule = this.limits.codeFailuresPerIp;
    return rule ? [{ name: 'codeFailuresPerIp', rule, key: `ip:${ip}` }] : [];
  }

  /** The person of the live console session this request carries, or null. */
  async person(ctx: Koa.Context): Promise<{ personId: number; sidHash: string } | null> {
    const sid = readSid(ctx, CONSOLE_COOKIE);
    if (!sid) return null;
    const hash = sidHash(sid);
    const personId = await this.uow.run((s) => s.console.session(hash, this.clock()));
    return personId == null ? null : { personId, sidHash: hash };
  }

  /** Spends the code and opens a session (the cookie is set on this response), or says why not. */
  async signIn(ctx: Koa.Context, codeText: string, mayUse: (personId: number) => Promise<boolean>): Promise<SignIn> {
    const keys = this.keys(ctx.ip);
    const wait = keys.length ? await this.uow.run((s) => s.rateLimits.wait(keys)) : 0;
    if (wait) return { ok: false, status: 429, reason: '输错登录码的次数过多，已暂停受理，请稍后再试。', retryAfterMs: wait };
    const code = parseConsoleCode(codeText);
    const now = this.clock();
    const personId = code ? await this.uow.run((s) => s.console.redeemCode(hashConsoleCode(code), now)) : null;
    if (personId == null) {
      if (keys.length) await this.uow.run((s) => s.rateLimits.take(keys));
      return { ok: false, status: code ? 401 : 400, reason: code ? '登录码无效、已使用或已过期，请在对话中重新发送“控制台”获取。' : '登录码格式不对：应为 12 位字母和数字，如 ABCD-EFGH-JKMN。' };
    }
    if (!(await mayUse(personId))) return { ok: false, status: 403, reason: '控制台供执法单位工作人员使用，您目前没有职务。' };
    const sid = newSid();
    await this.uow.run((s) => s.console.openSession(sidHash(sid), personId, now));
    setSid(ctx, CONSOLE_COOKIE, sid);
    return { ok: true };
  }

  async signOut(ctx: Koa.Context): Promise<void> {
    const sid = readSid(ctx, CONSOLE_COOKIE);
    if (sid) await this.uow.run((s) => s.console.endSession(sidHash(sid)));
    clearSid(ctx, CONSOLE_COOKIE);
  }
}
