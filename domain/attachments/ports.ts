/**
 * Where files are kept: the bytes in a content-addressed BlobStore (local files under
 * DATA_DIR, or an S3-compatible store), the rows in the database (AttachmentRepo).
 *
 * How nothing points at bytes that are not there, across crashes and the daily prune:
 * - every hash in use has a row in `blobs`, touched (committed) before its bytes are stored;
 * - a file's row is written in the turn that stores its bytes, after locking its blob row;
 * - the prune removes a blob only when its row is older than a day and no file names it,
 *   under that row's lock, and removes the bytes before the row.
 * So a file row always names bytes that exist; bytes stored by a turn that then failed
 * have a blob row and go at the next prune.
 */
import type { Attachment, AttachmentOwner } from './attachment';

/** Bytes by SHA-256 (hex). A hash is written whole or not at all, and only once. */
export interface BlobStore {
  readonly kind: 'filesystem' | 's3';
  has(sha256: string): Promise<boolean>;
  /**
   * Keeps the staged file's bytes under `sha256` (the caller hashed them); 'present' when
   * they were already there. The staged file is the caller's to remove afterwards.
   */
  put(sha256: string, stagedPath: string, size: number): Promise<'stored' | 'present'>;
  /** The bytes, or null when the store has none under that hash. */
  get(sha256: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** Removes them (nothing when absent). */
  delete(sha256: string): Promise<void>;
}

export interface NewAttachment {
  sha256: string;
  size: number;
  mime: string;
  name: string;
  uploadedBy: number;
  uploadedAt: Date;
}

export interface AttachmentRepo {
  /** Marks the hash in use as of `at` (creating its blob row); locks the row for this transaction. */
  touchBlob(sha256: string, size: number, at: Date): Promise<void>;
  /** A file sent, not attached to a record yet. */
  add(a: NewAttachment): Promise<Attachment>;
  /**
   * Attaches files the person sent and that are not attached yet to the record; the ids
   * attached (a file pruned meanwhile, or someone else's, is not).
   */
  attach(ids: readonly number[], owner: AttachmentOwner, personId: number, at: Date): Promise<number[]>;
  byId(id: number): Promise<Attachment | null>;
  /** A record's files, in the order they were sent. */
  ofOwner(owner: AttachmentOwner): Promise<Attachment[]>;
  /** Forgets files sent before `before` and never attached; how many. */
  pruneUnattached(before: Date): Promise<number>;
  /**
   * Blobs whose row was last touched before `before` and that no file names, locked for this
   * transaction (rows another transaction holds are skipped): the prune removes their bytes,
   * then `dropBlobs`.
   */
  unusedBlobs(before: Date, limit: number): Promise<string[]>;
  dropBlobs(sha256s: readonly string[]): Promise<void>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module '../ports' {
  interface MechanismPorts {
    attachments: AttachmentRepo; // files sent, and the blobs they name (issue 17)
  }
}
