import { describe, expect, it } from 'vitest';
import { linkDecision, sameGrants } from './identity';
import type { RoleGrant } from './roles';

const head: RoleGrant = { orgId: 9, role: 'head' };
const officer: RoleGrant = { orgId: 15, role: 'officer' };

describe('what a link between two people needs', () => {
  it('joins people without roles at once, asks the one holder to confirm, and never joins two holders', () => {
    expect(linkDecision([], [])).toEqual({ kind: 'merge' });
    expect(linkDecision([head], [])).toEqual({ kind: 'confirm', holder: 'owner' });
    expect(linkDecision([], [head, officer])).toEqual({ kind: 'confirm', holder: 'redeemer' });
    expect(linkDecision([head], [officer])).toEqual({ kind: 'refuse' });
  });

  it('a confirmation counts only for the roles it named', () => {
    expect(sameGrants([head, officer], [officer, head])).toBe(true);
    expect(sameGrants([head], [head, officer])).toBe(false);
    expect(sameGrants([head], [{ orgId: 9, role: 'liaison' }])).toBe(false);
    expect(sameGrants([], [])).toBe(true);
  });
});
