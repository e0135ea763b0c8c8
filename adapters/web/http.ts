/** Small HTTP helpers: a bounded, strictly decoded JSON or form body, 4xx errors with a reason, fixed files. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { BodyError, readText } from '../body';

/** A Retry-After header's value: whole seconds, at least one. */
export const retryAfter = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** A bounded, strictly UTF-8 body; a 4xx HttpError (413, 400) when it is not. */
export async function readBody(ctx: Context, maxBytes: number): Promise<string> {
  try {
    return await readText(ctx.req, maxBytes);
  } catch (e) {
    if (e instanceof BodyError) throw new HttpError(e.status, e.message);
    throw e;
  }
}

/** A form's fields (application/x-www-form-urlencoded), bounded and strictly UTF-8 like a JSON body. */
export async function readForm(ctx: Context, maxBytes: number): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(ctx, maxBytes));
}

export async function readJson(ctx: Context, maxBytes: number): Promise<unknown> {
  const text = await readBody(ctx, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, '请求体不是有效的 JSON，应为 {"text": "..."}');
  }
}

export const JS = 'application/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';

/** A file read once at start, served as is: the pages' scripts, styles and icons. */
export function serveFixed(router: Router, path: string, type: string, body: string | Buffer): void {
  router.get(path, (ctx) => {
    ctx.type = type;
    ctx.body = body;
  });
}
