// Owns parsing a transaction log's data records (a customer id, an ISO date, an optional amount)
// for `tenure clv`'s readers (analytics.clv-read.ts, analytics.clv-summary-read.ts), in two ways
// that give the same rows: record by record, from the field ranges lib/csv-read hands over, and
// line by line straight from the bytes (csv-read's `lines`), which is how nearly every line of a
// machine-written export is read. The line path does not scan for delimiters a field it knows
// cannot hold: an id the same as the line before's is compared, not scanned (logs come grouped
// by customer), and a date is ten bytes. It takes a line only when every field is one the record
// path would read the same way without trimming or falling back to a string; any other line
// (spaces, another date form, an exponent, a ragged or empty line, an error) is left to the
// record path, which reads it and names the line if it is bad.
import { AppError } from '../../errors.ts';
import type { createByteInterner } from '../../lib/byte-interner.ts';
import { decimalOfBytes, isoDayOfBytes, sameBytes } from '../../lib/csv-bytes.ts';
import { type CsvLineCursor, csvField } from '../../lib/csv-read.ts';
import { parseIsoDay } from './models/summary.ts';

export const inputError = (message: string) => new AppError('validation_failed', message);

/** The field index of each column in a record (−1: the log has no amounts). */
export type TransactionColumns = { customer: number; date: number; amount: number };

const LF = 0x0a;
const CR = 0x0d;
// What each field is to the line path (0: a field it only skips).
const CUSTOMER = 1;
const DATE = 2;
const AMOUNT = 3;

/** Whether an id's first and last bytes are printable ASCII: no trimming can change it. */
const plainEdges = (buf: Uint8Array, start: number, end: number) =>
  end > start && buf[start] > 0x20 && buf[start] < 0x7f && buf[end - 1] > 0x20 && buf[end - 1] < 0x7f;

/**
 * Parses data records of `width` fields into rows: the customer's number (from `ids`; newCustomer
 * registers one not seen before, its bytes at buf[start, end)), the day and the amount. `record`
 * takes one record's field ranges, and the first bad value stops the read with its line number;
 * `lines` is csv-read's lines handler.
 */
export function createTransactionParser(
  columns: TransactionColumns,
  width: number,
  ids: ReturnType<typeof createByteInterner>,
  newCustomer: (buf: Buffer, start: number, end: number) => number,
  addRow: (customer: number, day: number, amount: number) => void,
) {
  // The previous row's raw customer-id bytes: logs are usually grouped by customer, so most rows
  // take the previous customer's number after comparing a few bytes.
  const prevId = Buffer.alloc(256);
  let prevLength = -1;
  let customer = -1;
  const state = { firstDay: Infinity, lastDay: -Infinity };
  const role = new Int32Array(width);
  role[columns.customer] = CUSTOMER;
  role[columns.date] = DATE;
  if (columns.amount >= 0) role[columns.amount] = AMOUNT;

  /** Numbers the id at buf[start, end), whose edges are plain, and remembers its bytes. */
  const customerAt = (buf: Buffer, start: number, end: number) => {
    customer = ids.intern(buf, start, end);
    if (customer < 0) customer = newCustomer(buf, start, end);
    // A byte loop: Buffer.copy costs more than the copy itself for an id of a few bytes.
    prevLength = end - start <= prevId.length ? end - start : -1;
    for (let k = 0; k < prevLength; k++) prevId[k] = buf[start + k];
  };
  const addTaken = (day: number, amount: number) => {
    if (day < state.firstDay) state.firstDay = day;
    if (day > state.lastDay) state.lastDay = day;
    addRow(customer, day, amount);
  };

  const record = (buf: Buffer, starts: Int32Array, ends: Int32Array, line: number) => {
    const is = starts[columns.customer];
    const ie = ends[columns.customer];
    if (!sameBytes(buf, is, ie, prevId, prevLength)) {
      // Spaces around an id are not part of it (String.prototype.trim); plain ASCII edges need no trim.
      if (plainEdges(buf, is, ie)) customerAt(buf, is, ie);
      else {
        const id = buf.toString('utf8', is, ie).trim();
        if (!id) throw inputError(`line ${line}: the customer id is empty`);
        const bytes = Buffer.from(id);
        customerAt(bytes, 0, bytes.length);
      }
    }
    let day = isoDayOfBytes(buf, starts[columns.date], ends[columns.date]);
    if (Number.isNaN(day)) {
      const text = csvField(buf, starts, ends, columns.date);
      const parsed = parseIsoDay(text.trim());
      if (parsed === null)
        throw inputError(`line ${line}: date ${JSON.stringify(text)} is not an ISO date (YYYY-MM-DD)`);
      day = parsed;
    }
    let amount = 0;
    if (columns.amount >= 0) {
      amount = decimalOfBytes(buf, starts[columns.amount], ends[columns.amount]);
      if (Number.isNaN(amount)) {
        const raw = csvField(buf, starts, ends, columns.amount);
        const text = raw.trim();
        amount = text === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(amount)) throw inputError(`line ${line}: amount ${JSON.stringify(raw)} is not a number`);
      }
    }
    addTaken(day, amount);
  };

  // The line path reads each field by its role; a column named twice (--customer-col and
  // --date-col the same) leaves every line to the record path.
  const distinct =
    columns.customer !== columns.date && columns.amount !== columns.customer && columns.amount !== columns.date;
  const lines = (buf: Buffer, cursor: CsvLineCursor) => {
    const { to, delimiter: delim, maxLength } = cursor;
    let at = cursor.at;
    let line = cursor.line;
    reading: while (distinct) {
      let p = at;
      let day = 0;
      let amount = 0;
      for (let f = 0; f < width; f++) {
        const last = f === width - 1;
        const stop = last ? LF : delim;
        const kind = role[f];
        // The field's value is buf[p, end); buf[end] ends it.
        let end: number;
        let same = false;
        if (kind === DATE) end = p + 10;
        else if (
          kind === CUSTOMER &&
          prevLength > 0 &&
          p + prevLength < to &&
          buf[p + prevLength] === stop &&
          sameBytes(buf, p, p + prevLength, prevId, prevLength)
        ) {
          end = p + prevLength;
          same = true;
        } else {
          end = p;
          while (end < to && buf[end] !== delim && buf[end] !== LF) end++;
        }
        if (end >= to) break reading;
        // The next field's start; the last field ends at LF, a CR before it not being data.
        let next = end + 1;
        if (!last) {
          if (buf[end] !== delim) break reading;
        } else if (buf[end] === CR && end + 1 < to && buf[end + 1] === LF) next = end + 2;
        else if (buf[end] !== LF) break reading;
        else if (end > p && buf[end - 1] === CR) end--;
        if (kind === CUSTOMER) {
          if (!same) {
            if (!plainEdges(buf, p, end)) break reading;
            customerAt(buf, p, end);
          }
        } else if (kind === DATE) {
          day = isoDayOfBytes(buf, p, end);
          if (Number.isNaN(day)) break reading;
        } else if (kind === AMOUNT) {
          amount = decimalOfBytes(buf, p, end);
          if (Number.isNaN(amount)) break reading;
        }
        p = next;
      }
      // p is past the line end: the record path refuses a line longer than maxLength.
      if (p - 1 - at > maxLength) break;
      addTaken(day, amount);
      at = p;
      line++;
    }
    cursor.at = at;
    cursor.line = line;
  };

  return { record, lines, state };
}
