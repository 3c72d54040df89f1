import { expect, test } from 'vitest';
import { quintiles, rfmScores } from './analytics.rfm.ts';

test('quintiles are ntile(5): the first quintiles hold one more when the count does not divide by five', () => {
  const values = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const { scores, cutoffs } = quintiles(values);
  // Ascending values: 1,2,3 → 1; 4,5,6 → 2; 7,8 → 3; 9,10 → 4; 11,12 → 5.
  expect(Array.from(scores)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 2, 1, 1, 1]);
  expect(cutoffs).toEqual([4, 7, 9, 11]);
});

test('equal values are ranked by position (customer id order), so a tie can straddle two quintiles', () => {
  const { scores, cutoffs } = quintiles([0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
  expect(Array.from(scores)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  expect(cutoffs).toEqual([0, 0, 0, 0]);
});

test('fewer than five buyers: one score each from 1, and only the cut-offs that occur', () => {
  const { scores, cutoffs } = quintiles([30, 10, 20]);
  expect(Array.from(scores)).toEqual([3, 1, 2]);
  expect(cutoffs).toEqual([20, 30]);
  expect(quintiles([]).cutoffs).toEqual([]);
});

test('an incremental run places values against the cut-offs: 1 plus the cut-offs at or below; 3 without four cut-offs', () => {
  const cutoffs = { recency: [-300, -200, -100, -30], frequency: [1, 2, 4, 8], monetary: [1000, 2000, 5000, 9000] };
  const s = rfmScores(
    { recency: [-400, -300, -31, -30, 0], frequency: [0, 1, 3, 8, 50], monetary: [999, 1000, 8999, 9000, 1e9] },
    cutoffs,
  );
  expect(Array.from(s.r)).toEqual([1, 2, 4, 5, 5]);
  expect(Array.from(s.f)).toEqual([1, 2, 3, 5, 5]);
  expect(Array.from(s.m)).toEqual([1, 2, 4, 5, 5]);
  expect(s.cutoffs).toBe(cutoffs);
  const few = rfmScores(
    { recency: [-5], frequency: [1], monetary: [10] },
    { recency: [1], frequency: [], monetary: [1, 2] },
  );
  expect([few.r[0], few.f[0], few.m[0]]).toEqual([3, 3, 3]);
});

test('a full run scores the three metrics independently and returns their cut-offs', () => {
  const s = rfmScores(
    { recency: [-1, -2, -3, -4, -5], frequency: [5, 4, 3, 2, 1], monetary: [10, 10, 10, 10, 10] },
    null,
  );
  expect(Array.from(s.r)).toEqual([5, 4, 3, 2, 1]);
  expect(Array.from(s.f)).toEqual([5, 4, 3, 2, 1]);
  expect(Array.from(s.m)).toEqual([1, 2, 3, 4, 5]);
  expect(s.cutoffs).toEqual({ recency: [-4, -3, -2, -1], frequency: [2, 3, 4, 5], monetary: [10, 10, 10, 10] });
});
