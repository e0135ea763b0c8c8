/** The scheduler's duty generation, over a recording store: which kinds, which periods, how often. */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import directoryJson from '../db/seed/directory.json';
import { type DeadlineKind, type DeadlineSpec, deadlineKey } from '../domain/deadlines/deadline';
import type { Reminder } from '../domain/deadlines/reminders';
import { Directory, type Organisation } from '../domain/organisation';
import type { Store, UnitOfWork } from '../domain/ports';
import { type Feature, dutyKinds } from './feature';
import { FEATURES } from './features';
import { Scheduler } from './scheduler';

const directory = new Directory((directoryJson.organisations as Omit<Organisation, 'id'>[]).map((o, i) => ({ ...o, id: i + 1 }) as Organisation));

function recorder() {
  const opened = new Map<string, { spec: DeadlineSpec; reminders: readonly Reminder[] }>();
  let transactions = 0;
  const uow: UnitOfWork = {
    run: async (fn) => {
      transactions++;
      return fn({
        deadlines: {
          async openAll(items: ReadonlyArray<{ spec: DeadlineSpec; reminders: readonly Reminder[] }>) {
            const before = opened.size;
            for (const { spec, reminders } of items) if (!opened.has(deadlineKey(spec))) opened.set(deadlineKey(spec), { spec, reminders });
            return opened.size - before;
          },
        },
      } as unknown as Store);
    },
  };
  return { uow, opened, transactions: () => transactions };
}

const at = (s: string) => new Date(`${s}+08:00`);

function scheduler(uow: UnitOfWork, clock: () => Date, duties: readonly DeadlineKind[]) {
  return new Scheduler({ uow, directory, clock, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }), duties });
}

const kindsOf = (r: ReturnType<typeof recorder>) => [...new Set([...r.opened.values()].map((o) => o.spec.kind))].sort();

describe('periodic duty generation', () => {
  it('generates only the kinds a feature can meet', async () => {
    const without = FEATURES.filter((f) => f.name !== 'meetings');
    const r = recorder();
    await scheduler(r.uow, () => at('2026-11-10T10:00:00'), dutyKinds(without)).generate();
    expect(kindsOf(r)).toEqual(['guiding-cases', 'info-inspection', 'info-reports', 'officer-evaluation', 'self-assessment']);

    // The meetings feature declares the M1 and M14 duties: the office and the approval bureau owe them.
    const withMeetings = recorder();
    await scheduler(withMeetings.uow, () => at('2026-11-10T10:00:00'), dutyKinds(FEATURES)).generate();
    expect(kindsOf(withMeetings)).toEqual(['approval-meeting', 'guiding-cases', 'info-inspection', 'info-reports', 'joint-meeting', 'officer-evaluation', 'self-assessment']);
    const owners = (kind: string) => [...withMeetings.opened.values()].filter((o) => o.spec.kind === kind).map((o) => directory.byId(o.spec.orgId)!.code);
    expect(owners('joint-meeting')).toEqual(['xtb']);
    expect(new Set(owners('approval-meeting'))).toEqual(new Set(['spj']));
  });

  it('generates nothing without duties, and again only when the periods change', async () => {
    const none = recorder();
    expect(await scheduler(none.uow, () => at('2026-11-10T10:00:00'), []).generate()).toBe(0);
    expect(none.transactions()).toBe(0);

    let now = at('2026-11-10T10:00:00');
    const r = recorder();
    const s = scheduler(r.uow, () => now, ['info-reports']);
    expect(await s.generate()).toBe(25); // 16 departments and 9 townships, November
    now = at('2026-11-20T10:00:00');
    expect(await s.generate()).toBe(0);
    expect(r.transactions()).toBe(1);
    now = at('2026-11-24T00:00:00'); // the last 7 days of November: December's duties too
    expect(await s.generate()).toBe(25); // December's; November's exist
    expect([...r.opened.keys()].filter((k) => k.endsWith('period:2026-12'))).toHaveLength(25);
  });

  it('gives each duty its reminders from the moment it is generated', async () => {
    const r = recorder();
    await scheduler(r.uow, () => at('2026-12-01T00:01:00'), ['self-assessment']).generate();
    const [first] = r.opened.values();
    // The year-end filing is due the 15th working day of January 2027 (provisional: 2027's calendar is not published).
    expect(first!.spec).toMatchObject({ kind: 'self-assessment', dueAt: at('2027-01-22T23:59:59'), provisional: true, subject: { type: 'period', id: '2026' } });
    expect(first!.reminders.map((x) => [x.key, x.at])).toEqual([
      ['before-2', at('2027-01-20T09:00:00')],
      ['due-morning', at('2027-01-22T09:00:00')],
      ['due', at('2027-01-22T23:59:59')],
      ['escalation', at('2027-01-23T00:00:59')],
    ]);
  });
});

describe('stopping', () => {
  it('waits for the part in hand and starts no further part of that run (the database closes next)', async () => {
    const r = recorder();
    let release!: () => void;
    const refreshing = new Promise<void>((resolve) => (release = resolve));
    let refreshed = false;
    const errors: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
    const s = new Scheduler({
      uow: r.uow, directory, clock: () => at('2026-11-10T10:00:00'), pushPlatforms: () => new Set(), log, duties: dutyKinds(FEATURES),
      calendarKeeper: { refresh: async () => (await refreshing, (refreshed = true)) },
    });
    s.start(); // the first run begins at once, with the calendar refresh
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false); // the refresh in hand is waited for
    release();
    await stopping;
    expect(refreshed).toBe(true);
    expect(r.transactions()).toBe(0); // generation, digest, sweep, … never began
    expect(errors).toEqual([]);
  });
});
