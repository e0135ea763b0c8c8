/**
 * Who may see and act on a complaint (M3). The complainant sees their own; the
 * handling body, the body that forwarded it and the body asked to assist see it for
 * their work; the justice bureau supervises all. The complainant's identity never
 * reaches anyone in the department complained about — whatever else they may do.
 */
import type { Complaint } from './complaint';
import { type Actor, hasRole, isAdmin, isStaffOf } from './roles';

export type ComplaintAction = 'accept' | 'forward' | 'assist' | 'resolve';

const HANDLER_ROLES = ['officer', 'head', 'justice'] as const;

export function canView(a: Actor, c: Complaint, justiceBureauId: number): boolean {
  if (a.personId === c.complainantPersonId) return true;
  if (isAdmin(a) || hasRole(a, justiceBureauId, ['justice', 'head', 'officer'])) return true;
  return [c.handlingOrgId, c.forwardedFromOrgId, c.assistingOrgId].some((id) => id != null && isStaffOf(a, id));
}

export function canSeeIdentity(a: Actor, c: Complaint, justiceBureauId: number): boolean {
  if (a.personId === c.complainantPersonId) return true;
  if (c.accusedOrgId != null && isStaffOf(a, c.accusedOrgId)) return false;
  if (isAdmin(a) || hasRole(a, justiceBureauId, ['justice', 'head', 'officer'])) return true;
  return isStaffOf(a, c.handlingOrgId);
}

/** Only officers, heads (or justice staff) of the handling body act on a complaint. */
export function canAct(a: Actor, c: Complaint, _action: ComplaintAction): boolean {
  return hasRole(a, c.handlingOrgId, HANDLER_ROLES);
}

export { HANDLER_ROLES };
