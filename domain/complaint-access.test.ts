import { describe, expect, it } from 'vitest';
import type { Complaint } from './complaint';
import { type ComplaintAction, canAct, canSeeIdentity, canView } from './complaint-access';
import type { Actor, RoleGrant, StaffRole } from './roles';

const JUSTICE = 1; // 司法局
const HANDLING = 10;
const FORWARDER = 11;
const ASSISTING = 12;
const ACCUSED = 13;
const OTHER = 14;
const COORDINATION = 2; // 协调办
const COMPLAINANT = 100;

const ACTIONS: ComplaintAction[] = ['accept', 'forward', 'assist', 'resolve'];

const complaint = (over: Partial<Complaint> = {}): Complaint =>
  ({
    id: 1,
    trackingNo: 'TS-2025-000001',
    status: 'accepted',
    handlerPersonId: 300,
    acceptedAt: new Date('2025-03-04T01:00:00Z'),
    complainantPersonId: COMPLAINANT,
    handlingOrgId: HANDLING,
    routedBy: 'keywords',
    forwardedFromOrgId: FORWARDER,
    assistingOrgId: ASSISTING,
    registeredAt: new Date('2025-03-03T02:00:00Z'),
    acceptDue: { due: new Date('2025-03-12T15:59:59Z'), provisional: false },
    what: '执法人员态度恶劣',
    where: '抚宁镇',
    when: '3月1日',
    accusedOrgId: ACCUSED,
    accusedText: '某局执法人员',
    contact: { name: '张三', phone: '13800138000' },
    ...over,
  }) as Complaint;

let nextId = 200;
const actor = (...grants: Array<[number, StaffRole]>): Actor => ({
  personId: nextId++,
  grants: grants.map(([orgId, role]): RoleGrant => ({ orgId, role })),
});

type Row = [who: string, a: Actor, view: boolean, identity: boolean, act: boolean];

const rows: Row[] = [
  ['complainant', { personId: COMPLAINANT, grants: [] }, true, true, false],
  ['a stranger citizen', actor(), false, false, false],
  ['officer of the handling body', actor([HANDLING, 'officer']), true, true, true],
  ['head of the handling body', actor([HANDLING, 'head']), true, true, true],
  ['liaison of the handling body', actor([HANDLING, 'liaison']), true, true, false],
  ['officer of an unrelated body', actor([OTHER, 'officer']), false, false, false],
  ['head of an unrelated body', actor([OTHER, 'head']), false, false, false],
  ['officer of the body that forwarded it', actor([FORWARDER, 'officer']), true, false, false],
  ['liaison of the body that forwarded it', actor([FORWARDER, 'liaison']), true, false, false],
  ['officer of the body asked to assist', actor([ASSISTING, 'officer']), true, false, false],
  ['justice-bureau staff', actor([JUSTICE, 'justice']), true, true, false],
  ['justice-bureau head', actor([JUSTICE, 'head']), true, true, false],
  ['justice-bureau officer', actor([JUSTICE, 'officer']), true, true, false],
  ['a justice role held outside the justice bureau', actor([OTHER, 'justice']), false, false, false],
  ['coordination-office staff', actor([COORDINATION, 'coordination']), false, false, false],
  ['admin', actor([OTHER, 'admin']), true, true, false],
  ['officer of the accused body', actor([ACCUSED, 'officer']), false, false, false],
  ['head of the accused body', actor([ACCUSED, 'head']), false, false, false],
  ['liaison of the accused body', actor([ACCUSED, 'liaison']), false, false, false],
  ['officer of the handling body who is also liaison of the accused body', actor([HANDLING, 'officer'], [ACCUSED, 'liaison']), true, false, true],
  ['justice-bureau staff who also holds a role in the accused body', actor([JUSTICE, 'justice'], [ACCUSED, 'liaison']), true, false, false],
  ['admin granted at the accused body', actor([ACCUSED, 'admin']), true, false, false],
  ['admin who is also officer of the accused body', actor([OTHER, 'admin'], [ACCUSED, 'officer']), true, false, false],
];

describe('complaint access table', () => {
  const c = complaint();
  it.each(rows)('%s', (_who, a, view, identity, act) => {
    expect(canView(a, c, JUSTICE)).toBe(view);
    expect(canSeeIdentity(a, c, JUSTICE)).toBe(identity);
    for (const action of ACTIONS) expect(canAct(a, c, action), action).toBe(act);
  });
});

describe('complaint access rules', () => {
  it('never shows the identity to the accused body, even when it handles the complaint', () => {
    const c = complaint({ accusedOrgId: HANDLING });
    const handler = actor([HANDLING, 'officer']);
    expect(canView(handler, c, JUSTICE)).toBe(true);
    expect(canAct(handler, c, 'resolve')).toBe(true);
    expect(canSeeIdentity(handler, c, JUSTICE)).toBe(false);
  });

  it('lets the handling body see the identity when no body is accused', () => {
    const c = complaint({ accusedOrgId: null });
    expect(canSeeIdentity(actor([HANDLING, 'liaison']), c, JUSTICE)).toBe(true);
    expect(canSeeIdentity(actor([ACCUSED, 'officer']), c, JUSTICE)).toBe(false); // not involved at all
  });

  it('shows the complainant their own identity, whatever roles they hold', () => {
    const c = complaint();
    expect(canSeeIdentity({ personId: COMPLAINANT, grants: [{ orgId: ACCUSED, role: 'officer' }] }, c, JUSTICE)).toBe(true);
  });

  it('lets justice staff act when the justice bureau itself handles the complaint', () => {
    const c = complaint({ handlingOrgId: JUSTICE, accusedOrgId: OTHER, forwardedFromOrgId: null, assistingOrgId: null });
    for (const action of ACTIONS) {
      expect(canAct(actor([JUSTICE, 'justice']), c, action)).toBe(true);
      expect(canAct(actor([JUSTICE, 'head']), c, action)).toBe(true);
      expect(canAct(actor([JUSTICE, 'liaison']), c, action)).toBe(false);
      expect(canAct(actor([OTHER, 'justice']), c, action)).toBe(false);
    }
    expect(canSeeIdentity(actor([JUSTICE, 'justice']), c, JUSTICE)).toBe(true);
  });

  it('does not let the forwarding or assisting body act, nor the one who once handled it', () => {
    const c = complaint();
    expect(canAct(actor([FORWARDER, 'head']), c, 'resolve')).toBe(false);
    expect(canAct(actor([ASSISTING, 'head']), c, 'assist')).toBe(false);
  });

  it('takes the justice bureau from the argument, not a fixed id', () => {
    const c = complaint();
    const justiceAt99 = actor([99, 'justice']);
    expect(canView(justiceAt99, c, 99)).toBe(true);
    expect(canSeeIdentity(justiceAt99, c, 99)).toBe(true);
    expect(canView(justiceAt99, c, JUSTICE)).toBe(false);
  });

  it('sees nothing of a complaint with no forwarder or assistant through a null org', () => {
    const c = complaint({ forwardedFromOrgId: null, assistingOrgId: null });
    expect(canView(actor([FORWARDER, 'officer']), c, JUSTICE)).toBe(false);
    expect(canView(actor([ASSISTING, 'officer']), c, JUSTICE)).toBe(false);
  });
});
