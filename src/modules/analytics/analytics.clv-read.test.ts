// Reading a transaction log in two halves at once gives the log a sequential read gives — row for
// row, customers numbered in order of first sight across the cut — and falls back to the
// sequential read, with the same error and line, whenever the halves cannot be trusted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readTransactionCsv, type TransactionCsvOptions } from './analytics.clv-read.ts';
import { parseIsoDay, summariseLog } from './models/summary.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-clv-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const o: TransactionCsvOptions = { customerCol: 'customer', dateCol: 'date', amountCol: 'amount', delimiter: ',' };
const both = async (file: string) => ({
  parallel: await readTransactionCsv(file, o, { parallelFrom: 0 }),
  sequential: await readTransactionCsv(file, o, { parallelFrom: Infinity }),
});
const errorOf = (file: string, parallelFrom: number) =>
  readTransactionCsv(file, o, { parallelFrom }).then(
    () => 'no error',
    (err: Error) => err.message,
  );

/** 3,000 rows: customers interleaved so many appear on both sides of the cut, odd ids and amounts. */
function log(lineEnd: string) {
  const lines = ['amount,customer,date'];
  for (let i = 0; i < 3000; i++) {
    const id = i % 7 === 0 ? ` C${i % 101} ` : i % 11 === 0 ? `Ä${i % 13}` : `C${(i * 37) % 503}`;
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const amount = i % 5 === 0 ? '1e2' : i % 9 === 0 ? ' 7.25 ' : `${(i % 97) / 4}`;
    lines.push(`${amount},${id},${day}`);
    if (i % 250 === 0) lines.push('');
  }
  return `${lines.join(lineEnd)}${lineEnd}`;
}

describe('readTransactionCsv in two halves', () => {
  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('gives the sequential log (%s line ends)', async (name, lineEnd) => {
    const { parallel, sequential } = await both(write(`log-${name}.csv`, log(lineEnd)));
    expect(parallel.readInParallel).toBe(true);
    expect(sequential.readInParallel).toBe(false);
    expect(parallel.length).toBe(3000);
    expect(parallel.customerIds).toEqual(sequential.customerIds);
    expect([...parallel.customer]).toEqual([...sequential.customer]);
    expect([...parallel.day]).toEqual([...sequential.day]);
    expect([...parallel.amount!]).toEqual([...sequential.amount!]);
    expect([parallel.firstDay, parallel.lastDay]).toEqual([sequential.firstDay, sequential.lastDay]);
  });

  test('a quoted field in the first half is read again in order; one in the second half is the worker’s', async () => {
    const text = log('\n');
    // Past the cut, which is at most an eighth of the file after its middle.
    const middle = text.indexOf('\n', (text.length * 3) / 4);
    const early = write('quoted-early.csv', text.replace('\n5,', '\n5,"C, ""quoted""",2024-01-01\n5,'));
    const late = write('quoted-late.csv', `${text.slice(0, middle + 1)}3,"C""9",2024-02-02\n${text.slice(middle + 1)}`);
    for (const file of [early, late]) {
      const { parallel, sequential } = await both(file);
      expect(parallel.customerIds).toEqual(sequential.customerIds);
      expect([...parallel.customer]).toEqual([...sequential.customer]);
      expect([...parallel.amount!]).toEqual([...sequential.amount!]);
    }
    expect((await both(early)).parallel.readInParallel).toBe(false);
    expect((await both(late)).parallel.readInParallel).toBe(true);
    expect((await both(early)).parallel.customerIds).toContain('C, "quoted"');
    expect((await both(late)).parallel.customerIds).toContain('C"9');
  });

  test('a bad row names the same line whichever half it is in', async () => {
    const lines = log('\n').split('\n');
    for (const at of [10, lines.length - 20]) {
      const bad = [...lines];
      bad[at] = '1,C1,2024-13-01';
      const file = write(`bad-${at}.csv`, bad.join('\n'));
      const message = await errorOf(file, Infinity);
      expect(message).toBe(`line ${at + 1}: date "2024-13-01" is not an ISO date (YYYY-MM-DD)`);
      expect(await errorOf(file, 0)).toBe(message);
    }
    const ragged = [...lines];
    ragged[lines.length - 5] = '1,C1';
    const file = write('ragged.csv', ragged.join('\n'));
    expect(await errorOf(file, 0)).toBe(await errorOf(file, Infinity));
    expect(await errorOf(file, 0)).toMatch(new RegExp(`line ${lines.length - 4}`));
  });
});

