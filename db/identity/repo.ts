/**
 * Identity over drizzle (domain/identity.ts): invitation and link codes, links awaiting
 * confirmation, detaching an account, role holders and revocation; web sessions.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { IdentityRepo, InviteRepo, LinkCodeRepo, LinkRequest, WebSessionRepo } from '../../domain/identity';
import type { StaffRole } from '../../domain/roles';
import type { Db } from '../client';
import { accounts, people, roleGrants } from '../core-schema';
import { mechanism } from '../mechanism';
import * as tables from './schema';
import { invites, linkCodes, linkRequests, webSessions } from './schema';

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

export const linkCodeRepo = (db: Db): LinkCodeRepo => ({
  async create(codeHash, personId, expiresAt) {
    await db.insert(linkCodes).values({ codeHash, personId, expiresAt });
  },
  async redeem(codeHash, redeemer, now) {
    const live = and(eq(linkCodes.codeHash, codeHash), isNull(linkCodes.usedAt), sql`${linkCodes.expiresAt} > ${now}`);
    const rows = await db
      .update(linkCodes)
      .set({ usedAt: now })
      .where(and(live, sql`${linkCodes.personId} <> ${redeemer}`))
      .returning({ personId: linkCodes.personId });
    if (rows[0]) return rows[0].personId;
    const own = await db.select({ p: linkCodes.personId }).from(linkCodes).where(and(live, eq(linkCodes.personId, redeemer)));
    return own.length ? 'own' : null;
  },
});

export const inviteRepo = (db: Db): InviteRepo => ({
  async create(codeHash, orgId, role, expiresAt) {
    await db.insert(invites).values({ codeHash, orgId, role, expiresAt });
  },
  async redeem(codeHash, personId, now) {
    const rows = await db
      .update(invites)
      .set({ usedAt: now, usedBy: personId })
      .where(and(eq(invites.codeHash, codeHash), isNull(invites.usedAt), sql`${invites.expiresAt} > ${now}`))
      .returning({ orgId: invites.orgId, role: invites.role });
    return rows[0] ? { orgId: rows[0].orgId, role: rows[0].role as StaffRole } : null;
  },
});

export const identityStorage = mechanism({
  name: 'identity',
  tables,
  ports: ({ db, forget }) => ({ invites: inviteRepo(db), linkCodes: linkCodeRepo(db), identity: identityRepo(db, forget) }),
  touches: {
    invites: { create: [], redeem: [] },
    linkCodes: { create: [], redeem: [] },
    identity: { openLink: [], openLinksOf: [], renewCode: [], linkByCode: [], closeLinks: [], detach: [], holders: [], revoke: [] },
  },
  async mergePerson(db, from, into) {
    await db.update(invites).set({ usedBy: into }).where(eq(invites.usedBy, from));
    await db.update(linkCodes).set({ personId: into }).where(eq(linkCodes.personId, from));
  },
});
