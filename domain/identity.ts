/**
 * Who a person is across accounts, and how roles may (not) move between people.
 *
 * Roles move only by invitation: linking two accounts (关联) must never hand one person's
 * roles to someone else without the role holder saying so on their own account. So a
 * link that joins a role holder with another person waits for that holder's explicit
 * confirmation (a code shown only on the holder's account, naming the roles), and two
 * role holders are never joined by a link at all.
 */
import type { RoleGrant, StaffRole } from './roles';

/** What a link between the code's owner and the person redeeming it needs. */
export type LinkDecision =
  | { kind: 'merge' } // neither holds a role: nothing of authority moves
  | { kind: 'confirm'; holder: 'owner' | 'redeemer' } // one holds roles: they must confirm
  | { kind: 'refuse' }; // both hold roles: an administrator revokes one side first

export function linkDecision(ownerGrants: readonly RoleGrant[], redeemerGrants: readonly RoleGrant[]): LinkDecision {
  if (ownerGrants.length && redeemerGrants.length) return { kind: 'refuse' };
  if (ownerGrants.length) return { kind: 'confirm', holder: 'owner' };
  if (redeemerGrants.length) return { kind: 'confirm', holder: 'redeemer' };
  return { kind: 'merge' };
}

/** The same roles, in any order. A confirmation counts only for the roles it named. */
export function sameGrants(a: readonly RoleGrant[], b: readonly RoleGrant[]): boolean {
  const key = (g: RoleGrant) => `${g.orgId}:${g.role}`;
  const x = new Set(a.map(key));
  return x.size === new Set(b.map(key)).size && b.every((g) => x.has(key(g)));
}

/** A link waiting for the role holder's confirmation (确认关联). */
export interface LinkRequest {
  id: number;
  /** The person merged away (who redeemed the code). */
  fromPersonId: number;
  /** The person kept (who asked for the code). */
  intoPersonId: number;
  /** The side holding roles: the only one whose account may confirm. */
  holderPersonId: number;
  /** The holder's roles when asked: the confirmation names these and only these. */
  roles: RoleGrant[];
  /** The account that redeemed the code (named to the holder by its platform). */
  redeemerPlatform: string;
  expiresAt: Date;
}

export type LinkOutcome = 'confirmed' | 'refused' | 'wrong-code' | 'stale';

/** A person holding a role in an organisation, as an administrator sees them (撤销职务). */
export interface RoleHolder {
  personId: number;
  role: StaffRole;
  grantedAt: Date;
  displayName: string | null;
  platforms: string[];
}

export interface IdentityRepo {
  openLink(r: Omit<LinkRequest, 'id'>, confirmHash: string): Promise<number>;
  /** The holder's open, unexpired requests, newest first. */
  openLinksOf(holderPersonId: number, now: Date): Promise<LinkRequest[]>;
  /** Replaces the confirmation code of an open request (a code is shown once, so showing it again means a new one). */
  renewCode(id: number, confirmHash: string): Promise<void>;
  /** The open request with this confirmation code, if the holder has one. */
  linkByCode(holderPersonId: number, confirmHash: string, now: Date): Promise<LinkRequest | null>;
  /** Closes open requests (one, or all of the holder's); how many. */
  closeLinks(holderPersonId: number, outcome: LinkOutcome, now: Date, id?: number): Promise<number>;
  /** Moves one account to a new person of its own; that person's id. */
  detach(accountId: number): Promise<number>;
  holders(orgId: number): Promise<RoleHolder[]>;
  /** Removes one grant; false when it was not held. */
  revoke(personId: number, orgId: number, role: StaffRole): Promise<boolean>;
}

/**
 * Web chat sessions: the browser holds a random id, the server keeps only its hash and
 * the web account it opens. Ids are issued by the server only, replaced when the account
 * gains authority (绑定, 关联) and forgotten on 退出登录.
 */
export interface WebSessionRepo {
  /** The web account's external id of a live session, or null. */
  find(sidHash: string): Promise<string | null>;
  create(sidHash: string, externalId: string): Promise<void>;
  /** Moves the session to a new id; false when the old one is gone. */
  rotate(oldHash: string, newHash: string): Promise<boolean>;
  end(sidHash: string): Promise<void>;
}

export interface LinkCodeRepo {
  create(codeHash: string, personId: number, expiresAt: Date): Promise<void>;
  /**
   * The person who asked for the code, when someone else redeems it (single use); 'own'
   * when its owner sends it (not spent); null when unknown, used or expired.
   */
  redeem(codeHash: string, redeemer: number, now: Date): Promise<number | 'own' | null>;
}

export interface InviteRepo {
  create(codeHash: string, orgId: number, role: StaffRole, expiresAt: Date): Promise<void>;
  /** Marks the code used; null when unknown, used or expired. Single use even under races. */
  redeem(codeHash: string, personId: number, now: Date): Promise<{ orgId: number; role: StaffRole } | null>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    invites: InviteRepo;
    linkCodes: LinkCodeRepo;
    identity: IdentityRepo; // 关联 confirmations, 解除关联, 撤销职务
  }
}
