/** The schema of a record table (the repository over it: db/records.ts). */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tz } from './columns';
import { organisations } from './core-schema';

/**
 * A record table (cases, transfers, orders, referrals, meetings, approvals …). Each row holds
 * its domain record whole in `body` (a discriminated union, read back through the domain
 * types) with the columns the queries need beside it; a transition saves only if `body` is
 * still what was read, so two people acting at once cannot both win.
 */
export const recordTable = (name: string, uniqueBodyKey?: string) =>
  pgTable(
    name,
    {
      id: serial('id').primaryKey(),
      no: text('no').notNull().unique(),
      orgId: integer('org_id').notNull().references(() => organisations.id), // the body that holds it
      otherOrgId: integer('other_org_id').references(() => organisations.id), // the body at the other end, if any
      state: text('state').notNull(),
      body: jsonb('body').notNull(),
      createdAt: tz('created_at').notNull().defaultNow(),
      updatedAt: tz('updated_at').notNull().defaultNow(),
    },
    (t) => [
      index(`${name}_org_state`).on(t.orgId, t.state),
      index(`${name}_other_state`).on(t.otherOrgId, t.state),
      // A record that carries an outside number of its own (an approval's 文号) is stored once per number.
      ...(uniqueBodyKey ? [uniqueIndex(`${name}_${uniqueBodyKey}`).on(sql`(${t.body} ->> '${sql.raw(uniqueBodyKey)}')`)] : []),
    ],
  );

export type RecordTable = ReturnType<typeof recordTable>;
