/**
 * The core (engine, scheduler) reaches features only through FEATURES and their hooks
 * (Feature.commands through the router, onMissedDeadline, digest): it imports no feature's folder, and calls
 * whatever hooks the features it is given declare.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import directoryJson from '../db/seed/directory.json';
import type { Deadline } from '../domain/deadlines/deadline';
import { Directory, ORG, type Organisation } from '../domain/organisation';
import type { DueReminder, Store, UnitOfWork } from '../domain/ports';
import type { Feature, SweepContext } from './feature';
import { FEATURES } from './features';
import { Scheduler } from './scheduler';

const directory = new Directory((directoryJson.organisations as Omit<Organisation, 'id'>[]).map((o, i) => ({ ...o, id: i + 1 }) as Organisation));
const at = (s: string) => new Date(`${s}+08:00`);

/** The folders of bot/ that hold a feature (bot/<m>/feature.ts). */
const featureFolders = readdirSync(__dirname, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(__dirname, e.name, 'feature.ts')))
  .map((e) => e.name);

const importsOf = (file: string) => [...readFileSync(join(__dirname, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);

describe('the core reaches features only through the registry', () => {
  it('finds the feature folders it guards', () => {
    expect(featureFolders).toEqual(expect.arrayContaining(['complaints', 'accountability', 'reminders']));
    // Every feature folder is in the registry (its feature listed in FEATURES).
    expect(featureFolders.length).toBeLessThanOrEqual(FEATURES.length);
  });

  it.each(['engine.ts', 'scheduler.ts'])('%s imports no feature folder', (file) => {
    const intoFeatures = importsOf(file).filter((p) => featureFolders.some((f) => p.startsWith(`./${f}/`)));
    expect(intoFeatures).toEqual([]);
  });

  it('every hook the core calls is declared by the feature that owns it', () => {
    const owners = (hook: keyof Feature) => FEATURES.filter((f) => f[hook]).map((f) => f.name);
    expect(owners('onMissedDeadline')).toEqual(['accountability']);
    expect(owners('digest')).toEqual(['reminders']); // one digest message per person: one feature makes it
  });
});

/** A store that answers what a sweep or a digest asks, and records the rest. */
function recordingStore(due: DueReminder[]) {
  const calls: string[] = [];
  const store = {
    deadlines: {
      takeDue: async () => due.splice(0),
      markSent: async (id: number) => void calls.push(`sent ${id}`),
      markMissed: async (id: number) => void calls.push(`missed ${id}`),
    },
    people: { staffOf: async () => [], staffOfEach: async () => new Map() },
    reminderSettings: {
      digestDue: async () => (calls.includes('digest asked') ? [] : (calls.push('digest asked'), [7])),
      claimDigest: async (personId: number, _day: string, items: number) => (calls.push(`claimed ${personId}:${items}`), true),
    },
  } as unknown as Store;
  const uow: UnitOfWork = { run: (fn) => fn(store) };
  return { uow, store, calls };
}

const probe = (hooks: Partial<Feature>): Feature => ({ name: 'probe', flows: [], help: () => [], ...hooks }) as Feature;

const scheduler = (uow: UnitOfWork, now: Date, features: readonly Feature[]) =>
  new Scheduler({ uow, directory, clock: () => now, pushPlatforms: () => new Set(), log: pino({ level: 'silent' }), features });

describe('scheduler hooks', () => {
  const deadline: Deadline = {
    id: 41, kind: 'info-reports', subject: { type: 'period', id: '2026-11' }, orgId: 3, supervisorOrgCode: ORG.justiceBureau,
    dueAt: at('2026-11-30T17:30:00'), provisional: false, rule: '每月', state: 'open',
  };

  it('tells each feature of a deadline marked missed, in the sweep transaction', async () => {
    const r = recordingStore([{ reminderId: 9, key: 'escalation', audience: 'head-and-supervisor', deadline }]);
    const seen: [SweepContext, Deadline][] = [];
    const hooked = probe({ onMissedDeadline: async (ctx, d) => void seen.push([ctx, d]) });
    expect(await scheduler(r.uow, at('2026-12-01T09:00:00'), [hooked, probe({})]).sweep()).toBe(1);
    expect(r.calls).toEqual(['sent 9', 'missed 41']);
    expect(seen).toHaveLength(1);
    expect(seen[0]![1]).toBe(deadline);
    expect(seen[0]![0].store).toBe(r.store);
    expect(seen[0]![0].now).toEqual(at('2026-12-01T09:00:00'));
  });

  it('calls no hook for a reminder that is not an escalation', async () => {
    const r = recordingStore([{ reminderId: 10, key: 'due', audience: 'responsible', deadline }]);
    const seen: Deadline[] = [];
    await scheduler(r.uow, at('2026-11-30T17:30:00'), [probe({ onMissedDeadline: async (_c, d) => void seen.push(d) })]).sweep();
    expect(r.calls).toEqual(['sent 10']);
    expect(seen).toEqual([]);
  });

  it('makes the morning digest with the feature that declares it, and sends none without one', async () => {
    const asked: number[] = [];
    const digest = probe({ digest: async (_ctx, personId) => (asked.push(personId), { reply: null, items: 3 }) });
    const r = recordingStore([]);
    await scheduler(r.uow, at('2026-12-01T08:31:00'), [digest]).digest();
    expect(asked).toEqual([7]);
    expect(r.calls).toContain('claimed 7:3');

    const none = recordingStore([]);
    expect(await scheduler(none.uow, at('2026-12-01T08:31:00'), [probe({})]).digest()).toBe(0);
    expect(none.calls).toEqual([]);
  });
});
