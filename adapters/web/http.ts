/** Small HTTP helpers: a bounded, strictly decoded JSON body, and 4xx errors with a reason. */
import type { Context } from 'koa';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function readJson(ctx: Context, maxBytes: number): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes) throw new HttpError(413, `请求体过大（上限 ${maxBytes} 字节）`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `请求体过大（上限 ${maxBytes} 字节）`);
    chunks.push(chunk as Buffer);
  }
  if (!size) throw new HttpError(400, '请求体为空，应为 JSON，如 {"text": "投诉"}');
  let text: string;
  try {
    text = decoder.decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, '请求体不是有效的 UTF-8 文本');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, '请求体不是有效的 JSON，应为 {"text": "..."}');
  }
}
