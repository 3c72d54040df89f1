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
  const periodDays = options.periodDays ?? 7;
  if (!(periodDays > 0)) throw new ModelInputError(`the period must be a positive number of days, got ${periodDays}`);
  const calEnd = toDay(options.calibrationEnd);
  const holdEnd = options.holdoutEnd === undefined ? null : toDay(options.holdoutEnd);
  if (holdEnd !== null && holdEnd <= calEnd)
    throw new ModelInputError(
      `the holdout end (${dayToIso(holdEnd)}) must be after the calibration end (${dayToIso(calEnd)})`,
    );
  // Row k of the log in (customer, day) order is order[k], or k when the log is in that order.
  const order = orderByCustomerAndDay(log);
  const nCustomers = log.customerCount;
  const customerOf = new Int32Array(nCustomers);
  const x = new Float64Array(nCustomers);
  const tx = new Float64Array(nCustomers);
  const T = new Float64Array(nCustomers);
  const monetary = new Float64Array(nCustomers);
  const firstDay = new Int32Array(nCustomers);
  const holdoutX = holdEnd === null ? null : new Float64Array(nCustomers);
  const amount = log.amount;
  const cust = log.customer;
  const dayOf = log.day;
  const n = log.length;
  let out = 0;
  let late = 0;
  let nonPositive = 0;
  // One customer's rows at a time, each day closed when the next begins (or the rows end). No
  // closure over the running totals: they stay in registers in this hot loop.
  let j = 0;
  while (j < n) {
    const c = cust[order === null ? j : order[j]];
    const first = dayOf[order === null ? j : order[j]];
    let end = j + 1;
    while (end < n && cust[order === null ? end : order[end]] === c) end++;
    if (first > calEnd) {
      late++;
      j = end;
      continue;
    }
    let days = 0;
    let last = first;
    let repeatSum = 0;
    let holdout = 0;
    let prevDay = first;
    let daySum = 0;
    for (let k = j; ; k++) {
      const i = k >= end ? -1 : order === null ? k : order[k];
      const d = i >= 0 ? dayOf[i] : 0;
      if (i < 0 || d !== prevDay) {
        if (prevDay <= calEnd) {
          days++;
          last = prevDay;
          if (days > 1) {
            repeatSum += daySum;
            if (daySum <= 0 && amount) nonPositive++;
          }
        } else if (holdEnd !== null && prevDay <= holdEnd) holdout++;
        if (i < 0) break;
        prevDay = d;
        daySum = 0;
      }
      if (amount) daySum += amount[i];
    }
    j = end;
    customerOf[out] = c;
    x[out] = days - 1;
    tx[out] = (last - first) / periodDays;
    T[out] = (calEnd - first) / periodDays;
    monetary[out] = days > 1 && amount ? repeatSum / (days - 1) : Number.NaN;
    firstDay[out] = first;
    if (holdoutX) holdoutX[out] = holdout;
    out++;
  }
  if (out === 0)
    throw new ModelInputError(`no customer has a purchase on or before the calibration end (${dayToIso(calEnd)})`);
  // The ids are strings made when first read (none at all for a run that only prints the fit).
  const cut = <A extends Float64Array | Int32Array>(a: A) => (out === nCustomers ? a : (a.slice(0, out) as A));
  return withLazyIds(
    {
      x: cut(x),
      tx: cut(tx),
      T: cut(T),
      monetary: cut(monetary),
      firstDay: cut(firstDay),
      holdoutX: holdoutX ? cut(holdoutX) : null,
      calibrationEnd: calEnd,
      holdoutEnd: holdEnd,
      periodDays,
      acquiredAfterCalibration: late,
      nonPositiveRepeatAmounts: nonPositive,
    },
    () => {
      const ids = log.customerIds;
      return Array.from(customerOf.subarray(0, out), (c) => ids[c]);
    },
  );
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
