/**
 * Who belongs to which meeting and who runs it (see meeting.ts for the reading of the plan).
 */
import { supervisingDepartments } from '../approvals/classification';
import { ORG, type Directory, type Organisation } from '../organisation';
import { type Actor, type StaffRole, hasRole } from '../roles';
import type { MeetingBody } from './meeting';

/** M1 members besides the departments: 区检察院, 区委编办, and the justice and approval bureaus. */
export const JOINT_EXTRA_MEMBERS = ['jcy', 'bb', ORG.justiceBureau, ORG.approvalBureau] as const;

/** The office of each meeting and the role its staff hold there. */
export const OFFICE: Record<MeetingBody, { code: string; role: StaffRole }> = {
  joint: { code: ORG.coordinationOffice, role: 'coordination' },
  approval: { code: ORG.approvalBureau, role: 'approval' },
};

/** Who speaks for a member unit: its liaison (联络员) and its head. */
export const MEMBER_ROLES: readonly StaffRole[] = ['liaison', 'head'];

export function memberUnits(body: MeetingBody, dir: Directory): Organisation[] {
  if (body === 'approval') return supervisingDepartments(dir);
  const extra = JOINT_EXTRA_MEMBERS.flatMap((c) => dir.byCode(c) ?? []);
  return [...dir.all.filter((o) => o.kind === 'department'), ...extra];
}

/** The office's organisation id, if the directory has it. */
export const officeOf = (body: MeetingBody, dir: Directory): number | undefined => dir.byCode(OFFICE[body].code)?.id;

/** Staff of the office: its role there, or its head. */
export function runsMeetings(a: Actor, body: MeetingBody, dir: Directory): boolean {
  const id = officeOf(body, dir);
  return id != null && hasRole(a, id, [OFFICE[body].role, 'head']);
}

/** The bodies whose meetings the person runs. */
export const officeBodies = (a: Actor, dir: Directory): MeetingBody[] => (['joint', 'approval'] as const).filter((b) => runsMeetings(a, b, dir));

/** The member units the person speaks for in a meeting of that body. */
export function memberOrgsOf(a: Actor, body: MeetingBody, dir: Directory): number[] {
  const members = new Set(memberUnits(body, dir).map((o) => o.id));
  return [...new Set(a.grants.filter((g) => members.has(g.orgId) && MEMBER_ROLES.includes(g.role)).map((g) => g.orgId))];
}

/** Who sees a meeting: its office and the staff of its member units (and of the proposer). */
export function canSeeMeeting(a: Actor, m: { body: MeetingBody; memberOrgIds: readonly number[]; proposedByOrgId?: number }, dir: Directory): boolean {
  return runsMeetings(a, m.body, dir) || a.grants.some((g) => m.memberOrgIds.includes(g.orgId) || g.orgId === m.proposedByOrgId);
}

/** Who sees a decided item: the office and the staff of the unit carrying it. */
export const canSeeItem = (a: Actor, i: { body: MeetingBody; orgId: number }, dir: Directory): boolean =>
  runsMeetings(a, i.body, dir) || a.grants.some((g) => g.orgId === i.orgId);

/** Who reports back on an item for its unit: liaison, head or an officer of it. */
export const canReportItem = (a: Actor, i: { orgId: number }): boolean => hasRole(a, i.orgId, ['liaison', 'head', 'officer']);
