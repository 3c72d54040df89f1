// Owns the pure part of an affinity run: purchase rows into baskets (one per order) and
// portfolios (one per customer), at product and category level; the association rules of each
// (analytics' FP-growth and rules); and the strongest product-to-product confidences of portfolios
// that the next-best offers score from. No database here.
import { associationRules, type AssociationRule, type Baskets, fpGrowth, type Itemsets } from '../analytics/index.ts';
import type { AffinityLevel, AffinitySource, AffinityThresholds } from './affinity.schema.ts';

export type ProductFact = { id: string; name: string; category: string | null; margin_minor: number; active: boolean };

export type AffinityData = {
  /** Product index → product. */
  products: ProductFact[];
  /** Orders as CSR over product indexes. */
  orders: Baskets;
  /** The customer of each order (a customer index), orders of one customer consecutive and in time order. */
  orderCustomer: Int32Array;
};

/** Baskets grouped into one per customer: the union of the customer's orders (those `keep` marks, if given). */
export function portfolios(orders: Baskets, orderCustomer: Int32Array, customers: number, keep?: Uint8Array): Baskets {
  const seen = new Int32Array(orders.itemCount).fill(-1);
  const offsets = new Int32Array(customers + 1);
  // Counted first, so the items are one array of their exact size.
  const visit = (put: (p: number) => void) => {
    seen.fill(-1);
    for (let o = 0; o < orderCustomer.length; o++) {
      const cust = orderCustomer[o];
      if (keep && !keep[o]) continue;
      for (let i = orders.offsets[o]; i < orders.offsets[o + 1]; i++) {
        const p = orders.items[i];
        if (seen[p] === cust) continue;
        seen[p] = cust;
        put(p);
        offsets[cust + 1]++;
      }
    }
  };
  let size = 0;
  visit(() => size++);
  const items = new Int32Array(size);
  offsets.fill(0);
  let w = 0;
  visit((p) => (items[w++] = p));
  for (let c = 0; c < customers; c++) offsets[c + 1] += offsets[c];
  return { offsets, items, itemCount: orders.itemCount };
}

