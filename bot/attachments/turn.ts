/** A turn's files offered to the dialogue's step (the engine calls this before answering the text). */
import { DEFAULT_ATTACHMENT_LIMITS, refusalText } from '../../domain/attachments/attachment';
import type { Reply, Store } from '../../domain/ports';
import type { Step } from '../flow';
import type { Turn } from '../turn';
import type { FileDesk, InboundFile, Received, TurnFiles } from './desk';

export const NO_FILES_HERE = '这里不能接收文件，未保存。填写投诉举报时，可在描述事情经过时及之后发送照片（最多 9 张）。';

/** The message's files staged and checked; without a desk each is refused as not taken here. */
export async function receiveFiles(desk: FileDesk | undefined, files: readonly InboundFile[], now: Date): Promise<Received> {
  if (desk) return desk.receive(files, now);
  return { uploads: [], refusals: files.map((f, i) => ({ kind: 'off', name: f.name || `第${i + 1}个文件` })), discard: async () => {} };
}

/** The turn's files, bound to its transaction (without a desk: only their refusals). */
export function turnFiles(desk: FileDesk | undefined, received: Received, store: Store, personId: number, now: Date): TurnFiles {
  return desk ? desk.offer(received, store, personId, now) : { uploads: [], refusals: received.refusals, limits: DEFAULT_ATTACHMENT_LIMITS, keep: async () => [] };
}

/**
 * Offers the files to the step the dialogue is at: what to say first (refusals, the step's
 * notes) and the step's data with the files it kept (undefined: unchanged).
 */
export async function offerFiles(t: Turn, step: Step<any> | undefined, data: Record<string, unknown> | undefined): Promise<{ notes: Reply[]; data?: Record<string, unknown> }> {
  const files = t.files!;
  const notes: Reply[] = files.refusals.map((r) => ({ text: refusalText(r) }));
  if (!files.uploads.length) return { notes };
  if (!step?.files || data === undefined) return { notes: [...notes, { text: NO_FILES_HERE }] };
  const r = await step.files(files, data, t);
  return { notes: [...notes, ...r.notes.map((text) => ({ text }))], data: r.data };
}
