/** Staff members for integration tests: an invitation issued in the database, redeemed by chat. */
import type { Engine } from '../../bot/engine';
import { issueInvite } from '../../bot/invites';
import type { Db } from '../../db/client';
import { unitOfWork } from '../../db/store';
import type { Directory } from '../../domain/organisation';
import { Person } from './chat';

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
