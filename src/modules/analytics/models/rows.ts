// Owns the model input (one (x, t_x, T) per customer), its validation, and compression:
// identical rows become one weighted row, and the distinct values of each column get an
// index so a likelihood computes each logarithm or hypergeometric term once per value.

import { mix32 } from '../../../lib/mix32.ts';
/**
 * Repeat transactions x, time of the last one t_x, and age T, in periods, one entry per customer;
 * with a grouping, the customers already grouped by equal (x, t_x, T) as groupRows groups them
 * (a summary reader makes it as it closes each customer).
 */
export type Frequencies = {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  grouping?: Grouping | null;
};

/** One customer's calibration summary, in periods. */
export type Customer = { x: number; tx: number; T: number };

/** Thrown for input a model cannot use; the message names the first bad customer. */
export class ModelInputError extends Error {
  override name = 'ModelInputError';
}

export function validateFrequencies(data: Frequencies): number {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n)
    throw new ModelInputError(`x, t_x and T must have the same length (${n}, ${data.tx.length}, ${data.T.length})`);
  if (n === 0) throw new ModelInputError('no customers to fit');
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    if (!(Number.isInteger(x) && x >= 0))
      throw new ModelInputError(`customer ${i}: x must be a whole number ≥ 0, got ${x}`);
    if (!(Number.isFinite(tx) && tx >= 0 && Number.isFinite(T) && T >= tx))
      throw new ModelInputError(`customer ${i}: need 0 ≤ t_x ≤ T, got t_x=${tx}, T=${T}`);
    if (x === 0 && tx !== 0) throw new ModelInputError(`customer ${i}: t_x must be 0 when x is 0, got ${tx}`);
  }
  return n;
}

/** Groups equal tuples of numbers: groupOf[i] is the group of row i; firstOf[g] a row of group g. */
export type Grouping = { groupOf: Int32Array; firstOf: Int32Array; count: number };

/**
 * Exact grouping of rows by the bit patterns of their values (open-addressing hash; −0 = 0). The
 * table grows with the groups, not the rows: a million customers fall into a few hundred thousand
 * distinct rows, and a table sized for those stays in cache where one sized for every row (16 MB)
 * made each look-up a memory miss. Each slot holds its group's hash beside the group, and each
 * group's values are kept together, so a look-up touches two places in memory, not the columns at
 * the group's first row (measured at 1M customers, 412,567 groups, on a busy machine: 250–300 ms
 * against 310–450 ms when each look-up read the columns at the group's first row).
 */
