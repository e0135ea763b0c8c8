/** Links awaiting confirmation, detaching an account, role holders and revocation; web sessions (domain/identity.ts). */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { IdentityRepo, LinkRequest, WebSessionRepo } from '../domain/identity';
import type { StaffRole } from '../domain/roles';
import type { Db } from './client';
import { accounts, linkRequests, people, roleGrants, webSessions } from './schema';

type LinkRow = typeof linkRequests.$inferSelect;

const toLink = (r: LinkRow): LinkRequest => ({
  id: r.id,
  fromPersonId: r.fromPersonId,
  intoPersonId: r.intoPersonId,
  holderPersonId: r.holderPersonId,
  roles: r.roles.map((g) => ({ orgId: g.orgId, role: g.role as StaffRole })),
  redeemerPlatform: r.redeemerPlatform,
  expiresAt: r.expiresAt,
});

/** `forget` drops what the store remembers about people: detach and revoke change it. */
export function identityRepo(db: Db, forget: () => void): IdentityRepo {
  const open = (holder: number, now: Date) =>
    and(eq(linkRequests.holderPersonId, holder), isNull(linkRequests.closedAt), gt(linkRequests.expiresAt, now));
  return {
    async openLink(r, confirmHash) {
      const [row] = await db.insert(linkRequests).values({ ...r, confirmHash }).returning({ id: linkRequests.id });
      return row!.id;
    },
    async openLinksOf(holder, now) {
      return (await db.select().from(linkRequests).where(open(holder, now)).orderBy(desc(linkRequests.id))).map(toLink);
    },
    async renewCode(id, confirmHash) {
      await db.update(linkRequests).set({ confirmHash }).where(eq(linkRequests.id, id));
    },
    async linkByCode(holder, confirmHash, now) {
      const [row] = await db.select().from(linkRequests).where(and(open(holder, now), eq(linkRequests.confirmHash, confirmHash)));
      return row ? toLink(row) : null;
    },
    async closeLinks(holder, outcome, now, id) {
      const rows = await db
        .update(linkRequests)
        .set({ closedAt: now, outcome })
        .where(and(eq(linkRequests.holderPersonId, holder), isNull(linkRequests.closedAt), id === undefined ? undefined : eq(linkRequests.id, id)))
        .returning({ id: linkRequests.id });
      return rows.length;
    },
    async detach(accountId) {
      forget();
      const [person] = await db.insert(people).values({}).returning({ id: people.id });
      await db.update(accounts).set({ personId: person!.id }).where(eq(accounts.id, accountId));
      return person!.id;
    },
    async holders(orgId) {
      const rows = await db
        .select({
          personId: roleGrants.personId, role: roleGrants.role, grantedAt: roleGrants.grantedAt, displayName: people.displayName,
          platforms: sql<string[] | null>`(SELECT array_agg(DISTINCT a.platform ORDER BY a.platform) FROM ${accounts} a WHERE a.person_id = ${roleGrants.personId})`,
        })
        .from(roleGrants)
        .innerJoin(people, eq(people.id, roleGrants.personId))
        .where(eq(roleGrants.orgId, orgId))
        .orderBy(asc(roleGrants.role), asc(roleGrants.grantedAt), asc(roleGrants.personId));
      return rows.map((r) => ({ ...r, role: r.role as StaffRole, platforms: r.platforms ?? [] }));
    },
    async revoke(personId, orgId, role) {
      forget();
      const gone = await db
        .delete(roleGrants)
        .where(and(eq(roleGrants.personId, personId), eq(roleGrants.orgId, orgId), eq(roleGrants.role, role)))
        .returning({ p: roleGrants.personId });
      return gone.length > 0;
    },
  };
}

export function webSessionRepo(db: Db): WebSessionRepo {
  return {
    async find(sidHash) {
      // A console session (kind 'console') never opens a chat account.
      const [row] = await db.select({ e: webSessions.externalId }).from(webSessions).where(and(eq(webSessions.sidHash, sidHash), eq(webSessions.kind, 'chat')));
      return row?.e ?? null;
    },
    async create(sidHash, externalId) {
      await db.insert(webSessions).values({ sidHash, externalId });
    },
    async rotate(oldHash, newHash) {
      const rows = await db
        .update(webSessions)
        .set({ sidHash: newHash, rotatedAt: new Date() })
        .where(eq(webSessions.sidHash, oldHash))
        .returning({ e: webSessions.externalId });
      return rows.length > 0;
    },
    async end(sidHash) {
      await db.delete(webSessions).where(eq(webSessions.sidHash, sidHash));
    },
  };
}