/** The same baskets with products replaced by their categories (products without one left out). */
export function byCategory(b: Baskets, products: ProductFact[]): { baskets: Baskets; categories: string[] } {
  const categories = [...new Set(products.map((p) => p.category).filter((c): c is string => !!c))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const of = Int32Array.from(products, (p) => (p.category ? index.get(p.category)! : -1));
  const seen = new Int32Array(categories.length);
  const offsets = new Int32Array(b.offsets.length);
  let w = 0;
  // Counted first, so the items are one array of their exact size.
  const visit = (put: (c: number) => void) => {
    seen.fill(-1);
    for (let k = 0; k + 1 < b.offsets.length; k++) {
      for (let i = b.offsets[k]; i < b.offsets[k + 1]; i++) {
        const c = of[b.items[i]];
        if (c < 0 || seen[c] === k) continue;
        seen[c] = k;
        put(c);
      }
      offsets[k + 1] = w;
    }
  };
  visit(() => w++);
  const items = new Int32Array(w);
  w = 0;
  visit((c) => (items[w++] = c));
  return { baskets: { offsets, items, itemCount: categories.length }, categories };
}

export type LabelledRule = AssociationRule & {
  level: AffinityLevel;
  source: AffinitySource;
  keys: { antecedent: string[]; consequent: string[] };
  labels: { antecedent: string[]; consequent: string[] };
};

/** Most rules kept per level and source (the strongest lift first). */
export const MAX_RULES = 2_000;

/**
 * The rules of every level and source, each list strongest lift first. `held` are the portfolios
 * (what each customer holds); `onSets` sees each level and source's itemsets.
 */
export function mineAllRules(
  data: Pick<AffinityData, 'products' | 'orders'>,
  t: AffinityThresholds,
  held: Baskets,
  onSets?: (level: AffinityLevel, source: AffinitySource, sets: Itemsets) => void,
): LabelledRule[] {
  const { products } = data;
  const out: LabelledRule[] = [];
  const productMargins = products.map((p) => p.margin_minor);
  for (const [source, baskets] of [
    ['basket', data.orders],
    ['portfolio', held],
  ] as const) {
    const cat = byCategory(baskets, products);
    const categoryMargins = cat.categories.map((c) => {
      const ms = products.filter((p) => p.category === c).map((p) => p.margin_minor);
      return ms.reduce((a, m) => a + m, 0) / Math.max(ms.length, 1);
    });
    const levels = [
      ['product', baskets, productMargins, (i: number) => products[i].id, (i: number) => products[i].name],
      ['category', cat.baskets, categoryMargins, (i: number) => cat.categories[i], (i: number) => cat.categories[i]],
    ] as const;
    for (const [level, b, margins, key, label] of levels) {
      const n = b.offsets.length - 1;
      if (n === 0) continue;
      const sets = fpGrowth(b, { minCount: Math.max(2, Math.ceil(t.minSupport * n - 1e-9)), maxLen: t.maxLen });
      onSets?.(level, source, sets);
      const rules = associationRules(sets, { minConfidence: t.minConfidence, minLift: 1, maxConsequent: 1, margins });
      for (const r of rules.slice(0, MAX_RULES))
        out.push({
          ...r,
          level,
          source,
          keys: { antecedent: r.antecedent.map(key), consequent: r.consequent.map(key) },
          labels: { antecedent: r.antecedent.map(label), consequent: r.consequent.map(label) },
        });
    }
  }
  return out;
}

export type Pair = { a: number; b: number; count: number; confidence: number; lift: number };
/** Ordered pairs as columns (a million pairs are arrays, not objects). */
export type PairTable = {
  size: number;
  a: Int32Array;
  b: Int32Array;
  count: Int32Array;
  confidence: Float64Array;
  lift: Float64Array;
};

/** A list of pairs as columns. */
export function pairTable(
  pairs: { a: number; b: number; confidence: number; lift: number; count?: number }[],
): PairTable {
  return {
    size: pairs.length,
    a: Int32Array.from(pairs, (p) => p.a),
    b: Int32Array.from(pairs, (p) => p.b),
    count: Int32Array.from(pairs, (p) => p.count ?? 0),
    confidence: Float64Array.from(pairs, (p) => p.confidence),
    lift: Float64Array.from(pairs, (p) => p.lift),
  };
}

/**
 * Per product a, the `k` products b held with it by at least `minCount` customers whose lift is
 * above 1, highest confidence P(holds b | holds a) first (ties: the lower index), products in
 * index order. Counted product by product over its holders (the portfolios transposed), so memory
 * is the transpose and one counter per product, never a table of every pair held together.
 */
export function strongestPairsOf(held: Baskets, k: number, minCount = 2): Pair[] {
  const { offsets, items, itemCount } = held;
  const n = offsets.length - 1;
  const holds = new Int32Array(itemCount);
  for (let i = 0; i < items.length; i++) holds[items[i]]++;
  // holders[from[a] .. from[a + 1]) are the portfolios holding a, ascending.
  const from = new Int32Array(itemCount + 1);
  for (let a = 0; a < itemCount; a++) from[a + 1] = from[a] + holds[a];
  const at = from.slice(0, itemCount);
  const holders = new Int32Array(items.length);
  for (let c = 0; c < n; c++) for (let i = offsets[c]; i < offsets[c + 1]; i++) holders[at[items[i]]++] = c;
  const together = new Int32Array(itemCount);
  const touched = new Int32Array(itemCount);
  const out: Pair[] = [];
  for (let a = 0; a < itemCount; a++) {
    const na = holds[a];
    if (na < minCount) continue;
    let t = 0;
    for (let h = from[a]; h < from[a + 1]; h++) {
      const c = holders[h];
      for (let i = offsets[c]; i < offsets[c + 1]; i++) {
        const b = items[i];
        if (b === a) continue;
        if (together[b]++ === 0) touched[t++] = b;
      }
    }
    const mine: Pair[] = [];
    for (let x = 0; x < t; x++) {
      const b = touched[x];
      const count = together[b];
      together[b] = 0;
      if (count < minCount) continue;
      const lift = (count * n) / (na * holds[b]);
      if (lift > 1) mine.push({ a, b, count, confidence: count / na, lift });
    }
    mine.sort((x, y) => y.confidence - x.confidence || x.b - y.b);
    for (let i = 0; i < mine.length && i < k; i++) out.push(mine[i]);
  }
  return out;
}