export function groupRows(columns: ArrayLike<number>[], n: number): Grouping {
  const k = columns.length;
  let capacity = 1 << 12;
  let mask = capacity - 1;
  // slots[2s] = hash, slots[2s + 1] = group + 1 (0: empty).
  let slots = new Int32Array(capacity * 2);
  let keys = new Float64Array((1 << 12) * k);
  let firstOf = new Int32Array(1 << 12);
  let count = 0;
  const groupOf = new Int32Array(n);
  const row = new Float64Array(k);
  const words = new Int32Array(row.buffer);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let c = 0; c < k; c++) {
      row[c] = columns[c][i] + 0; // +0 folds −0 into 0
      h = Math.imul(h ^ words[2 * c], 0x01000193);
      h = Math.imul(h ^ words[2 * c + 1], 0x01000193);
    }
    h = mix32(h);
    let slot = h & mask;
    for (;;) {
      const g = slots[2 * slot + 1] - 1;
      if (g === -1) {
        if (count === firstOf.length) {
          firstOf = grow(firstOf, new Int32Array(firstOf.length * 2));
          keys = grow(keys, new Float64Array(keys.length * 2));
        }
        slots[2 * slot] = h;
        slots[2 * slot + 1] = count + 1;
        for (let c = 0; c < k; c++) keys[count * k + c] = row[c];
        firstOf[count] = i;
        groupOf[i] = count++;
        if (count * 2 > capacity) {
          capacity *= 2;
          mask = capacity - 1;
          slots = rehash(slots, capacity);
        }
        break;
      }
      if (slots[2 * slot] === h) {
        let same = true;
        for (let c = 0; c < k && same; c++) same = keys[g * k + c] === row[c];
        if (same) {
          groupOf[i] = g;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  return { groupOf, firstOf: firstOf.slice(0, count), count };
}

/** A grouping table's slots ([hash, group + 1] pairs) moved into a table of `capacity` slots. */
function rehash(old: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const mask = capacity - 1;
  const slots = new Int32Array(capacity * 2);
  for (let q = 0; q < old.length; q += 2) {
    if (old[q + 1] === 0) continue;
    let s = old[q] & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = old[q];
    slots[2 * s + 1] = old[q + 1];
  }
  return slots;
}

/**
 * groupRows([keys]) made one key at a time, as a reader closes each customer (summary-accumulator):
 * add(key, at) answers the key's group, a new one first seen at row `at` when the key is new, so
 * keys added in row order give groupRows' groups in its order. Keys are numbers other than NaN.
 */
export function createKeyGrouper() {
  let capacity = 1 << 12;
  let mask = capacity - 1;
  let slots = new Int32Array(capacity * 2); // [hash, group + 1 (0: empty)]
  let keys = new Float64Array(1 << 11);
  let firstOf = new Int32Array(1 << 11);
  let count = 0;
  const scratch = new Float64Array(1);
  const words = new Int32Array(scratch.buffer);
  return {
    add(key: number, at: number): number {
      scratch[0] = key + 0; // +0 folds −0 into 0
      const h = mix32(Math.imul(Math.imul(0x811c9dc5 ^ words[0], 0x01000193) ^ words[1], 0x01000193));
      let slot = h & mask;
      for (let g = slots[2 * slot + 1] - 1; g !== -1; g = slots[2 * slot + 1] - 1) {
        if (slots[2 * slot] === h && keys[g] === key) return g;
        slot = (slot + 1) & mask;
      }
      if (count === keys.length) {
        keys = grow(keys, new Float64Array(count * 2));
        firstOf = grow(firstOf, new Int32Array(count * 2));
      }
      keys[count] = key;
      firstOf[count] = at;
      slots[2 * slot] = h;
      slots[2 * slot + 1] = ++count;
      if (count * 2 > capacity) {
        capacity *= 2;
        mask = capacity - 1;
        slots = rehash(slots, capacity);
      }
      return count - 1;
    },
    get count() {
      return count;
    },
    /** Each group's key and first row, in group order. */
    keys: () => keys.subarray(0, count),
    firstOf: () => firstOf.subarray(0, count),
  };
}

/** `next` (a larger column) holding `a`'s values first. */
export function grow<T extends Int32Array | Float64Array>(a: T, next: T): T {
  next.set(a);
  return next;
}

/** Identical customers merged: row r stands for weight[r] customers; rowOf maps customer → row. */
export type CompressedRows = {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  rowOf: Int32Array;
  customers: number;
  /** Distinct x, t_x and T values and each row's index into them. */
  xValues: Float64Array;
  xIndex: Int32Array;
  txValues: Float64Array;
  txIndex: Int32Array;
  TValues: Float64Array;
  TIndex: Int32Array;
  /** Total weight of the rows with each distinct x. */
  xWeight: Float64Array;
};

export function compress(data: Frequencies): CompressedRows {
  const n = validateFrequencies(data);
  const grouping = data.grouping?.groupOf.length === n ? data.grouping : groupRows([data.x, data.tx, data.T], n);
  const rows = grouping.count;
  const x = new Float64Array(rows);
  const tx = new Float64Array(rows);
  const T = new Float64Array(rows);
  const weight = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const i = grouping.firstOf[r];
    x[r] = data.x[i];
    tx[r] = data.tx[i];
    T[r] = data.T[i];
  }
  for (let i = 0; i < n; i++) weight[grouping.groupOf[i]]++;
  const xs = distinct(x);
  const txs = distinct(tx);
  const Ts = distinct(T);
  const xWeight = new Float64Array(xs.values.length);
  for (let r = 0; r < rows; r++) xWeight[xs.index[r]] += weight[r];
  return {
    x,
    tx,
    T,
    weight,
    rowOf: grouping.groupOf,
    customers: n,
    xValues: xs.values,
    xIndex: xs.index,
    txValues: txs.values,
    txIndex: txs.index,
    TValues: Ts.values,
    TIndex: Ts.index,
    xWeight,
  };
}

/** About how many rows (or customers) a large fit first runs on (fit.ts `fromSample`). */
export const fitSampleSize = 32_768;

/**
 * About `target` of the rows, picked by a hash of their position (so not by file order), keeping
 * their weights: a likelihood over them estimates the whole's at a fraction of the cost. Null
 * when the rows are too few for a sample to save anything.
 */
export function sampleRows(rows: CompressedRows, target = fitSampleSize): CompressedRows | null {
  const total = rows.weight.length;
  if (total < 2 * target) return null;
  const every = Math.floor(total / target);
  const keep: number[] = [];
  for (let r = 0; r < total; r++) if ((mix32(r) >>> 0) % every === 0) keep.push(r);
  const pick = <A extends Float64Array | Int32Array>(column: A): A => {
    const out = new (column.constructor as new (n: number) => A)(keep.length);
    for (let i = 0; i < keep.length; i++) out[i] = column[keep[i]];
    return out;
  };
  const weight = pick(rows.weight);
  const xIndex = pick(rows.xIndex);
  const xWeight = new Float64Array(rows.xValues.length);
  let customers = 0;
  for (let i = 0; i < keep.length; i++) {
    xWeight[xIndex[i]] += weight[i];
    customers += weight[i];
  }
  // rowOf maps the whole data's customers; a sample has no customers of its own to map.
  return {
    ...rows,
    x: pick(rows.x),
    tx: pick(rows.tx),
    T: pick(rows.T),
    weight,
    rowOf: new Int32Array(0),
    customers,
    xIndex,
    txIndex: pick(rows.txIndex),
    TIndex: pick(rows.TIndex),
    xWeight,
  };
}

/** The distinct values of a column and each entry's index into them. */
export function distinct(column: Float64Array): { values: Float64Array; index: Int32Array } {
  const g = groupRows([column], column.length);
  const values = new Float64Array(g.count);
  for (let k = 0; k < g.count; k++) values[k] = column[g.firstOf[k]];
  return { values, index: g.groupOf };
}

/** Distinct (a, b) pairs of two row-aligned index columns. */
export function distinctPairs(a: Int32Array, b: Int32Array): Grouping {
  return groupRows([a, b], a.length);
}

/**
 * A purchase model learns from time observed after each first purchase. When every T is 0 (all
 * customers first bought on the calibration end) the likelihood is 1 whatever the parameters, and
 * a fit would stop at its starting point and look like a result.
 */
export function requireObservedTime(rows: CompressedRows): void {
  for (let i = 0; i < rows.T.length; i++) if (rows.T[i] > 0) return;
  throw new ModelInputError(
    'every customer made their first purchase on the calibration end (T = 0 for all): there is no observed time to fit the model to; choose a later calibration end',
  );
}

/** Repeat purchases per period across all customers (a scale for starting values). */
export function meanRate(rows: CompressedRows): number {
  let x = 0;
  let T = 0;
  for (let i = 0; i < rows.weight.length; i++) {
    x += rows.weight[i] * rows.x[i];
    T += rows.weight[i] * rows.T[i];
  }
  return T > 0 && x > 0 ? x / T : 1;
}
