/**
 * Files on the web chat: `POST /api/chat` as `multipart/form-data` — a `text` field (may be
 * empty) and up to 9 `file` parts — the same endpoint, session, origin checks, rate limits
 * and Idempotency-Key as a JSON message. Each part is written to the private staging
 * directory (at most one byte past the per-file limit: the engine then refuses it, naming the
 * limit) and handed to the engine as an InboundFile. A body cut off before its closing
 * boundary is refused with 400 and nothing reaches the engine.
 */
import { createReadStream } from 'node:fs';
import busboy from 'busboy';
import type { Context } from 'koa';
import type { InboundFile } from '../../bot/engine';
import { formatBytes } from '../../domain/attachments/attachment';
import type { Staging } from '../../storage/staging';
import { HttpError } from './http';

export interface UploadOptions {
  staging: Staging;
  maxFileBytes: number;
  maxFiles: number;
  maxTextChars: number;
}

export interface Upload {
  text: string;
  files: InboundFile[];
  /** Removes the parts' staged copies (after the turn). */
  discard(): Promise<void>;
}

export const MULTIPART = 'multipart/form-data';
export const TRUNCATED = '上传不完整（请求在结束前中断），文件未保存，请重新发送。';

export async function readUpload(ctx: Context, o: UploadOptions): Promise<Upload> {
  const tooLarge = `上传过大：每个文件不超过 ${formatBytes(o.maxFileBytes)}，每次最多 ${o.maxFiles} 个文件。`;
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > o.maxFiles * (o.maxFileBytes + 1) + 64 * 1024) throw new HttpError(413, tooLarge);
  const paths: string[] = [];
  const discard = async () => void (await Promise.all(paths.map((p) => o.staging.remove(p))));
  const slots: (InboundFile | null)[] = [];
  let text = '';
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: ctx.req.headers,
          defParamCharset: 'utf8',
          limits: { files: o.maxFiles, fileSize: o.maxFileBytes + 1, fields: 4, fieldSize: o.maxTextChars * 4, parts: o.maxFiles + 4 },
        });
      } catch {
        return reject(new HttpError(400, '请求体不是有效的 multipart/form-data（缺少 boundary）'));
      }
      const writes: Promise<unknown>[] = [];
      let failed: HttpError | null = null;
      const fail = (e: HttpError) => {
        failed ??= e;
      };
      parser.on('field', (name, value, info) => {
        if (name !== 'text') return;
        if (info.valueTruncated) fail(new HttpError(413, `text 不能超过 ${o.maxTextChars} 个字符`));
        text = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          return;
        }
        // The form may break off while the staging file is being opened, before anything reads
        // the stream: its error must not go unheard (the read below still sees it).
        stream.on('error', () => {});
        // Parts are written concurrently; each keeps its place in the form (the order the sender chose).
        const slot = slots.length;
        slots.push(null);
        const written = o.staging.receive(stream, o.maxFileBytes + 1).then((r) => {
          paths.push(r.path);
          slots[slot] = { ...(info.filename ? { name: info.filename } : {}), open: async () => createReadStream(r.path) };
        });
        writes.push(written.catch(() => fail(new HttpError(400, TRUNCATED))));
      });
      parser.on('filesLimit', () => fail(new HttpError(413, tooLarge)));
      parser.on('partsLimit', () => fail(new HttpError(413, tooLarge)));
      parser.on('fieldsLimit', () => fail(new HttpError(400, '表单字段过多：只需 text 与 file')));
      parser.on('error', () => reject(new HttpError(400, TRUNCATED)));
      parser.on('close', () => {
        void Promise.all(writes).then(() => (failed ? reject(failed) : resolve()));
      });
      ctx.req.on('aborted', () => parser.destroy(new Error('aborted')));
      ctx.req.pipe(parser);
    });
  } catch (e) {
    await discard();
    throw e;
  }
  return { text, files: slots.filter((f): f is InboundFile => f !== null), discard };
}
