/** 网上巡查 over drizzle (domain port OnlineInspectionRepo in domain/inspection.ts). */
import { and, eq, isNull } from 'drizzle-orm';
import type { Inspection, OnlineInspectionRepo } from '../../domain/inspection';
import type { Db } from '../client';
import { reassignPerson } from '../records';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { infoInspections } from './schema';

type Row = typeof infoInspections.$inferSelect;

const toInspection = ({ reviewOpinion, reviewedBy, reviewedAt, ...r }: Row): Inspection => ({
  ...r,
  review: reviewOpinion != null ? { opinion: reviewOpinion, by: reviewedBy!, at: reviewedAt! } : null,
});

export function onlineInspectionRepo(db: Db): OnlineInspectionRepo {
  return {
    async create(i) {
      const [row] = await db.insert(infoInspections).values(i).returning();
      return toInspection(row!);
    },
    async byNo(recordNo) {
      const [row] = await db.select().from(infoInspections).where(eq(infoInspections.recordNo, recordNo));
      return row ? toInspection(row) : null;
    },
    async saveReview(i) {
      if (!i.review) return false;
      const rows = await db
        .update(infoInspections)
        .set({ reviewOpinion: i.review.opinion, reviewedBy: i.review.by, reviewedAt: i.review.at })
        .where(and(eq(infoInspections.id, i.id), isNull(infoInspections.reviewedAt)))
        .returning({ id: infoInspections.id });
      return rows.length === 1;
    },
  };
}

export const inspectionStorage = mechanism({
  name: 'inspection',
  tables,
  ports: ({ db }) => ({ onlineInspections: onlineInspectionRepo(db) }),
  mergePerson: (db, from, into) => reassignPerson(db, infoInspections, [infoInspections.inspectedBy, infoInspections.reviewedBy], from, into),
});
