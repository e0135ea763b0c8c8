/** Assertions shared by the domain's tests (imported by *.test.ts only). */
import { expect } from 'vitest';
import type { Result } from './result';

/** The value of a successful result; throws with the reason otherwise. */
export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.value;
}

/** Asserts a refusal with a reason in Chinese, and returns the reason. */
export function reason<T>(r: Result<T>): string {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
  return r.reason;
}

/** Freezes an object graph, so a test proves a function did not mutate its input. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !(o instanceof Date)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** A local Asia/Shanghai time, `2025-10-11T23:59:59`. */
export const at = (s: string) => new Date(`${s}+08:00`);
