/** 执法信息报送 over drizzle (domain port InfoReportRepo). */
import type { InfoReportRepo } from '../domain/ports';
import type { Db } from './client';
import { infoReports } from './schema';

export function infoReportRepo(db: Db): InfoReportRepo {
  return {
    async create(r) {
      const [row] = await db.insert(infoReports).values(r).returning();
      return row!;
    },
  };
}
