/** Attachments (issue 17): files kept with records, their bytes by SHA-256 (db/attachments/repo.ts). */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people } from '../core-schema';

/**
 * Every hash whose bytes are (or are about to be) in the blob store. Touched, in a
 * transaction of its own, before the bytes are stored; the daily prune removes bytes and
 * row together only when the row is older than a day and no file names it.
 */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  touchedAt: tz('touched_at').notNull(),
}, (t) => [
  check('blobs_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  index('blobs_touched').on(t.touchedAt),
]);

/** A file someone sent: its blob, type and name, and — once its record is submitted — that record. */
export const attachments = pgTable('attachments', {
  id: serial('id').primaryKey(),
  sha256: text('sha256').notNull().references(() => blobs.sha256),
  size: bigint('size', { mode: 'number' }).notNull(),
  mime: text('mime').notNull(),
  name: text('name').notNull(),
  uploadedBy: integer('uploaded_by').notNull().references(() => people.id),
  uploadedAt: tz('uploaded_at').notNull(),
  /** The record it belongs to: its kind ('complaint') and number (TS-2026-000001); null until submitted. */
  ownerKind: text('owner_kind'),
  ownerNo: text('owner_no'),
  attachedAt: tz('attached_at'),
}, (t) => [
  check('attachments_owner_whole', sql`(${t.ownerKind} IS NULL) = (${t.ownerNo} IS NULL) AND (${t.ownerKind} IS NULL) = (${t.attachedAt} IS NULL)`),
  index('attachments_owner').on(t.ownerKind, t.ownerNo),
  index('attachments_sha256').on(t.sha256),
  index('attachments_unattached').on(t.uploadedAt).where(sql`${t.ownerKind} IS NULL`),
]);
