import { describe, expect, it } from 'vitest';
import { formatLimitRule, parseLimitRule } from './limits';

describe('a limit as written in the environment', () => {
  it('reads points per window in seconds, minutes or hours, or off', () => {
    expect(parseLimitRule('30/1m')).toEqual({ points: 30, seconds: 60 });
    expect(parseLimitRule(' 5 / 1H ')).toEqual({ points: 5, seconds: 3600 });
    expect(parseLimitRule('10/h')).toEqual({ points: 10, seconds: 3600 });
    expect(parseLimitRule('100/30s')).toEqual({ points: 100, seconds: 30 });
    expect(parseLimitRule('off')).toBeNull();
  });

  it('refuses what it cannot read, rather than guessing', () => {
    for (const bad of ['', '30', '0/1m', '30/0m', '30/1d', '-1/1m', '30 per minute', '1e3/1m']) expect(parseLimitRule(bad), bad).toBeUndefined();
  });

  it('writes a rule back the way it is read', () => {
    for (const t of ['30/1m', '5/1h', '7/45s', 'off']) expect(formatLimitRule(parseLimitRule(t)!)).toBe(t);
  });
});
