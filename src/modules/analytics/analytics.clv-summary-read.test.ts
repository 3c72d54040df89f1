// Reading a log grouped by customer straight into the summary gives summariseLog's summary of the
// columnar read, value for value, in one thread or two (a customer's rows cut in two by the
// halves, ids in order or not); anything else answers null so the columnar read decides.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readTransactionCsv, type TransactionCsvOptions } from './analytics.clv-read.ts';
import { readSummaryCsv } from './analytics.clv-summary-read.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { bgnbdLogLikelihood, fitBgNbd } from './models/bgnbd.ts';
import { evaluateHere, type EvaluateAll } from './models/fit.ts';
import { holdoutError } from './models/fit-quality.ts';
import { fitGammaGamma } from './models/gamma-gamma.ts';
import { fitParetoNbd, pnbdLogLikelihood } from './models/pnbd.ts';
import { compress } from './models/rows.ts';
import { purchasePoints } from './models/testing.ts';
import { dayToIso, parseIsoDay, summariseLog } from './models/summary.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-clv-summary-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, lines: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `customer,date,amount\n${lines.join('\n')}\n`);
  return file;
};
const o: TransactionCsvOptions = { customerCol: 'customer', dateCol: 'date', amountCol: 'amount', delimiter: ',' };
const calibrationEnd = parseIsoDay('2024-06-30')!;
const s = { calibrationEnd, periodDays: 7 };

/**
 * 2,000 customers, each with its rows together but days out of order, same-day rows, zero and
 * negative amounts, rows after the calibration end, customers who start after it; the one in the
 * middle of the file has 600 rows, so the cut between the halves falls inside its rows.
 */
function groupedRows(id: (k: number) => string): string[] {
  const lines: string[] = [];
  for (let k = 0; k < 2000; k++) {
    const n = k === 1000 ? 600 : 1 + (k % 6);
    for (let j = 0; j < n; j++) {
      // The middle customer buys on 600 days in a row: a row of it lost or counted twice shows.
      const spread = k === 1000 ? j : (k * 13 + ((j * 97) % 300) + (k % 9 === 0 ? 400 : 0)) % 700;
      const day = parseIsoDay('2023-01-01')! + spread;
      const amount = j % 7 === 3 ? '0' : j % 11 === 5 ? '-4.5' : `${((k + j) % 50) / 4 + 1}`;
      lines.push(`${id(k)},${dayToIso(j % 4 === 2 ? day - (j % 3) : day)},${amount}`);
      if (j % 5 === 4) lines.push(`${id(k)},${dayToIso(day)},2.25`); // a second row that day
    }
  }
  return lines;
}

async function expectSummariseLog(file: string, parallelFrom: number) {
  const read = await readSummaryCsv(file, o, s, { parallelFrom });
  expect(read).not.toBeNull();
  expect(read!.readInParallel).toBe(parallelFrom === 0);
  const log = await readTransactionCsv(file, o, { parallelFrom: Infinity });
  expect([read!.transactions, read!.firstDay, read!.lastDay]).toEqual([log.length, log.firstDay, log.lastDay]);
  const mine = read!.finish(log.lastDay);
  const theirs = summariseLog(log, { ...s, holdoutEnd: log.lastDay });
  expect(theirs.acquiredAfterCalibration).toBeGreaterThan(0);
  expect(theirs.nonPositiveRepeatAmounts).toBeGreaterThan(0);
  const { customerIdBytes, ...rest } = mine;
  expect(rest).toEqual({ ...theirs, customerIds: theirs.customerIds });
  // The ids as the reader's bytes, the same ids.
  const bytes = customerIdBytes!();
  const arena = Buffer.from(bytes.arena);
  const decoded = Array.from(bytes.of, (c) => arena.toString('utf8', bytes.offsets[c], bytes.offsets[c + 1]));
  expect(decoded).toEqual(theirs.customerIds);
  expect(read!.finish(null).holdoutX).toBeNull();
  return read!;
}

