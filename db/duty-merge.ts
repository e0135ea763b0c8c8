/** When two people merge (绑定账号), the duty records of `from` follow into `into` (called by PeopleRepo.merge). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { apiTokens, assessments, digests, guidingCases, infoInspections, infoReports, reminderSettings } from './schema';

export async function mergeDutyRecords(db: Db, from: number, into: number): Promise<void> {
  for (const col of ['createdBy', 'returnedBy', 'submittedBy', 'approvedBy', 'gradedBy', 'ratifiedBy', 'distinctionBy'] as const) {
    await db.update(assessments).set({ [col]: into }).where(eq(assessments[col], from));
  }
  for (const col of ['submittedBy', 'reviewedBy', 'publishedBy'] as const) {
    await db.update(guidingCases).set({ [col]: into }).where(eq(guidingCases[col], from));
  }
  for (const col of ['submittedBy', 'usedBy'] as const) {
    await db.update(infoReports).set({ [col]: into }).where(eq(infoReports[col], from));
  }
  await db.update(infoInspections).set({ inspectedBy: into }).where(eq(infoInspections.inspectedBy, from));
  await db.execute(sql`INSERT INTO reminder_settings (person_id, digest_paused, updated_at)
    SELECT ${into}, digest_paused, updated_at FROM reminder_settings WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
  await db.delete(reminderSettings).where(eq(reminderSettings.personId, from));
  await db.execute(sql`INSERT INTO digests (person_id, day, items, at)
    SELECT ${into}, day, items, at FROM digests WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
  await db.delete(digests).where(eq(digests.personId, from));
  await db.update(apiTokens).set({ personId: into }).where(eq(apiTokens.personId, from));
}
