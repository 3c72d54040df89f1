// k-means and the silhouette: a width worked by hand from Rousseeuw's definition (1987, J. Comput.
// Appl. Math. 20:53–65, s(i) = (b − a) / max(a, b)), and simulated clusters with a planted k that
// chooseK must find, with every planted cluster recovered whole.
import { describe, expect, test } from 'vitest';
import { normal, seededRng } from '../../../lib/random.ts';
import { chooseK, kMeans, silhouette } from './kmeans.ts';

describe('silhouette', () => {
  test('two pairs on a line: the hand-worked mean width', () => {
    // Point 0: a = 1, b = (10 + 11) / 2 = 10.5 → 0.904762; point 1: a = 1, b = 9.5 → 0.894737;
    // 10 and 11 mirror them. Mean 0.899749.
    const X = Float64Array.from([0, 1, 10, 11]);
    expect(silhouette(X, 4, 1, Int32Array.from([0, 0, 1, 1]), 2)).toBeCloseTo(0.899749, 5);
    // The wrong split scores lower (and below zero for the misplaced points).
    expect(silhouette(X, 4, 1, Int32Array.from([0, 1, 1, 0]), 2)).toBeLessThan(0);
  });

  test('a point alone in its cluster scores 0', () => {
    const X = Float64Array.from([0, 5, 6]);
    // Point 0 alone: 0; point 5: a = 1, b = 5 → 0.8; point 6: a = 1, b = 6 → 5/6.
    expect(silhouette(X, 3, 1, Int32Array.from([0, 1, 1]), 2)).toBeCloseTo((0 + 0.8 + 5 / 6) / 3, 10);
  });
});

/** n points around each of k planted centres in p dimensions. */
function planted(k: number, perCluster: number, p: number, spread: number, seed: number) {
  const rng = seededRng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: p }, () => rng() * 10));
  const n = k * perCluster;
  const X = new Float64Array(n * p);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let j = 0; j < p; j++) X[i * p + j] = centres[c][j] + spread * normal(rng);
  }
  return { X, n, truth };
}

/** Each planted cluster lands whole in one fitted cluster, and no two share one. */
function expectSamePartition(truth: Int32Array, fitted: Int32Array, k: number) {
  const map = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    const f = map.get(truth[i]);
    if (f === undefined) map.set(truth[i], fitted[i]);
    else expect(fitted[i]).toBe(f);
  }
  expect(new Set(map.values()).size).toBe(k);
}

describe('k-means', () => {
  test.each([3, 4, 6])('recovers %i planted clusters and every assignment', (k) => {
    const { X, n, truth } = planted(k, 120, 5, 0.3, 11 + k);
    const chosen = chooseK(X, n, 5, { rng: seededRng(3), kMax: 8 });
    expect(chosen.fit.k).toBe(k);
    expect(chosen.silhouette).toBeGreaterThan(0.7);
    expect(chosen.tried.map((t) => t.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expectSamePartition(truth, chosen.fit.assignment, k);
    expect([...chosen.fit.sizes].sort()).toEqual(Array(k).fill(120));
  });

  test('fitted on a sample and refined on all points, it still recovers the clusters', () => {
    const { X, n, truth } = planted(5, 2_000, 4, 0.4, 7);
    const chosen = chooseK(X, n, 4, { rng: seededRng(9), fitSample: 1_000, sample: 300 });
    expect(chosen.fit.k).toBe(5);
    expectSamePartition(truth, chosen.fit.assignment, 5);
  });

  test('the same seed gives the same fit; inertia falls as k grows', () => {
    const { X, n } = planted(3, 50, 2, 1, 1);
    const a = kMeans(X, n, 2, 3, { rng: seededRng(1) });
    const b = kMeans(X, n, 2, 3, { rng: seededRng(1) });
    expect([...a.assignment]).toEqual([...b.assignment]);
    expect(kMeans(X, n, 2, 6, { rng: seededRng(1) }).inertia).toBeLessThan(a.inertia);
    expect(() => kMeans(new Float64Array(0), 0, 2, 2, { rng: seededRng(1) })).toThrow(RangeError);
  });
});
