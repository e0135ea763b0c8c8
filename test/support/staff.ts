/** Staff for engine tests: a Person bound to a role by an invitation, and small readers of what they get. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Engine } from '../../bot/engine';
import { issueInvite } from '../../bot/invites';
import type { Db } from '../../db/client';
import { unitOfWork } from '../../db/store';
import type { Directory } from '../../domain/organisation';
import { Person } from './chat';

export async function bindStaff(engine: Engine, db: Db, directory: Directory, id: string, org: string, role: string, now: Date): Promise<Person> {
  const p = new Person(engine, id);
  const r = await unitOfWork(db).run((s) => issueInvite(s, directory, org, role, now));
  if (!r.ok) throw new Error(r.reason);
  expect(await p.text(`绑定 ${r.value.code}`)).toContain('绑定成功');
  return p;
}

export const numberIn = (prefix: string, text: string): string => {
  const m = text.match(new RegExp(`${prefix}-\\d{4}-\\d{6}`));
  if (!m) throw new Error(`no ${prefix} number in: ${text}`);
  return m[0];
};

export const inboxText = async (p: Person): Promise<string> => (await p.inbox()).map((r) => r.text).join('\n');

/** Row counts of tables (a table name may carry a WHERE clause), to show a refusal changed nothing. */
export async function countRows(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number(((await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${t}`))) as any).rows[0].n);
  return out;
}
