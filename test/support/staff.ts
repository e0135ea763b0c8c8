/** Staff for engine tests: a Person bound to a role by an invitation, and small readers of what they get. */
import { sql } from 'drizzle-orm';
import type { Engine } from '../../bot/engine';
import { issueInvite } from '../../bot/invites';
import type { Db } from '../../db/client';
import { unitOfWork } from '../../db/store';
import type { Directory } from '../../domain/organisation';
import { Person } from './chat';

export { numberIn } from './chat';

/** An invitation issued straight in the database, bound by chat. */
export async function bindStaff(engine: Engine, db: Db, directory: Directory, id: string, org: string, role: string, now = new Date()): Promise<Person> {
  const p = new Person(engine, id);
  const r = await unitOfWork(db).run((s) => issueInvite(s, directory, org, role, now));
  if (!r.ok) throw new Error(r.reason);
  const bound = await p.text(`绑定 ${r.value.code}`);
  if (!bound.includes('绑定成功')) throw new Error(`binding ${id}: ${bound}`);
  return p;
}

export const inboxText = async (p: Person): Promise<string> => (await p.inbox()).map((r) => r.text).join('\n');

/** Row counts of tables (a table name may carry a WHERE clause): equal before and after means nothing was written. */
export async function countRows(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number(((await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${t}`))) as any).rows[0].n);
  return out;
}

/** The tables a complaint or case action writes to. */
export const RECORD_TABLES = ['complaints', 'complaint_events', 'cases', 'case_transfers', 'transfer_orders', 'discipline_referrals', 'case_events', 'deadlines', 'deadline_reminders', 'outbox'] as const;

export interface StaffContext {
  engine: Engine;
  db: Db;
  directory: Directory;
  now: () => Date;
}

/** A person bound to `role` in the organisation `org` (code or name), with an empty inbox. */
export async function staffMember(c: StaffContext, id: string, org: string, role: string, displayName?: string): Promise<Person> {
  const p = new Person(c.engine, id, 'test', displayName);
  const r = await unitOfWork(c.db).run((s) => issueInvite(s, c.directory, org, role, c.now()));
  if (!r.ok) throw new Error(r.reason);
  const reply = await p.text(`绑定 ${r.value.code}`);
  if (!reply.includes('绑定成功')) throw new Error(reply);
  await p.inbox();
  return p;
}

/** The texts waiting in a person's inbox (read and acknowledged). */
export const inboxTexts = async (p: Person): Promise<string[]> => (await p.inbox()).map((r) => r.text);