describe('readSummaryCsv', () => {
  test.each([
    ['ids in increasing order', (k: number) => `C${String(k).padStart(5, '0')}`],
    ['unpadded numbers', (k: number) => String(k + 1)],
    [
      'ids in no order, some with spaces around',
      (k: number) => (k % 10 === 0 ? ` H${(k * 7919) % 10007} ` : `H${(k * 7919) % 10007}`),
    ],
  ])('gives summariseLog’s summary of the columnar read (%s), in one thread or two', async (name, id) => {
    const file = write(`${name}.csv`, groupedRows(id));
    await expectSummariseLog(file, Infinity);
    await expectSummariseLog(file, 0);
  });

  test('fits the spend model on the reading thread exactly as fitGammaGamma does here', async () => {
    const read = await expectSummariseLog(
      write(
        'spend.csv',
        groupedRows((k) => `C${k}`),
      ),
      0,
    );
    const summary = read.finish(read.lastDay);
    const data = { x: summary.x, monetary: summary.monetary };
    // Read in two threads, the columns the spend fit reads are shared with that thread, not copied.
    expect(read.readInParallel).toBe(true);
    expect(summary.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(summary.monetary.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(await read.fitSpend(data)).toEqual(fitGammaGamma(data));
  });

  test('makes a share of a purchase fit’s last evaluations on the reading thread, the answers this thread makes', async () => {
    const read = await readSummaryCsv(
      write(
        'evaluate.csv',
        groupedRows((k) => `C${k}`),
      ),
      o,
      s,
      { parallelFrom: 0 },
    );
    // As `tenure clv` hands them over: in shared memory, not copied.
    const summary = read!.finish(read!.lastDay);
    const rows = compress(summary, { shared: true });
    for (const column of [rows.x, rows.weight, rows.xIndex, rows.txIndex, rows.TIndex])
      expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
    const points = purchasePoints().slice(0, 5);
    const models = [
      ['bgnbd', bgnbdLogLikelihood(rows), (evaluateAll?: EvaluateAll) => fitBgNbd(rows, { evaluateAll })],
      ['pnbd', pnbdLogLikelihood(rows), (evaluateAll?: EvaluateAll) => fitParetoNbd(rows, { evaluateAll })],
    ] as const;
    for (const [model, logLik, fit] of models) {
      const evaluateAll = read!.evaluateBeside(model, rows)!;
      await waitFor(evaluateAll.ready, { what: `the reading thread to build the ${model} likelihood` });
      // Five points: the reading thread makes one (a third), this thread four.
      expect(evaluateAll(points, logLik)).toEqual(evaluateHere(points, logLik));
      expect(evaluateAll.answeredBeside()).toBe(1);
      // With three evaluations' worth of other work there, it takes none.
      evaluateAll.alsoBeside(3);
      expect(evaluateAll(points, logLik)).toEqual(evaluateHere(points, logLik));
      expect(evaluateAll.answeredBeside()).toBe(1);
      // A whole fit through it (six last evaluations, two of them there): the fit made here.
      expect(fit(evaluateAll)).toEqual(fit());
      expect(evaluateAll.answeredBeside()).toBe(3);
      // The holdout's error worked out there: holdoutError's numbers.
      const fitted = fit();
      const holdout = await read!.holdoutBeside(fitted, summary, rows);
      expect(holdout!.customers).toBe(summary.x.length);
      expect(holdout).toEqual(holdoutError(fitted, summary, rows));
    }
    read!.close();
    // With the thread gone, every point is made here.
    const alone = read!.evaluateBeside('bgnbd', rows)!;
    expect(alone.ready()).toBe(false);
    expect(alone(points, models[0][1])).toEqual(evaluateHere(points, models[0][1]));
    expect(alone.answeredBeside()).toBe(0);
    expect(await read!.holdoutBeside(fitBgNbd(rows), summary, rows)).toBeNull();
  });

  test('answers null when a customer’s rows are apart, in either half or across the cut, or a line is bad', async () => {
    const rows = groupedRows((k) => `C${String(k).padStart(5, '0')}`);
    const apart = (at: number) => [...rows.slice(0, at), rows[0], ...rows.slice(at)];
    for (const lines of [
      apart(5),
      apart(rows.length - 5),
      [...rows, rows[10]],
      [...rows.slice(0, 9), 'C99999,2024-13-01,1', ...rows.slice(9)],
    ]) {
      const file = write('apart.csv', lines);
      expect(await readSummaryCsv(file, o, s, { parallelFrom: 0 })).toBeNull();
      expect(await readSummaryCsv(file, o, s, { parallelFrom: Infinity })).toBeNull();
    }
    expect(await readSummaryCsv(path.join(dir, 'missing.csv'), o, s)).toBeNull();
  });
});
