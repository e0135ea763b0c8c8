/**
 * The staff console's sign-in codes, and its sessions — rows of web_sessions of kind
 * 'console' (the web chat's own mechanism: hashed server-issued ids, ended by deleting the
 * row), each opening a person rather than a chat account (domain/console.ts ConsoleRepo).
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { CONSOLE_CODE_MS, CONSOLE_IDLE_MS, CONSOLE_MAX_MS, type ConsoleRepo } from '../../domain/console';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import { webSessions } from '../identity/schema';
import * as tables from './schema';
import { consoleCodes, documentNumbers } from './schema';

/** A session is marked used at most this often: reading a ledger page is not a write each time. */
const TOUCH_MS = 60_000;

const ago = (at: Date, ms: number) => new Date(at.getTime() - ms);

export function consoleRepo(db: Db): ConsoleRepo {
  const console = (sidHash: string) => and(eq(webSessions.sidHash, sidHash), eq(webSessions.kind, 'console'));
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
      // The person's dead console sessions go (idle too long or too old): the table keeps live ones.
      await db.delete(webSessions).where(and(
        eq(webSessions.kind, 'console'), eq(webSessions.personId, personId),
        or(lt(webSessions.lastSeenAt, ago(at, CONSOLE_IDLE_MS)), lt(webSessions.createdAt, ago(at, CONSOLE_MAX_MS))),
      ));
      await db.insert(webSessions).values({ sidHash, externalId: `console:${personId}`, kind: 'console', personId, createdAt: at, lastSeenAt: at });
    },
    async session(sidHash, at) {
      const live = and(console(sidHash), sql`${webSessions.lastSeenAt} > ${ago(at, CONSOLE_IDLE_MS)}`, sql`${webSessions.createdAt} > ${ago(at, CONSOLE_MAX_MS)}`);
      const [row] = await db.select({ personId: webSessions.personId, lastSeenAt: webSessions.lastSeenAt }).from(webSessions).where(live);
      if (!row?.personId || !row.lastSeenAt) return null;
      if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_MS) await db.update(webSessions).set({ lastSeenAt: at }).where(console(sidHash));
      return row.personId;
    },
    async endSession(sidHash) {
      await db.delete(webSessions).where(console(sidHash));
    },
    async documentNumber(d, at) {
      const mine = and(eq(documentNumbers.kind, d.kind), eq(documentNumbers.recordNo, d.recordNo));
      // Two first downloads at once may take the same next number: the loser finds the other's
      // row, or (another record took the number) tries the next one.
      for (let attempt = 0; attempt < 5; attempt++) {
        const [kept] = await db.select({ docNo: documentNumbers.docNo }).from(documentNumbers).where(mine);
        if (kept) return kept.docNo;
        const [last] = await db.select({ seq: sql<number>`max(${documentNumbers.seq})` }).from(documentNumbers)
          .where(and(eq(documentNumbers.orgId, d.orgId), eq(documentNumbers.year, d.year)));
        const seq = Number(last?.seq ?? 0) + 1;
        await db.insert(documentNumbers).values({ kind: d.kind, recordNo: d.recordNo, orgId: d.orgId, year: d.year, seq, docNo: d.format(seq), createdAt: at }).onConflictDoNothing();
      }
      throw new Error(`no 文号 for ${d.kind} ${d.recordNo}`);
    },
  };
}

export const consoleStorage = mechanism({
  name: 'console',
  tables,
  ports: ({ db }) => ({ console: consoleRepo(db) }),
  touches: { console: { issueCode: [], redeemCode: [], openSession: [], session: [], endSession: [], documentNumber: [] } },
});
