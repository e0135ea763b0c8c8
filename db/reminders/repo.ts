/** 提醒设置 and the digest's once-a-day claims over drizzle (domain port ReminderSettingsRepo in domain/deadlines/digest.ts). */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { ReminderSettingsRepo } from '../../domain/deadlines/digest';
import type { Db } from '../client';
import { roleGrants } from '../core-schema';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { digests, reminderSettings } from './schema';

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

export const reminderStorage = mechanism({
  name: 'reminders',
  tables,
  ports: ({ db }) => ({ reminderSettings: reminderSettingsRepo(db) }),
  async mergePerson(db, from, into) {
    // Keyed by person: the survivor's own setting and digest days win.
    await db.execute(sql`INSERT INTO reminder_settings (person_id, digest_paused, updated_at)
      SELECT ${into}, digest_paused, updated_at FROM reminder_settings WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
    await db.delete(reminderSettings).where(eq(reminderSettings.personId, from));
    await db.execute(sql`INSERT INTO digests (person_id, day, items, at)
      SELECT ${into}, day, items, at FROM digests WHERE person_id = ${from} ON CONFLICT DO NOTHING`);
    await db.delete(digests).where(eq(digests.personId, from));
  },
});
