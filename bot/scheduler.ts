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
import { ORG, type Directory } from '../domain/organisation';
import type { DueReminder, Reply, Store, UnitOfWork } from '../domain/ports';
import type { StaffRole } from '../domain/roles';
import { onDeadlineMissed } from './accountability/actions';
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

/**
 * Bodies told of a miss besides the supervisor: an order to transfer not obeyed goes up to
 * the district government (M4 「报请本级或上级政府」给予处分).
 */
const ALSO_ESCALATED_TO: Partial<Record<DeadlineKind, string>> = { 'transfer-order': ORG.districtGovernment };

async function recipients(store: Store, r: DueReminder, directory: Directory): Promise<number[]> {
  const d = r.deadline;
  if (r.audience === 'responsible') return store.people.staffOf(d.orgId, RESPONSIBLE[d.kind]);
  const heads = await store.people.staffOf(d.orgId, ['head']);
  const supervisor = directory.byCode(d.supervisorOrgCode);
  const chasers = supervisor ? await store.people.staffOf(supervisor.id, SUPERVISOR_ROLES) : [];
  const above = directory.byCode(ALSO_ESCALATED_TO[d.kind] ?? '');
  const government = above ? await store.people.staffOf(above.id, ['head', 'officer', 'liaison']) : [];
  return [...new Set([...heads, ...chasers, ...government])];
}

export interface SchedulerDeps {
  uow: UnitOfWork;
  directory: Directory;
  clock: () => Date;
  pushPlatforms: () => ReadonlySet<string>;
  log: Logger;
}

export class Scheduler {
  private task: ScheduledTask | undefined;

  constructor(private readonly deps: SchedulerDeps, private readonly batch = 200) {}

  /** Sends every reminder due by now; returns how many reminders went out. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.deps.clock();
      const n = await this.deps.uow.run(async (store) => {
        const due = await store.deadlines.takeDue(now, this.batch);
        for (const r of due) {
          const reply = reminderText(r, this.deps.directory);
          for (const personId of await recipients(store, r, this.deps.directory)) {
            await notifyPerson(store, personId, reply, this.deps.pushPlatforms());
          }
          await store.deadlines.markSent(r.reminderId, now);
          if (r.key === 'escalation' && (await store.deadlines.markMissed(r.deadline.id, now))) {
            // Some missed deadlines are faults in themselves (M8): recorded in the same transaction.
            const notify = (personId: number, reply: Reply) => notifyPerson(store, personId, reply, this.deps.pushPlatforms());
            await onDeadlineMissed({ store, notify, now, directory: this.deps.directory }, r.deadline);
          }
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
