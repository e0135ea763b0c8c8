import { describe, expect, it } from 'vitest';
import { complaintStatusesOf, open311Status, requesterOf, searchWindow } from './open311';

const at = (s: string) => new Date(s);
const DAY = 86_400_000;

describe('Open311 rules', () => {
  it('counts only 办结 as closed', () => {
    expect(open311Status('registered')).toBe('open');
    expect(open311Status('accepted')).toBe('open');
    expect(open311Status('resolved')).toBe('closed');
    expect(complaintStatusesOf('open').map(open311Status)).toEqual(['open', 'open']);
    expect(complaintStatusesOf('closed').map(open311Status)).toEqual(['closed']);
  });

  it('searches at most 90 days, the last 90 when no date is given', () => {
    const now = at('2026-11-30T12:00:00Z');
    const none = searchWindow(undefined, undefined, now);
    expect(none.ok && none.value).toEqual({ from: new Date(now.getTime() - 90 * DAY), to: now });
    const start = at('2026-10-01T00:00:00Z');
    const one = searchWindow(start, undefined, now);
    expect(one.ok && one.value.to.getTime() - one.value.from.getTime()).toBe(90 * DAY);
    expect(searchWindow(start, new Date(start.getTime() + 90 * DAY), now).ok).toBe(true);
    const long = searchWindow(start, new Date(start.getTime() + 90 * DAY + 1), now);
    expect(!long.ok && long.reason).toContain('90 天');
    const backwards = searchWindow(start, new Date(start.getTime() - 1), now);
    expect(!backwards.ok && backwards.reason).toContain('不能早于');
  });

  it('names the requester by the most stable thing the client gave', () => {
    expect(requesterOf({ accountId: 'u1', email: 'A@x.org', phone: '13812345678' })).toEqual({ kind: 'account', value: 'u1' });
    expect(requesterOf({ email: 'A@X.org', phone: '13812345678' })).toEqual({ kind: 'email', value: 'a@x.org' });
    expect(requesterOf({ phone: '13812345678', deviceId: 'd' })).toEqual({ kind: 'phone', value: '13812345678' });
    expect(requesterOf({ deviceId: 'd' })).toEqual({ kind: 'device', value: 'd' });
    expect(requesterOf({})).toEqual({ kind: 'anonymous' });
  });
});
