// Owns the model input (one (x, t_x, T) per customer), its validation, and compression:
// identical rows become one weighted row, and the distinct values of each column get an
// index so a likelihood computes each logarithm or hypergeometric term once per value.

import { mix32 } from '../../../lib/mix32.ts';
import { distinct, groupRows, grow, keyParts, newColumn, type RowGrouping } from './grouping.ts';

/**
 * Repeat transactions x, time of the last one t_x, and age T, in periods, one entry per customer;
 * with a grouping, the customers already grouped by equal (x, t_x, T) as groupRows groups them
 * (a summary reader makes it as it closes each customer).
 */
export type Frequencies = {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  grouping?: RowGrouping | null;
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

/**
 * The customers' distinct (x, t_x, T) rows with their weights. `shared`: the columns of every row
 * (but rowOf) in shared memory, so another thread is handed them without a copy (structured
 * cloning 412,567 rows cost this thread 40–80 ms).
 */
export function compress(data: Frequencies, options: { shared?: boolean } = {}): CompressedRows {
  const n = validateFrequencies(data);
  const grouping: RowGrouping =
    data.grouping?.groupOf.length === n ? data.grouping : groupRows([data.x, data.tx, data.T], n);
  const rows = grouping.count;
  const shared = options.shared ?? false;
  const indexColumn = (index: Int32Array) => (shared ? grow(index, newColumn(Int32Array, index.length, true)) : index);
  const x = newColumn(Float64Array, rows, shared);
  const tx = newColumn(Float64Array, rows, shared);
  const T = newColumn(Float64Array, rows, shared);
  const weight = newColumn(Float64Array, rows, shared);
  for (let r = 0; r < rows; r++) {
    const i = grouping.firstOf[r];
    x[r] = data.x[i];
    tx[r] = data.tx[i];
    T[r] = data.T[i];
  }
  for (let i = 0; i < n; i++) weight[grouping.groupOf[i]]++;
  // The distinct values: through tables by the keys' whole numbers where the reader kept them.
  const codes = grouping.keys?.length === rows ? keyParts(grouping.keys) : null;
  const xs = distinct(x, codes?.[0]);
  const txs = distinct(tx, codes?.[1]);
  const Ts = distinct(T, codes?.[2]);
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
    xIndex: indexColumn(xs.index),
    txValues: txs.values,
    txIndex: indexColumn(txs.index),
    TValues: Ts.values,
    TIndex: indexColumn(Ts.index),
    xWeight,
  };
}

/** About how many rows (or customers) a large fit first runs on (fit.ts `fromSample`). */
export const fitSampleSize = 32_768;

/**
 * How many rows a likelihood's row loop (bgnbd.ts, pnbd.ts, gamma-gamma.ts) takes a call. One call
 * over every row ran mostly in V8's baseline code: the first, long call has its loop optimised
 * mid-way (on-stack replacement), before the code after the loop has ever run, and that code then
 * left the optimised loop at the end of every call (~40 times a fit, "insufficient type
 * feedback"), its next call starting over in baseline code. Calls of a few thousand rows return
 * early on and are optimised whole. The sums run on from call to call: the same additions, in the
 * same order, as one loop.
 */
export const rowChunk = 1024;

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
  // In memory of the same kind as the rows' (shared or not): a likelihood run on both with typed
  // arrays of both kinds ran its code for either, 1.5 times slower (BG/NBD at 1M customers: an
  // evaluation over every row 30 ms instead of 19).
  const shared = rows.weight.buffer instanceof SharedArrayBuffer;
  const pick = <A extends Float64Array | Int32Array>(column: A): A => {
    const out = newColumn(column.constructor as Parameters<typeof newColumn<A>>[0], keep.length, shared);
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
