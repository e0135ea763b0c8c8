/**
 * Staff console (控制台, issue 16): one-time sign-in codes from chat (domain/console.ts); its
 * sessions are web_sessions of kind 'console' (db/identity/schema.ts). Person ids are not
 * foreign keys (as link_requests): a person merged away leaves them dangling and powerless.
 */
import { index, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { tz } from '../columns';

/** Sign-in codes given by `控制台` in chat: the SHA-256 of the code (never the code), bound to the person, single use. */
export const consoleCodes = pgTable(
  'console_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    personId: integer('person_id').notNull(),
    createdAt: tz('created_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
    usedAt: tz('used_at'),
  },
  (t) => [index('console_codes_person').on(t.personId)],
);

/**
 * 文号 the console gave an official document (文书) when it was first generated: one series per
 * issuing body and year (抚司协〔2026〕3号), kept so every later download carries the same number.
 * A record whose body gave its own 文号 (a transfer's letter) never gets a row.
 */
export const documentNumbers = pgTable(
  'document_numbers',
  {
    /** The ledger kind and the record's number: one document per record. */
    kind: text('kind').notNull(),
    recordNo: text('record_no').notNull(),
    orgId: integer('org_id').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    docNo: text('doc_no').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.recordNo] }), unique('document_numbers_series').on(t.orgId, t.year, t.seq)],
);
