import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Accused, Complaint } from './complaint';
import {
  type ComplaintAction, accusedHandler, canAct, canSeeIdentity, canView, forwardRefusal, handlingRefusal, identityFor, mayBeAccused,
} from './complaint-access';
import { type Actor, type RoleGrant, type StaffRole, STAFF_ROLES } from './roles';

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
    accused: { kind: 'body', orgId: ACCUSED },
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
  ['justice-bureau staff (the bureau does not handle it)', actor([JUSTICE, 'justice']), true, false, false],
  ['justice-bureau head', actor([JUSTICE, 'head']), true, false, false],
  ['justice-bureau officer', actor([JUSTICE, 'officer']), true, false, false],
  ['a justice role held outside the justice bureau', actor([OTHER, 'justice']), false, false, false],
  ['coordination-office staff', actor([COORDINATION, 'coordination']), false, false, false],
  ['admin of another body', actor([OTHER, 'admin']), true, false, false],
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
    const c = complaint({ accused: { kind: 'body', orgId: HANDLING } });
    const handler = actor([HANDLING, 'officer']);
    expect(canView(handler, c, JUSTICE)).toBe(true);
    expect(canAct(handler, c, 'resolve')).toBe(true);
    expect(canSeeIdentity(handler, c, JUSTICE)).toBe(false);
  });

  it('lets the handling body see the identity when no body is accused', () => {
    const c = complaint({ accused: { kind: 'none' } });
    expect(canSeeIdentity(actor([HANDLING, 'liaison']), c, JUSTICE)).toBe(true);
    expect(canSeeIdentity(actor([ACCUSED, 'officer']), c, JUSTICE)).toBe(false); // not involved at all
  });

  it('shows the complainant their own identity, whatever roles they hold', () => {
    const c = complaint();
    expect(canSeeIdentity({ personId: COMPLAINANT, grants: [{ orgId: ACCUSED, role: 'officer' }] }, c, JUSTICE)).toBe(true);
  });

  it('lets justice staff act when the justice bureau itself handles the complaint', () => {
    const c = complaint({ handlingOrgId: JUSTICE, accused: { kind: 'body', orgId: OTHER }, forwardedFromOrgId: null, assistingOrgId: null });
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
    expect(canView(justiceAt99, c, JUSTICE)).toBe(false);
    const unresolvedAt99 = complaint({ handlingOrgId: 99, accused: { kind: 'unresolved' } });
    expect(canSeeIdentity(justiceAt99, unresolvedAt99, 99)).toBe(true);
    expect(canSeeIdentity(justiceAt99, unresolvedAt99, JUSTICE)).toBe(false); // 99 is then a body that may be accused
  });

  it('sees nothing of a complaint with no forwarder or assistant through a null org', () => {
    const c = complaint({ forwardedFromOrgId: null, assistingOrgId: null });
    expect(canView(actor([FORWARDER, 'officer']), c, JUSTICE)).toBe(false);
    expect(canView(actor([ASSISTING, 'officer']), c, JUSTICE)).toBe(false);
  });
});

