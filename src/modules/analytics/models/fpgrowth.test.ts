// FP-growth against a brute-force count (every subset of every basket, counted in a map) on
// simulated files, and association rules recovering a planted bundle's lift.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { associationRules } from './association-rules.ts';
import { simulateBaskets } from './basket-simulate.ts';
import { type Baskets, fpGrowth, type Itemsets, itemsetSizes } from './fpgrowth.ts';

function bruteForce(b: Baskets, minCount: number, maxLen: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = 0; k + 1 < b.offsets.length; k++) {
    const basket = Array.from(b.items.subarray(b.offsets[k], b.offsets[k + 1])).sort((x, y) => x - y);
    const walk = (from: number, chosen: number[]) => {
      for (let j = from; j < basket.length; j++) {
        chosen.push(basket[j]);
        const key = chosen.join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (chosen.length < maxLen) walk(j + 1, chosen);
        chosen.pop();
      }
    };
    walk(0, []);
  }
  for (const [key, n] of counts) if (n < minCount) counts.delete(key);
  return counts;
}

const asMap = (sets: Itemsets) => {
  const m = new Map<string, number>();
  for (let k = 0; k < sets.size; k++) {
    const key = Array.from(sets.items.subarray(sets.offsets[k], sets.offsets[k + 1])).join(',');
    expect(m.has(key), `itemset ${key} returned twice`).toBe(false);
    m.set(key, sets.counts[k]);
  }
  return m;
};

/** Small dense baskets where many itemsets of 3–5 items are frequent. */
function denseBaskets(seed: number, n: number, items: number): Baskets {
  const rng = seededRng(seed);
  const offsets = new Int32Array(n + 1);
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < items; i++) if (rng() < 0.5 / (1 + i / 4)) out.push(i);
    offsets[b + 1] = out.length;
  }
  return { offsets, items: Int32Array.from(out), itemCount: items };
}

describe('fpGrowth', () => {
  test.each([1, 2, 3, 4, 5])('equals a brute-force count on a dense file (seed %i)', (seed) => {
    const b = denseBaskets(seed, 400, 14);
    for (const [minCount, maxLen] of [
      [20, 3],
      [8, 4],
      [40, 14],
      [1, 3],
    ]) {
      const got = asMap(fpGrowth(b, { minCount, maxLen }));
      const want = bruteForce(b, minCount, maxLen);
      expect(got.size).toBe(want.size);
      expect(got).toEqual(want);
    }
  });

  test.each([11, 12, 13])('equals a brute-force count on a retail-shaped file (seed %i)', (seed) => {
    const b = simulateBaskets({
      baskets: 3000,
      items: 300,
      meanSize: 6,
      seed,
      bundles: [{ pa: 0.05, pb: 0.04, lift: 6 }],
    });
    const sets = fpGrowth(b, { minCount: 6, maxLen: 4 });
    const got = asMap(sets);
    const want = bruteForce(b, 6, 4);
    expect(got).toEqual(want);
    const sizes = itemsetSizes(sets);
    expect(sizes['3']).toBeGreaterThan(0);
    expect(Object.values(sizes).reduce((a, c) => a + c, 0)).toBe(want.size);
    expect(sets.baskets).toBe(3000);
  });

  test('edge cases: empty baskets, nothing frequent, maxLen 1, duplicated baskets', () => {
    const b: Baskets = {
      offsets: Int32Array.from([0, 0, 2, 4, 4, 6]),
      items: Int32Array.from([0, 1, 0, 1, 2, 0]),
      itemCount: 3,
    };
    expect(asMap(fpGrowth(b, { minCount: 2 }))).toEqual(
      new Map([
        ['0', 3],
        ['1', 2],
        ['0,1', 2],
      ]),
    );
    expect(fpGrowth(b, { minCount: 4 }).size).toBe(0);
    expect(asMap(fpGrowth(b, { minCount: 1, maxLen: 1 }))).toEqual(
      new Map([
        ['0', 3],
        ['1', 2],
        ['2', 1],
      ]),
    );
  });
});

