// Owns the pure parts of bundles and micro-segments.
// Bundles: frequent itemsets of two or more products bought in one order whose lift — support of
// the set over the product of its items' supports, 1 when bought independently — reaches minLift,
// ranked by the extra margin they stand for per basket: (support − expected support) × the set's
// margin. Micro-segments: each customer's net spend as shares of categories (customers with
// nothing left after returns are not placed), k-means with k chosen by silhouette (analytics),
// each segment described by its centre's top categories, size and value; its best offer is the
// product whose top-offer expected margin summed over its members is highest.
import { type Baskets, chooseK, type Itemsets } from '../analytics/index.ts';
import { seededRng } from '../../lib/random.ts';
import { type EvidenceIndex, OfferRanker, type RankOptions } from './affinity.offers-model.ts';

export type BundleSuggestion = {
  items: number[];
  count: number;
  support: number;
  lift: number;
  /** Sum of the items' unit margins. */
  margin: number;
  /** Extra margin per basket: (support − independent support) × margin. */
  value: number;
};

export function suggestBundles(
  sets: Itemsets,
  margins: number[],
  o: { minLift: number; limit: number },
): BundleSuggestion[] {
  const n = Math.max(sets.baskets, 1);
  const out: BundleSuggestion[] = [];
  for (let k = 0; k < sets.size; k++) {
    const from = sets.offsets[k];
    const to = sets.offsets[k + 1];
    if (to - from < 2) continue;
    const items = Array.from(sets.items.subarray(from, to)).sort((a, b) => a - b);
    let independent = 1;
    let margin = 0;
    for (const i of items) {
      independent *= sets.itemCounts[i] / n;
      margin += margins[i];
    }
    const support = sets.counts[k] / n;
    const lift = support / independent;
    if (lift < o.minLift || margin <= 0) continue;
    out.push({ items, count: sets.counts[k], support, lift, margin, value: (support - independent) * margin });
  }
  out.sort((a, b) => b.value - a.value || b.lift - a.lift || a.items.join().localeCompare(b.items.join()));
  return out.slice(0, o.limit);
}

export type SegmentSummary = {
  segment: number;
  size: number;
  valueMinor: number;
  /** Category shares of the centre, largest first (shares ≥ 0.05). */
  categories: { category: string; share: number }[];
  /** Customer indexes in the segment (not stored; used for churn risk and offers). */
  members: Int32Array;
};

export type Segmentation = {
  k: number;
  silhouette: number;
  tried: { k: number; silhouette: number }[];
  segments: SegmentSummary[];
};

/** spend: customers × dims; value: net spend per customer. */
export function microSegments(
  spend: Float32Array,
  value: Float64Array,
  categories: string[],
  o: { seed?: number; kMax?: number } = {},
): Segmentation | null {
  const d = Math.max(categories.length, 1);
  const n = value.length;
  const totalOf = (c: number) => {
    let total = 0;
    for (let j = 0; j < d; j++) total += Math.max(spend[c * d + j], 0);
    return total;
  };
  let placed = 0;
  for (let c = 0; c < n; c++) if (totalOf(c) > 0) placed++;
  if (categories.length < 2 || placed < 3) return null;
  const rows = new Int32Array(placed);
  for (let c = 0, r = 0; c < n; c++) if (totalOf(c) > 0) rows[r++] = c;
  // A customer's point is its category shares, read when needed rather than held as doubles.
  const point = (r: number, out: Float64Array) => {
    const c = rows[r];
    const total = totalOf(c);
    for (let j = 0; j < d; j++) out[j] = Math.max(spend[c * d + j], 0) / total;
  };
  // k is chosen on a sample (10,000 fitted, 1,500 scored); every customer then joins the centres.
  const chosen = chooseK(point, placed, d, {
    rng: seededRng(o.seed ?? 20),
    kMax: o.kMax ?? 8,
    restarts: 3,
    fitSample: 10_000,
    sample: 1_500,
  });
  const { fit } = chosen;
  // Members of each segment in customer order: a counting sort of the assignment.
  const start = new Int32Array(fit.k + 1);
  for (let r = 0; r < placed; r++) start[fit.assignment[r] + 1]++;
  for (let s = 0; s < fit.k; s++) start[s + 1] += start[s];
  const at = start.slice(0, fit.k);
  const all = new Int32Array(placed);
  for (let r = 0; r < placed; r++) all[at[fit.assignment[r]]++] = rows[r];
  const segments = Array.from({ length: fit.k }, (_, s) => all.subarray(start[s], start[s + 1]))
    .map((m, s) => {
      let sum = 0;
      for (let i = 0; i < m.length; i++) sum += value[m[i]];
      return {
        segment: s,
        size: m.length,
        valueMinor: Math.round(sum),
        categories: categories
          .map((category, j) => ({ category, share: fit.centres[s * d + j] }))
          .filter((x) => x.share >= 0.05)
          .sort((a, b) => b.share - a.share || a.category.localeCompare(b.category)),
        members: m,
      };
    })
    .filter((s) => s.size > 0)
    // Largest first; numbered in that order so the same data gives the same numbers.
    .sort((a, b) => b.size - a.size || b.valueMinor - a.valueMinor)
    .map((s, i) => ({ ...s, segment: i + 1 }));
  return { k: fit.k, silhouette: chosen.silhouette, tried: chosen.tried, segments };
}

export type TopOffers = { item: Int32Array; score: Float64Array };

/** Every customer's top offer (−1: none) and its expected margin: the next-best offers for all at once. */
export function topOffers(held: Baskets, index: EvidenceIndex, o: Omit<RankOptions, 'k'>): TopOffers {
  const n = held.offsets.length - 1;
  const item = new Int32Array(n).fill(-1);
  const score = new Float64Array(n);
  const ranker = new OfferRanker(index, held.itemCount, { ...o, k: 1 });
  for (let c = 0; c < n; c++) {
    if (ranker.rank(held.items.subarray(held.offsets[c], held.offsets[c + 1])) === 0) continue;
    item[c] = ranker.item[0];
    score[c] = ranker.score[0];
  }
  return { item, score };
}

/** The product whose top-offer expected margin, summed over the members, is highest (per member). */
export function bestOfferOf(members: Int32Array, top: TopOffers): { item: number; expected: number } | null {
  const sums = new Map<number, number>();
  for (const c of members) if (top.item[c] >= 0) sums.set(top.item[c], (sums.get(top.item[c]) ?? 0) + top.score[c]);
  let best: { item: number; expected: number } | null = null;
  for (const [item, total] of sums)
    if (!best || total > best.expected || (total === best.expected && item < best.item))
      best = { item, expected: total };
  return best && { item: best.item, expected: best.expected / Math.max(members.length, 1) };
}
