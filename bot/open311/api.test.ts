import { describe, expect, it } from 'vitest';
import { requesterOf } from '../../domain/open311';
import { requesterId } from './api';

describe('the account an Open311 requester files from', () => {
  it('is one per key and requester, and holds no contact in the clear', () => {
    const email = requesterOf({ email: 'LiSi@Example.org' });
    const id = requesterId(3, email);
    expect(id).toMatch(/^3:email:/);
    expect(id.toLowerCase()).not.toContain('lisi@example.org');
    expect(requesterId(3, requesterOf({ email: 'lisi@example.org' }))).toBe(id);
    expect(requesterId(4, email)).not.toBe(id);
    expect(requesterId(3, requesterOf({ phone: '13812345678' }))).not.toContain('13812345678');
    expect(requesterId(3, requesterOf({}))).toBe('3:anonymous');
  });
});
