/**
 * Photos with a complaint (issue 17): up to 9, sent at the description step or any step
 * after it, listed in the summary, attached to the complaint when it is registered.
 */
import { type AttachmentRef, formatBytes, kindOf } from '../../domain/attachments/attachment';
import type { FileOffer } from '../attachments/desk';
import type { Step } from '../flow';
import type { Turn } from '../turn';

export const MAX_COMPLAINT_PHOTOS = 9;

/** The photos kept so far, and how many were lost (pruned after a day unsubmitted) when it was submitted. */
export interface WithPhotos {
  photos?: AttachmentRef[];
}

/** Keeps the images among the files, within the complaint's count and size limits; says what it did. */
export async function takePhotos<D extends WithPhotos>(offer: FileOffer, d: D): Promise<{ data?: D; notes: string[] }> {
  const have = d.photos ?? [];
  const notes: string[] = [];
  let bytes = have.reduce((n, p) => n + p.size, 0);
  const accepted = [];
  for (const u of offer.uploads) {
    if (kindOf(u.mime) !== 'image') notes.push(`文件“${u.name}”不是照片，未保存：投诉举报只能附照片（JPG、PNG 等图片）。`);
    else if (have.length + accepted.length >= MAX_COMPLAINT_PHOTOS) notes.push(`照片“${u.name}”未保存：每件投诉举报最多附 ${MAX_COMPLAINT_PHOTOS} 张照片。`);
    else if (bytes + u.size > offer.limits.maxRecordBytes) notes.push(`照片“${u.name}”未保存：每件投诉举报的附件合计不超过 ${formatBytes(offer.limits.maxRecordBytes)}。`);
    else {
      accepted.push(u);
      bytes += u.size;
    }
  }
  if (!accepted.length) return { notes };
  const photos = [...have, ...(await offer.keep(accepted))];
  notes.push(`已收到照片 ${accepted.length} 张（本件共 ${photos.length} 张，最多 ${MAX_COMPLAINT_PHOTOS} 张）。`);
  return { data: { ...d, photos }, notes };
}

/** Every step of the form takes photos. */
export function withPhotos<D extends WithPhotos, S extends string>(steps: { [K in S]: Step<D, S> }): { [K in S]: Step<D, S> } {
  const entries = Object.entries(steps) as [S, Step<D, S>][];
  return Object.fromEntries(entries.map(([name, step]) => [name, { ...step, files: (offer: FileOffer, d: D) => takePhotos(offer, d) }])) as unknown as { [K in S]: Step<D, S> };
}

/**
 * Attaches the draft's photos to the registered complaint; the line for the citizen's
 * confirmation, noting any that were lost (a draft left more than a day: pruned).
 */
export async function attachPhotos(t: Turn, photos: readonly AttachmentRef[] | undefined, trackingNo: string): Promise<string | null> {
  if (!photos?.length) return null;
  const kept = await t.store.attachments.attach(photos.map((p) => p.id), { kind: 'complaint', no: trackingNo }, t.actor.personId, t.now);
  const lost = photos.length - kept.length;
  const gone = `${lost} 张照片发送已超过一天、已失效，未随件保存；如需提供，请联系承办单位。`;
  if (!kept.length) return gone;
  return `附照片 ${kept.length} 张。${lost ? `另有${gone}` : ''}`;
}
