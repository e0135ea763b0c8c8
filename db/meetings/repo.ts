/** Joint meetings and their decided items over drizzle (domain port RecordRepo), stored like the case records; the liaison roster. */
import { and, asc, eq } from 'drizzle-orm';
import type { LiaisonEntry, LiaisonRosterRepo } from '../../domain/meetings/liaisons';
import type { Meeting, MeetingBody } from '../../domain/meetings/meeting';
import type { MeetingItem } from '../../domain/meetings/item';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { reassignPerson, recordRepo } from '../records';
import * as tables from './schema';
import { meetingItems, meetingLiaisons, meetings } from './schema';

export const meetingRepo = (db: Db) =>
  recordRepo<Meeting>(db, meetings, (m) => ({ no: m.meetingNo, orgId: m.convenerOrgId, otherOrgId: m.proposedByOrgId ?? null, state: m.state }));
export const meetingItemRepo = (db: Db) =>
  recordRepo<MeetingItem>(db, meetingItems, (i) => ({ no: i.itemNo, orgId: i.orgId, otherOrgId: i.convenerOrgId, state: i.state }));

const toEntry = (r: typeof meetingLiaisons.$inferSelect): LiaisonEntry => ({ ...r, body: r.body as MeetingBody });

export function liaisonRosterRepo(db: Db): LiaisonRosterRepo {
  return {
    async register(e) {
      // The row is locked for the turn, so two registrations of one unit queue and each sees the one it replaces.
      const [before] = await db.select().from(meetingLiaisons).where(andKey(e)).for('update');
      await db
        .insert(meetingLiaisons)
        .values(e)
        .onConflictDoUpdate({ target: [meetingLiaisons.body, meetingLiaisons.orgId], set: { personId: e.personId, name: e.name, post: e.post, phone: e.phone, registeredAt: e.registeredAt } });
      return before ? toEntry(before) : null;
    },
    async of(body) {
      return (await db.select().from(meetingLiaisons).where(eq(meetingLiaisons.body, body)).orderBy(asc(meetingLiaisons.orgId))).map(toEntry);
    },
  };
}

const andKey = (e: Pick<LiaisonEntry, 'body' | 'orgId'>) => and(eq(meetingLiaisons.body, e.body), eq(meetingLiaisons.orgId, e.orgId));

export const meetingStorage = mechanism({
  name: 'meetings',
  tables,
  ports: ({ db }) => ({ meetings: meetingRepo(db), meetingItems: meetingItemRepo(db), liaisons: liaisonRosterRepo(db) }),
  mergePerson: (db, from, into) => reassignPerson(db, meetingLiaisons, [meetingLiaisons.personId], from, into),
});
