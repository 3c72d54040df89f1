// Owns an affinity run's read: commerce's purchase rows (one query through a cursor, a batch of
// transactions at a time, each transaction folded into one row) into the run's arrays — orders as baskets (distinct
// products of each purchase), portfolios as what each customer holds net of returns, and each
// customer's net spend per category and in all (the micro-segments' vectors). Memory grows with
// the arrays (grown without copies at the end; customer ids packed), not
// with the rows of a query; the fold is pure (foldPage) so it is tested alone.
import type { Db } from '../../db/client.ts';
import { GrowingArray, UuidList } from '../../lib/packed.ts';
import type { Baskets } from '../analytics/index.ts';
import { forEachPurchaseBatch, type PurchasePageRow } from '../commerce/index.ts';
import type { AffinityData, ProductFact } from './affinity.model.ts';

/** Categories kept as dimensions of the spend vectors; the rest are summed into the last. */
export const MAX_CATEGORIES = 32;

export type RunData = AffinityData & {
  /** The customers in the order read (customer id order), packed. */
  customers: UuidList;
  /** What each customer holds (bought, not all returned), CSR over product indexes. */
  held: Baskets;
  /** The spend vectors' dimensions. */
  categories: string[];
  /** Customers × categories, net spend in minor units. */
  spend: Float32Array;
  /** Net spend per customer, minor units. */
  value: Float64Array;
};

const ints = () => new GrowingArray((n) => new Int32Array(n));

export type Fold = ReturnType<typeof startFold>;

export function startFold(products: ProductFact[]) {
  const categories = [...new Set(products.map((p) => p.category).filter((c): c is string => !!c))].sort();
  const dims = categories.slice(0, MAX_CATEGORIES);
  const dimIndex = new Map(dims.map((c, i) => [c, i]));
  const categoryOf = Int32Array.from(products, (p) =>
    p.category ? (dimIndex.get(p.category) ?? MAX_CATEGORIES - 1) : -1,
  );
  return {
    products,
    dims,
    categoryOf,
    orderOffsets: ints(),
    orderItems: ints(),
    orderCustomer: ints(),
    heldOffsets: ints(),
    heldItems: ints(),
    customers: new UuidList(),
    /** The id of the customer being folded. */
    current: '',
    /** The current customer's net spend per dimension, then the total; kept as spend and value when it closes. */
    sums: new Float64Array(Math.max(dims.length, 1) + 1),
    /** Per closed customer: net spend per dimension (customers × dimensions). */
    spend: new GrowingArray((n) => new Float32Array(n)),
    /** Per closed customer: net spend in all. */
    value: new GrowingArray((n) => new Float64Array(n)),
    // Per current customer: net quantity per product and the products it touched (stamped).
    qty: new Float64Array(products.length),
    touched: [] as number[],
    stamp: new Int32Array(products.length).fill(-1),
    seen: new Int32Array(products.length).fill(-1),
    orders: 0,
  };
}

function closeCustomer(f: Fold) {
  if (f.customers.length === 0) return;
  for (const p of f.touched.sort((a, b) => a - b)) {
    if (f.qty[p] > 0) f.heldItems.push(p);
    f.qty[p] = 0;
  }
  f.touched = [];
  f.heldOffsets.push(f.heldItems.length);
  const w = f.sums.length;
  for (let j = 0; j + 1 < w; j++) f.spend.push(f.sums[j]);
  f.value.push(f.sums[w - 1]);
  f.sums.fill(0);
}

// The position readNumber has reached in the lines text of the row being folded.
let at = 0;

/**
 * The decimal number at `at` in a row's lines (`index:quantity:total` joined by commas), moving
 * `at` past it and its separator: no strings made per line. digits ÷ 10^decimals is the nearest
 * double to the decimal, as Number() gives (the digits of numeric(14,3) are exact in a double).
 */
function readNumber(text: string): number {
  let sign = 1;
  if (text.charCodeAt(at) === 45) {
    sign = -1;
    at++;
  }
  let digits = 0;
  let scale = 1;
  let fraction = false;
  for (; at < text.length; at++) {
    const ch = text.charCodeAt(at);
    if (ch === 58 || ch === 44) break; // ':' or ','
    if (ch === 46)
      fraction = true; // '.'
    else {
      digits = digits * 10 + (ch - 48);
      if (fraction) scale *= 10;
    }
  }
  at++;
  return scale === 1 ? sign * digits : (sign * digits) / scale;
}

/** Adds a batch of rows (customers in order; a customer may go on in the next batch). */
export function foldPage(f: Fold, rows: PurchasePageRow[]) {
  if (f.heldOffsets.length === 0) f.heldOffsets.push(0);
  if (f.orderOffsets.length === 0) f.orderOffsets.push(0);
  const w = f.sums.length;
  const sums = f.sums;
  for (const r of rows) {
    if (f.current !== r.customer_id) {
      closeCustomer(f);
      f.customers.push(r.customer_id);
      f.current = r.customer_id;
    }
    const c = f.customers.length - 1;
    const purchase = r.kind === 'purchase';
    const order = f.orders;
    const text = r.lines;
    at = 0;
    while (at < text.length) {
      const p = readNumber(text);
      const qty = readNumber(text);
      const total = readNumber(text);
      if (!(p >= 0 && p < f.products.length)) continue;
      if (f.stamp[p] !== c) {
        f.stamp[p] = c;
        f.touched.push(p);
      }
      f.qty[p] += purchase ? qty : -qty;
      sums[w - 1] += total;
      if (f.categoryOf[p] >= 0) sums[f.categoryOf[p]] += total;
      if (purchase && f.seen[p] !== order) {
        f.seen[p] = order;
        f.orderItems.push(p);
      }
    }
    if (purchase) {
      f.orderOffsets.push(f.orderItems.length);
      f.orderCustomer.push(c);
      f.orders++;
    }
  }
}

export function finishFold(f: Fold): RunData {
  closeCustomer(f);
  if (f.heldOffsets.length === 0) f.heldOffsets.push(0);
  if (f.orderOffsets.length === 0) f.orderOffsets.push(0);
  const itemCount = f.products.length;
  return {
    products: f.products,
    orders: { offsets: f.orderOffsets.done(), items: f.orderItems.done(), itemCount },
    orderCustomer: f.orderCustomer.done(),
    customers: f.customers.seal(),
    held: { offsets: f.heldOffsets.done(), items: f.heldItems.done(), itemCount },
    categories: f.dims,
    spend: f.spend.done(),
    value: f.value.done(),
  };
}

/**
 * Transactions fetched at a time by the run's read: a batch small enough (a few MB of row objects)
 * to die in V8's young generation rather than be promoted and pile up as old garbage (at 50,000 the
 * read's peak was ~500 MB at 1M customers); 200 fetches for 2M transactions cost little.
 */
export const BATCH_TRANSACTIONS = 10_000;

export async function readRunData(
  db: Db,
  workspaceId: string,
  products: ProductFact[],
  batchSize = BATCH_TRANSACTIONS,
): Promise<RunData> {
  const fold = startFold(products);
  await forEachPurchaseBatch(db, workspaceId, batchSize, (rows) => foldPage(fold, rows));
  return finishFold(fold);
}
