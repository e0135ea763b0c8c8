/** Files and their blobs (domain/attachments/ports.ts) over drizzle. */
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Attachment, AttachmentOwner } from '../../domain/attachments/attachment';
import type { AttachmentRepo } from '../../domain/attachments/ports';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { attachments, blobs } from './schema';

type Row = typeof attachments.$inferSelect;

function toAttachment(r: Row): Attachment {
  return {
    id: r.id,
    sha256: r.sha256,
    size: r.size,
    mime: r.mime,
    name: r.name,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt,
    owner: r.ownerKind && r.ownerNo ? ({ kind: r.ownerKind, no: r.ownerNo } as AttachmentOwner) : null,
  };
}

const ownedBy = (o: AttachmentOwner) => and(eq(attachments.ownerKind, o.kind), eq(attachments.ownerNo, o.no));

export function attachmentRepo(db: Db): AttachmentRepo {
  return {
    async touchBlob(sha256, size, at) {
      await db
        .insert(blobs)
        .values({ sha256, size, touchedAt: at })
        .onConflictDoUpdate({ target: blobs.sha256, set: { touchedAt: sql`greatest(${blobs.touchedAt}, excluded.touched_at)` } });
    },
    async add(a) {
      const [row] = await db.insert(attachments).values(a).returning();
      return toAttachment(row!);
    },
    async attach(ids, owner, personId, at) {
      if (!ids.length) return [];
      const rows = await db
        .update(attachments)
        .set({ ownerKind: owner.kind, ownerNo: owner.no, attachedAt: at })
        .where(and(inArray(attachments.id, [...ids]), eq(attachments.uploadedBy, personId), isNull(attachments.ownerKind)))
        .returning({ id: attachments.id });
      return rows.map((r) => r.id);
    },
    async byId(id) {
      const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
      return row ? toAttachment(row) : null;
    },
    async ofOwner(owner) {
      const rows = await db.select().from(attachments).where(ownedBy(owner)).orderBy(asc(attachments.id));
      return rows.map(toAttachment);
    },
    async pruneUnattached(before) {
      const rows = await db
        .delete(attachments)
        .where(and(isNull(attachments.ownerKind), lt(attachments.uploadedAt, before)))
        .returning({ id: attachments.id });
      return rows.length;
    },
    async unusedBlobs(before, limit) {
      const r = await db.execute(sql`
        SELECT b.sha256 FROM ${blobs} b
        WHERE b.touched_at < ${before.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM ${attachments} a WHERE a.sha256 = b.sha256)
        ORDER BY b.touched_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`);
      return (r as unknown as { rows: { sha256: string }[] }).rows.map((x) => x.sha256);
    },
    async dropBlobs(sha256s) {
      if (sha256s.length) await db.delete(blobs).where(inArray(blobs.sha256, [...sha256s]));
    },
  };
}

/** A merge (关联) moves the files a person sent to the person kept. */
async function reassignAttachmentPerson(db: Db, from: number, into: number): Promise<void> {
  await db.update(attachments).set({ uploadedBy: into }).where(eq(attachments.uploadedBy, from));
}

export const attachmentStorage = mechanism({
  name: 'attachments',
  tables,
  ports: ({ db }) => ({ attachments: attachmentRepo(db) }),
  touches: { attachments: { touchBlob: [], add: [], attach: [], byId: [], ofOwner: [], pruneUnattached: [], unusedBlobs: [], dropBlobs: [] } },
  mergePerson: reassignAttachmentPerson,
});
