/** Staff for engine tests: an invitation issued straight in the database, bound by chat. */
import type { Engine } from '../../bot/engine';
import { issueInvite } from '../../bot/invites';
import type { Db } from '../../db/client';
import { unitOfWork } from '../../db/store';
import type { Directory } from '../../domain/organisation';
import { Person } from './chat';

export async function bindStaff(engine: Engine, db: Db, directory: Directory, id: string, org: string, role: string, now = new Date()): Promise<Person> {
  const p = new Person(engine, id);
  const r = await unitOfWork(db).run((s) => issueInvite(s, directory, org, role, now));
  if (!r.ok) throw new Error(r.reason);
  const bound = await p.text(`绑定 ${r.value.code}`);
  if (!bound.includes('绑定成功')) throw new Error(`binding ${id}: ${bound}`);
  return p;
}

/** Row counts of the given tables: equal before and after means nothing was written. */
export async function rowCounts(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const { sql } = await import('drizzle-orm');
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number(((await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${t}`))) as any).rows[0].n);
  return out;
}

/** The tables a complaint or case action writes to. */
export const RECORD_TABLES = ['complaints', 'complaint_events', 'cases', 'case_transfers', 'transfer_orders', 'discipline_referrals', 'case_events', 'deadlines', 'deadline_reminders', 'outbox'] as const;
