/** 执法信息报送 over drizzle (domain port InfoReportRepo). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { InfoReport, InfoReportRepo } from '../../domain/info-report';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { reassignPerson } from '../records';
import * as tables from './schema';
import { infoReports } from './schema';

type Row = typeof infoReports.$inferSelect;

function toReport(r: Row): InfoReport {
  const { usedBy, usedAt, usedNote, ...rest } = r;
  return { ...rest, used: usedBy != null && usedAt != null ? { by: usedBy, at: usedAt, note: usedNote ?? '' } : null };
}

export function infoReportRepo(db: Db): InfoReportRepo {
  return {
    async create(r) {
      const [row] = await db.insert(infoReports).values(r).returning();
      return toReport(row!);
    },
    async byRecordNo(recordNo) {
      const [row] = await db.select().from(infoReports).where(eq(infoReports.recordNo, recordNo));
      return row ? toReport(row) : null;
    },
    async markUsed(after) {
      if (!after.used) return false;
      const rows = await db
        .update(infoReports)
        .set({ usedBy: after.used.by, usedAt: after.used.at, usedNote: after.used.note })
        .where(and(eq(infoReports.id, after.id), isNull(infoReports.usedAt)))
        .returning({ id: infoReports.id });
      return rows.length === 1;
    },
    async ofMonth(period, orgId) {
      const rows = await db
        .select()
        .from(infoReports)
        .where(and(eq(infoReports.period, period), orgId === undefined ? undefined : eq(infoReports.orgId, orgId)))
        .orderBy(asc(infoReports.orgId), asc(infoReports.submittedAt), asc(infoReports.id));
      return rows.map(toReport);
    },
  };
}

export const infoReportStorage = mechanism({
  name: 'info-reports',
  tables,
  ports: ({ db }) => ({ infoReports: infoReportRepo(db) }),
  mergePerson: (db, from, into) => reassignPerson(db, infoReports, [infoReports.submittedBy, infoReports.usedBy], from, into),
});
