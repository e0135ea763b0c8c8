/** Telling the staff of bodies about a record, and the bodies the plan gives fixed parts. */
import { ORG, type Directory } from '../domain/organisation';
import type { Reply, Store } from '../domain/ports';
import type { StaffRole } from '../domain/roles';

/** What notifying needs: a Turn has it, and so does the deadline sweep. */
export interface Notifier {
  store: Store;
  notify(personId: number, reply: Reply): Promise<void>;
}

/**
 * Sends one message to everyone holding one of the roles in any of the bodies, once each,
 * leaving out `skip` (usually the person acting, who gets the reply instead). Returns who
 * was told, so a second group can be left out of a later call.
 */
export async function notifyStaffOf(
  n: Notifier, orgIds: readonly number[], roles: readonly StaffRole[], reply: Reply, skip: readonly number[] = [],
): Promise<number[]> {
  const told: number[] = [];
  for (const orgId of new Set(orgIds)) {
    for (const personId of await n.store.people.staffOf(orgId, roles)) {
      if (skip.includes(personId) || told.includes(personId)) continue;
      await n.notify(personId, reply);
      told.push(personId);
    }
  }
  return told;
}

/** 司法局, 区政府, 执法协调小组办公室 (ids), from the directory. */
export function fixedBodies(dir: Directory) {
  const id = (code: string) => {
    const o = dir.byCode(code);
    if (!o) throw new Error(`the directory lacks ${code}`);
    return o.id;
  };
  return { justiceBureauId: id(ORG.justiceBureau), governmentId: id(ORG.districtGovernment), coordinationOfficeId: id(ORG.coordinationOffice) };
}
