/** 提醒设置, the digest's once-a-day claims, and staff API tokens over drizzle. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { ApiTokenRepo, ReminderSettingsRepo } from '../domain/ports';
import type { Db } from './client';
import { apiTokens, digests, reminderSettings, roleGrants } from './schema';

export function reminderSettingsRepo(db: Db): ReminderSettingsRepo {
  return {
    async digestPaused(personId) {
      const [r] = await db.select({ p: reminderSettings.digestPaused }).from(reminderSettings).where(eq(reminderSettings.personId, personId));
      return r?.p ?? false;
    },
    async setDigestPaused(personId, paused, at) {
      await db
        .insert(reminderSettings)
        .values({ personId, digestPaused: paused, updatedAt: at })
        .onConflictDoUpdate({ target: reminderSettings.personId, set: { digestPaused: paused, updatedAt: at } });
    },
    async digestDue(day, limit) {
      const rows = await db
        .selectDistinct({ personId: roleGrants.personId })
        .from(roleGrants)
        .where(
          and(
            eq(roleGrants.role, 'liaison'),
            sql`NOT EXISTS (SELECT 1 FROM ${reminderSettings} s WHERE s.person_id = ${roleGrants.personId} AND s.digest_paused)`,
            sql`NOT EXISTS (SELECT 1 FROM ${digests} d WHERE d.person_id = ${roleGrants.personId} AND d.day = ${day})`,
          ),
        )
        .orderBy(asc(roleGrants.personId))
        .limit(limit);
      return rows.map((r) => r.personId);
    },
    async claimDigest(personId, day, items, at) {
      const rows = await db.insert(digests).values({ personId, day, items, at }).onConflictDoNothing().returning({ p: digests.personId });
      return rows.length === 1;
    },
  };
}

export function apiTokenRepo(db: Db): ApiTokenRepo {
  const revoke = async (personId: number, at: Date) =>
    (await db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id })).length;
  return {
    async issue(personId, tokenHash, at) {
      await revoke(personId, at);
      await db.insert(apiTokens).values({ personId, tokenHash, createdAt: at });
    },
    revoke,
    async holder(tokenHash, at) {
      const rows = await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
        .returning({ personId: apiTokens.personId });
      return rows[0]?.personId ?? null;
    },
  };
}
