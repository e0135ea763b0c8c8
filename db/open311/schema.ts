/** Open311 GeoReport v2 (bot/open311, adapters/web/open311): the clients' keys and the complaints they filed. */
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from '../columns';
import { people } from '../core-schema';
import { complaints } from '../complaints/schema';

/** API keys of Open311 clients (开放接口密钥), issued by an administrator in chat and stored only as hashes; revoked ones stay for the record. */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    issuedBy: integer('issued_by').notNull().references(() => people.id),
    createdAt: tz('created_at').notNull(),
    revokedAt: tz('revoked_at'),
    revokedBy: integer('revoked_by').references(() => people.id),
    lastUsedAt: tz('last_used_at'),
  },
  (t) => [uniqueIndex('open311_keys_live_name').on(t.name).where(sql`${t.revokedAt} IS NULL`)],
);

/** A complaint filed through Open311: by which key, under which service, where as given, and its token. */
export const open311Requests = pgTable(
  'open311_requests',
  {
    complaintId: integer('complaint_id').primaryKey().references(() => complaints.id),
    keyId: integer('key_id').notNull().references(() => open311Keys.id),
    token: text('token').notNull().unique(),
    serviceCode: text('service_code').notNull(),
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    addressString: text('address_string'),
    addressId: text('address_id'),
    mediaUrl: text('media_url'),
  },
  (t) => [index('open311_requests_key').on(t.keyId, t.complaintId)],
);
