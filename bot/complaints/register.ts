/**
 * Registering a complaint in the ledger (登记台账, M3), whoever files it — the chat form
 * (filing.ts) and an Open311 client (bot/open311) alike: the next tracking number of the
 * year, the 受理告知 clock, the handling body's staff told.
 */
import { addWorkingDays, localYear } from '../../domain/calendar/calendar';
import { type Complaint, type ComplaintFacts, type RoutedBy, ACCEPT_NOTICE_WORKING_DAYS } from '../../domain/complaint';
import { handlingRefusal } from '../../domain/complaint-access';
import { type Turn, TurnAborted } from '../turn';
import { justiceBureauId, notifyHandlers, openAcceptDeadline } from './actions';

/**
 * Registers the complaint of the turn's person with the body it was routed to; `withRecord`
 * runs once the record exists and before the body is told (the chat form attaches its
 * photos there, so the notice can link them).
 */
export async function registerComplaint(
  t: Turn, facts: ComplaintFacts, route: { orgId: number; by: RoutedBy }, withRecord?: (c: Complaint) => Promise<void>,
): Promise<Complaint> {
  // Never with the accused body handling it, whatever path the filing took (M3): the
  // callers route around it, so reaching this is a bug — nothing is written.
  const refusal = handlingRefusal(facts, route.orgId, t.services.directory.name(route.orgId), justiceBureauId(t));
  if (refusal) throw new TurnAborted(refusal);
  const acceptDue = addWorkingDays(t.services.calendar, t.now, ACCEPT_NOTICE_WORKING_DAYS);
  const c = await t.store.complaints.register(
    { ...facts, complainantPersonId: t.actor.personId, handlingOrgId: route.orgId, routedBy: route.by, registeredAt: t.now, acceptDue },
    localYear(t.now),
  );
  await t.store.complaints.addEvent(c.id, { kind: 'registered', actorPersonId: t.actor.personId, orgId: route.orgId }, t.now);
  await withRecord?.(c);
  await openAcceptDeadline(t, c);
  await notifyHandlers(t, c, `【新投诉举报】${c.trackingNo}，请及时受理并告知投诉人。`);
  return c;
}
