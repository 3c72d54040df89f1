// Owns simulated baskets for the itemset tests and the benchmark: a retail-like shape (basket
// sizes 1 + Poisson, item popularity falling as a Zipf law, as in the FIMI "retail" file) with
// bundles planted at a known lift. A bundle {a, b} is drawn apart from the background: each basket
// holds both with probability lift·pa·pb, a alone with pa − that, b alone with pb − that, so
// P(a) = pa, P(b) = pb and lift(a → b) = P(a, b) / (pa·pb) is the planted lift exactly in
// expectation. Bundle items take the ids after the background's.
import { poisson, seededRng } from '../../../lib/random.ts';
import type { Baskets } from './fpgrowth.ts';

export type PlantedBundle = { pa: number; pb: number; lift: number };

export type BasketSimulation = {
  baskets: number;
  /** Background items (ids 0 .. items − 1). */
  items: number;
  /** Mean basket size from the background (≥ 1). */
  meanSize: number;
  /** Zipf exponent of item popularity (default 1). */
  zipf?: number;
  bundles?: PlantedBundle[];
  seed: number;
};

/** Baskets as CSR arrays; bundle k's items are ids items + 2k and items + 2k + 1. */
export function simulateBaskets(o: BasketSimulation): Baskets {
  const rng = seededRng(o.seed);
  const bundles = o.bundles ?? [];
  for (const b of bundles)
    if (b.lift * b.pa * b.pb > Math.min(b.pa, b.pb) || b.pa + b.pb - b.lift * b.pa * b.pb > 1)
      throw new Error(`a bundle with pa ${b.pa}, pb ${b.pb} cannot have lift ${b.lift}`);
  const cumulative = new Float64Array(o.items);
  let total = 0;
  for (let i = 0; i < o.items; i++) cumulative[i] = total += 1 / (i + 1) ** (o.zipf ?? 1);
  const offsets = new Int32Array(o.baskets + 1);
  const items: number[] = [];
  const seen = new Uint32Array(o.items + 2 * bundles.length);
  for (let b = 0; b < o.baskets; b++) {
    const size = 1 + poisson(rng, o.meanSize - 1);
    const stamp = b + 1;
    for (let j = 0; j < size; j++) {
      const u = rng() * total;
      let lo = 0;
      let hi = o.items - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      if (seen[lo] === stamp) continue;
      seen[lo] = stamp;
      items.push(lo);
    }
    bundles.forEach((bundle, k) => {
      const both = bundle.lift * bundle.pa * bundle.pb;
      const u = rng();
      const a = o.items + 2 * k;
      if (u < both) items.push(a, a + 1);
      else if (u < bundle.pa) items.push(a);
      else if (u < bundle.pa + bundle.pb - both) items.push(a + 1);
    });
    offsets[b + 1] = items.length;
  }
  return { offsets, items: Int32Array.from(items), itemCount: o.items + 2 * bundles.length };
}
