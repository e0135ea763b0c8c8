/**
 * Who records, receives and sees 干预记录 (M12).
 *
 * The plan gives the duty to record to 行政执法人员 (officers, and heads, who enforce too)
 * and says the records are archived for inspection (存档备查) without naming a keeper. The
 * justice bureau is the body that supervises enforcement (M7) and accountability (M8), so it
 * keeps and inspects them — its 工作人员 and 负责人. When the unit named in a record is the
 * justice bureau itself, the bureau cannot supervise its own interference: the record goes
 * to the 执法协调小组办公室, which inspects how every mechanism is carried out (四(二)),
 * as it already chases the bureau's own duties (domain/deadlines/deadline.ts).
 *
 * The officer who recorded is never shown to anyone holding a role in the unit named in
 * the record — even when that person is also supervising staff.
 */
import type { InterferenceRecord } from './interference';
import { type Actor, type StaffRole, hasRole, isStaffOf } from './roles';

export const RECORDER_ROLES = ['officer', 'head'] as const satisfies readonly StaffRole[];

export interface Supervisors {
  justiceBureauId: number; // 司法局
  coordinationOfficeId: number; // 执法协调小组办公室
}

/** The roles that receive and inspect records at each supervising body. */
export const SUPERVISOR_ROLES = {
  justice: ['justice', 'head'],
  coordination: ['coordination', 'head'],
} as const satisfies Record<string, readonly StaffRole[]>;

type Named = Pick<InterferenceRecord, 'interfererOrgId'>;

/** The body that keeps the record: the justice bureau, unless it is the one named. */
export function supervisorOf(r: Named, s: Supervisors): { orgId: number; roles: readonly StaffRole[] } {
  return r.interfererOrgId === s.justiceBureauId
    ? { orgId: s.coordinationOfficeId, roles: SUPERVISOR_ROLES.coordination }
    : { orgId: s.justiceBureauId, roles: SUPERVISOR_ROLES.justice };
}

/**
 * The other supervising body: told of every new record's chain head (its place and hash,
 * not its content), so a copy of each head is kept where the keeping body cannot reach it.
 * The plan says only 存档备查; this is our reading (README, "干预记录 witnesses").
 */
export function witnessOf(r: Named, s: Supervisors): { orgId: number; roles: readonly StaffRole[] } {
  return r.interfererOrgId === s.justiceBureauId
    ? { orgId: s.justiceBureauId, roles: SUPERVISOR_ROLES.justice }
    : { orgId: s.coordinationOfficeId, roles: SUPERVISOR_ROLES.coordination };
}

/** The bodies a person may record for (as officer or head). */
export const recorderOrgs = (a: Actor): number[] =>
  [...new Set(a.grants.filter((g) => (RECORDER_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgId))];

/** Which records the person supervises: those naming the justice bureau, the others, or both. */
export function supervisedScopes(a: Actor, s: Supervisors): { namingJusticeBureau: boolean; others: boolean } {
  return {
    namingJusticeBureau: hasRole(a, s.coordinationOfficeId, SUPERVISOR_ROLES.coordination),
    others: hasRole(a, s.justiceBureauId, SUPERVISOR_ROLES.justice),
  };
}

export const supervisesAny = (a: Actor, s: Supervisors): boolean => {
  const scopes = supervisedScopes(a, s);
  return scopes.namingJusticeBureau || scopes.others;
};

type Viewed = Pick<InterferenceRecord, 'recorderPersonId' | 'interfererOrgId'>;

export function canView(a: Actor, r: Viewed, s: Supervisors): boolean {
  if (a.personId === r.recorderPersonId) return true;
  const sup = supervisorOf(r, s);
  return hasRole(a, sup.orgId, sup.roles);
}

export function canSeeRecorder(a: Actor, r: Viewed, s: Supervisors): boolean {
  if (a.personId === r.recorderPersonId) return true;
  if (r.interfererOrgId != null && isStaffOf(a, r.interfererOrgId)) return false;
  return canView(a, r, s);
}
