/**
 * Where a received file waits while it is checked: a private directory under DATA_DIR
 * (0700, files 0600). Nothing in it is kept: a file is removed once its turn ends, and the
 * directory is emptied at start (one server per data directory), so a file cut off by a
 * crash is never taken for a whole one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface Received {
  path: string;
  sha256: string;
  size: number;
  /** More than `maxBytes` came: reading stopped there (the file holds maxBytes + 1 bytes at most). */
  over: boolean;
}

export class Staging {
  constructor(readonly dir: string) {}

  /** Empties the directory (at start, and in tests). */
  reset(): this {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return this;
  }

  /** A new private file name in the directory. */
  path(): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return join(this.dir, randomBytes(12).toString('hex'));
  }

  /**
   * Writes the bytes to a new private file while hashing and counting them, stopping after
   * `maxBytes + 1`. A source that fails midway leaves no file (its error is thrown).
   */
  async receive(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Received> {
    const path = this.path();
    const hash = createHash('sha256');
    const file = await open(path, 'wx', 0o600);
    let size = 0;
    let over = false;
    try {
      for await (const chunk of source) {
        const room = maxBytes + 1 - size;
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        size += part.length;
        hash.update(part);
        await file.write(part);
        if (size > maxBytes) {
          over = true;
          break; // stops (and destroys) the source: the rest is never read
        }
      }
    } catch (e) {
      await file.close().catch(() => {});
      await rm(path, { force: true });
      throw e;
    }
    await file.close();
    return { path, sha256: hash.digest('hex'), size, over };
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }
}
