/** Open311 clients' keys and the complaints they filed (domain/open311.ts) over drizzle. */
import { type SQL, and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Open311Filing, Open311Key, Open311Repo } from '../../domain/open311';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { complaintEvents, complaints, deadlines } from '../schema';
import { toComplaint } from '../complaints/repo';
import * as tables from './schema';
import { open311Keys, open311Requests } from './schema';

const keyColumns = { id: open311Keys.id, name: open311Keys.name, createdAt: open311Keys.createdAt, lastUsedAt: open311Keys.lastUsedAt };
const live = isNull(open311Keys.revokedAt);

export function open311Repo(db: Db): Open311Repo {
  const oneKey = async (where: SQL | undefined): Promise<Open311Key | null> =>
    (await db.select(keyColumns).from(open311Keys).where(where))[0] ?? null;
  return {
    liveKey: (name) => oneKey(and(eq(open311Keys.name, name), live)),
    async issueKey(k) {
      const [row] = await db.insert(open311Keys).values({ name: k.name, keyHash: k.keyHash, issuedBy: k.issuedBy, createdAt: k.at }).returning(keyColumns);
      return row!;
    },
    liveKeys: () => db.select(keyColumns).from(open311Keys).where(live).orderBy(asc(open311Keys.id)),
    async revokeKey(name, by, at) {
      const rows = await db.update(open311Keys).set({ revokedAt: at, revokedBy: by }).where(and(eq(open311Keys.name, name), live)).returning({ id: open311Keys.id });
      return rows.length > 0;
    },
    keyByHash: (keyHash) => oneKey(and(eq(open311Keys.keyHash, keyHash), live)),
    async touchKey(id, at) {
      await db.update(open311Keys).set({ lastUsedAt: at }).where(eq(open311Keys.id, id));
    },
    async addFiling(f: Open311Filing) {
      await db.insert(open311Requests).values(f);
    },
    async search(q) {
      const where = [eq(open311Requests.keyId, q.keyId)];
      if (q.trackingNos) where.push(inArray(complaints.trackingNo, [...q.trackingNos]));
      if (q.serviceCodes) where.push(inArray(open311Requests.serviceCode, [...q.serviceCodes]));
      if (q.statuses) where.push(inArray(complaints.status, [...q.statuses]));
      if (q.from) where.push(gte(complaints.registeredAt, q.from));
      if (q.to) where.push(lte(complaints.registeredAt, q.to));
      const rows = await db
        .select({
          c: complaints,
          f: open311Requests,
          updatedAt: sql`(SELECT max(e.at) FROM ${complaintEvents} e WHERE e.complaint_id = ${complaints.id})`.mapWith(complaints.registeredAt),
          // The 办结 clock of the body handling it (one per identity: kind, body, subject).
          resolveDueAt: deadlines.dueAt,
          resolveProvisional: deadlines.provisional,
        })
        .from(open311Requests)
        .innerJoin(complaints, eq(complaints.id, open311Requests.complaintId))
        .leftJoin(deadlines, and(
          eq(deadlines.kind, 'complaint-resolve'), eq(deadlines.orgId, complaints.handlingOrgId),
          eq(deadlines.subjectType, 'complaint'), eq(deadlines.subjectId, complaints.trackingNo),
        ))
        .where(and(...where))
        .orderBy(desc(complaints.registeredAt), desc(complaints.id))
        .limit(q.limit);
      return rows.map((r) => ({
        filing: r.f,
        complaint: toComplaint(r.c),
        updatedAt: r.updatedAt ?? r.c.registeredAt,
        resolveDue: r.resolveDueAt ? { due: r.resolveDueAt, provisional: r.resolveProvisional ?? false } : null,
      }));
    },
    async byToken(keyId, token) {
      const [row] = await db
        .select({ no: complaints.trackingNo })
        .from(open311Requests)
        .innerJoin(complaints, eq(complaints.id, open311Requests.complaintId))
        .where(and(eq(open311Requests.keyId, keyId), eq(open311Requests.token, token)));
      return row?.no ?? null;
    },
  };
}

/** 关联 merges two people: the keys one of them issued or revoked stay on record under the other. */
async function reassignOpen311Person(db: Db, from: number, into: number): Promise<void> {
  await db.update(open311Keys).set({ issuedBy: into }).where(eq(open311Keys.issuedBy, from));
  await db.update(open311Keys).set({ revokedBy: into }).where(eq(open311Keys.revokedBy, from));
}

export const open311Storage = mechanism({
  name: 'open311',
  tables,
  ports: ({ db }) => ({ open311: open311Repo(db) }),
  mergePerson: reassignOpen311Person,
});
