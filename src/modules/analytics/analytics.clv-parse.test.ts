// The line path of the transaction parser (csv-read's `lines`) gives exactly what the record path
// gives: the same rows, the same customer numbers, the same first and last day, and on a bad line
// the same error naming the same line (after the same rows), for random logs (columns in any order, extra columns, ids
// with spaces or sharing a prefix, dates and amounts the fast readers refuse, CRLF, empty and
// ragged lines, quoted fields, lines over the size cap) read in chunks of any size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { createByteInterner } from '../../lib/byte-interner.ts';
import { csvField, readCsvRecords } from '../../lib/csv-read.ts';
import { createTransactionParser } from './analytics.clv-parse.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-clv-parse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

type Options = { chunkSize: number; maxRecordSize: number; delimiter: string; byLines: boolean };

/** The rows (customer, day, amount), the days' range and the error, read one way or the other. */
async function parse(text: string, o: Options) {
  const file = path.join(dir, `f${files++}.csv`);
  fs.writeFileSync(file, text);
  const rows: number[][] = [];
  const ids = createByteInterner();
  let customers = 0;
  let parser: ReturnType<typeof createTransactionParser> | null = null;
  let lineTaken = 0;
  let error: string | null = null;
  try {
    await readCsvRecords(
      file,
      {
        delimiter: o.delimiter,
        chunkSize: o.chunkSize,
        maxRecordSize: o.maxRecordSize,
        lines: o.byLines
          ? (buf, cursor) => {
              const line = cursor.line;
              parser?.lines(buf, cursor);
              lineTaken += cursor.line - line;
            }
          : undefined,
      },
      (buf, starts, ends, count, line) => {
        if (parser) return parser.record(buf, starts, ends, line);
        const header = Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k).trim());
        const columns = {
          customer: header.indexOf('id'),
          date: header.indexOf('date'),
          amount: header.indexOf('amount'),
        };
        parser = createTransactionParser(
          columns,
          count,
          ids,
          () => customers++,
          (c, d, a) => rows.push([c, d, a]),
        );
      },
    );
  } catch (err) {
    error = (err as Error).message;
  }
  const state = parser ? { ...(parser as { state: object }).state } : null;
  // A read that fails is thrown away, customers and all: the line path may have numbered the bad
  // line's customer before leaving the line to the record path.
  return { result: { rows, customers: error === null ? customers : null, state, error }, lineTaken };
}

/** Mostly values every reader takes, sometimes one the fast readers leave to the slow ones or refuse. */
const mostly = (plain: string[], odd: string[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const id = mostly(['C1', 'C12', 'C2', 'C1', 'C3'], [' C3', 'C3 ', '', 'Ção', 'C1\r']);
const date = mostly(['2024-01-05', '2024-01-06', '2023-12-31'], ['2024-1-5', ' 2024-01-06', '2024-02-30', 'x']);
const amount = mostly(['12.5', '7', '-3.25', '0'], ['1e3', '', ' 4 ', 'abc', '.5', '12.', '1234567890123456']);
const odd = mostly(['none'], ['empty', 'ragged', 'quoted', 'long']);

const log = fc.record({
  order: fc.constantFrom(['id', 'date', 'amount'], ['date', 'id', 'amount'], ['amount', 'date', 'id'], ['id', 'date']),
  extra: fc.boolean(),
  crlf: fc.boolean(),
  lines: fc.array(
    fc.record({
      id,
      date,
      amount,
      odd,
    }),
    { maxLength: 40 },
  ),
});

type Log = typeof log extends fc.Arbitrary<infer V> ? V : never;

function render(l: Log, delimiter: string) {
  const header = l.extra ? [...l.order, 'note'] : l.order;
  const eol = l.crlf ? '\r\n' : '\n';
  const out = [header.join(delimiter)];
  for (const r of l.lines) {
    const field = (name: string) =>
      name === 'id'
        ? r.id
        : name === 'date'
          ? r.date
          : name === 'amount'
            ? r.amount
            : r.odd === 'long'
              ? 'n'.repeat(90)
              : 'n';
    const fields = header.map(field);
    if (r.odd === 'empty') out.push('');
    else if (r.odd === 'ragged') out.push(fields.slice(1).join(delimiter));
    else if (r.odd === 'quoted') out.push(fields.map((f) => `"${f}"`).join(delimiter));
    else out.push(fields.join(delimiter));
  }
  return out.join(eol) + (l.lines.length % 2 === 0 ? eol : '');
}

describe('the transaction parser, by lines and by records', () => {
  test('the same rows, numbers, days and errors, for random logs in chunks of any size', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        log,
        fc.integer({ min: 16, max: 300 }),
        fc.constantFrom(',', ';'),
        async (l, chunkSize, delimiter) => {
          const text = render(l, delimiter);
          const o = { chunkSize, maxRecordSize: 100, delimiter };
          const byRecords = await parse(text, { ...o, byLines: false });
          const byLines = await parse(text, { ...o, byLines: true });
          expect(byLines.result).toEqual(byRecords.result);
          taken += byLines.lineTaken;
        },
      ),
      { numRuns: 400 },
    );
    // The line path took lines, not only left them all to the record path.
    expect(taken).toBeGreaterThan(500);
  });

  test.each(['\n', '\r\n'])('a plain log is read by lines, with the days and amounts of its text (%j)', async (eol) => {
    const text = ['id,date,amount', 'C1,2024-01-05,12.5', 'C1,2024-01-06,7', 'C2,2023-12-31,-3.25', ''].join(eol);
    const { result, lineTaken } = await parse(text, {
      chunkSize: 64,
      maxRecordSize: 100,
      delimiter: ',',
      byLines: true,
    });
    expect(lineTaken).toBe(3); // every data line: none left to the record path
    expect(result.error).toBeNull();
    const day = (iso: string) => Date.parse(iso) / 86_400_000;
    expect(result.rows).toEqual([
      [0, day('2024-01-05'), 12.5],
      [0, day('2024-01-06'), 7],
      [1, day('2023-12-31'), -3.25],
    ]);
    expect(result.state).toEqual({ firstDay: day('2023-12-31'), lastDay: day('2024-01-06') });
  });
});
