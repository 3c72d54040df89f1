// Owns turning a transaction log into the per-customer summary the models fit on, with the
// convention of ../shared/data/README.md: purchases on the same calendar day are one
// transaction; x = distinct purchase days − 1; t_x = (last − first purchase) in days / period;
// T = (calibration end − first purchase) in days / period; transactions after the calibration
// end are left out of the calibration summary (and counted into the holdout when asked);
// monetary = mean of the day-summed amounts of the repeat transactions.
// The log is columnar (typed arrays) so a 4M-row file summarises in well under a second.
import { ModelInputError } from './rows.ts';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD, optionally followed by a time), or null. */
export function parseIsoDay(s: string): number | null {
  if (s.length < 10) return null;
  const c = (i: number) => s.charCodeAt(i) - 48;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (c(i) < 0 || c(i) > 9) return null;
  if (s[4] !== '-' || s[7] !== '-') return null;
  if (s.length > 10 && s[10] !== 'T' && s[10] !== ' ') return null;
  const y = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const m = c(5) * 10 + c(6);
  const d = c(8) * 10 + c(9);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

export const dayToIso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A date given as a day number, an ISO string or a Date, as a day number (UTC). */
export function toDay(date: number | string | Date): number {
  if (typeof date === 'number') return date;
  if (date instanceof Date) return Math.floor(date.getTime() / DAY_MS);
  const day = parseIsoDay(date);
  if (day === null) throw new ModelInputError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

/** Transactions in columns: customer[i] indexes customerIds, day[i] is a day number. */
export type TransactionLog = {
  /** May be built on first use (see createLogBuilder's build): count customers with customerCount. */
  customerIds: string[];
  customerCount: number;
  customer: Int32Array;
  day: Int32Array;
  /** null when the log has no amounts. */
  amount: Float64Array | null;
  length: number;
};

/**
 * Builds a TransactionLog row by row with amortised growth (no per-row objects). Either add(id, …)
 * interns ids itself (a Map), or a caller that interns ids faster on its own and keeps them (the
 * CSV reader, over raw bytes) numbers each new id once with countCustomer, appends rows with
 * addRow / addRows, and hands build() a function making the id strings — not both in one log.
 * The log's customerIds is then built on first use: a run that never reads an id (`tenure clv
 * --json` on a million customers) makes no string per customer. expectedRows sizes the columns.
 */
export function createLogBuilder(options: { amounts: boolean; expectedRows?: number }) {
  let capacity = Math.max(1 << 16, Math.ceil(options.expectedRows ?? 0));
  let customer = new Int32Array(capacity);
  let day = new Int32Array(capacity);
  let amount = options.amounts ? new Float64Array(capacity) : null;
  const ids = new Map<string, number>();
  const customerIds: string[] = [];
  let external = false;
  let counted = 0;
  let length = 0;
  // Logs are usually grouped by customer: remembering the last id skips most map look-ups.
  let lastId = '';
  let lastIdx = -1;
  const addRow = (idx: number, dayNumber: number, value: number) => {
    if (length === capacity) {
      capacity *= 2;
      customer = grow(customer, new Int32Array(capacity));
      day = grow(day, new Int32Array(capacity));
      if (amount) amount = grow(amount, new Float64Array(capacity));
    }
    customer[length] = idx;
    day[length] = dayNumber;
    if (amount) amount[length] = value;
    length++;
  };
  return {
    add(customerId: string, dayNumber: number, value = 0) {
      if (external) throw new Error('add() cannot be mixed with countCustomer()');
      let idx = customerId === lastId ? lastIdx : ids.get(customerId);
      if (idx === undefined) {
        idx = customerIds.length;
        ids.set(customerId, idx);
        customerIds.push(customerId);
      }
      lastId = customerId;
      lastIdx = idx;
      addRow(idx, dayNumber, value);
    },
    /** Registers a new customer whose id the caller keeps (see build); returns its number for addRow. */
    countCustomer(): number {
      external = true;
      return counted++;
    },
    addRow,
    /** Appends rows in bulk (customers numbered as addRow's); a log without amounts ignores amounts. */
    addRows(customers: Int32Array, days: Int32Array, amounts: Float64Array | null) {
      const n = customers.length;
      if (length + n > capacity) {
        while (length + n > capacity) capacity *= 2;
        customer = grow(customer, new Int32Array(capacity));
        day = grow(day, new Int32Array(capacity));
        if (amount) amount = grow(amount, new Float64Array(capacity));
      }
      customer.set(customers, length);
      day.set(days, length);
      if (amount && amounts) amount.set(amounts, length);
      length += n;
    },
    get length() {
      return length;
    },
    /** The log; idsOf makes the ids of the customers registered with countCustomer, when first asked for. */
    build(idsOf?: () => string[]): TransactionLog {
      const columns = {
        customer: customer.subarray(0, length),
        day: day.subarray(0, length),
        amount: amount ? amount.subarray(0, length) : null,
        length,
      };
      if (!idsOf) return { customerIds, customerCount: customerIds.length, ...columns };
      return withLazyIds({ customerCount: counted, ...columns }, idsOf);
    },
  };
}

/** target with a `customerIds` property made by make() on first read and kept. */
export function withLazyIds<T extends object>(target: T, make: () => string[]): T & { customerIds: string[] } {
  let ids: string[] | null = null;
  return Object.defineProperty(target, 'customerIds', {
    get: () => (ids ??= make()),
    enumerable: true,
  }) as T & { customerIds: string[] };
}

function grow<T extends Int32Array | Float64Array>(a: T, next: T): T {
  next.set(a);
  return next;
}

export type Transaction = { customerId: string; date: number | string | Date; amount?: number };

export function logFromTransactions(transactions: Iterable<Transaction>): TransactionLog {
  const list = Array.isArray(transactions) ? transactions : [...transactions];
  const builder = createLogBuilder({ amounts: list.some((t) => t.amount !== undefined) });
  for (const t of list) builder.add(t.customerId, toDay(t.date), t.amount ?? 0);
  return builder.build();
}

export type SummaryOptions = {
  /** Last day of the calibration period (inclusive). */
  calibrationEnd: number | string | Date;
  /** Length of a period in days (7 = weeks). Default 7. */
  periodDays?: number;
  /** Last day of the holdout period (inclusive); holdoutX counts repeat transactions after calibrationEnd up to it. */
  holdoutEnd?: number | string | Date;
};

/** One entry per customer whose first purchase is on or before the calibration end. */
export type CustomerSummary = {
  customerIds: string[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean day-summed amount of the repeat transactions; NaN when x = 0 or the log has no amounts. */
  monetary: Float64Array;
  /** Day number of each customer's first purchase. */
  firstDay: Int32Array;
  /** Transactions (distinct days) in (calibrationEnd, holdoutEnd]; only with holdoutEnd. */
  holdoutX: Float64Array | null;
  calibrationEnd: number;
  holdoutEnd: number | null;
  periodDays: number;
  /** Customers left out because their first purchase is after the calibration end. */
  acquiredAfterCalibration: number;
  /** Calibration-period repeat transactions whose day-summed amount was ≤ 0 (kept in x, in the mean). */
  nonPositiveRepeatAmounts: number;
};

/**
 * Row indices of the log sorted by (customer, day): two stable counting sorts, O(n). Exports are
 * often already sorted by customer and date, or by date: one pass notices, and the sorts that
 * would not move anything are skipped.
 */
export function sortByCustomerAndDay(log: TransactionLog): Int32Array {
  return orderByCustomerAndDay(log) ?? identity(log.length);
}

/** As sortByCustomerAndDay, but null when the log is in that order already. */
function orderByCustomerAndDay(log: TransactionLog): Int32Array | null {
  const n = log.length;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let byDaySorted = true;
  let byCustomerSorted = true;
  for (let i = 0; i < n; i++) {
    const d = log.day[i];
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
    if (i > 0) {
      const prevDay = log.day[i - 1];
      if (d < prevDay) byDaySorted = false;
      const c = log.customer[i];
      const prevC = log.customer[i - 1];
      if (c < prevC || (c === prevC && d < prevDay)) byCustomerSorted = false;
    }
  }
  if (byCustomerSorted) return null;
  let byDay: Int32Array;
  if (byDaySorted) byDay = identity(n);
  else {
    byDay = new Int32Array(n);
    const dayCounts = new Int32Array(maxDay - minDay + 2);
    for (let i = 0; i < n; i++) dayCounts[log.day[i] - minDay + 1]++;
    for (let k = 1; k < dayCounts.length; k++) dayCounts[k] += dayCounts[k - 1];
    for (let i = 0; i < n; i++) byDay[dayCounts[log.day[i] - minDay]++] = i;
  }
  const order = new Int32Array(n);
  const custCounts = new Int32Array(log.customerCount + 1);
  for (let i = 0; i < n; i++) custCounts[log.customer[i] + 1]++;
  for (let k = 1; k < custCounts.length; k++) custCounts[k] += custCounts[k - 1];
  for (let j = 0; j < n; j++) {
    const i = byDay[j];
    order[custCounts[log.customer[i]]++] = i;
  }
  return order;
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

export function summariseLog(log: TransactionLog, options: SummaryOptions): CustomerSummary {
  if (log.length === 0) throw new ModelInputError('there are no transactions');
  const acc = createSummaryAccumulator({ ...options, amounts: log.amount !== null, customers: log.customerCount });
  // Row k of the log in (customer, day) order is order[k], or k when the log is in that order:
  // customers then arrive 0, 1, 2, … each with its rows together, as the accumulator wants them.
  const order = orderByCustomerAndDay(log);
  const { customer, day, amount } = log;
  for (let k = 0; k < log.length; k++) {
    const i = order === null ? k : order[k];
    acc.row(customer[i], day[i], amount === null ? 0 : amount[i]);
  }
  return acc.finish(() => log.customerIds);
}

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
  options: SummaryOptions & { amounts: boolean; customers?: number; after?: number },
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
  let customerOf = new Int32Array(capacity);
  let x = new Float64Array(capacity);
  let tx = new Float64Array(capacity);
  let T = new Float64Array(capacity);
  let monetary = new Float64Array(capacity);
  let firstDay = new Int32Array(capacity);
  let holdoutX = new Float64Array(capacity);
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
    customerOf = grow(customerOf, new Int32Array(capacity));
    x = grow(x, new Float64Array(capacity));
    tx = grow(tx, new Float64Array(capacity));
    T = grow(T, new Float64Array(capacity));
    monetary = grow(monetary, new Float64Array(capacity));
    firstDay = grow(firstDay, new Int32Array(capacity));
    holdoutX = grow(holdoutX, new Float64Array(capacity));
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
      for (let k = 0; k < n; k++) customerOf[out + k] = numberOf[p.customerOf[k]];
      x.set(p.x, out);
      tx.set(p.tx, out);
      T.set(p.T, out);
      monetary.set(p.monetary, out);
      firstDay.set(p.firstDay, out);
      holdoutX.set(p.holdoutX, out);
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
    finish(idsOf: () => string[], holdoutEnd: number | null = holdEnd): CustomerSummary {
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
        },
        () => {
          const ids = idsOf();
          return Array.from(ofCustomer.subarray(0, n), (c) => ids[c]);
        },
      );
    },
  };
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

/** The per-customer summary of a list of transactions (see summariseLog for the columnar path). */
export function summarise(
  transactions: Iterable<Transaction> | TransactionLog,
  options: SummaryOptions,
): CustomerSummary {
  const log =
    'customer' in transactions && 'day' in transactions
      ? (transactions as TransactionLog)
      : logFromTransactions(transactions as Iterable<Transaction>);
  return summariseLog(log, options);
}

/** The summary split at calibrationEnd with the holdout counted up to holdoutEnd. */
export function calibrationHoldout(
  transactions: Iterable<Transaction> | TransactionLog,
  options: SummaryOptions & { holdoutEnd: number | string | Date },
): CustomerSummary & { holdoutX: Float64Array; holdoutPeriods: number } {
  const summary = summarise(transactions, options);
  const holdoutPeriods = (summary.holdoutEnd! - summary.calibrationEnd) / summary.periodDays;
  return { ...summary, holdoutX: summary.holdoutX!, holdoutPeriods };
}
