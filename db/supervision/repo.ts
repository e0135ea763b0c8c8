/** 监督检查 and 监督通知书 over drizzle (domain port SupervisionRepo in domain/supervision.ts). */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type {
  Inspection, InspectionMethod, Notice, NoticeIssued, PastRound, SupervisionRepo, SupervisionSubject,
} from '../../domain/supervision';
import type { Db } from '../client';
import { reassignPerson } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { inspections, supervisionNotices } from './schema';

type InspectionRow = typeof inspections.$inferSelect;
type NoticeRow = typeof supervisionNotices.$inferSelect;

const toInspection = (r: InspectionRow): Inspection => ({
  id: r.id,
  no: r.no,
  inspectorOrgId: r.inspectorOrgId,
  method: r.method as InspectionMethod,
  subjects: r.subjects as SupervisionSubject[],
  orgIds: r.orgIds,
  officers: r.officers,
  summary: r.summary,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt,
  bulletinAt: r.bulletinAt,
});

type StoredRound = Omit<PastRound, 'reportedAt' | 'returnedAt'> & { reportedAt: string; returnedAt: string };

function toNotice(r: NoticeRow): Notice {
  const history = (r.history as unknown as StoredRound[]).map((h) => ({ ...h, reportedAt: new Date(h.reportedAt), returnedAt: new Date(h.returnedAt) }));
  const common = {
    id: r.id, no: r.no, inspectionId: r.inspectionId, orgId: r.orgId, findings: r.findings, dueDate: r.dueDate, dueAt: r.dueAt,
    issuedBy: r.issuedBy, issuedAt: r.issuedAt, round: r.round, history, version: r.version,
  };
  if (r.status === 'issued') return { ...common, status: 'issued' };
  const reported = { ...common, report: r.report!, reportedAt: r.reportedAt!, reportedBy: r.reportedBy! };
  if (r.status === 'reported') return { ...reported, status: 'reported' };
  const reviewed = { ...reported, reviewedBy: r.reviewedBy!, reviewedAt: r.reviewedAt! };
  if (r.status === 'accepted') return { ...reviewed, status: 'accepted' };
  return { ...reviewed, status: 'failed', failReason: r.failReason! };
}

function columns(n: Notice) {
  const reported = n.status === 'issued' ? null : n;
  const reviewed = n.status === 'accepted' || n.status === 'failed' ? n : null;
  return {
    status: n.status,
    round: n.round,
    dueDate: n.dueDate,
    dueAt: n.dueAt,
    history: n.history.map((h) => ({ ...h, reportedAt: h.reportedAt.toISOString(), returnedAt: h.returnedAt.toISOString() })),
    report: reported?.report ?? null,
    reportedAt: reported?.reportedAt ?? null,
    reportedBy: reported?.reportedBy ?? null,
    reviewedBy: reviewed?.reviewedBy ?? null,
    reviewedAt: reviewed?.reviewedAt ?? null,
    failReason: n.status === 'failed' ? n.failReason : null,
  };
}

export function supervisionRepo(db: Db): SupervisionRepo {
  return {
    async createInspection(i, no) {
      const [row] = await db
        .insert(inspections)
        .values({
          no, inspectorOrgId: i.inspectorOrgId, method: i.method, subjects: i.subjects, orgIds: i.orgIds, officers: i.officers, summary: i.summary,
          recordedBy: i.recordedBy, recordedAt: i.recordedAt,
        })
        .returning();
      return toInspection(row!);
    },

    async inspectionByNo(no) {
      const [row] = await db.select().from(inspections).where(eq(inspections.no, no));
      return row ? toInspection(row) : null;
    },

    async inspectionById(id) {
      const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
      return row ? toInspection(row) : null;
    },

    async publishBulletin(inspectionId, at) {
      const rows = await db
        .update(inspections)
        .set({ bulletinAt: at })
        .where(and(eq(inspections.id, inspectionId), isNull(inspections.bulletinAt)))
        .returning({ id: inspections.id });
      return rows.length === 1;
    },

    async createNotice(n, no) {
      const [row] = await db
        .insert(supervisionNotices)
        .values({
          no, inspectionId: n.inspectionId, orgId: n.orgId, status: 'issued', findings: n.findings, round: 1,
          dueDate: n.dueDate, dueAt: n.dueAt, issuedBy: n.issuedBy, issuedAt: n.issuedAt,
        })
        .returning();
      return toNotice(row!) as NoticeIssued;
    },

    async noticeByNo(no) {
      const [row] = await db.select().from(supervisionNotices).where(eq(supervisionNotices.no, no));
      return row ? toNotice(row) : null;
    },

    async updateNotice(before, after) {
      const rows = await db
        .update(supervisionNotices)
        .set({ ...columns(after), version: sql`${supervisionNotices.version} + 1` })
        .where(and(eq(supervisionNotices.id, before.id), eq(supervisionNotices.status, before.status), eq(supervisionNotices.version, before.version)))
        .returning({ id: supervisionNotices.id });
      return rows.length === 1;
    },

    async noticesOf(inspectionId) {
      const rows = await db.select().from(supervisionNotices).where(eq(supervisionNotices.inspectionId, inspectionId)).orderBy(asc(supervisionNotices.id));
      return rows.map(toNotice);
    },

    async noticesIn(statuses, limit) {
      if (!statuses.length) return [];
      const rows = await db
        .select()
        .from(supervisionNotices)
        .where(inArray(supervisionNotices.status, [...statuses]))
        .orderBy(asc(supervisionNotices.dueAt), asc(supervisionNotices.id))
        .limit(limit);
      return rows.map(toNotice);
    },
  };
}

async function reassignSupervisionPerson(db: Db, from: number, into: number): Promise<void> {
  await reassignPerson(db, inspections, [inspections.recordedBy], from, into);
  const n = supervisionNotices;
  await reassignPerson(db, n, [n.issuedBy, n.reportedBy, n.reviewedBy], from, into);
}

export const supervisionStorage = mechanism({
  name: 'supervision',
  tables,
  ports: ({ db }) => ({ supervision: supervisionRepo(db) }),
  mergePerson: reassignSupervisionPerson,
});
