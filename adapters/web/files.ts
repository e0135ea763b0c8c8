/** GET /files/<id>: downloads by signed link (bot/attachments/download.ts), counted by the per-address limit. */
import { retryAfter } from './http';
import { Readable } from 'node:stream';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import { type Download, download } from '../../bot/attachments/download';
import type { FileDesk } from '../../bot/attachments/desk';
import type { Directory } from '../../domain/organisation';
import type { UnitOfWork } from '../../domain/ports';

export interface FileRoutesOptions {
  uow: UnitOfWork;
  directory: Directory;
  desk: FileDesk;
  log: Logger;
  addressLimit?: (address: string) => Promise<number>;
}

export function fileRoutes(o: FileRoutesOptions): (router: Router) => void {
  return (router) => {
    router.get('/files/:id', async (ctx) => {
      const wait = await o.addressLimit?.(ctx.ip);
      if (wait) {
        ctx.status = 429;
        ctx.set('Retry-After', retryAfter(wait));
        ctx.body = { error: `请求过于频繁，请 ${Math.ceil(wait / 1000)} 秒后再试。` };
        return;
      }
      const d: Download = await download(
        { ...o, onMissing: (id) => o.log.error({ attachment: id }, 'attachment without its bytes in the blob store') },
        ctx.params.id!,
        ctx.query,
      );
      ctx.status = d.status;
      for (const [k, v] of Object.entries(d.headers)) ctx.set(k, v);
      ctx.set('Cache-Control', 'private, no-store');
      const b = d.body;
      ctx.body = b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Symbol.asyncIterator in b ? (b instanceof Readable ? b : Readable.from(b)) : b;
    });
  };
}
