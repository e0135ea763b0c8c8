/**
 * The daily prune of files (domain/retention.ts): files sent but never attached to a record
 * after a day, then the blobs no file names whose row is older than a day — bytes first, row
 * after, under the row's lock (domain/attachments/ports.ts explains why nothing dangles).
 */
import type { BlobStore } from '../../domain/attachments/ports';
import type { UnitOfWork } from '../../domain/ports';
import { retentionCutoffs } from '../../domain/retention';

const BATCH = 100;

export async function pruneFiles(uow: UnitOfWork, blobs: BlobStore, now: Date): Promise<number> {
  const before = retentionCutoffs(now).unattachedFilesBefore;
  let pruned = await uow.run((s) => s.attachments.pruneUnattached(before));
  for (;;) {
    const n = await uow.run(async (s) => {
      const hashes = await s.attachments.unusedBlobs(before, BATCH);
      for (const h of hashes) await blobs.delete(h);
      await s.attachments.dropBlobs(hashes);
      return hashes.length;
    });
    pruned += n;
    if (n < BATCH) return pruned;
  }
}
