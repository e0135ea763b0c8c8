/** Helpers shared by the record repositories (disputes, supervision, accountability). */
import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client';

/**
 * A person merge (绑定账号) moves everything of `from` to `into`: these columns of the table
 * that name the person are rewritten, so the merged person's row can go.
 */
export async function reassignPerson(db: Db, table: PgTable, columns: readonly PgColumn[], from: number, into: number): Promise<void> {
  for (const c of columns) {
    await db.execute(sql`UPDATE ${table} SET ${sql.identifier(c.name)} = ${into} WHERE ${sql.identifier(c.name)} = ${from}`);
  }
}

