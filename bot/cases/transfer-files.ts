/**
 * Files as a transfer's materials (issue 17): at each material's step the officer may send
 * its files (案件移送书, 调查报告 … as PDF, Office documents, scans or photos); they are listed
 * in the summary and attached to the transfer when it is submitted, then shown with a link
 * of their own to whoever may see the transfer (bot/attachments/owners.ts).
 */
import { type AttachmentRef, formatBytes } from '../../domain/attachments/attachment';
import { MATERIAL_LABEL, type Material, type TransferFacts } from '../../domain/cases/transfer';
import type { FileOffer } from '../attachments/desk';
import type { Turn } from '../turn';

/** Files of one transfer, all materials together (the per-record byte limit applies too). */
export const MAX_TRANSFER_FILES = 30;

export interface MaterialFile {
  material: Material;
  ref: AttachmentRef;
}

/** Keeps the files sent at a material's step as that material's, within the transfer's limits; says what it did. */
export async function takeMaterialFiles(offer: FileOffer, material: Material, have: readonly MaterialFile[]): Promise<{ files?: MaterialFile[]; notes: string[] }> {
  const notes: string[] = [];
  let bytes = have.reduce((n, f) => n + f.ref.size, 0);
  const accepted = [];
  for (const u of offer.uploads) {
    if (have.length + accepted.length >= MAX_TRANSFER_FILES) notes.push(`文件“${u.name}”未保存：每件移送最多附 ${MAX_TRANSFER_FILES} 个文件。`);
    else if (bytes + u.size > offer.limits.maxRecordBytes) notes.push(`文件“${u.name}”未保存：每件移送的附件合计不超过 ${formatBytes(offer.limits.maxRecordBytes)}。`);
    else {
      accepted.push(u);
      bytes += u.size;
    }
  }
  if (!accepted.length) return { notes };
  const kept = (await offer.keep(accepted)).map((ref) => ({ material, ref }));
  const mine = have.filter((f) => f.material === material).length + kept.length;
  notes.push(`已收到${MATERIAL_LABEL[material]}的文件 ${kept.length} 个（该项共 ${mine} 个）。`);
  return { files: [...have, ...kept], notes };
}

/** The summary's words for a material's files. */
export function materialFilesText(files: readonly MaterialFile[], material: Material): string {
  const mine = files.filter((f) => f.material === material);
  return mine.length ? `（附件：${mine.map((f) => `${f.ref.name} ${formatBytes(f.ref.size)}`).join('、')}）` : '';
}

/**
 * Attaches the materials' files to the transfer being submitted (after every check: nothing
 * is attached to a transfer that is not created); the materials name only the files kept
 * (one pruned meanwhile, a draft left over a day, is not).
 */
export async function attachMaterialFiles(t: Turn, facts: TransferFacts, transferNo: string): Promise<TransferFacts> {
  const ids = facts.materials.flatMap((m) => m.fileIds ?? []);
  if (!ids.length) return facts;
  const kept = new Set(await t.store.attachments.attach(ids, { kind: 'transfer', no: transferNo }, t.actor.personId, t.now));
  return { ...facts, materials: facts.materials.map(({ fileIds, ...m }) => {
    const still = (fileIds ?? []).filter((id) => kept.has(id));
    return still.length ? { ...m, fileIds: still } : m;
  }) };
}
