// Owns the per-customer summary built one row at a time (x, t_x, T, mean repeat spend, holdout
// counts; the convention of summary.ts): summariseLog feeds it a sorted log, and `tenure clv` the
// rows of a file grouped by customer as they are read (analytics.clv-summary-read.ts).
import { dayToIso, toDay } from './days.ts';
import { createKeyGrouper, grow, rowKey } from './grouping.ts';
import { ModelInputError } from './rows.ts';
import type { CustomerSummary, IdBytes, SummaryOptions } from './summary.ts';

/** A customer's rows arriving after another customer's: the log is not grouped by customer. */
export class NotGroupedError extends Error {
  override name = 'NotGroupedError';
}

/** What a summary accumulator holds once its customers are closed (see createSummaryAccumulator). */
export type SummaryPart = {
  /** Customer number of each summary entry; entries are in customer order. */
  customerOf: Int32Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
  firstDay: Int32Array;
  holdoutX: Float64Array;
  acquiredAfterCalibration: number;
  nonPositiveRepeatAmounts: number;
  /** Each entry's group of equal (x, t_x, T) (see rowKey), and each group's key and first entry; valid only while `keyed`. */
  groupOf: Int32Array;
  groupKeys: Float64Array;
  groupFirst: Int32Array;
  keyed: boolean;
};

/**
 * The per-customer summary built one row at a time from rows grouped by customer: customers
 * numbered in the order their rows start (above `after`; gaps allowed), each customer's rows
 * together, in any day order (a customer's few rows are put in day order, stably, when the next
 * customer starts). A customer whose rows come back after another's throws NotGroupedError. The
 * same arithmetic, in the same order, whichever way the rows came: summariseLog feeds its sorted log here,
 * and `tenure clv` the rows of a file as they are read (no columns of every row).
 * Without holdoutEnd every day after the calibration end counts into holdoutX.
 */
