// Owns turning a transaction log into the per-customer summary the models fit on, with the
// convention of ../shared/data/README.md: purchases on the same calendar day are one
// transaction; x = distinct purchase days − 1; t_x = (last − first purchase) in days / period;
// T = (calibration end − first purchase) in days / period; transactions after the calibration
// end are left out of the calibration summary (and counted into the holdout when asked);
// monetary = mean of the day-summed amounts of the repeat transactions.
// The log is columnar (typed arrays) so a 4M-row file summarises in well under a second.
import { createSummaryAccumulator, withLazyIds } from './summary-accumulator.ts';
import { dayToIso, parseIsoDay, toDay } from './days.ts';
import { grow, type RowGrouping } from './grouping.ts';
import { ModelInputError } from './rows.ts';

export { dayToIso, parseIsoDay, toDay };
export { createSummaryAccumulator, NotGroupedError, type SummaryPart, withLazyIds } from './summary-accumulator.ts';

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
  /** The customers grouped by equal (x, t_x, T), as compress would group them (see rowKey); null when a value is out of the key's range. */
  grouping?: RowGrouping | null;
  /** The customer ids as UTF-8 bytes, without making a string each (a reader that interned them has them). */
  customerIdBytes?: () => IdBytes;
};

/** Customer i's id is arena[offsets[of[i]], offsets[of[i] + 1]). */
export type IdBytes = { arena: Uint8Array; offsets: Int32Array; of: Int32Array };

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
