/**
 * Who keeps the official calendar: 司法局 staff (`justice`), as the body that supervises
 * every clock the product watches (domain/deadlines/deadline.ts SUPERVISOR_OF), and
 * administrators. The same people enter a year's notice and confirm one — never the same
 * person for one notice (notice-record.ts). Anyone with a role may read where a year's
 * days come from.
 */
import { type Actor, type StaffRole, hasRole, isAdmin } from './roles';

/** The roles, at the justice bureau, that keep the calendar (an administrator anywhere may too). */
export const CALENDAR_KEEPER_ROLES = ['justice'] as const satisfies readonly StaffRole[];

export function mayKeepCalendar(a: Actor, justiceBureauId: number): boolean {
  return isAdmin(a) || hasRole(a, justiceBureauId, CALENDAR_KEEPER_ROLES);
}