export function createSummaryAccumulator(
  options: SummaryOptions & {
    amounts: boolean;
    customers?: number;
    after?: number;
    /**
     * The columns other threads read in shared memory, so they read them without a copy: x and
     * monetary (the spend fit), t_x, T, holdoutX and the grouping (the holdout).
     */
    shared?: boolean;
  },
) {
  const periodDays = options.periodDays ?? 7;
  if (!(periodDays > 0)) throw new ModelInputError(`the period must be a positive number of days, got ${periodDays}`);
  const calEnd = toDay(options.calibrationEnd);
  const holdEnd = options.holdoutEnd === undefined ? null : toDay(options.holdoutEnd);
  if (holdEnd !== null && holdEnd <= calEnd)
    throw new ModelInputError(
      `the holdout end (${dayToIso(holdEnd)}) must be after the calibration end (${dayToIso(calEnd)})`,
    );
  const holdLimit = holdEnd ?? Infinity;
  const amounts = options.amounts;
  let capacity = Math.max(1 << 12, options.customers ?? 0);
  let { customerOf, x, tx, T, monetary, firstDay, holdoutX, groupOf } = summaryColumns(capacity, options.shared);
  const grouper = createKeyGrouper();
  let keyed = true;
  let out = 0;
  let late = 0;
  let nonPositive = 0;
  // The open customer's rows.
  let current = options.after ?? -1;
  let days = new Int32Array(64);
  let values = new Float64Array(64);
  let length = 0;
  let inOrder = true;

  const growOut = () => {
    capacity *= 2;
    const next = summaryColumns(capacity, options.shared);
    customerOf = grow(customerOf, next.customerOf);
    x = grow(x, next.x);
    tx = grow(tx, next.tx);
    T = grow(T, next.T);
    monetary = grow(monetary, next.monetary);
    firstDay = grow(firstDay, next.firstDay);
    holdoutX = grow(holdoutX, next.holdoutX);
    groupOf = grow(groupOf, next.groupOf);
  };
  // Each day closed when the next begins (or the rows end): x = distinct days − 1, the repeat
  // days' sums averaged. No closure over the running totals: they stay in registers.
  const close = () => {
    const n = length;
    if (n === 0) return;
    const d = days;
    const v = values;
    if (!inOrder) sortByDay(d, v, n);
    const first = d[0];
    if (first > calEnd) {
      late++;
      length = 0;
      return;
    }
    let count = 0;
    let last = first;
    let repeatSum = 0;
    let holdout = 0;
    let prevDay = first;
    let daySum = 0;
    for (let k = 0; ; k++) {
      const end = k >= n;
      const day = end ? 0 : d[k];
      if (end || day !== prevDay) {
        if (prevDay <= calEnd) {
          count++;
          last = prevDay;
          if (count > 1) {
            repeatSum += daySum;
            if (daySum <= 0 && amounts) nonPositive++;
          }
        } else if (prevDay <= holdLimit) holdout++;
        if (end) break;
        prevDay = day;
        daySum = 0;
      }
      if (amounts) daySum += v[k];
    }
    if (out === capacity) growOut();
    customerOf[out] = current;
    x[out] = count - 1;
    tx[out] = (last - first) / periodDays;
    T[out] = (calEnd - first) / periodDays;
    monetary[out] = count > 1 && amounts ? repeatSum / (count - 1) : Number.NaN;
    firstDay[out] = first;
    holdoutX[out] = holdout;
    if (keyed) {
      const key = rowKey(count - 1, last - first, calEnd - first);
      if (Number.isNaN(key)) keyed = false;
      else groupOf[out] = grouper.add(key, out);
    }
    out++;
    length = 0;
  };

  return {
    /** Adds a row of customer c (numbered as above) on day d. */
    row(c: number, d: number, value: number) {
      if (c !== current) {
        // Customers are numbered in order of first sight: a lower number is one seen before.
        if (c < current) throw new NotGroupedError(`customer ${c} after customer ${current}`);
        close();
        current = c;
        inOrder = true;
      } else if (d < days[length - 1]) inOrder = false;
      if (length === days.length) {
        days = grow(days, new Int32Array(length * 2));
        values = grow(values, new Float64Array(length * 2));
      }
      days[length] = d;
      values[length] = value;
      length++;
    },
    /** The last customer numbered so far. */
    get current() {
      return current;
    },
    /** Closes the open customer and hands over what was summarised (for a part read elsewhere). */
    part(): SummaryPart {
      close();
      return {
        customerOf: customerOf.subarray(0, out),
        x: x.subarray(0, out),
        tx: tx.subarray(0, out),
        T: T.subarray(0, out),
        monetary: monetary.subarray(0, out),
        firstDay: firstDay.subarray(0, out),
        holdoutX: holdoutX.subarray(0, out),
        acquiredAfterCalibration: late,
        nonPositiveRepeatAmounts: nonPositive,
        groupOf: groupOf.subarray(0, out),
        groupKeys: grouper.keys(),
        groupFirst: grouper.firstOf(),
        keyed,
      };
    },
    /**
     * Closes the open customer and appends a part summarised elsewhere whose customers come
     * after it, numbered there from 0: numberOf maps them to this accumulator's numbers.
     */
    append(p: SummaryPart, numberOf: Int32Array) {
      close();
      const n = p.x.length;
      while (out + n > capacity) growOut();
      mapInto(customerOf, out, p.customerOf, numberOf);
      x.set(p.x, out);
      tx.set(p.tx, out);
      T.set(p.T, out);
      monetary.set(p.monetary, out);
      firstDay.set(p.firstDay, out);
      holdoutX.set(p.holdoutX, out);
      keyed &&= p.keyed;
      if (keyed) {
        // The part's groups in its order of first sight, which is this accumulator's order too.
        mapInto(groupOf, out, p.groupOf, grouper.addAll(p.groupKeys, p.groupFirst, out));
      }
      out += n;
      late += p.acquiredAfterCalibration;
      nonPositive += p.nonPositiveRepeatAmounts;
      current = numberOf.length > 0 ? numberOf[numberOf.length - 1] : current;
    },
    /**
     * The summary; idsOf makes every customer's id, by number, when its customerIds is first read.
     * holdoutEnd (default the option's) names the holdout's end, known to a reader only at the end
     * of the file, and no earlier than any row's day; without one the summary has no holdoutX.
     */
    finish(
      idsOf: () => string[],
      holdoutEnd: number | null = holdEnd,
      bytesOf?: () => Omit<IdBytes, 'of'>,
    ): CustomerSummary {
      close();
      if (out === 0)
        throw new ModelInputError(`no customer has a purchase on or before the calibration end (${dayToIso(calEnd)})`);
      // Views, not copies: the columns' room beyond `out` was never written.
      const cut = <A extends Float64Array | Int32Array>(a: A) => a.subarray(0, out) as A;
      const ofCustomer = customerOf;
      const n = out;
      return withLazyIds(
        {
          x: cut(x),
          tx: cut(tx),
          T: cut(T),
          monetary: cut(monetary),
          firstDay: cut(firstDay),
          holdoutX: holdoutEnd === null ? null : cut(holdoutX),
          calibrationEnd: calEnd,
          holdoutEnd,
          periodDays,
          acquiredAfterCalibration: late,
          nonPositiveRepeatAmounts: nonPositive,
          grouping: keyed
            ? { groupOf: cut(groupOf), firstOf: grouper.firstOf().slice(), count: grouper.count, keys: grouper.keys() }
            : null,
          ...(bytesOf && { customerIdBytes: () => ({ ...bytesOf(), of: ofCustomer.subarray(0, n) }) }),
        },
        () => {
          const ids = idsOf();
          return Array.from(ofCustomer.subarray(0, n), (c) => ids[c]);
        },
      );
    },
  };
}

