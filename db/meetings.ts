/** Joint meetings and their decided items over drizzle (domain port RecordRepo), stored like the case records. */
import type { Meeting } from '../domain/meetings/meeting';
import type { MeetingItem } from '../domain/meetings/item';
import type { Db } from './client';
import { recordRepo } from './cases';
import { meetingItems, meetings } from './schema';

export const meetingRepo = (db: Db) =>
  recordRepo<Meeting>(db, meetings, (m) => ({ no: m.meetingNo, orgId: m.convenerOrgId, otherOrgId: m.proposedByOrgId ?? null, state: m.state }));
export const meetingItemRepo = (db: Db) =>
  recordRepo<MeetingItem>(db, meetingItems, (i) => ({ no: i.itemNo, orgId: i.orgId, otherOrgId: i.convenerOrgId, state: i.state }));
