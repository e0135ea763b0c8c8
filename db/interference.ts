/** 干预记录 (M12) over drizzle (domain port InterferenceRepo): an append-only hash chain. */
import { asc, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { EMPTY_CHAIN, type InterferenceRecord } from '../domain/interference';
import type { InterferenceRepo } from '../domain/ports';
import type { Db } from './client';
import { interferenceRecords as t } from './schema';

type Row = typeof t.$inferSelect;

const toRecord = (r: Row): InterferenceRecord => ({ ...r });

export function interferenceRepo(db: Db): InterferenceRepo {
  return {
    async append(seal) {
      // SHARE ROW EXCLUSIVE conflicts with itself and with every writer, not with readers:
      // appends queue here until the transaction that holds it ends.
      await db.execute(sql`LOCK TABLE ${t} IN SHARE ROW EXCLUSIVE MODE`);
      const [last] = await db.select({ seq: t.seq, hash: t.hash }).from(t).orderBy(desc(t.seq)).limit(1);
      const record = seal(last ?? EMPTY_CHAIN);
      const [row] = await db.insert(t).values(record).returning();
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
      const rows = await db.select().from(t).orderBy(asc(t.seq));
      return rows.map(toRecord);
    },
  };
}
