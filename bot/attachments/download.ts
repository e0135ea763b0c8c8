/**
 * GET /files/<id>: a signed link (links.ts), checked again against the record's policy at
 * this moment (owners.ts). Served as a download (`Content-Disposition: attachment`, nosniff,
 * a sandboxing CSP, never cached); images lose their metadata for viewers who may not have it.
 */
import { type FileView, kindOf, shownName } from '../../domain/attachments/attachment';
import { withoutMetadata } from '../../domain/attachments/file-bytes';
import type { Directory } from '../../domain/organisation';
import type { UnitOfWork } from '../../domain/ports';
import type { FileDesk } from './desk';
import { viewOf } from './owners';

export interface Download {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array> | Uint8Array | { error: string };
}

const refused = (status: number, error: string): Download => ({ status, headers: {}, body: { error } });
export const LINK_INVALID = '下载链接无效或已过期。请在对话中发送“查询 编号”获取新的链接。';
export const NOT_FOUND = '未找到该文件，或您无权查看。';

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts);
}

/** `filename*` for any name, and a plain ASCII `filename` for old clients. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function download(
  deps: { uow: UnitOfWork; directory: Directory; desk: FileDesk; onMissing?: (id: number) => void },
  idText: string,
  query: Record<string, unknown>,
): Promise<Download> {
  if (!/^\d{1,9}$/.test(idText)) return refused(404, NOT_FOUND);
  const id = Number(idText);
  const link = deps.desk.links.check(id, query);
  if (!link.ok) return refused(403, LINK_INVALID);
  const found = await deps.uow.run(async (store) => {
    const a = await store.attachments.byId(id);
    if (!a) return null;
    const actor = { personId: link.personId, grants: await store.people.grantsOf(link.personId) };
    const view = await viewOf(store, deps.directory, actor, a);
    return view ? { a, view } : null;
  });
  if (!found) return refused(404, NOT_FOUND);
  const { a, view } = found as { a: NonNullable<typeof found>['a']; view: FileView };
  const stored = await deps.desk.blobs.get(a.sha256);
  if (!stored) {
    deps.onMissing?.(id); // a row whose bytes are gone: never expected (domain/attachments/ports.ts)
    return refused(404, NOT_FOUND);
  }
  let body: AsyncIterable<Uint8Array> | Uint8Array = stored;
  let length = a.size;
  if (view === 'without-metadata' && kindOf(a.mime) === 'image') {
    const stripped = withoutMetadata(a.mime, await readAll(stored));
    if (!stripped) return refused(404, NOT_FOUND); // malformed: nothing is served rather than the metadata
    body = stripped;
    length = stripped.length;
  }
  return {
    status: 200,
    headers: {
      'Content-Type': a.mime,
      'Content-Length': String(length),
      'Content-Disposition': disposition(shownName(a, view)),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
    body,
  };
}
