/**
 * Blobs as files under DATA_DIR/files, one per SHA-256 (`ab/abcdef…`). A blob appears by a
 * hard link from the staged file, which fails if the name exists: a hash is written once,
 * and never partly — the staged file was written and synced whole before.
 */
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, rm, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { BlobStore } from '../domain/attachments/ports';

const HASH = /^[0-9a-f]{64}$/;

export function checkedHash(sha256: string): string {
  if (!HASH.test(sha256)) throw new Error('not a SHA-256 in hex');
  return sha256;
}

/** Writes a file's (or directory's) data to the disk before it is relied on. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FilesystemBlobs implements BlobStore {
  readonly kind = 'filesystem' as const;
  constructor(readonly root: string) {}

  private pathOf(sha256: string): string {
    const h = checkedHash(sha256);
    return join(this.root, h.slice(0, 2), h);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async put(sha256: string, stagedPath: string): Promise<'stored' | 'present'> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return 'present';
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await syncPath(stagedPath);
    try {
      await link(stagedPath, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'present';
      if (code !== 'EXDEV') throw e;
      // The staging directory is on another file system: copy beside the target, then link.
      const aside = join(dirname(target), `.${randomBytes(6).toString('hex')}`);
      try {
        await copyFile(stagedPath, aside);
        await syncPath(aside);
        await link(aside, target).catch((err) => {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        });
      } finally {
        await rm(aside, { force: true });
      }
    }
    await syncPath(dirname(target));
    return 'stored';
  }

  async get(sha256: string): Promise<AsyncIterable<Uint8Array> | null> {
    if (!(await this.has(sha256))) return null;
    return createReadStream(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    });
  }
}
