/**
 * The scheduler, every minute (node-cron, Asia/Shanghai), on an injectable clock:
 * - generates the periodic duties of the current periods, for the kinds a feature can meet;
 * - sends the liaisons' morning digest, once per person and working day;
 * - sweeps the deadline reminders: it takes those that have come due, with row locks that
 *   other instances skip, writes each message to the outbox and marks the reminder sent —
 *   all in one transaction. So with two instances each reminder goes out once, and after a
 *   crash what fell due while the process was down goes out on the next sweep, once;
 * - once a day, prunes the delivery bookkeeping past its keeping time (domain/retention.ts);
 * - first of all, reloads the official calendar when another instance confirmed a year's
 *   holiday notice (bot/calendar/keeper.ts), so every instance counts on the same days.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { type DayCalendar, localDate } from '../domain/calendar/calendar';
import { officialCalendar } from '../domain/calendar/official';
import type { DeadlineKind } from '../domain/deadlines/deadline';
import { isDigestTime } from '../domain/deadlines/digest';
import { retentionCutoffs } from '../domain/retention';
import { dutiesToGenerate, periodsToGenerate } from '../domain/deadlines/duties';
import { remindersFor } from '../domain/deadlines/reminders';
import type { Directory } from '../domain/organisation';
import type { Reply, Store, UnitOfWork } from '../domain/ports';
import type { Feature, SweepContext } from './feature';
import { FEATURES } from './features';
import { notifyPerson } from './notify';
import { prepareBatch, writeBatch } from './sweep';

export interface SchedulerDeps {
  uow: UnitOfWork;
  directory: Directory;
  clock: () => Date;
  pushPlatforms: () => ReadonlySet<string>;
  log: Logger;
  /** The official working-day calendar (reminder times, digest days); default officialCalendar. */
  calendar?: DayCalendar;
  /** The periodic duty kinds to generate: those a feature can meet (dutyKinds(FEATURES)); default none. */
  duties?: readonly DeadlineKind[];
  /** Reloads `calendar` when another instance confirmed a holiday notice (bot/calendar/keeper.ts); first on each run. */
  calendarKeeper?: { refresh(): Promise<boolean> };
  /** Whose hooks it calls (onMissedDeadline, digest); default every feature (bot/features.ts). */
  features?: readonly Feature[];
  /** The daily prune of files never attached and of unused blobs (bot/attachments/prune.ts); how many went. */
  pruneFiles?: (now: Date) => Promise<number>;
}

/**
 * Reminders taken per transaction of a sweep. 2,000 rather than 500: a 10,000-reminder sweep
 * in 5 transactions instead of 20 (each a BEGIN, the due query, the recipients, one write,
 * a COMMIT with its flush to disk) was 10–20 % faster on PostgreSQL (BENCHMARKS.md); a
 * turn closing a deadline whose reminder is in the batch waits for it a little longer.
 */
export const SWEEP_BATCH = 2000;

/** What one minute's work did. */
export interface MinuteCounts { duties: number; digests: number; reminders: number; pruned: number }

export class Scheduler {
  private task: ScheduledTask | undefined;
  private inFlight: Promise<void> | undefined;
  private stopping = false;
  private readonly calendar: DayCalendar;
  /** The periods generated last (their keys): generation runs again only when they change. */
  private generated = '';
  /** The local day pruned last: pruning runs once a day. */
  private pruned = '';

  constructor(private readonly deps: SchedulerDeps, private readonly batch = SWEEP_BATCH) {
    this.calendar = deps.calendar ?? officialCalendar;
  }

  private get features(): readonly Feature[] {
    return this.deps.features ?? FEATURES;
  }

  /** What a feature's hook gets, over this transaction's store. */
  private context(store: Store, now: Date): SweepContext {
    const notify = (personId: number, reply: Reply) => notifyPerson(store, personId, reply, this.deps.pushPlatforms());
    return { store, notify, now, directory: this.deps.directory, calendar: this.calendar };
  }

  /** One minute's work, in order, and which count each part adds to (start() and tick() both run this list). */
  private readonly parts: readonly (readonly [what: string, counts: keyof MinuteCounts | null, work: () => Promise<number | void>])[] = [
    ['calendar refresh', null, async () => void (await this.deps.calendarKeeper?.refresh())],
    ['duty generation', 'duties', () => this.generate()],
    ['morning digest', 'digests', () => this.digest()],
    ['deadline sweep', 'reminders', () => this.sweep()],
    ['feature sweep', 'reminders', () => this.featureSweeps()],
    ['pruning', 'pruned', () => this.prune()],
  ];

  /** One minute's work: the periods' duties, the morning digest, the due reminders, the daily pruning. */
  async tick(): Promise<MinuteCounts> {
    const n: MinuteCounts = { duties: 0, digests: 0, reminders: 0, pruned: 0 };
    for (const [, counts, work] of this.parts) {
      const done = await work();
      if (counts) n[counts] += done ?? 0;
    }
    return n;
  }

