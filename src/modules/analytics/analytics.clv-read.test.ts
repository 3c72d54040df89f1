// Reading a transaction log in two halves at once gives the log a sequential read gives — row for
// row, customers numbered in order of first sight across the cut — and falls back to the
// sequential read, with the same error and line, whenever the halves cannot be trusted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readTransactionCsv, type TransactionCsvOptions } from './analytics.clv-read.ts';

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
    const middle = text.indexOf('\n', text.length / 2);
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
