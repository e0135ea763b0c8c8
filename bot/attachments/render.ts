/** A record's files in a message: name, size, the start of the SHA-256 kept with it, and the viewer's own link. */
import { type AttachmentOwner, type AttachmentRef, type FileView, formatBytes, shownName } from '../../domain/attachments/attachment';
import type { Turn } from '../turn';

/** The lines listing the record's files for one viewer (whose view was decided by the record's policy); none when there are none. */
export async function fileLines(t: Turn, owner: AttachmentOwner, view: FileView | null, viewerPersonId: number): Promise<string[]> {
  const desk = t.services.files;
  if (!view || !desk) return [];
  const files = await t.store.attachments.ofOwner(owner);
  if (!files.length) return [];
  const note = view === 'without-metadata' ? '；照片已去除拍摄位置、设备等信息' : '';
  return [
    `附件 ${files.length} 个（下载链接 ${desk.links.hours} 小时内有效，过期请重新查询${note}）：`,
    ...files.map((f, i) => `${i + 1}. ${shownName(f, view)}（${formatBytes(f.size)}，SHA-256 ${f.sha256.slice(0, 16)}…）${desk.links.url(f.id, viewerPersonId)}`),
  ];
}

/** A draft's files in its summary: names and sizes. */
export function draftFilesLine(label: string, refs: readonly AttachmentRef[] | undefined): string | null {
  if (!refs?.length) return null;
  return `${label}：${refs.length} 张（${refs.map((r) => `${r.name} ${formatBytes(r.size)}`).join('、')}）`;
}
