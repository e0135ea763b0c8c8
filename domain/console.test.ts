import { describe, expect, it } from 'vitest';
import { CONSOLE_IDLE_MS, CONSOLE_MAX_MS, groupConsoleCode, parseConsoleCode, sessionLive } from './console';

describe('console sign-in codes', () => {
  it('spells three groups of four and reads back what people type', () => {
    const code = groupConsoleCode('K7M2Q9XPAB34');
    expect(code).toBe('K7M2-Q9XP-AB34');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(parseConsoleCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(parseConsoleCode(code.replaceAll('-', ''))).toBe(code);
  });
  it('refuses other shapes: invitation and link codes, ambiguous letters', () => {
    for (const t of ['ABCDE-FGHJK', '1234-5678', 'ABCD-EFGH-JKL0', 'ABCD-EFGH-JKLM-NPQR', '']) expect(parseConsoleCode(t)).toBeUndefined();
  });
});

describe('console sessions', () => {
  const t0 = new Date('2026-11-30T09:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  it('live while used within the idle limit, ended at the absolute limit whatever the use', () => {
    expect(sessionLive({ createdAt: t0, lastSeenAt: t0, endedAt: null }, at(CONSOLE_IDLE_MS - 1))).toBe(true);
    expect(sessionLive({ createdAt: t0, lastSeenAt: t0, endedAt: null }, at(CONSOLE_IDLE_MS))).toBe(false);
    expect(sessionLive({ createdAt: t0, lastSeenAt: at(CONSOLE_MAX_MS - 60_000), endedAt: null }, at(CONSOLE_MAX_MS))).toBe(false);
    expect(sessionLive({ createdAt: t0, lastSeenAt: t0, endedAt: at(1) }, at(2))).toBe(false);
  });
});
