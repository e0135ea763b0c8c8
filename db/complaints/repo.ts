/** 投诉举报 (M3) over drizzle (domain port ComplaintRepo in domain/complaint.ts): the ledger and its events. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Accused, type Complaint, type ComplaintRepo, NO_ACCUSED, accusedOrgId } from '../../domain/complaint';
import { SERIES } from '../../domain/record-no';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { nextRecordNo } from '../numbers';
import { type WriteBehind, chunks } from '../write-behind';
import * as tables from './schema';
import { complaintEvents, complaints } from './schema';

type ComplaintRow = typeof complaints.$inferSelect;

function accusedOf(r: ComplaintRow): Accused {
  if (r.accusedOrgId != null) return { kind: 'body', orgId: r.accusedOrgId };
  return r.accusedUnresolved ? { kind: 'unresolved' } : NO_ACCUSED;
}

export function toComplaint(r: ComplaintRow): Complaint {
  const common = {
    id: r.id,
    trackingNo: r.trackingNo,
    complainantPersonId: r.complainantPersonId,
    what: r.what,
    where: r.whereText,
    when: r.whenText,
    accused: accusedOf(r),
    accusedText: r.accusedText,
    contact: r.contactPhone || r.contactEmail ? { name: r.contactName, phone: r.contactPhone, ...(r.contactEmail ? { email: r.contactEmail } : {}) } : null,
    handlingOrgId: r.handlingOrgId,
    routedBy: r.routedBy as Complaint['routedBy'],
    forwardedFromOrgId: r.forwardedFromOrgId,
    assistingOrgId: r.assistingOrgId,
    assistRounds: r.assistRounds,
    assistAnswer: r.assistAnswer != null ? { text: r.assistAnswer, at: r.assistAnsweredAt!, personId: r.assistAnsweredBy! } : null,
    registeredAt: r.registeredAt,
    acceptDue: { due: r.acceptDue, provisional: r.acceptDueProvisional },
  };
  switch (r.status) {
    case 'registered':
      return { ...common, status: 'registered' };
    case 'accepted':
      return { ...common, status: 'accepted', handlerPersonId: r.handlerPersonId!, acceptedAt: r.acceptedAt! };
    case 'resolved':
      return {
        ...common, status: 'resolved', handlerPersonId: r.handlerPersonId!, acceptedAt: r.acceptedAt!,
        result: r.result!, resolvedAt: r.resolvedAt!,
      };
  }
}

/** Columns a transition may change. */
function mutableColumns(c: Complaint) {
  return {
    status: c.status,
    handlingOrgId: c.handlingOrgId,
    forwardedFromOrgId: c.forwardedFromOrgId,
    assistingOrgId: c.assistingOrgId,
    assistRounds: c.assistRounds,
    assistAnswer: c.assistAnswer?.text ?? null,
    assistAnsweredAt: c.assistAnswer?.at ?? null,
    assistAnsweredBy: c.assistAnswer?.personId ?? null,
    acceptDue: c.acceptDue.due,
    acceptDueProvisional: c.acceptDue.provisional,
    handlerPersonId: c.status === 'registered' ? null : c.handlerPersonId,
    acceptedAt: c.status === 'registered' ? null : c.acceptedAt,
    result: c.status === 'resolved' ? c.result : null,
    resolvedAt: c.status === 'resolved' ? c.resolvedAt : null,
  };
}

export function complaintRepo(db: Db, writes?: WriteBehind): ComplaintRepo {
  return {
    async register(c, year) {
      const [row] = await db
        .insert(complaints)
        .values({
          trackingNo: nextRecordNo(SERIES.complaint, year),
          complainantPersonId: c.complainantPersonId,
          status: 'registered',
          what: c.what,
          whereText: c.where,
          whenText: c.when,
          accusedOrgId: accusedOrgId(c.accused),
          accusedUnresolved: c.accused.kind === 'unresolved',
          accusedText: c.accusedText,
          contactName: c.contact?.name ?? null,
          contactPhone: c.contact?.phone ?? null,
          contactEmail: c.contact?.email ?? null,
          handlingOrgId: c.handlingOrgId,
          routedBy: c.routedBy,
          registeredAt: c.registeredAt,
          acceptDue: c.acceptDue.due,
          acceptDueProvisional: c.acceptDue.provisional,
        })
        .returning();
      return toComplaint(row!);
    },
    async byTrackingNo(trackingNo) {
      const [row] = await db.select().from(complaints).where(eq(complaints.trackingNo, trackingNo));
      return row ? toComplaint(row) : null;
    },
    async update(before, after) {
      const rows = await db
        .update(complaints)
        .set(mutableColumns(after))
        .where(and(
          eq(complaints.id, before.id), eq(complaints.status, before.status), eq(complaints.handlingOrgId, before.handlingOrgId),
          // A 协助调查 request or answer made meanwhile changes the complaint too.
          eq(complaints.assistRounds, before.assistRounds), before.assistAnswer ? sql`${complaints.assistAnswer} IS NOT NULL` : isNull(complaints.assistAnswer),
        ))
        .returning({ id: complaints.id });
      return rows.length === 1;
    },
    async addEvent(complaintId, e, at) {
      const row = { complaintId, at, kind: e.kind, actorPersonId: e.actorPersonId, orgId: e.orgId, toOrgId: e.toOrgId ?? null, note: e.note ?? null };
      if (!writes) return void (await db.insert(complaintEvents).values(row));
      writes.append('complaint_events', 'complaint_events', row, (rows) => chunks(rows, 500).map((c) => db.insert(complaintEvents).values(c)));
    },
    async listForOrg(orgId, statuses, limit) {
      const rows = await db
        .select()
        .from(complaints)
        .where(and(eq(complaints.handlingOrgId, orgId), inArray(complaints.status, [...statuses])))
        .orderBy(asc(complaints.acceptDue), asc(complaints.id))
        .limit(limit);
      return rows.map(toComplaint);
    },
    async listByComplainant(personId, limit) {
      const rows = await db
        .select()
        .from(complaints)
        .where(eq(complaints.complainantPersonId, personId))
        .orderBy(desc(complaints.id))
        .limit(limit);
      return rows.map(toComplaint);
    },
    async awaitingAssist(orgId, limit) {
      const rows = await db
        .select()
        .from(complaints)
        .where(and(eq(complaints.assistingOrgId, orgId), isNull(complaints.assistAnswer), eq(complaints.status, 'accepted')))
        .orderBy(asc(complaints.id))
        .limit(limit);
      return rows.map(toComplaint);
    },
  };
}

export const complaintStorage = mechanism({
  name: 'complaints',
  tables,
  ports: ({ db, writes }) => ({ complaints: complaintRepo(db, writes) }),
  touches: { complaints: { register: [], byTrackingNo: [], update: [], listForOrg: [], listByComplainant: [], awaitingAssist: [] } },
  held: { complaints: ['addEvent'] },
  async mergePerson(db, from, into) {
    await db.update(complaints).set({ complainantPersonId: into }).where(eq(complaints.complainantPersonId, from));
    await db.update(complaints).set({ handlerPersonId: into }).where(eq(complaints.handlerPersonId, from));
    await db.update(complaints).set({ assistAnsweredBy: into }).where(eq(complaints.assistAnsweredBy, from));
    await db.update(complaintEvents).set({ actorPersonId: into }).where(eq(complaintEvents.actorPersonId, from));
  },
});
