/**
 * Who may see and do what with case records. Cases are internal to the bodies: no
 * citizen sees them. The justice bureau supervises every transfer (M4 监督协调机关) and
 * sees them all; the procuratorate sees the criminal transfers it is copied; the bodies
 * outside the district's executive (police, procuratorate, discipline commission) act
 * through their liaison (联络员), the one role the directory gives them.
 */
import { ORG, type Directory } from '../organisation';
import { type Actor, type StaffRole, hasRole } from '../roles';
import type { EnforcementCase } from './case';
import type { Referral } from './referral';
import type { Transfer } from './transfer';
import type { TransferOrder } from './order';

export const EXTRA_ORG = { police: 'gaj', procuratorate: 'jcy', discipline: 'jw' } as const;

/** Who handles cases in a body: its officers and head. */
export const CASE_ROLES: readonly StaffRole[] = ['officer', 'head'];
/** Who receives for a body: its officers, head and liaison (an outside body has only a liaison). */
export const RECEIVER_ROLES: readonly StaffRole[] = ['officer', 'head', 'liaison'];
const SUPERVISOR_ROLES: readonly StaffRole[] = ['justice', 'head'];

const orgId = (dir: Directory, code: string) => dir.byCode(code)?.id ?? -1;
const isSupervisor = (a: Actor, dir: Directory) => hasRole(a, orgId(dir, ORG.justiceBureau), SUPERVISOR_ROLES);

export function canSeeCase(a: Actor, c: Pick<EnforcementCase, 'orgId'>, dir: Directory): boolean {
  return hasRole(a, c.orgId, RECEIVER_ROLES) || isSupervisor(a, dir);
}

export const canHandleCase = (a: Actor, c: EnforcementCase): boolean => hasRole(a, c.orgId, CASE_ROLES);

/** The head (负责人) of the sending body approves its transfers and signs its referrals. */
export const isHeadOf = (a: Actor, org: number): boolean => hasRole(a, org, ['head']);

export function canSeeTransfer(a: Actor, t: Pick<Transfer, 'fromOrgId' | 'toOrgId' | 'state' | 'route'>, dir: Directory): boolean {
  if (hasRole(a, t.fromOrgId, RECEIVER_ROLES) || isSupervisor(a, dir)) return true;
  // The receiver sees it once it is sent; the procuratorate gets the criminal ones for the record.
  if (t.state !== 'awaiting-approval' && t.state !== 'refused') {
    if (hasRole(a, t.toOrgId, RECEIVER_ROLES)) return true;
    if (t.route === 'criminal' && hasRole(a, orgId(dir, EXTRA_ORG.procuratorate), RECEIVER_ROLES)) return true;
  }
  return false;
}

export const canReceiveTransfer = (a: Actor, t: Transfer): boolean => hasRole(a, t.toOrgId, RECEIVER_ROLES);

/** 责令限期移送 is the supervising bodies' power: the justice bureau and the procuratorate. */
export function canOrderTransfer(a: Actor, dir: Directory): number | null {
  const sfj = orgId(dir, ORG.justiceBureau);
  if (hasRole(a, sfj, SUPERVISOR_ROLES)) return sfj;
  const jcy = orgId(dir, EXTRA_ORG.procuratorate);
  if (hasRole(a, jcy, RECEIVER_ROLES)) return jcy;
  return null;
}

/** The ordered department, the issuer, the bureau, and 区政府 — to which a missed order is reported (M4 报请本级政府). */
export function canSeeOrder(a: Actor, o: Pick<TransferOrder, 'toOrgId' | 'issuerOrgId'>, dir: Directory): boolean {
  return hasRole(a, o.toOrgId, RECEIVER_ROLES) || hasRole(a, o.issuerOrgId, RECEIVER_ROLES.concat(SUPERVISOR_ROLES)) || isSupervisor(a, dir)
    || hasRole(a, orgId(dir, ORG.districtGovernment), RECEIVER_ROLES);
}

export function canSeeReferral(a: Actor, r: Pick<Referral, 'orgId' | 'state'>, dir: Directory): boolean {
  if (hasRole(a, r.orgId, RECEIVER_ROLES) || isSupervisor(a, dir)) return true;
  return r.state !== 'awaiting-approval' && hasRole(a, orgId(dir, EXTRA_ORG.discipline), RECEIVER_ROLES);
}