describe('associationRules', () => {
  test('a planted bundle is found with the lift it was planted with', () => {
    // 40,000 baskets, P(a) = 0.08, P(b) = 0.05, lift 4 → about 640 baskets with both; the
    // standard error of log(lift) is about √(1/640) ≈ 0.04, so ±12 % is 3 standard errors.
    const b = simulateBaskets({
      baskets: 40_000,
      items: 2000,
      meanSize: 8,
      seed: 7,
      bundles: [
        { pa: 0.08, pb: 0.05, lift: 4 },
        { pa: 0.03, pb: 0.03, lift: 10 },
      ],
    });
    const sets = fpGrowth(b, { minCount: 40, maxLen: 3 });
    const margins = Array.from({ length: b.itemCount }, (_, i) => (i === 2001 ? 5 : 1));
    const rules = associationRules(sets, { minConfidence: 0.1, margins });
    const rule = (a: number, c: number) =>
      rules.find((r) => r.antecedent.join() === `${a}` && r.consequent.join() === `${c}`);
    const ab = rule(2000, 2001)!;
    expect(ab).toBeDefined();
    expect(ab.lift).toBeGreaterThan(4 * 0.88);
    expect(ab.lift).toBeLessThan(4 * 1.12);
    const big = rule(2002, 2003)!;
    expect(big.lift).toBeGreaterThan(10 * 0.85);
    expect(big.lift).toBeLessThan(10 * 1.15);
    // The two planted bundles are the strongest pairs (both directions of each).
    const pairs = rules.filter((r) => r.antecedent.length + r.consequent.length === 2);
    expect(pairs.slice(0, 4).map((r) => [...r.antecedent, ...r.consequent].sort().join())).toEqual([
      '2002,2003',
      '2002,2003',
      '2000,2001',
      '2000,2001',
    ]);
    // The measures agree with their definitions.
    const nA = b.offsets.length - 1;
    const countA = sets.itemCounts[2000];
    const countC = sets.itemCounts[2001];
    expect(ab.confidence).toBeCloseTo(ab.count / countA, 12);
    expect(ab.support).toBeCloseTo(ab.count / nA, 12);
    expect(ab.lift).toBeCloseTo(ab.confidence / (countC / nA), 12);
    expect(ab.conviction!).toBeCloseTo((1 - countC / nA) / (1 - ab.confidence), 12);
    expect(ab.marginValue!).toBeCloseTo((ab.confidence - countC / nA) * 5, 12);
    // Background items are independent: no background rule comes close.
    const background = rules.filter((r) => [...r.antecedent, ...r.consequent].every((i) => i < 2000));
    expect(Math.max(...background.map((r) => r.lift))).toBeLessThan(2);
  });

  test('a rule that never fails has no conviction; consequent size and confidence limits hold', () => {
    const b: Baskets = {
      offsets: Int32Array.from([0, 3, 6, 8, 9]),
      items: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]),
      itemCount: 3,
    };
    const rules = associationRules(fpGrowth(b, { minCount: 2 }), { minConfidence: 0.5 });
    const r = rules.find((x) => x.antecedent.join() === '0' && x.consequent.join() === '1')!;
    expect(r).toMatchObject({ count: 3, confidence: 1, lift: 4 / 3, conviction: null, marginValue: null });
    expect(rules.some((x) => x.consequent.length === 2)).toBe(true);
    const single = associationRules(fpGrowth(b, { minCount: 2 }), { minConfidence: 0.5, maxConsequent: 1 });
    expect(single.every((x) => x.consequent.length === 1)).toBe(true);
    const strict = associationRules(fpGrowth(b, { minCount: 2 }), { minConfidence: 0.9 });
    expect(strict.every((x) => x.confidence >= 0.9)).toBe(true);
    expect(strict.length).toBeLessThan(rules.length);
  });
});
