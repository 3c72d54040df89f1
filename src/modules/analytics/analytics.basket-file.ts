// Owns the analyst's market-basket run on a file — no workspace, no database (`tenure basket`):
// baskets read either from a CSV of order lines (an order column and an item column, an order's
// lines anywhere in the file) or from a FIMI-style file of one basket per line, items separated
// by spaces; then the frequent itemsets (exact FP-growth) and the association rules between them.
// An item appearing twice in one basket counts once. The first bad line stops the run with its
// number (AppError 422, exit 65).
import fs from 'node:fs';
import { requireColumn } from '../../lib/csv-table.ts';
import { createByteInterner } from '../../lib/byte-interner.ts';
import { csvField, readCsvRecords } from '../../lib/csv-read.ts';
import { AppError } from '../../errors.ts';
import { inputError } from './analytics.clv-file.ts';
import { associationRules, type Baskets, fpGrowth, itemsetSizes } from './models/index.ts';

export type BasketFileOptions = {
  format: 'csv' | 'lines';
  orderCol?: string;
  itemCol?: string;
  delimiter: string;
  /** Share of baskets (0–1] an itemset must reach. */
  minSupport: number;
  minConfidence: number;
  maxLen: number;
};

export type BasketRule = {
  antecedent: string[];
  consequent: string[];
  count: number;
  support: number;
  confidence: number;
  lift: number;
  conviction: number | null;
};

export type BasketResult = {
  baskets: number;
  items: number;
  minSupport: number;
  /** The basket count an itemset must reach: ⌈minSupport × baskets⌉. */
  minCount: number;
  maxLen: number;
  minConfidence: number;
  itemsets: Record<string, number>;
  rules: BasketRule[];
};

type Read = { baskets: Baskets; names: string[] };

/** Order lines (order, item) into baskets: a counting sort by order, an item once per basket. */
function toBaskets(orders: Int32Array, items: Int32Array, rows: number, orderCount: number, names: string[]): Read {
  const offsets = new Int32Array(orderCount + 1);
  for (let r = 0; r < rows; r++) offsets[orders[r] + 1]++;
  for (let b = 0; b < orderCount; b++) offsets[b + 1] += offsets[b];
  const fill = offsets.slice(0, orderCount);
  const out = new Int32Array(rows);
  const seenIn = new Int32Array(names.length).fill(-1);
  for (let r = 0; r < rows; r++) {
    const b = orders[r];
    out[fill[b]++] = items[r];
  }
  // Duplicates dropped in place: compact each basket.
  const compact = new Int32Array(orderCount + 1);
  let w = 0;
  for (let b = 0; b < orderCount; b++) {
    for (let i = offsets[b]; i < offsets[b + 1]; i++) {
      const it = out[i];
      if (seenIn[it] === b) continue;
      seenIn[it] = b;
      out[w++] = it;
    }
    compact[b + 1] = w;
  }
  return { baskets: { offsets: compact, items: out.subarray(0, w), itemCount: names.length }, names };
}

async function readOrderLines(file: string, o: BasketFileOptions): Promise<Read> {
  const orderIds = createByteInterner();
  const itemIds = createByteInterner();
  const names: string[] = [];
  let orders = new Int32Array(1 << 16);
  let items = new Int32Array(1 << 16);
  let rows = 0;
  let cols: { order: number; item: number } | null = null;
  try {
    await readCsvRecords(file, { delimiter: o.delimiter }, (buf, starts, ends, count, line) => {
      if (!cols) {
        const header = Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k).trim());
        cols = {
          order: requireColumn(header, o.orderCol!, '--order-col'),
          item: requireColumn(header, o.itemCol!, '--item-col'),
        };
        return;
      }
      const [os, oe] = trimmed(buf, starts[cols.order], ends[cols.order]);
      if (os === oe) throw inputError(`line ${line}: the order id (${o.orderCol}) is empty`);
      const [is, ie] = trimmed(buf, starts[cols.item], ends[cols.item]);
      if (is === ie) throw inputError(`line ${line}: the item (${o.itemCol}) is empty`);
      if (rows === orders.length) {
        orders = grow(orders);
        items = grow(items);
      }
      const order = orderIds.intern(buf, os, oe);
      orders[rows] = order < 0 ? -order - 1 : order;
      let item = itemIds.intern(buf, is, ie);
      if (item < 0) {
        item = -item - 1;
        names.push(buf.toString('utf8', is, ie));
      }
      items[rows++] = item;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw inputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!cols) throw inputError(`${file} is empty (expected a header line and order lines)`);
  if (rows === 0) throw inputError(`${file} has a header but no order lines`);
  return toBaskets(orders, items, rows, orderIds.size, names);
}

function trimmed(buf: Buffer, s: number, e: number): [number, number] {
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  return [s, e];
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** One basket per line, items separated by spaces or tabs (the FIMI repository's files). */
function readLines(file: string): Read {
  const text = fs.readFileSync(file, 'utf8');
  const ids = new Map<string, number>();
  const names: string[] = [];
  const offsets: number[] = [0];
  const items: number[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let seen = new Int32Array(1024);
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (raw.includes('\uFFFD') || raw.includes('\0'))
      throw inputError(`line ${line}: not text (a NUL byte or bytes that are not UTF-8)`);
    if (/[,;"]/.test(raw) && !/\s/.test(raw.trim()))
      throw inputError(
        `line ${line}: ${JSON.stringify(raw.slice(0, 40))} looks like CSV, not items separated by spaces (use --order-col and --item-col)`,
      );
    const tokens = raw.trim().split(/[ \t]+/);
    if (tokens.length === 1 && tokens[0] === '') return; // a blank line is no basket
    const basket = offsets.length;
    for (const t of tokens) {
      let id = ids.get(t);
      if (id === undefined) {
        id = names.length;
        ids.set(t, id);
        names.push(t);
      }
      if (id >= seen.length) {
        const more = new Int32Array(seen.length * 2);
        more.set(seen);
        seen = more;
      }
      if (seen[id] === basket) continue;
      seen[id] = basket;
      items.push(id);
    }
    offsets.push(items.length);
  });
  if (offsets.length === 1) throw inputError(`${file} has no baskets (expected one basket per line)`);
  return {
    baskets: { offsets: Int32Array.from(offsets), items: Int32Array.from(items), itemCount: names.length },
    names,
  };
}

export async function readBasketFile(file: string, o: BasketFileOptions): Promise<Read> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw inputError(`No such file: ${file}`);
  return o.format === 'lines' ? readLines(file) : readOrderLines(file, o);
}

export async function runBasket(file: string, o: BasketFileOptions): Promise<BasketResult> {
  const { baskets, names } = await readBasketFile(file, o);
  const n = baskets.offsets.length - 1;
  const minCount = Math.max(1, Math.ceil(o.minSupport * n - 1e-9));
  const sets = fpGrowth(baskets, { minCount, maxLen: o.maxLen });
  const rules = associationRules(sets, { minConfidence: o.minConfidence });
  const named = (ids: number[]) => ids.map((id) => names[id]);
  return {
    baskets: n,
    items: names.length,
    minSupport: o.minSupport,
    minCount,
    maxLen: o.maxLen,
    minConfidence: o.minConfidence,
    itemsets: itemsetSizes(sets),
    rules: rules.map((r) => ({
      antecedent: named(r.antecedent),
      consequent: named(r.consequent),
      count: r.count,
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      conviction: r.conviction,
    })),
  };
}
