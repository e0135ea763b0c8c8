import { describe, expect, it } from 'vitest';
import { planRef } from './plan-ref';

describe('references to the plan in messages', () => {
  it('cite the paragraph, never the internal code', () => {
    expect(planRef('M5')).toBe('方案（五）');
    expect(planRef('M15')).toBe('方案（十五）');
    expect(planRef('四(三)')).toBe('方案四（三）');
    expect(planRef('M16')).toBe('M16'); // not a mechanism: left as given
  });
});