describe('confidentiality by relation (issue 13)', () => {
  const unresolved: Accused = { kind: 'unresolved' };

  it('knows which bodies are or may be accused: none, that one, or every body but the justice bureau', () => {
    for (const id of [JUSTICE, HANDLING, ACCUSED, OTHER]) {
      expect(mayBeAccused({ accused: { kind: 'none' } }, id, JUSTICE)).toBe(false);
      expect(mayBeAccused({ accused: { kind: 'body', orgId: ACCUSED } }, id, JUSTICE)).toBe(id === ACCUSED);
      expect(mayBeAccused({ accused: unresolved }, id, JUSTICE)).toBe(id !== JUSTICE);
    }
  });

  it('unresolved: only the justice bureau, handling it, sees who complained — no department, whatever its part', () => {
    const c = complaint({ handlingOrgId: JUSTICE, accused: unresolved, forwardedFromOrgId: null, assistingOrgId: ASSISTING });
    expect(canSeeIdentity(actor([JUSTICE, 'justice']), c, JUSTICE)).toBe(true);
    expect(canSeeIdentity(actor([JUSTICE, 'head']), c, JUSTICE)).toBe(true);
    for (const org of [HANDLING, ASSISTING, ACCUSED, OTHER, COORDINATION]) {
      for (const role of STAFF_ROLES) expect(canSeeIdentity(actor([org, role]), c, JUSTICE), `${org} ${role}`).toBe(false);
    }
    expect(canSeeIdentity(actor([JUSTICE, 'justice'], [OTHER, 'liaison']), c, JUSTICE)).toBe(false); // would carry it to OTHER
  });

  it('a department handling a complaint that may be about itself (registered before this rule) sees no identity', () => {
    const c = complaint({ accused: unresolved });
    expect(canSeeIdentity(actor([HANDLING, 'officer']), c, JUSTICE)).toBe(false);
    expect(canAct(actor([HANDLING, 'officer']), c, 'resolve')).toBe(true); // it may still finish its work
    expect(identityFor(actor([HANDLING, 'officer']), c, JUSTICE)).toEqual({ shown: false });
    expect(identityFor({ personId: COMPLAINANT, grants: [] }, c, JUSTICE)).toEqual({ shown: true, contact: c.contact });
  });

  it('refuses routing and forwarding to the accused body, or to any body when unresolved, with the reason', () => {
    const aboutAccused = { accused: { kind: 'body', orgId: ACCUSED } as Accused };
    expect(handlingRefusal(aboutAccused, ACCUSED, '某局', JUSTICE)).toMatch(/某局.*被投诉单位.*司法局受理.*协助调查/);
    expect(handlingRefusal(aboutAccused, OTHER, '他局', JUSTICE)).toBeNull();
    expect(handlingRefusal(aboutAccused, JUSTICE, '司法局', JUSTICE)).toBeNull();
    expect(handlingRefusal({ accused: unresolved }, OTHER, '他局', JUSTICE)).toMatch(/未确定.*司法局受理.*协助调查/);
    expect(handlingRefusal({ accused: unresolved }, JUSTICE, '司法局', JUSTICE)).toBeNull();
    expect(handlingRefusal({ accused: { kind: 'body', orgId: JUSTICE } }, JUSTICE, '司法局', JUSTICE)).toMatch(/执法协调小组办公室受理/);
    expect(handlingRefusal({ accused: { kind: 'none' } }, OTHER, '他局', JUSTICE)).toBeNull();
    expect(forwardRefusal({ accused: unresolved, handlingOrgId: JUSTICE }, JUSTICE)).toMatch(/未确定/);
    expect(forwardRefusal({ accused: unresolved, handlingOrgId: HANDLING }, JUSTICE)).toBeNull(); // it may still go to the bureau
  });

  it('sends complaints about a body to the justice bureau, about the bureau itself to the coordination office', () => {
    const ids = { justiceBureau: JUSTICE, coordinationOffice: COORDINATION };
    expect(accusedHandler({ kind: 'none' }, ids)).toBeNull();
    expect(accusedHandler({ kind: 'body', orgId: ACCUSED }, ids)).toBe(JUSTICE);
    expect(accusedHandler(unresolved, ids)).toBe(JUSTICE);
    expect(accusedHandler({ kind: 'body', orgId: JUSTICE }, ids)).toBe(COORDINATION);
  });

  // Any complaint, any person: identity shown means the complainant, or staff of a handling
  // body that is not and may not be accused, holding no role in a body that may be.
  const ORGS = [JUSTICE, COORDINATION, HANDLING, FORWARDER, ASSISTING, ACCUSED, OTHER];
  const org = fc.constantFrom(...ORGS);
  const accusedArb: fc.Arbitrary<Accused> = fc.oneof(
    fc.constant<Accused>({ kind: 'none' }), fc.constant<Accused>(unresolved), org.map((orgId): Accused => ({ kind: 'body', orgId })),
  );
  const grants = fc.array(fc.record({ orgId: org, role: fc.constantFrom(...STAFF_ROLES) }), { maxLength: 3 });

  it('property: identity is never shown to anyone who belongs to a body that is or may be accused', () => {
    fc.assert(
      fc.property(accusedArb, org, fc.option(org, { nil: null }), fc.option(org, { nil: null }), grants, fc.boolean(), (accused, handling, fwd, assist, g, isComplainant) => {
        const c = complaint({ accused, handlingOrgId: handling, forwardedFromOrgId: fwd, assistingOrgId: assist });
        const a: Actor = { personId: isComplainant ? COMPLAINANT : 999, grants: g };
        const shown = canSeeIdentity(a, c, JUSTICE);
        if (isComplainant) return shown;
        const ok = !mayBeAccused(c, handling, JUSTICE) && g.some((x) => x.orgId === handling) && !g.some((x) => mayBeAccused(c, x.orgId, JUSTICE));
        return shown === ok;
      }),
      { numRuns: 2000 },
    );
  });
});
