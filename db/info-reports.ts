/** 执法信息报送 and 网上巡查 over drizzle (domain port InfoReportRepo). */
import { and, eq, sql } from 'drizzle-orm';
import type { InfoReportRepo } from '../domain/ports';
import type { Db } from './client';
import { infoInspections, infoReports } from './schema';

export function infoReportRepo(db: Db): InfoReportRepo {
  return {
    async create(r) {
      const [row] = await db.insert(infoReports).values(r).returning();
      return row!;
    },
    async countFor(orgId, period) {
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(infoReports)
        .where(and(eq(infoReports.orgId, orgId), eq(infoReports.period, period)));
      return r?.n ?? 0;
    },
    async createInspection(i) {
      const [row] = await db.insert(infoInspections).values(i).returning();
      return row!;
    },
  };
}
