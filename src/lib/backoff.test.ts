import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backoffMs } from './backoff.ts';

describe('backoff', () => {
  test('doubles per attempt between half and all of the exponential delay', () => {
    expect(backoffMs(1, { baseMs: 1000, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { baseMs: 1000, random: () => 0.999999 })).toBe(1000);
    expect(backoffMs(3, { baseMs: 1000, random: () => 0 })).toBe(2000);
    expect(backoffMs(4, { baseMs: 1000, random: () => 0.5 })).toBe(6000);
  });

  test('never exceeds the cap and never goes below half of it once reached', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const ms = backoffMs(attempt, { baseMs: 30_000, capMs: 3_600_000, random: () => r });
          expect(ms).toBeGreaterThanOrEqual(Math.min(3_600_000, 30_000 * 2 ** (attempt - 1)) / 2 - 1);
          expect(ms).toBeLessThanOrEqual(3_600_000);
        },
      ),
    );
  });
});
