// ascendingOrder gives the same order as a stable comparator sort — ties in index order — on
// awkward doubles (zero and negative zero, subnormals, whole months, repeated values, huge ones),
// and refuses what it cannot order.
import { expect, test } from 'vitest';
import { seededRng } from './random.ts';
import { ascendingOrder, descendingOrder } from './sort-order.ts';

const byComparator = (v: Float64Array) => Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b);

test('orders like a stable comparator sort', () => {
  const rng = seededRng(7);
  const special = [0, -0, 5e-324, 1, 1, 2 ** 52, 1e308, 0.1, 0.30000000000000004, 12, 11.999999999999998];
  const values = Float64Array.from({ length: 20_000 }, (_, i) =>
    i < special.length ? special[i] : i % 3 === 0 ? Math.floor(rng() * 48) : rng() * 48,
  );
  expect(Array.from(ascendingOrder(values))).toEqual(byComparator(values));
  expect(Array.from(ascendingOrder(new Float64Array([3, 3, 3])))).toEqual([0, 1, 2]);
  expect(Array.from(ascendingOrder(new Float64Array([])))).toEqual([]);
});

test('refuses negative, infinite and missing values', () => {
  expect(() => ascendingOrder(new Float64Array([1, -1]))).toThrow(/value 1 is -1/);
  expect(() => ascendingOrder(new Float64Array([NaN]))).toThrow(/value 0 is NaN/);
  expect(() => ascendingOrder(new Float64Array([Infinity]))).toThrow(RangeError);
});

test('descending order: like a stable comparator sort from the largest', () => {
  const rng = seededRng(11);
  const values = Float64Array.from({ length: 20_000 }, (_, i) => (i % 2 ? Math.floor(rng() * 30) : rng() * 30));
  values[0] = -0;
  values[1] = 0;
  const expected = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  expect(Array.from(descendingOrder(values))).toEqual(expected);
  expect(Array.from(descendingOrder(new Float64Array([2, 5, 2, 5])))).toEqual([1, 3, 0, 2]);
});