/**
 * An accumulator's columns for `n` customers, all in one buffer (shared when `shared`). A buffer
 * each would each start and end part-way through a 2 MB page, and memory there faults in 4 KB
 * pages (bin/huge-pages.js): ~2,500 faults for one half of a 1M-customer log against ~600.
 */
function summaryColumns(n: number, shared = false) {
  const buffer = new (shared ? SharedArrayBuffer : ArrayBuffer)(n * (5 * 8 + 3 * 4));
  let at = 0;
  const column = <A extends Float64Array | Int32Array>(Kind: {
    new (b: ArrayBufferLike, at: number, n: number): A;
    BYTES_PER_ELEMENT: number;
  }) => {
    const a = new Kind(buffer, at, n);
    at += n * Kind.BYTES_PER_ELEMENT;
    return a;
  };
  // The 8-byte columns first, so every column is aligned.
  const [x, tx, T, monetary, holdoutX] = [1, 2, 3, 4, 5].map(() => column(Float64Array));
  const [customerOf, firstDay, groupOf] = [1, 2, 3].map(() => column(Int32Array));
  return { x, tx, T, monetary, holdoutX, customerOf, firstDay, groupOf };
}

/** target[at + k] = map[indices[k]] for every k (a loop of its own: see grouping.ts addAll). */
function mapInto(target: Int32Array, at: number, indices: Int32Array, map: Int32Array) {
  for (let k = 0; k < indices.length; k++) target[at + k] = map[indices[k]];
}

/** Stable insertion sort of a customer's (day, value) rows by day: a customer has few rows. */
function sortByDay(days: Int32Array, values: Float64Array, n: number) {
  for (let i = 1; i < n; i++) {
    const d = days[i];
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && days[j] > d) {
      days[j + 1] = days[j];
      values[j + 1] = values[j];
      j--;
    }
    days[j + 1] = d;
    values[j + 1] = v;
  }
}

/** target with a `customerIds` property made by make() on first read and kept. */
export function withLazyIds<T extends object>(target: T, make: () => string[]): T & { customerIds: string[] } {
  let ids: string[] | null = null;
  return Object.defineProperty(target, 'customerIds', {
    get: () => (ids ??= make()),
    enumerable: true,
  }) as T & { customerIds: string[] };
}
