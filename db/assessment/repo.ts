/** 考核自评 / 考核评议 over drizzle (domain port AssessmentRepo). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Assessment, AssessmentKind, AssessmentRepo, DistinctionKind, Grade, Item } from '../../domain/assessment';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { reassignPerson } from '../records';
import { assessments } from './schema';

type Row = typeof assessments.$inferSelect;

function toAssessment(r: Row): Assessment {
  const common = {
    id: r.id,
    recordNo: r.recordNo,
    kind: r.kind as AssessmentKind,
    orgId: r.orgId,
    period: r.period,
    items: r.items as Item[],
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    returned: r.returnReason != null ? { reason: r.returnReason, by: r.returnedBy!, at: r.returnedAt! } : null,
  };
  const submitted = { submittedBy: r.submittedBy!, submittedAt: r.submittedAt! };
  const filed = { ...submitted, approvedBy: r.approvedBy!, filedAt: r.filedAt! };
  const graded = { ...filed, grade: r.grade as Grade, gradedBy: r.gradedBy!, gradedAt: r.gradedAt! };
  switch (r.status) {
    case 'draft':
      return { ...common, status: 'draft' };
    case 'submitted':
      return { ...common, ...submitted, status: 'submitted' };
    case 'filed':
      return { ...common, ...filed, status: 'filed' };
    case 'graded':
      return { ...common, ...graded, status: 'graded' };
    case 'ratified':
      return {
        ...common, ...graded, status: 'ratified', result: r.result as Grade, ratifiedBy: r.ratifiedBy!, ratifiedAt: r.ratifiedAt!,
        distinction: r.distinction ? { kind: r.distinction as DistinctionKind, note: r.distinctionNote!, by: r.distinctionBy!, at: r.distinctionAt! } : null,
      };
  }
}

/** Every column a transition may change. */
function columns(a: Assessment) {
  const s = a.status === 'draft' ? null : a;
  const f = a.status === 'filed' || a.status === 'graded' || a.status === 'ratified' ? a : null;
  const g = a.status === 'graded' || a.status === 'ratified' ? a : null;
  const r = a.status === 'ratified' ? a : null;
  return {
    status: a.status,
    items: a.items,
    version: a.version,
    returnReason: a.returned?.reason ?? null,
    returnedBy: a.returned?.by ?? null,
    returnedAt: a.returned?.at ?? null,
    submittedBy: s?.submittedBy ?? null,
    submittedAt: s?.submittedAt ?? null,
    approvedBy: f?.approvedBy ?? null,
    filedAt: f?.filedAt ?? null,
    grade: g?.grade ?? null,
    gradedBy: g?.gradedBy ?? null,
    gradedAt: g?.gradedAt ?? null,
    result: r?.result ?? null,
    ratifiedBy: r?.ratifiedBy ?? null,
    ratifiedAt: r?.ratifiedAt ?? null,
    distinction: r?.distinction?.kind ?? null,
    distinctionNote: r?.distinction?.note ?? null,
    distinctionBy: r?.distinction?.by ?? null,
    distinctionAt: r?.distinction?.at ?? null,
  };
}

export function assessmentRepo(db: Db): AssessmentRepo {
  const find = async (kind: AssessmentKind, orgId: number, period: string) => {
    const [row] = await db.select().from(assessments).where(and(eq(assessments.kind, kind), eq(assessments.orgId, orgId), eq(assessments.period, period)));
    return row ? toAssessment(row) : null;
  };
  return {
    async open(a) {
      const [row] = await db.insert(assessments).values({ ...a, status: 'draft', items: [] }).onConflictDoNothing().returning();
      return row ? toAssessment(row) : (await find(a.kind, a.orgId, a.period))!;
    },
    find,
    async byRecordNo(recordNo) {
      const [row] = await db.select().from(assessments).where(eq(assessments.recordNo, recordNo));
      return row ? toAssessment(row) : null;
    },
    async update(before, after) {
      const rows = await db
        .update(assessments)
        .set(columns(after))
        .where(and(eq(assessments.id, before.id), eq(assessments.version, before.version)))
        .returning({ id: assessments.id });
      return rows.length === 1;
    },
    async list(orgIds, statuses, limit) {
      if (orgIds && !orgIds.length) return [];
      const rows = await db
        .select()
        .from(assessments)
        .where(and(inArray(assessments.status, [...statuses]), orgIds ? inArray(assessments.orgId, [...orgIds]) : undefined))
        .orderBy(asc(assessments.period), asc(assessments.id))
        .limit(limit);
      return rows.map(toAssessment);
    },
    async ofPeriods(periods, statuses) {
      if (!periods.length || !statuses.length) return [];
      const rows = await db
        .select()
        .from(assessments)
        .where(and(inArray(assessments.period, [...periods]), inArray(assessments.status, [...statuses])))
        .orderBy(asc(assessments.period), asc(assessments.orgId));
      return rows.map(toAssessment);
    },
  };
}

export const assessmentStorage = mechanism({
  name: 'assessment',
  tables,
  ports: ({ db }) => ({ assessments: assessmentRepo(db) }),
  mergePerson: (db, from, into) =>
    reassignPerson(db, assessments, [
      assessments.createdBy, assessments.returnedBy, assessments.submittedBy, assessments.approvedBy, assessments.gradedBy,
      assessments.ratifiedBy, assessments.distinctionBy,
    ], from, into),
});
