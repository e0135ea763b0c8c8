/**
 * 干预记录 (M12) over drizzle (domain port InterferenceRepo): an append-only hash chain and
 * the anchors of its heads.
 *
 * Appends and verifications take a transaction-scoped advisory lock (the chain lock): it
 * needs no privilege on the table, where LOCK TABLE in a mode that excludes writers asks
 * for UPDATE, DELETE or TRUNCATE, which the application role is not granted (db/roles.ts).
 */
import { asc, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { EMPTY_CHAIN, type InterferenceRecord, type InterferenceRepo, anchorOf } from '../../domain/interference';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { interferenceAnchors as anchors, interferenceRecords as t } from './schema';

const CHAIN_LOCK = 7426012;

type Row = typeof t.$inferSelect;

const toRecord = (r: Row): InterferenceRecord => ({ ...r });

export function interferenceRepo(db: Db): InterferenceRepo {
  const lockChain = () => db.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  return {
    async append(seal) {
      // Appends queue here until the transaction that holds the lock ends.
      await lockChain();
      const [last] = await db.select({ seq: t.seq, hash: t.hash }).from(t).orderBy(desc(t.seq)).limit(1);
      const record = seal(last ?? EMPTY_CHAIN);
      const [row] = await db.insert(t).values(record).returning();
      await db.insert(anchors).values(anchorOf(record)); // dated by the database
      return toRecord(row!);
    },

    async byNo(recordNo) {
      const [row] = await db.select().from(t).where(eq(t.recordNo, recordNo));
      return row ? toRecord(row) : null;
    },

    async latest(filter, limit) {
      const where = 'naming' in filter
        ? eq(t.interfererOrgId, filter.naming)
        : or(isNull(t.interfererOrgId), ne(t.interfererOrgId, filter.notNaming));
      const rows = await db.select().from(t).where(where).orderBy(desc(t.seq)).limit(limit);
      return rows.map(toRecord);
    },

    async chain() {
      await lockChain();
      const rows = await db.select().from(t).orderBy(asc(t.seq));
      return rows.map(toRecord);
    },

    async anchors() {
      await lockChain();
      return db.select().from(anchors).orderBy(asc(anchors.seq));
    },
  };
}

export const interferenceStorage = mechanism({
  name: 'interference',
  tables,
  ports: ({ db }) => ({ interference: interferenceRepo(db) }),
  // 干预记录 are append-only and name their recorder: a person who recorded one stays (without accounts or roles).
  keepsPerson: (from) => sql`EXISTS (SELECT 1 FROM ${t} WHERE ${t.recorderPersonId} = ${from})`,
});
