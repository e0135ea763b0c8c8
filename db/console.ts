/** The staff console's sign-in codes and sessions over drizzle (domain/console.ts ConsoleRepo). */
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { CONSOLE_CODE_MS, CONSOLE_IDLE_MS, CONSOLE_MAX_MS, type ConsoleRepo } from '../domain/console';
import type { Db } from './client';
import { consoleCodes, consoleSessions } from './schema';

/** A session is marked used at most this often: reading a ledger page is not a write each time. */
const TOUCH_MS = 60_000;

const ago = (at: Date, ms: number) => new Date(at.getTime() - ms);

export function consoleRepo(db: Db): ConsoleRepo {
  return {
    async issueCode(personId, codeHash, at) {
      // The person's earlier codes stop working; spent and expired ones are forgotten.
      await db.delete(consoleCodes).where(eq(consoleCodes.personId, personId));
      await db.insert(consoleCodes).values({ codeHash, personId, createdAt: at, expiresAt: new Date(at.getTime() + CONSOLE_CODE_MS) });
    },
    async redeemCode(codeHash, at) {
      const rows = await db
        .update(consoleCodes)
        .set({ usedAt: at })
        .where(and(eq(consoleCodes.codeHash, codeHash), isNull(consoleCodes.usedAt), sql`${consoleCodes.expiresAt} > ${at}`))
        .returning({ personId: consoleCodes.personId });
      return rows[0]?.personId ?? null;
    },
    async openSession(sidHash, personId, at) {
      // The person's dead sessions go (ended, idle too long or too old): the table holds live ones and a few.
      await db.delete(consoleSessions).where(and(
        eq(consoleSessions.personId, personId),
        or(isNotNull(consoleSessions.endedAt), lt(consoleSessions.lastSeenAt, ago(at, CONSOLE_IDLE_MS)), lt(consoleSessions.createdAt, ago(at, CONSOLE_MAX_MS))),
      ));
      await db.insert(consoleSessions).values({ sidHash, personId, createdAt: at, lastSeenAt: at });
    },
    async session(sidHash, at) {
      const live = and(
        eq(consoleSessions.sidHash, sidHash), isNull(consoleSessions.endedAt),
        sql`${consoleSessions.lastSeenAt} > ${ago(at, CONSOLE_IDLE_MS)}`, sql`${consoleSessions.createdAt} > ${ago(at, CONSOLE_MAX_MS)}`,
      );
      const [row] = await db.select({ personId: consoleSessions.personId, lastSeenAt: consoleSessions.lastSeenAt }).from(consoleSessions).where(live);
      if (!row) return null;
      if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_MS) await db.update(consoleSessions).set({ lastSeenAt: at }).where(eq(consoleSessions.sidHash, sidHash));
      return row.personId;
    },
    async endSession(sidHash, at) {
      await db.update(consoleSessions).set({ endedAt: at }).where(and(eq(consoleSessions.sidHash, sidHash), isNull(consoleSessions.endedAt)));
    },
  };
}