describe('logs in any row order', () => {
  // 600 customers, 1–6 rows each, with awkward dates: a leap day, a year end, times after the
  // date, spaces around it, years outside the byte path's cache (1899, 2200), and a same-day pair.
  const dates = ['2024-02-29', '2023-12-31', '2024-03-01T10:00:00', ' 2024-03-02 ', '1899-12-31', '2200-01-01'];
  // Every 97th customer first buys in 2200: acquired after the calibration end, left out of the summary.
  const rowsOf = (idOf: (c: number) => string) =>
    Array.from({ length: 600 }, (_, c) =>
      c % 97 === 0
        ? [`1,${idOf(c)},2200-01-01`]
        : Array.from(
            { length: 1 + (c % 6) },
            (_, k) => `${(c * 7 + k) % 13}.5,${idOf(c)},${dates[(c + k) % dates.length]}`,
          ),
    );
  const fileOf = (name: string, rows: string[][], shuffle = false) => {
    let lines = rows.flat();
    if (shuffle)
      lines = lines
        .map((l, i) => [l, (i * 7919) % lines.length] as const)
        .sort((a, b) => a[1] - b[1])
        .map((p) => p[0]);
    return write(name, `amount,customer,date\n${lines.join('\n')}\n`);
  };
  const summaryOf = async (file: string, parallelFrom: number) => {
    const log = await readTransactionCsv(file, o, { parallelFrom });
    const s = summariseLog(log, { calibrationEnd: parseIsoDay('2024-03-01')!, periodDays: 7, holdoutEnd: log.lastDay });
    return {
      customers: log.customerCount,
      byId: new Map(s.customerIds.map((id, i) => [id, [s.x[i], s.tx[i], s.T[i], s.monetary[i], s.holdoutX![i]]])),
    };
  };

  test.each([
    ['sorted by id in byte order', (c: number) => `C${String(c).padStart(4, '0')}`],
    ['sorted by unpadded number (9 before 10)', (c: number) => String(c + 1)],
    ['grouped, not sorted', (c: number) => `K${(c * 211) % 600}`],
  ])('grouped (%s), reversed and shuffled files give the same summary, in parallel or not', async (name, idOf) => {
    const rows = rowsOf(idOf);
    const grouped = fileOf(`grouped-${name}.csv`, rows);
    const expected = await summaryOf(grouped, Infinity);
    expect(expected.customers).toBe(600);
    expect(expected.byId.size).toBe(600 - 7);
    for (const file of [
      grouped,
      fileOf(`reversed-${name}.csv`, rows.toReversed()),
      fileOf(`shuffled-${name}.csv`, rows, true),
    ])
      for (const parallelFrom of [0, Infinity]) expect(await summaryOf(file, parallelFrom)).toEqual(expected);
  });

  test('an id that comes back after ids in increasing order is the same customer', async () => {
    const lines = ['amount,customer,date'];
    for (let c = 1; c <= 300; c++) lines.push(`1,${c},2024-01-0${1 + (c % 9)}`);
    lines.push('2,150,2024-02-01', '3,1,2024-02-02', '4,300,2024-02-03');
    const file = write('comes-back.csv', `${lines.join('\n')}\n`);
    for (const parallelFrom of [0, Infinity]) {
      const log = await readTransactionCsv(file, o, { parallelFrom });
      expect(log.customerCount).toBe(300);
      expect(log.customerIds.slice(0, 3)).toEqual(['1', '2', '3']);
      expect([...log.customer.subarray(-3)]).toEqual([149, 0, 299]);
    }
  });
});
