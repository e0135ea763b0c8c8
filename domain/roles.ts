import type { Organisation } from './organisation';
import { ORG } from './organisation';

/** Staff roles; a citizen (群众) is anyone with no role and needs no registration. */
export const STAFF_ROLES = ['officer', 'liaison', 'head', 'justice', 'coordination', 'approval', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABEL: Record<StaffRole, string> = {
  officer: '执法人员',
  liaison: '联络员',
  head: '负责人',
  justice: '司法局工作人员',
  coordination: '协调办工作人员',
  approval: '审批局工作人员',
  admin: '管理员',
};

export interface RoleGrant {
  orgId: number;
  role: StaffRole;
}

/** Who is acting in a turn. */
export interface Actor {
  personId: number;
  grants: readonly RoleGrant[];
}

export function parseRole(text: string): StaffRole | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if ((STAFF_ROLES as readonly string[]).includes(t)) return t as StaffRole;
  return STAFF_ROLES.find((r) => ROLE_LABEL[r] === t || (t.length >= 2 && ROLE_LABEL[r].startsWith(t)));
}

/** A role belongs to the kind of body the plan gives it to; anything else is refused at issue time. */
export function roleFitsOrg(role: StaffRole, org: Organisation): boolean {
  switch (role) {
    case 'justice':
      return org.code === ORG.justiceBureau;
    case 'coordination':
      return org.code === ORG.coordinationOffice;
    case 'approval':
      return org.code === ORG.approvalBureau;
    case 'admin':
      return true;
    case 'officer':
    case 'head':
      return org.kind === 'department' || org.kind === 'township' || org.kind === 'authority';
    case 'liaison': // every member unit of a joint meeting has one, procuratorate included
      return true;
  }
}

export const hasRole = (a: Actor, orgId: number, roles: readonly StaffRole[]): boolean =>
  a.grants.some((g) => g.orgId === orgId && roles.includes(g.role));

export const isStaffOf = (a: Actor, orgId: number): boolean => a.grants.some((g) => g.orgId === orgId);

export const isAdmin = (a: Actor): boolean => a.grants.some((g) => g.role === 'admin');
