/** Small HTTP helpers: a bounded, strictly decoded JSON body, and 4xx errors with a reason. */
import type { Context } from 'koa';
import { BodyError, readText } from '../body';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export async function readJson(ctx: Context, maxBytes: number): Promise<unknown> {
  let text: string;
  try {
    text = await readText(ctx.req, maxBytes);
  } catch (e) {
    if (e instanceof BodyError) throw new HttpError(e.status, e.message);
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, '请求体不是有效的 JSON，应为 {"text": "..."}');
  }
}
