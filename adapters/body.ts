/** Reading a request body as every adapter needs it: bounded, and strictly UTF-8. */
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The body as text; 413 past `maxBytes` (declared or actual), 400 when empty or not UTF-8. */
export async function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => new BodyError(413, `请求体过大（上限 ${maxBytes} 字节）`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (!size) throw new BodyError(400, '请求体为空');
  try {
    return decoder.decode(Buffer.concat(chunks));
  } catch {
    throw new BodyError(400, '请求体不是有效的 UTF-8 文本');
  }
}
