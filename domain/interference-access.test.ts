import { describe, expect, it } from 'vitest';
import type { InterferenceRecord } from './interference';
import { canSeeRecorder, canView, recorderOrgs, supervisedScopes, supervisorOf } from './interference-access';
import type { Actor, StaffRole } from './roles';

const JUSTICE = 1; // 司法局
const COORDINATION = 2; // 协调办
const RECORDER_ORG = 10;
const NAMED = 13; // the unit that interfered
const OTHER = 14;
const RECORDER = 100;
const S = { justiceBureauId: JUSTICE, coordinationOfficeId: COORDINATION };

const record = (interfererOrgId: number | null): InterferenceRecord => ({
  seq: 1, recordNo: 'GY-2026-000001', recordedAt: new Date('2026-11-25T02:00:00Z'), recorderPersonId: RECORDER, recorderOrgId: RECORDER_ORG,
  caseRef: '某案', caseNo: null, interfererOrgId, interfererUnit: '某局', interfererPerson: null, occurred: '昨天', method: '打招呼',
  request: '要求从轻处罚', response: null, prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
});

let nextId = 200;
const actor = (...grants: Array<[number, StaffRole]>): Actor => ({ personId: nextId++, grants: grants.map(([orgId, role]) => ({ orgId, role })) });

type Row = [who: string, a: Actor, view: boolean, recorder: boolean];

describe('a record naming an enforcement department', () => {
  const r = record(NAMED);
  const rows: Row[] = [
    ['the recorder', { personId: RECORDER, grants: [{ orgId: RECORDER_ORG, role: 'officer' }] }, true, true],
    ['justice-bureau staff', actor([JUSTICE, 'justice']), true, true],
    ['justice-bureau head', actor([JUSTICE, 'head']), true, true],
    ['justice-bureau officer (not a supervising role)', actor([JUSTICE, 'officer']), false, false],
    ['justice-bureau admin', actor([JUSTICE, 'admin']), false, false],
    ['justice-bureau staff who also holds a role in the named unit', actor([JUSTICE, 'justice'], [NAMED, 'liaison']), true, false],
    ['head of the named unit', actor([NAMED, 'head']), false, false],
    ['colleague of the recorder', actor([RECORDER_ORG, 'officer']), false, false],
    ['coordination office staff', actor([COORDINATION, 'coordination']), false, false],
    ['an unrelated officer', actor([OTHER, 'officer']), false, false],
    ['a citizen', actor(), false, false],
  ];
  it.each(rows)('%s: view %s, recorder %s', (_who, a, view, rec) => {
    expect(canView(a, r, S)).toBe(view);
    expect(canSeeRecorder(a, r, S)).toBe(rec);
  });
  it('is kept by the justice bureau', () => expect(supervisorOf(r, S).orgId).toBe(JUSTICE));
});

describe('a record naming the justice bureau itself', () => {
  const r = record(JUSTICE);
  const rows: Row[] = [
    ['coordination office staff', actor([COORDINATION, 'coordination']), true, true],
    ['coordination office head', actor([COORDINATION, 'head']), true, true],
    ['justice-bureau staff', actor([JUSTICE, 'justice']), false, false],
    ['justice-bureau head', actor([JUSTICE, 'head']), false, false],
    ['coordination staff who is also justice-bureau staff', actor([COORDINATION, 'coordination'], [JUSTICE, 'justice']), true, false],
  ];
  it.each(rows)('%s: view %s, recorder %s', (_who, a, view, rec) => {
    expect(canView(a, r, S)).toBe(view);
    expect(canSeeRecorder(a, r, S)).toBe(rec);
  });
  it('is kept by the coordination office', () => expect(supervisorOf(r, S)).toEqual({ orgId: COORDINATION, roles: ['coordination', 'head'] }));
});

describe('a record naming a person of no known unit', () => {
  it('is kept by the justice bureau, which sees the recorder', () => {
    const r = record(null);
    expect(supervisorOf(r, S).orgId).toBe(JUSTICE);
    expect(canSeeRecorder(actor([JUSTICE, 'justice']), r, S)).toBe(true);
  });
});

describe('who records and who supervises', () => {
  it('officers and heads record, for each body they hold such a role in', () => {
    expect(recorderOrgs(actor([10, 'officer'], [11, 'head'], [12, 'liaison'], [10, 'head']))).toEqual([10, 11]);
    expect(recorderOrgs(actor([12, 'liaison'], [COORDINATION, 'coordination'], [JUSTICE, 'justice'], [JUSTICE, 'admin']))).toEqual([]);
  });
  it('the scopes follow the supervising roles', () => {
    expect(supervisedScopes(actor([JUSTICE, 'justice']), S)).toEqual({ namingJusticeBureau: false, others: true });
    expect(supervisedScopes(actor([COORDINATION, 'head']), S)).toEqual({ namingJusticeBureau: true, others: false });
    expect(supervisedScopes(actor([OTHER, 'head']), S)).toEqual({ namingJusticeBureau: false, others: false });
  });
});
