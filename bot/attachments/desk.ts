/**
 * The engine's port for files (issue 17). A platform adapter hands the engine each file of a
 * message as a lazy source (InboundFile); before the turn's transaction the desk reads it
 * into the private staging directory, hashing and counting, refuses it when it breaks a
 * limit (size, type read from the content, wholeness) and otherwise marks its hash in use.
 * Inside the turn the dialogue's step decides which it keeps (FileOffer.keep): their bytes
 * go to the blob store once per hash and each gets a row, in that transaction. Whatever the
 * outcome, the staged copies are removed when the turn ends.
 */
import { readFile } from 'node:fs/promises';
import {
  type AttachmentLimits, type AttachmentRef, type Refusal, formatBytes, kindOf, refOf, safeName,
} from '../../domain/attachments/attachment';
import { looksComplete } from '../../domain/attachments/file-bytes';
import type { BlobStore } from '../../domain/attachments/ports';
import type { Store, UnitOfWork } from '../../domain/ports';
import type { Staging } from '../../storage/staging';
import type { FileLinks } from './links';

/** A file of an inbound message, as the platform offers it. */
export interface InboundFile {
  /** The name the sender gave it: shown, never trusted for the type (may be known only once open() resolved). */
  readonly name?: string;
  /** The size the platform declared, when it does: fewer bytes received means the file was cut off. */
  declaredSize?: number;
  /** Its bytes (a download from the platform, a part of the web request …), read once. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** A file received whole, of an accepted type, within the size limit: staged, not kept yet. */
export interface Upload {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly mime: string;
  readonly name: string;
}

/** What a dialogue's step is offered when a message carries files (bot/flow.ts Step.files). */
export interface FileOffer {
  readonly uploads: readonly Upload[];
  readonly limits: AttachmentLimits;
  /** Keeps these uploads: their bytes in the blob store (once per hash), a row each, sent by this person and not attached yet. */
  keep(uploads: readonly Upload[]): Promise<AttachmentRef[]>;
}

/** The files of one turn: the offer, and the ones refused before the turn (their reasons are said first). */
export interface TurnFiles extends FileOffer {
  readonly refusals: readonly Refusal[];
}

/** Formats whose wholeness the desk checks by reading them (domain/attachments/file-bytes.ts). */
const CHECKED_WHOLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

export interface Received {
  uploads: Upload[];
  refusals: Refusal[];
  /** Removes the staged copies (after the turn, whatever happened). */
  discard(): Promise<void>;
}

export class FileDesk {
  constructor(readonly o: { uow: UnitOfWork; blobs: BlobStore; staging: Staging; limits: AttachmentLimits; links: FileLinks }) {}

  get blobs(): BlobStore {
    return this.o.blobs;
  }
  get links(): FileLinks {
    return this.o.links;
  }
  get limits(): AttachmentLimits {
    return this.o.limits;
  }
  get staging(): Staging {
    return this.o.staging;
  }

  /** Reads, checks and stages the files of a message; the hashes that pass are marked in use (committed). */
  async receive(files: readonly InboundFile[], now: Date): Promise<Received> {
    const uploads: Upload[] = [];
    const refusals: Refusal[] = [];
    const discard = async () => void (await Promise.all(uploads.map((u) => this.o.staging.remove(u.path))));
    try {
      for (const [i, f] of files.entries()) {
        const r = await this.stage(f, i + 1);
        if ('kind' in r) refusals.push(r);
        else uploads.push(r);
      }
      if (uploads.length) {
        await this.o.uow.run(async (s) => {
          for (const u of uploads) await s.attachments.touchBlob(u.sha256, u.size, now);
        });
      }
    } catch (e) {
      await discard();
      throw e;
    }
    return { uploads, refusals, discard };
  }

  private async stage(f: InboundFile, n: number): Promise<Upload | Refusal> {
    // The name is read after open(): some platforms learn it with the file (WeChat's FileBox).
    const shown = () => (f.name ?? '').replace(/^.*[\\/]/, '').slice(0, 80) || `第${n}个文件`;
    let source: AsyncIterable<Uint8Array>;
    try {
      source = await f.open();
    } catch {
      return { kind: 'unavailable', name: shown() };
    }
    const given = shown();
    const limit = this.o.limits.maxFileBytes;
    let received;
    try {
      received = await this.o.staging.receive(source, limit);
    } catch {
      return { kind: 'truncated', name: given, detail: '传输中断' };
    }
    const refuse = async (r: Refusal) => {
      await this.o.staging.remove(received.path);
      return r;
    };
    if (received.over) return refuse({ kind: 'too-large', name: given, limit });
    if (!received.size) return refuse({ kind: 'empty', name: given });
    if (f.declaredSize != null && f.declaredSize !== received.size) {
      return refuse({ kind: 'truncated', name: given, detail: `收到 ${formatBytes(received.size)}，应为 ${formatBytes(f.declaredSize)}` });
    }
    const { fileTypeFromFile } = await import('file-type'); // loaded at the first upload, not at start
    const type = await fileTypeFromFile(received.path);
    const kind = type && kindOf(type.mime);
    if (!type || !kind) return refuse({ kind: 'type', name: given, detected: type ? type.ext.toUpperCase() : null });
    if (CHECKED_WHOLE.has(type.mime) && !looksComplete(type.mime, await readFile(received.path))) {
      return refuse({ kind: 'truncated', name: given, detail: '文件结尾缺失' });
    }
    return { path: received.path, sha256: received.sha256, size: received.size, mime: type.mime, name: safeName(f.name, type.ext, kind === 'image' ? '照片' : '文件') };
  }

  /** The offer of a turn's files, bound to its transaction and sender. */
  offer(received: Received, store: Store, personId: number, now: Date): TurnFiles {
    const blobs = this.o.blobs;
    return {
      uploads: received.uploads,
      refusals: received.refusals,
      limits: this.o.limits,
      async keep(uploads) {
        const refs: AttachmentRef[] = [];
        for (const u of uploads) {
          // The blob row locked for this transaction first: a prune cannot remove the bytes under it.
          await store.attachments.touchBlob(u.sha256, u.size, now);
          await blobs.put(u.sha256, u.path, u.size);
          refs.push(refOf(await store.attachments.add({ sha256: u.sha256, size: u.size, mime: u.mime, name: u.name, uploadedBy: personId, uploadedAt: now })));
        }
        return refs;
      },
    };
  }
}
