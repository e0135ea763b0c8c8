/**
 * Who may see and act on a complaint (M3) — the one policy every surface asks (chat
 * replies, notifications, 查询, 待办, the HTTP APIs). The complainant sees their own; the
 * handling body, the body that forwarded it and the body asked to assist see it for their
 * work; the justice bureau supervises all.
 *
 * The complainant's identity (name, phone) is shown only to the complainant and to staff of
 * the handling body, and to them only while that body is known not to be the accused one —
 * never to the forwarder, the assisting body, the supervising bureau or an administrator of
 * another body. When it is not known which body is accused, every body but the justice
 * bureau may be, so it stays hidden (fail closed). README, "Readings of the plan".
 */
import type { Accused, Complaint, ComplaintFacts, Contact } from './complaint';
import { type Directory, ORG } from './organisation';
import { type Actor, hasRole, isAdmin, isStaffOf } from './roles';

export type ComplaintAction = 'accept' | 'forward' | 'assist' | 'resolve';

// 协调办 handles the complaints about the justice bureau itself (see `accusedHandler`).
const HANDLER_ROLES = ['officer', 'head', 'justice', 'coordination'] as const;

export function canView(a: Actor, c: Pick<Complaint, 'complainantPersonId' | 'handlingOrgId' | 'forwardedFromOrgId' | 'assistingOrgId'>, justiceBureauId: number): boolean {
  if (a.personId === c.complainantPersonId) return true;
  if (isAdmin(a) || hasRole(a, justiceBureauId, ['justice', 'head', 'officer'])) return true;
  return [c.handlingOrgId, c.forwardedFromOrgId, c.assistingOrgId].some((id) => id != null && isStaffOf(a, id));
}

/**
 * Whether `orgId` is, or may be, the body complained about. An unresolved accusation may
 * be about any body but the justice bureau: a complaint about the bureau itself names it.
 */
export function mayBeAccused(c: Pick<ComplaintFacts, 'accused'>, orgId: number, justiceBureauId: number): boolean {
  switch (c.accused.kind) {
    case 'none':
      return false;
    case 'body':
      return c.accused.orgId === orgId;
    case 'unresolved':
      return orgId !== justiceBureauId;
  }
}

export function canSeeIdentity(a: Actor, c: Pick<Complaint, 'complainantPersonId' | 'accused' | 'handlingOrgId'>, justiceBureauId: number): boolean {
  if (a.personId === c.complainantPersonId) return true;
  if (mayBeAccused(c, c.handlingOrgId, justiceBureauId) || !isStaffOf(a, c.handlingOrgId)) return false;
  // A person who also belongs to a body that is or may be accused would carry it there.
  return !a.grants.some((g) => mayBeAccused(c, g.orgId, justiceBureauId));
}

/** The complainant's contact as this viewer may see it: the only way a surface gets it. */
export type IdentityView = { shown: true; contact: Contact | null } | { shown: false };

export function identityFor(a: Actor, c: Pick<Complaint, 'complainantPersonId' | 'accused' | 'handlingOrgId' | 'contact'>, justiceBureauId: number): IdentityView {
  return canSeeIdentity(a, c, justiceBureauId) ? { shown: true, contact: c.contact } : { shown: false };
}

/**
 * The body that handles a complaint about a department or its officers (M3): the justice
 * bureau; about the bureau itself, the coordination office (our reading, as for 干预记录).
 * Null when no body is complained about (routing decides).
 */
export function accusedHandler(accused: Accused, ids: { justiceBureau: number; coordinationOffice: number }): number | null {
  if (accused.kind === 'none') return null;
  return accused.kind === 'body' && accused.orgId === ids.justiceBureau ? ids.coordinationOffice : ids.justiceBureau;
}

/** accusedHandler with the two bodies as the district directory has them. */
export const accusedHandlerIn = (dir: Directory, accused: Accused): number | null =>
  accusedHandler(accused, { justiceBureau: dir.byCode(ORG.justiceBureau)!.id, coordinationOffice: dir.byCode(ORG.coordinationOffice)!.id });

/**
 * Why `orgName` (id `orgId`) may not handle the complaint — routing, 更改受理单位 and 转办
 * alike — or null when it may: a body that is or may be accused only assists (M3).
 */
export function handlingRefusal(c: Pick<ComplaintFacts, 'accused'>, orgId: number, orgName: string, justiceBureauId: number): string | null {
  if (!mayBeAccused(c, orgId, justiceBureauId)) return null;
  const rule = orgId === justiceBureauId
    ? '对司法局及其工作人员的投诉举报由执法协调小组办公室受理，司法局只协助调查。'
    : '对执法部门及其执法人员的投诉举报由司法局受理，被投诉单位只协助调查。';
  return c.accused.kind === 'unresolved'
    ? `不能交由${orgName}办理：该投诉举报涉及执法部门或执法人员，但被投诉单位未确定，可能是任何部门。${rule}`
    : `不能交由${orgName}办理：它是被投诉单位。${rule}`;
}

/**
 * Why the complaint may not be forwarded at all, or null: one that may accuse any body and
 * is with the justice bureau has nowhere else to go (every other body may be the accused).
 */
export function forwardRefusal(c: Pick<Complaint, 'accused' | 'handlingOrgId'>, justiceBureauId: number): string | null {
  if (c.accused.kind !== 'unresolved' || c.handlingOrgId !== justiceBureauId) return null;
  return '不能转办：该投诉举报涉及执法部门或执法人员，但被投诉单位未确定，可能是任何部门，由司法局办理；被投诉单位只协助调查。';
}

/** Only officers, heads (or justice / coordination staff) of the handling body act on a complaint. */
export function canAct(a: Actor, c: Complaint, _action: ComplaintAction): boolean {
  return hasRole(a, c.handlingOrgId, HANDLER_ROLES);
}

export { HANDLER_ROLES };
