/**
 * One batch of the deadline sweep (Scheduler.sweep), in two halves over one transaction:
 * `prepare` takes the due reminders (locked, SKIP LOCKED), reads their recipients and
 * renders the messages; `write` queues them in the outbox and marks the reminders sent,
 * an escalation's deadline missed (with the features' onMissedDeadline, in the same
 * transaction). The store holds the writes back and sends them together before COMMIT.
 *
 * A batch sends thousands of messages to a few dozen people: who hears of a reminder is
 * worked out once per audience (which body, which roles), and through which account once
 * per person — not per message (BENCHMARKS.md, the sweep).
 */
import type { DeadlineKind } from '../domain/deadlines/deadline';
import { RESPONSIBLE, SUPERVISOR_ROLES } from '../domain/deadlines/responsible';
import type { Directory } from '../domain/organisation';
import type { DueReminder, Reply, Store } from '../domain/ports';
import type { StaffRole } from '../domain/roles';
import { reminderText } from './deadline-text';
import type { Feature, SweepContext } from './feature';
import { accountFor } from './notify';

/**
 * Bodies told of a miss besides the supervisor. None at present: an order to transfer not
 * obeyed goes up to the district government as a report naming the department's head
 * (M4 「报请本级或上级政府」给予处分), sent where the miss is recorded (bot/cases/order-missed.ts).
 */
const ALSO_ESCALATED_TO: Partial<Record<DeadlineKind, string>> = {};
const GOVERNMENT_ROLES: readonly StaffRole[] = ['head', 'officer', 'liaison'];

/** Whose staff hear of a reminder: organisations and the roles within them. */
function audienceOf(r: DueReminder, directory: Directory): { orgId: number; roles: readonly StaffRole[] }[] {
  const d = r.deadline;
  if (r.audience === 'responsible') return [{ orgId: d.orgId, roles: RESPONSIBLE[d.kind] }];
  const supervisor = directory.byCode(d.supervisorOrgCode);
  const above = directory.byCode(ALSO_ESCALATED_TO[d.kind] ?? '');
  return [
    { orgId: d.orgId, roles: ['head'] },
    ...(supervisor ? [{ orgId: supervisor.id, roles: SUPERVISOR_ROLES }] : []),
    ...(above ? [{ orgId: above.id, roles: GOVERNMENT_ROLES }] : []),
  ];
}

/** What decides audienceOf: reminders with the same key have the same recipients. */
const audienceKey = (r: DueReminder) =>
  `${r.audience}|${r.deadline.kind}|${r.deadline.orgId}|${r.audience === 'responsible' ? '' : r.deadline.supervisorOrgCode}`;

/** Asks once per set of roles for the staff of every organisation in the batch (the store remembers them). */
async function prefetchRecipients(store: Store, due: readonly DueReminder[], directory: Directory): Promise<void> {
  const wanted = new Map<string, { roles: readonly StaffRole[]; orgIds: Set<number> }>();
  for (const r of due) {
    for (const a of audienceOf(r, directory)) {
      const key = a.roles.join(',');
      let w = wanted.get(key);
      if (!w) wanted.set(key, (w = { roles: a.roles, orgIds: new Set() }));
      w.orgIds.add(a.orgId);
    }
  }
  for (const w of wanted.values()) await store.people.staffOfEach([...w.orgIds], w.roles);
}

/** A message to send: to each person through the account chosen for them (null: any web chat). */
type Recipients = readonly (readonly [personId: number, accountId: number | null])[];

export interface PreparedBatch {
  /** How many reminders the batch took. */
  readonly taken: number;
  readonly items: readonly { r: DueReminder; reply: Reply | null; to: Recipients }[];
}

export async function prepareBatch(store: Store, now: Date, limit: number, directory: Directory, running: ReadonlySet<string>): Promise<PreparedBatch> {
  const due = await store.deadlines.takeDue(now, limit);
  // Reads first, in a few round trips; the writes (outbox rows, sent marks) are held by the
  // store and go out together at the end of the transaction.
  await prefetchRecipients(store, due, directory);
  const audiences = new Map<string, Recipients>();
  const accounts = new Map<number, number | null>();
  const items = [];
  for (const r of due) {
    // An escalation whose deadline (read afresh under lock) ended meanwhile: nothing to escalate.
    if (r.key === 'escalation' && r.deadline.state !== 'open') {
      items.push({ r, reply: null, to: [] });
      continue;
    }
    const key = audienceKey(r);
    let to = audiences.get(key);
    if (!to) {
      const people = new Set<number>();
      for (const a of audienceOf(r, directory)) for (const p of await store.people.staffOf(a.orgId, a.roles)) people.add(p);
      const list: [number, number | null][] = [];
      for (const p of people) {
        if (!accounts.has(p)) accounts.set(p, await accountFor(store, p, running));
        list.push([p, accounts.get(p)!]);
      }
      audiences.set(key, (to = list));
    }
    items.push({ r, reply: reminderText(r, directory), to });
  }
  return { taken: due.length, items };
}

export async function writeBatch(
  store: Store, batch: PreparedBatch, now: Date,
  features: readonly Feature[], context: (store: Store, now: Date) => SweepContext,
): Promise<void> {
  for (const { r, reply, to } of batch.items) {
    if (reply) for (const [personId, accountId] of to) await store.outbox.enqueue(personId, accountId, reply);
    await store.deadlines.markSent(r.reminderId, now);
    if (reply && r.key === 'escalation') {
      await store.deadlines.markMissed(r.deadline.id, now);
      // Some missed deadlines are faults in themselves (责任追究): recorded in the same transaction.
      for (const f of features) await f.onMissedDeadline?.(context(store, now), r.deadline);
    }
  }
}
