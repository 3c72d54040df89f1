import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { createKeyGrouper, distinctPairs, groupRows, rowKey, wholeNumberCounts } from './grouping.ts';

const indexColumn = (n: number, values: number, rng: () => number) =>
  Int32Array.from({ length: n }, () => Math.floor(rng() * values));

describe('distinctPairs', () => {
  test('groups as groupRows does, group for group and in the same order, through the table and past it', () => {
    const rng = seededRng(7);
    // 40 × 300 cells for 20,000 rows: the table; 5,000 × 5,000 cells for 2,000 rows: the hash.
    for (const [n, na, nb] of [
      [20_000, 40, 300],
      [2_000, 5_000, 5_000],
      [1, 1, 1],
    ]) {
      const a = indexColumn(n, na, rng);
      const b = indexColumn(n, nb, rng);
      const pairs = distinctPairs(a, b);
      const hashed = groupRows([a, b], n);
      expect(pairs.count).toBe(hashed.count);
      expect(pairs.groupOf).toEqual(hashed.groupOf);
      expect(pairs.firstOf).toEqual(hashed.firstOf);
    }
  });
});

describe('createKeyGrouper', () => {
  test('keys added one at a time are grouped as groupRows groups them, through several growths of its tables', () => {
    const rng = seededRng(11);
    // 30,000 customers in ~13,000 groups: room for 4,096 groups at first, and a table of cells
    // for T below 2,048 days that grows; a fifth of the keys with a T past it, which are hashed.
    const keys = Float64Array.from({ length: 30_000 }, () => {
      const T = rng() < 0.8 ? Math.floor(rng() * 400) : 2_000 + Math.floor(rng() * 100);
      const tx = Math.floor(rng() * (T + 1));
      return rowKey(Math.floor(rng() * 5), tx, T);
    });
    const grouper = createKeyGrouper();
    const groupOf = Int32Array.from(keys, (key, i) => grouper.add(key, i));
    const byValues = groupRows([keys], keys.length);
    expect(grouper.count).toBeGreaterThan(8_192);
    expect(grouper.count).toBe(byValues.count);
    expect(groupOf).toEqual(byValues.groupOf);
    expect(grouper.firstOf()).toEqual(byValues.firstOf);
    expect(grouper.keys()).toEqual(Float64Array.from(byValues.firstOf, (i) => keys[i]));
    // Each half grouped on its own, the second's groups then added to the first's at once (as
    // two reading threads do): the same groups.
    const firstHalf = createKeyGrouper();
    const secondHalf = createKeyGrouper();
    const half = keys.length / 2;
    const first = Int32Array.from(keys.subarray(0, half), (key, i) => firstHalf.add(key, i));
    const second = Int32Array.from(keys.subarray(half), (key, i) => secondHalf.add(key, i));
    const groupHere = firstHalf.addAll(secondHalf.keys(), secondHalf.firstOf(), half);
    expect(Int32Array.of(...first, ...Array.from(second, (g) => groupHere[g]))).toEqual(byValues.groupOf);
    expect(firstHalf.firstOf()).toEqual(byValues.firstOf);
    expect(firstHalf.keys()).toEqual(grouper.keys());
  });
});

describe('wholeNumberCounts', () => {
  test('each distinct whole number once, ascending, with its rows counted', () => {
    const counts = wholeNumberCounts(Float64Array.from([3, 1, 3, 0, 7, 1, 3]));
    expect(Array.from(counts.values)).toEqual([0, 1, 3, 7]);
    expect(Array.from(counts.counts)).toEqual([1, 2, 3, 1]);
  });

  test('values past the table (2^20 and more) are grouped by hashing, with the same answer', () => {
    const big = 2 ** 40;
    const counts = wholeNumberCounts(Float64Array.from([big, 5, big + 1, big, 5, 0]));
    expect(Array.from(counts.values)).toEqual([0, 5, big, big + 1]);
    expect(Array.from(counts.counts)).toEqual([1, 2, 2, 1]);
  });
});
