/** 执法信息报送 and 网上巡查 over drizzle (domain port InfoReportRepo). */
import type { InfoReportRepo } from '../domain/ports';
import type { Db } from './client';
import { infoInspections, infoReports } from './schema';

export function infoReportRepo(db: Db): InfoReportRepo {
  return {
    async create(r) {
      const [row] = await db.insert(infoReports).values(r).returning();
      return row!;
    },
    async createInspection(i) {
      const [row] = await db.insert(infoInspections).values(i).returning();
      return row!;
    },
  };
}
