/**
 * What a submission does to its periodic duty (domain/deadlines/duties.ts): the duty of the
 * period is made sure of (the scheduler normally generated it already; `open` ignores an
 * existing identity), then met or counted through the domain's transitions, saved with the
 * optimistic check and retried on a concurrent change — all in the turn's transaction.
 */
import { type Deadline, type DeadlineKind, meet, recordProgress, withdrawProgress } from '../domain/deadlines/deadline';
import { dutiesFor } from '../domain/deadlines/duties';
import type { Period } from '../domain/deadlines/periods';
import { remindersFor } from '../domain/deadlines/reminders';
import { ORG, type Organisation } from '../domain/organisation';
import type { Reply } from '../domain/ports';
import { type Result, ok } from '../domain/result';
import type { StaffRole } from '../domain/roles';
import type { Turn } from './turn';

/**
 * The duty of that kind, organisation and period, created if missing; null when the
 * organisation does not owe it, or when it is missing and already past due (a case about
 * a year before the bot, say): a duty created late would only be recorded missed.
 */
export async function dutyOfPeriod(t: Turn, kind: DeadlineKind, org: Organisation, period: Period): Promise<Deadline | null> {
  const spec = dutiesFor(period, [org], t.services.calendar).find((s) => s.kind === kind);
  if (!spec) return null;
  const existing = await t.store.deadlines.find(kind, org.id, spec.subject);
  if (existing || spec.dueAt.getTime() < t.now.getTime()) return existing;
  await t.store.deadlines.open(spec, remindersFor(spec, t.now, t.services.calendar));
  return t.store.deadlines.find(kind, org.id, spec.subject);
}

const ATTEMPTS = 5;

/** Applies a transition to the duty, re-reading it when someone changed it meanwhile. The duty as it now stands. */
async function apply(t: Turn, d: Deadline, step: (d: Deadline) => Result<Deadline>): Promise<Deadline> {
  let current = d;
  for (let i = 0; i < ATTEMPTS; i++) {
    const r = step(current);
    if (!r.ok) return current; // closed already: the submission stands, the duty keeps its state
    if (await t.store.deadlines.update(current, r.value)) return r.value;
    current = (await t.store.deadlines.find(d.kind, d.orgId, d.subject))!;
  }
  throw new Error(`deadline ${d.id} kept changing`);
}

/** Meets the duty of the period (a filed assessment, an inspection). */
export async function meetDuty(t: Turn, kind: DeadlineKind, org: Organisation, period: Period): Promise<Deadline | null> {
  const d = await dutyOfPeriod(t, kind, org, period);
  return d && apply(t, d, (x) => meet(x, t.now));
}

/** Counts one more item (a guiding case, an information report) toward the duty of the period. */
export async function countTowardDuty(t: Turn, kind: DeadlineKind, org: Organisation, period: Period): Promise<Deadline | null> {
  const d = await dutyOfPeriod(t, kind, org, period);
  return d && apply(t, d, (x) => recordProgress(x, 1, t.now));
}

/**
 * Takes one item back from the duty of the period (a guiding case the bureau returned): it
 * no longer counts. A duty met by it and now short is open again, with its reminders from
 * now (past its due instant, the next sweep records it missed). The duty as it now stands.
 */
export async function withdrawFromDuty(t: Turn, kind: DeadlineKind, org: Organisation, period: Period): Promise<Deadline | null> {
  const d = await dutyOfPeriod(t, kind, org, period);
  if (!d) return null;
  let reopened = false;
  const after = await apply(t, d, (x) => {
    const r = withdrawProgress(x, 1);
    reopened = r.ok && r.value.reopened;
    return r.ok ? ok(r.value.deadline) : r;
  });
  if (reopened && after.state === 'open') await t.store.deadlines.setReminders(after.id, remindersFor(after, t.now, t.services.calendar));
  return after;
}

/**
 * The organisation a person acts for: named in the command (「自评 市场监管局」), or the only
 * one where they hold one of the roles and which `fits`; a reason when none or several.
 */
export function actingOrg(
  t: Turn, roles: readonly StaffRole[], fits: (o: Organisation) => boolean, named: string | undefined, usage: { word: string; none: string },
): Result<Organisation> {
  const dir = t.services.directory;
  const mine = [...new Set(t.actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgId))]
    .map((id) => dir.byId(id))
    .filter((o): o is Organisation => !!o && fits(o));
  if (named?.trim()) {
    const o = dir.find(named);
    if (!o) return { ok: false, reason: `没有找到单位“${named.trim()}”。` };
    if (!mine.some((m) => m.id === o.id)) return { ok: false, reason: `您不是 ${o.name} 可以办理此事的工作人员。` };
    return { ok: true, value: o };
  }
  if (mine.length === 1) return { ok: true, value: mine[0]! };
  if (!mine.length) return { ok: false, reason: usage.none };
  return { ok: false, reason: `您在多个单位任职（${mine.map((o) => o.name).join('、')}），请写明单位，如：${usage.word} ${mine[0]!.name}。` };
}

/** Tells the staff of an organisation holding any of the roles, each once, except the people listed. */
export async function tellStaff(t: Turn, orgId: number, roles: readonly StaffRole[], reply: Reply, except: readonly number[] = []): Promise<number[]> {
  const told: number[] = [];
  for (const personId of await t.store.people.staffOf(orgId, roles)) {
    if (except.includes(personId)) continue;
    await t.notify(personId, reply);
    told.push(personId);
  }
  return told;
}

/** The justice bureau, which the directory always has. */
export const justiceBureau = (t: Turn): Organisation => t.services.directory.byCode(ORG.justiceBureau)!;
