// The pure arithmetic of books: spreading a book by capacity, and retention against expectation.
import { describe, expect, test } from 'vitest';
import { planSpread, retentionVsExpected } from './books.math.ts';

describe('planSpread', () => {
  test('ends in proportion to capacity, counting the books people already carry', () => {
    const customers = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const plan = planSpread(customers, [
      { userId: 'a', capacity: 40, load: 10 },
      { userId: 'b', capacity: 20, load: 0 },
      { userId: 'z', capacity: 0, load: 0 },
    ]);
    // 40 customers in all over 60 places: both end two-thirds full (a 26.7 of 40, b 13.3 of 20).
    expect(plan.get('a')?.length).toBe(17);
    expect(plan.get('b')?.length).toBe(13);
    expect(plan.has('z')).toBe(false);
    expect(plan.get('b')?.[0]).toBe('c0'); // the emptier book takes the most valuable customer first
  });

  test('nobody with capacity: nothing planned', () => {
    expect(planSpread(['c1'], [{ userId: 'a', capacity: 0, load: 0 }]).size).toBe(0);
  });
});

describe('retentionVsExpected', () => {
  test('actual − expected over the scored base with the Poisson-binomial interval', () => {
    const r = retentionVsExpected({ base: 10, retained: 9, scored: 4, scoredRetained: 4, pSum: 2, pVar: 1 });
    expect(r.actual).toBeCloseTo(0.9, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.difference).toBeCloseTo(0.5, 12);
    expect(r.low).toBeCloseTo(0.5 - 1.959964 * 0.25, 6);
    expect(r.high).toBeCloseTo(0.5 + 1.959964 * 0.25, 6);
  });

  test('no scored customers: no expectation, only the counts', () => {
    expect(retentionVsExpected({ base: 3, retained: 3, scored: 0, scoredRetained: 0, pSum: 0, pVar: 0 })).toEqual({
      actual: 1,
      expected: null,
      difference: null,
      low: null,
      high: null,
    });
  });
});
