// Owns the pure part of an affinity run: purchase rows into baskets (one per order) and
// portfolios (one per customer), at product and category level; the association rules of each
// (analytics' FP-growth and rules); and the product-to-product confidences of portfolios that the
// next-best offers score from. No database here.
import { associationRules, type AssociationRule, type Baskets, fpGrowth, type Itemsets } from '../analytics/index.ts';
import type { AffinityLevel, AffinitySource, AffinityThresholds } from './affinity.schema.ts';

/** Purchase rows in customer, time and order sequence (commerce's purchasedProducts). */
export type PurchaseRow = { transaction_id: string; customer_id: string; product_id: string };
export type ProductFact = { id: string; name: string; category: string | null; margin_minor: number; active: boolean };

export type AffinityData = {
  /** Product index → product. */
  products: ProductFact[];
  /** Orders as CSR over product indexes. */
  orders: Baskets;
  /** The customer of each order (index into customers), orders of one customer consecutive and in time order. */
  orderCustomer: Int32Array;
  customers: string[];
};

export function buildData(rows: PurchaseRow[], products: ProductFact[]): AffinityData {
  const index = new Map(products.map((p, i) => [p.id, i]));
  const offsets: number[] = [0];
  const items: number[] = [];
  const orderCustomer: number[] = [];
  const customers: string[] = [];
  let lastOrder = '';
  for (const r of rows) {
    const p = index.get(r.product_id);
    if (p === undefined) continue;
    if (r.transaction_id !== lastOrder) {
      if (lastOrder) offsets.push(items.length);
      lastOrder = r.transaction_id;
      if (customers[customers.length - 1] !== r.customer_id) customers.push(r.customer_id);
      orderCustomer.push(customers.length - 1);
    }
    items.push(p);
  }
  if (lastOrder) offsets.push(items.length);
  return {
    products,
    orders: { offsets: Int32Array.from(offsets), items: Int32Array.from(items), itemCount: products.length },
    orderCustomer: Int32Array.from(orderCustomer),
    customers,
  };
}

/** Baskets grouped into one per customer: the union of the customer's orders (from order `from` on). */
export function portfolios(orders: Baskets, orderCustomer: Int32Array, customers: number, keep?: Uint8Array): Baskets {
  const seen = new Int32Array(orders.itemCount).fill(-1);
  const offsets = new Int32Array(customers + 1);
  const items: number[] = [];
  let c = 0;
  for (let o = 0; o < orderCustomer.length; o++) {
    const cust = orderCustomer[o];
    while (c < cust) offsets[++c] = items.length;
    if (keep && !keep[o]) continue;
    for (let i = orders.offsets[o]; i < orders.offsets[o + 1]; i++) {
      const p = orders.items[i];
      if (seen[p] === cust) continue;
      seen[p] = cust;
      items.push(p);
    }
  }
  while (c < customers) offsets[++c] = items.length;
  return { offsets, items: Int32Array.from(items), itemCount: orders.itemCount };
}

/** The same baskets with products replaced by their categories (products without one left out). */
export function byCategory(b: Baskets, products: ProductFact[]): { baskets: Baskets; categories: string[] } {
  const categories = [...new Set(products.map((p) => p.category).filter((c): c is string => !!c))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const of = Int32Array.from(products, (p) => (p.category ? index.get(p.category)! : -1));
  const seen = new Int32Array(categories.length).fill(-1);
  const offsets = new Int32Array(b.offsets.length);
  const items: number[] = [];
  for (let k = 0; k + 1 < b.offsets.length; k++) {
    for (let i = b.offsets[k]; i < b.offsets[k + 1]; i++) {
      const c = of[b.items[i]];
      if (c < 0 || seen[c] === k) continue;
      seen[c] = k;
      items.push(c);
    }
    offsets[k + 1] = items.length;
  }
  return { baskets: { offsets, items: Int32Array.from(items), itemCount: categories.length }, categories };
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
 * (by default every product ever bought); `onSets` sees each level and source's itemsets.
 */
export function mineAllRules(
  data: AffinityData,
  t: AffinityThresholds,
  held: Baskets = portfolios(data.orders, data.orderCustomer, data.customers.length),
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

/** P(holds b | holds a) and its lift for every ordered pair held together by at least minCount customers. */
export function pairConfidences(held: Baskets, minCount = 2): PairTable {
  const sets = fpGrowth(held, { minCount, maxLen: 2 });
  const n = held.offsets.length - 1;
  let size = 0;
  for (let k = 0; k < sets.size; k++) if (sets.offsets[k + 1] - sets.offsets[k] === 2) size += 2;
  const t: PairTable = {
    size,
    a: new Int32Array(size),
    b: new Int32Array(size),
    count: new Int32Array(size),
    confidence: new Float64Array(size),
    lift: new Float64Array(size),
  };
  let j = 0;
  const put = (a: number, b: number, count: number, confidence: number, lift: number) => {
    t.a[j] = a;
    t.b[j] = b;
    t.count[j] = count;
    t.confidence[j] = confidence;
    t.lift[j++] = lift;
  };
  for (let k = 0; k < sets.size; k++) {
    if (sets.offsets[k + 1] - sets.offsets[k] !== 2) continue;
    const x = sets.items[sets.offsets[k]];
    const y = sets.items[sets.offsets[k] + 1];
    const c = sets.counts[k];
    const nx = sets.itemCounts[x];
    const ny = sets.itemCounts[y];
    const lift = (c * n) / (nx * ny);
    put(x, y, c, c / nx, lift);
    put(y, x, c, c / ny, lift);
  }
  return t;
}

/** Per product, the `k` pairs with lift above 1 and the highest confidence (ties: the lower index). */
export function strongestPairs(t: PairTable, k: number): Pair[] {
  let products = 0;
  for (let i = 0; i < t.size; i++) products = Math.max(products, t.a[i] + 1);
  // The pairs with lift above 1 grouped by their first product, in their order (a counting sort).
  const from = new Int32Array(products + 1);
  for (let i = 0; i < t.size; i++) if (t.lift[i] > 1) from[t.a[i] + 1]++;
  for (let a = 0; a < products; a++) from[a + 1] += from[a];
  const at = from.slice(0, products);
  const order = new Int32Array(from[products]);
  for (let i = 0; i < t.size; i++) if (t.lift[i] > 1) order[at[t.a[i]]++] = i;
  const out: Pair[] = [];
  for (let a = 0; a < products; a++) {
    const mine = Array.from(order.subarray(from[a], from[a + 1]));
    mine.sort((x, y) => t.confidence[y] - t.confidence[x] || t.b[x] - t.b[y]);
    for (const i of mine.slice(0, k))
      out.push({ a, b: t.b[i], count: t.count[i], confidence: t.confidence[i], lift: t.lift[i] });
  }
  return out;
}
