/**
 * The repository of record tables (db/record-table.ts; domain port RecordRepo): a record kept
 * whole as JSON beside the columns its queries need; instants are the fields named `…At` and
 * come back as Dates. Used by the cases, meetings, approvals, sharing and joint mechanisms.
 * Also the helper the mechanisms' person-merge hooks share.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { RecordRepo } from '../domain/ports';
import type { Db } from './client';
import type { RecordTable } from './record-table';

/** The columns a record is found by. */
interface Keys {
  no: string;
  orgId: number;
  otherOrgId: number | null;
  state: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** JSON → record: `…At` strings back to Dates, recursively. */
export function revive(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
  if (typeof value === 'string' && key.endsWith('At') && INSTANT.test(value)) return new Date(value);
  return value;
}

export function recordRepo<T extends { id: number }>(db: Db, table: RecordTable, keys: (r: T) => Keys): RecordRepo<T> {
  const toRecord = (row: { id: number; body: unknown }) => ({ ...(revive(row.body) as object), id: row.id }) as T;
  const bodyOf = (r: object) => {
    const { id: _id, ...body } = r as { id?: number };
    return JSON.parse(JSON.stringify(body)) as unknown;
  };
  return {
    async create(record) {
      const k = keys(record as unknown as T);
      const [row] = await db.insert(table).values({ ...k, body: bodyOf(record) }).returning({ id: table.id, body: table.body });
      return toRecord(row!);
    },
    async byNo(no) {
      const [row] = await db.select({ id: table.id, body: table.body }).from(table).where(eq(table.no, no));
      return row ? toRecord(row) : null;
    },
    async update(before, after) {
      const k = keys(after);
      const rows = await db
        .update(table)
        .set({ ...k, body: bodyOf(after), updatedAt: sql`now()` })
        // Optimistic: only if nobody changed it since it was read.
        .where(and(eq(table.id, before.id), sql`${table.body} = ${JSON.stringify(bodyOf(before))}::jsonb`))
        .returning({ id: table.id });
      return rows.length === 1;
    },
    async list(q, limit) {
      const where: SQL[] = [];
      if (q.orgId != null) where.push(eq(table.orgId, q.orgId));
      if (q.otherOrgId != null) where.push(eq(table.otherOrgId, q.otherOrgId));
      if (q.states) where.push(inArray(table.state, [...q.states]));
      const rows = await db.select({ id: table.id, body: table.body }).from(table).where(and(...where)).orderBy(desc(table.id)).limit(limit);
      return rows.map(toRecord);
    },
  };
}

/**
 * A person merge (绑定账号) moves everything of `from` to `into`: these columns of the table
 * that name the person are rewritten, so the merged person's row can go.
 */
export async function reassignPerson(db: Db, table: PgTable, columns: readonly PgColumn[], from: number, into: number): Promise<void> {
  for (const c of columns) {
    await db.execute(sql`UPDATE ${table} SET ${sql.identifier(c.name)} = ${into} WHERE ${sql.identifier(c.name)} = ${from}`);
  }
}

