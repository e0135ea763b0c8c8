/**
 * Who gets a record's files, and how: one rule per kind of record, each the record's own
 * viewing policy. A kind of record that takes files (issue 17's evidence items,
 * rectification reports, minutes, penalty decisions, dispute opinions) adds its
 * member to AttachmentOwner and its line here.
 */
import { type Attachment, type AttachmentOwner, type FileView, complaintFileView } from '../../domain/attachments/attachment';
import { canSeeTransfer } from '../../domain/cases/access';
import { ORG, type Directory } from '../../domain/organisation';
import type { Store } from '../../domain/ports';
import type { Actor } from '../../domain/roles';

type Rule<K extends AttachmentOwner['kind']> = (store: Store, directory: Directory, actor: Actor, owner: Extract<AttachmentOwner, { kind: K }>) => Promise<FileView | null>;

const RULES: { [K in AttachmentOwner['kind']]: Rule<K> } = {
  async complaint(store, directory, actor, owner) {
    const c = await store.complaints.byTrackingNo(owner.no);
    return c ? complaintFileView(actor, c, directory.byCode(ORG.justiceBureau)!.id) : null;
  },
  // A transfer's materials: whoever may see the transfer (sender, receiver once sent, supervisor), as sent.
  async transfer(store, directory, actor, owner) {
    const x = await store.transfers.byNo(owner.no);
    return x && canSeeTransfer(actor, x, directory) ? 'original' : null;
  },
};

/** How the actor may get the file: null when not at all. A file not attached yet is its sender's only. */
export function viewOf(store: Store, directory: Directory, actor: Actor, a: Attachment): Promise<FileView | null> {
  if (!a.owner) return Promise.resolve(a.uploadedBy === actor.personId ? 'original' : null);
  return (RULES[a.owner.kind] as Rule<AttachmentOwner['kind']>)(store, directory, actor, a.owner);
}