  /**
   * Once a day, the delivery bookkeeping past its keeping time (domain/retention.ts): old
   * message ids and settled notifications; and rate-limit counters whose window has ended. Harmless twice (two instances delete the same
   * rows); returns how many rows went.
   */
  async prune(): Promise<number> {
    const now = this.deps.clock();
    const day = localDate(now);
    if (day === this.pruned) return 0;
    const cut = retentionCutoffs(now);
    const n = await this.deps.uow.run(async (store) =>
      (await store.deliveries.prune(cut.deliveriesBefore)) + (await store.outbox.prune(cut.outboxSettledBefore)) + (await store.rateLimits.prune(now)))
      + ((await this.deps.pruneFiles?.(now)) ?? 0);
    this.pruned = day;
    return n;
  }

  /**
   * Makes sure the duties of the current periods (and, near a boundary, the next) exist with
   * their reminders, for the kinds the features can meet. Idempotent (`open` ignores an
   * existing identity), so two instances or a restart generate nothing twice; returns how
   * many duties were new (0 too when the periods did not change since the last run).
   */
  async generate(): Promise<number> {
    const kinds = this.deps.duties ?? [];
    if (!kinds.length) return 0;
    const now = this.deps.clock();
    const key = periodsToGenerate(now).map((p) => p.key).join(',');
    if (key === this.generated) return 0;
    const specs = dutiesToGenerate(now, this.deps.directory.all, kinds, this.calendar);
    const created = await this.deps.uow.run((store) =>
      store.deadlines.openAll(specs.map((spec) => ({ spec, reminders: remindersFor(spec, now, this.calendar) }))),
    );
    this.generated = key;
    return created;
  }

  /**
   * The liaisons' morning digest: on a working day from 08:30, one message each with what
   * falls due this week. A row per (person, day), claimed in the same transaction as the
   * message is queued, makes it once across instances and restarts; a paused person is skipped.
   */
  async digest(): Promise<number> {
    const now = this.deps.clock();
    if (!isDigestTime(now, this.calendar)) return 0;
    // The digest is one feature's (提醒设置, bot/reminders/); none, none is sent.
    const digestOf = this.features.find((f) => f.digest)?.digest;
    if (!digestOf) return 0;
    const day = localDate(now);
    let sent = 0;
    for (;;) {
      const n = await this.deps.uow.run(async (store) => {
        const people = await store.reminderSettings.digestDue(day, this.batch);
        for (const personId of people) {
          const { reply, items } = await digestOf(this.context(store, now), personId);
          if (!(await store.reminderSettings.claimDigest(personId, day, items, now))) continue;
          if (reply) {
            await notifyPerson(store, personId, reply, this.deps.pushPlatforms());
            sent++;
          }
        }
        return people.length;
      });
      if (n < this.batch) return sent;
    }
  }

  /** Sends every reminder due by now; returns how many reminders went out. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.deps.clock();
      const n = await this.deps.uow.run(async (store) => {
        const batch = await prepareBatch(store, now, this.batch, this.deps.directory, this.deps.pushPlatforms());
        await writeBatch(store, batch, now, this.features, (s, at) => this.context(s, at));
        return batch.taken;
      });
      total += n;
      // Until a batch comes back empty: one can come back short because an escalation was
      // left to a turn closing its deadline (takeDue), with more due behind it.
      if (n === 0) return total;
    }
  }

  /** The features' own sweeps (回访 …), each in transactions of its own until it finds nothing more. */
  async featureSweeps(): Promise<number> {
    let total = 0;
    for (const f of this.features) {
      if (!f.sweep) continue;
      for (;;) {
        const now = this.deps.clock();
        const n = await this.deps.uow.run((store) => f.sweep!(this.context(store, now)));
        total += n;
        if (n === 0) break;
      }
    }
    return total;
  }

  /** Runs every minute, and once right away (what fell due while down). */
  start(): void {
    const log = this.deps.log;
    this.stopping = false;
    // Each part on its own: a failing generation does not hold back the reminders. Once
    // stop() is called no further part starts (the database is about to close under it).
    const run = async () => {
      const n: MinuteCounts = { duties: 0, digests: 0, reminders: 0, pruned: 0 };
      for (const [what, counts, work] of this.parts) {
        if (this.stopping) return;
        const done = await work().catch((e) => void log.error({ err: e }, `${what} failed`));
        if (counts) n[counts] += done ?? 0;
      }
      if (n.duties || n.digests || n.reminders || n.pruned) log.info(n, 'scheduler');
    };
    const tracked = () => (this.inFlight = run().finally(() => (this.inFlight = undefined)));
    void tracked();
    this.task = cron.schedule('* * * * *', tracked, { timezone: 'Asia/Shanghai', name: 'deadline-sweep', noOverlap: true });
  }

  /** Stops the clock and waits for the part in hand (each is one transaction); the rest of that run is skipped. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = undefined;
    await this.inFlight;
  }
}
