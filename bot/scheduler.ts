/**
 * The deadline sweep: every minute (node-cron, Asia/Shanghai) it takes the reminders
 * that have come due, with row locks that other instances skip, writes each message
 * to the outbox and marks the reminder sent — all in one transaction. So with two
 * instances each reminder goes out once, and after a crash what fell due while the
 * process was down goes out on the next sweep, once.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { DeadlineKind } from '../domain/deadlines/deadline';
import type { Directory } from '../domain/organisation';
import type { DueReminder, Store, UnitOfWork } from '../domain/ports';
import type { StaffRole } from '../domain/roles';
import { reminderText } from './deadline-text';
import { notifyPerson } from './notify';

/** Who carries each kind of duty in the responsible organisation. */
const RESPONSIBLE: Record<DeadlineKind, readonly StaffRole[]> = {
  'complaint-accept': ['officer', 'head', 'justice'],
  'township-transfer': ['officer', 'head'],
  'urgent-transfer': ['officer', 'head'],
  'discipline-referral': ['officer', 'head'],
  rectification: ['liaison', 'head'],
  'transfer-order': ['officer', 'head'],
  'meeting-item': ['liaison', 'head'],
  'guiding-cases': ['liaison', 'head'],
  'self-assessment': ['liaison', 'head'],
  'officer-evaluation': ['liaison', 'head'],
  'info-inspection': ['justice', 'head'],
  'approval-meeting': ['approval', 'head'],
  'info-reports': ['liaison', 'head'],
  'joint-meeting': ['coordination', 'head'],
};

const SUPERVISOR_ROLES: readonly StaffRole[] = ['justice', 'coordination', 'head'];

/** Whose staff hear of a reminder: organisations and the roles within them. */
function audienceOf(r: DueReminder, directory: Directory): { orgId: number; roles: readonly StaffRole[] }[] {
  const d = r.deadline;
  if (r.audience === 'responsible') return [{ orgId: d.orgId, roles: RESPONSIBLE[d.kind] }];
  const supervisor = directory.byCode(d.supervisorOrgCode);
  return [{ orgId: d.orgId, roles: ['head'] }, ...(supervisor ? [{ orgId: supervisor.id, roles: SUPERVISOR_ROLES }] : [])];
}

async function recipients(store: Store, r: DueReminder, directory: Directory): Promise<number[]> {
  const people: number[] = [];
  for (const a of audienceOf(r, directory)) people.push(...(await store.people.staffOf(a.orgId, a.roles)));
  return [...new Set(people)];
}

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

export interface SchedulerDeps {
  uow: UnitOfWork;
  directory: Directory;
  clock: () => Date;
  pushPlatforms: () => ReadonlySet<string>;
  log: Logger;
}

/** Reminders taken per transaction of a sweep. */
export const SWEEP_BATCH = 500;

export class Scheduler {
  private task: ScheduledTask | undefined;

  constructor(private readonly deps: SchedulerDeps, private readonly batch = SWEEP_BATCH) {}

  /** Sends every reminder due by now; returns how many reminders went out. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.deps.clock();
      const n = await this.deps.uow.run(async (store) => {
        const due = await store.deadlines.takeDue(now, this.batch);
        // Reads first, in a few round trips; the writes below (outbox rows, sent marks) are
        // held by the store and go out together at the end of the transaction.
        await prefetchRecipients(store, due, this.deps.directory);
        for (const r of due) {
          const reply = reminderText(r, this.deps.directory);
          for (const personId of await recipients(store, r, this.deps.directory)) {
            await notifyPerson(store, personId, reply, this.deps.pushPlatforms());
          }
          await store.deadlines.markSent(r.reminderId, now);
          if (r.key === 'escalation') await store.deadlines.markMissed(r.deadline.id, now);
        }
        return due.length;
      });
      total += n;
      if (n < this.batch) return total;
    }
  }

  /** Sweeps every minute, and once right away (what fell due while down). */
  start(): void {
    const run = () =>
      this.sweep()
        .then((n) => n && this.deps.log.info({ reminders: n }, 'deadline reminders sent'))
        .catch((e) => this.deps.log.error({ err: e }, 'deadline sweep failed'));
    void run();
    this.task = cron.schedule('* * * * *', run, { timezone: 'Asia/Shanghai', name: 'deadline-sweep', noOverlap: true });
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
  }
}
