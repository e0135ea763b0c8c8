/**
 * Who sees which clocks. A body's staff see its own (待办); the supervising bodies — 司法局
 * and 执法协调小组办公室, who chase every clock (SUPERVISOR_OF in deadline.ts) — and
 * administrators see every body's (逾期, the deadline ledger).
 */
import { type Directory, ORG } from '../organisation';
import { type Actor, isAdmin, isStaffOf } from '../roles';
import type { Deadline } from './deadline';

/** Staff of 司法局 or 协调办 (any role there), and administrators. */
export function mayOversee(actor: Actor, dir: Directory): boolean {
  const supervising = [ORG.justiceBureau, ORG.coordinationOffice].map((c) => dir.byCode(c)?.id);
  return isAdmin(actor) || actor.grants.some((g) => supervising.includes(g.orgId));
}

/** A clock is seen by the staff of the body whose duty it is, and by those who oversee all. */
export const canSeeDeadline = (actor: Actor, d: Pick<Deadline, 'orgId'>, dir: Directory): boolean =>
  isStaffOf(actor, d.orgId) || mayOversee(actor, dir);
