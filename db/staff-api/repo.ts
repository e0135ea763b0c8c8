/** 接口令牌 over drizzle (domain port ApiTokenRepo in domain/api-token.ts). */
import { and, eq, isNull } from 'drizzle-orm';
import type { ApiTokenRepo } from '../../domain/api-token';
import type { Db } from '../client';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { apiTokens } from './schema';

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

export const staffApiStorage = mechanism({
  name: 'staff-api',
  tables,
  ports: ({ db }) => ({ apiTokens: apiTokenRepo(db) }),
  async mergePerson(db, from, into) {
    await db.update(apiTokens).set({ personId: into }).where(eq(apiTokens.personId, from));
  },
});
