/**
 * What every response carries and what a state-changing request must show before it is
 * read: security headers (helmet: a CSP without inline script or style, no framing,
 * nosniff, no referrer), and for cookie-authenticated writes a JSON body (or, on the one
 * form endpoint, a form) from a page of this very server — a form or `fetch` from another
 * site cannot send that.
 */
import type Koa from 'koa';
import helmet from 'koa-helmet';

export const securityHeaders = (): Koa.Middleware =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // no upgrade-insecure-requests: a district may serve plain HTTP on its own network
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });

const BODY_TYPES = {
  json: ['application/json', '请求须为 JSON（Content-Type: application/json），未处理。'],
  // The no-JavaScript form (POST /noscript) only: a browser sends Origin and Sec-Fetch-Site with a form too.
  form: ['application/x-www-form-urlencoded', '请求须为表单（Content-Type: application/x-www-form-urlencoded），未处理。'],
} as const;

/**
 * Why a cookie-authenticated POST is refused, or null when it may proceed: it must be
 * `application/json` (the endpoint's body type, or one of `also`) and come from this origin —
 * by `Sec-Fetch-Site: same-origin` (set by the browser, not by a page) or, from browsers
 * without it, by an `Origin` equal to ours.
 *
 * `multipart/form-data` (the chat's file uploads) is a type a form on another site can send
 * without asking, so for it the origin check is all that stands: it stays required (a
 * request showing neither header is refused), and the session cookie is SameSite=Strict,
 * which a browser does not send from another site anyway.
 */
export function refuseCrossSiteWrite(ctx: Koa.Context, body: keyof typeof BODY_TYPES = 'json', also: readonly string[] = []): string | null {
  const [type, reason] = BODY_TYPES[body];
  if (ctx.request.type !== type && !also.includes(ctx.request.type)) {
    return also.length ? `请求须为 JSON（Content-Type: ${type}${also.map((t) => ` 或 ${t}`).join('')}），未处理。` : reason;
  }
  return refuseCrossSite(ctx, true);
}

/** For reads that change state (the inbox acknowledges): refused only when the browser says another site sent it. */
export function refuseCrossSite(ctx: Koa.Context, originRequired = false): string | null {
  const site = ctx.get('sec-fetch-site');
  if (site) return site === 'same-origin' ? null : '拒绝来自其他网站的请求，未处理。';
  const origin = ctx.get('origin');
  if (!origin) return originRequired ? '缺少 Origin 请求头：请从本站页面发送（其他客户端请带上 Origin: 本站地址），未处理。' : null;
  // Ours from the request line (behind a proxy with TRUST_PROXY: X-Forwarded-Proto/-Host);
  // not ctx.origin, which koa 3 takes from the Origin header itself.
  return origin === `${ctx.protocol}://${ctx.host}` ? null : '拒绝来自其他网站的请求（Origin 与本站不符），未处理。';
}
