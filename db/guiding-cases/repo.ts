/** 指导案例 over drizzle (domain port GuidingCaseRepo). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ActKind, GuidingCase, GuidingCaseRepo } from '../../domain/guiding-case';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { reassignPerson } from '../records';
import { guidingCases } from './schema';

type Row = typeof guidingCases.$inferSelect;

function toCase(r: Row): GuidingCase {
  const common = {
    id: r.id, recordNo: r.recordNo, orgId: r.orgId, year: r.year, actKind: r.actKind as ActKind, title: r.title, summary: r.summary, why: r.why,
    submittedBy: r.submittedBy, submittedAt: r.submittedAt,
  };
  const reviewed = { reviewedBy: r.reviewedBy!, reviewedAt: r.reviewedAt! };
  switch (r.status) {
    case 'submitted':
      return { ...common, status: 'submitted' };
    case 'accepted':
      return { ...common, ...reviewed, status: 'accepted' };
    case 'returned':
      return { ...common, ...reviewed, status: 'returned', reason: r.returnReason! };
    case 'published':
      return { ...common, ...reviewed, status: 'published', publishedBy: r.publishedBy!, publishedAt: r.publishedAt! };
  }
}

export function guidingCaseRepo(db: Db): GuidingCaseRepo {
  return {
    async create(c) {
      const [row] = await db.insert(guidingCases).values({ ...c, status: 'submitted' }).returning();
      return toCase(row!);
    },
    async byRecordNo(recordNo) {
      const [row] = await db.select().from(guidingCases).where(eq(guidingCases.recordNo, recordNo));
      return row ? toCase(row) : null;
    },
    async update(before, after) {
      const reviewed = after.status === 'submitted' ? null : after;
      const rows = await db
        .update(guidingCases)
        .set({
          status: after.status,
          reviewedBy: reviewed?.reviewedBy ?? null,
          reviewedAt: reviewed?.reviewedAt ?? null,
          returnReason: after.status === 'returned' ? after.reason : null,
          publishedBy: after.status === 'published' ? after.publishedBy : null,
          publishedAt: after.status === 'published' ? after.publishedAt : null,
        })
        .where(and(eq(guidingCases.id, before.id), eq(guidingCases.status, before.status)))
        .returning({ id: guidingCases.id });
      return rows.length === 1;
    },
    async list(orgIds, statuses, limit) {
      if (orgIds && !orgIds.length) return [];
      const rows = await db
        .select()
        .from(guidingCases)
        .where(and(inArray(guidingCases.status, [...statuses]), orgIds ? inArray(guidingCases.orgId, [...orgIds]) : undefined))
        .orderBy(asc(guidingCases.submittedAt), asc(guidingCases.id))
        .limit(limit);
      return rows.map(toCase);
    },
  };
}

export const guidingCaseStorage = mechanism({
  name: 'guiding-cases',
  tables,
  ports: ({ db }) => ({ guidingCases: guidingCaseRepo(db) }),
  mergePerson: (db, from, into) => reassignPerson(db, guidingCases, [guidingCases.submittedBy, guidingCases.reviewedBy, guidingCases.publishedBy], from, into),
});
