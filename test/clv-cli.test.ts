// `tenure clv` as a real process on the CDNOW transaction log (converted to CSV in a temp dir):
// the JSON matches the published BG/NBD, Pareto/NBD and Gamma-Gamma fits, --out writes one row
// per customer, and bad input gets a clear message with exit code 65 (data) or 2 (usage).
// No workspace and no database: the process gets an empty data dir it must not touch.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../src/errors.ts';
import { readTransactionCsv, runClv } from '../src/modules/analytics/analytics.clv-file.ts';
import { parseIsoDay } from '../src/modules/analytics/models/index.ts';
import { cdnowMissing, cdnowTransactions } from './support/cdnow.ts';
import { analystSandbox } from './support/analyst-cli.ts';

const sb = analystSandbox('clv');
const { cli, write } = sb;

const base = {
  customerCol: 'customer',
  dateCol: 'date',
  calibrationEnd: '2024-01-31',
  model: 'bgnbd' as const,
  periodDays: 7,
  horizon: 52,
  discountRate: 0.01,
  margin: 1,
  delimiter: ',',
};

async function dataErrorOf(file: string, options: Partial<typeof base> & { amountCol?: string } = {}): Promise<string> {
  try {
    await runClv(file, { ...base, ...options });
  } catch (err) {
    // A 4xx AppError, which the CLI reports with exit code 65 (checked through real processes below).
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    return (err as Error).message;
  }
  throw new Error('expected a data error');
}

const transactions = cdnowTransactions();
describe.skipIf(!transactions)(transactions ? 'tenure clv on the CDNOW transaction log' : cdnowMissing, () => {
  let csv: string;
  beforeAll(() => {
    csv = write(
      'cdnow.csv',
      `customer,date,amount\n${transactions!.map((t) => `${t.customerId},${t.date},${t.amount}`).join('\n')}\n`,
    );
  });

  test('--json: BG/NBD and Gamma-Gamma match the published fits; needs no workspace or database', async () => {
    const r = await cli([
      'clv',
      csv,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--amount-col',
      'amount',
      '--calibration-end',
      '1997-09-30',
      '--json',
      '--out',
      'predictions.csv',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe('bgnbd');
    expect(out.customers).toBe(2357);
    expect(out.converged).toBe(true);
    expect(Object.keys(out.params)).toEqual(['r', 'alpha', 'a', 'b']);
    const sig3 = (v: number) => Number(v.toPrecision(3));
    expect([out.params.r, out.params.alpha, out.params.a, out.params.b].map(sig3)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(Math.abs(out.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(out.spend.customers).toBe(946);
    expect([out.spend.p, out.spend.q, out.spend.gamma].map(sig3)).toEqual([6.25, 3.74, 15.4]);
    expect(Math.abs(out.spend.logLikelihood - -4055.9)).toBeLessThan(0.1);
    expect(out.holdout.model.mae).toBeLessThan(out.holdout.baseline.mae);
    expect(fs.existsSync(sb.dataDir), 'clv must not create a data directory').toBe(false);

    const rows = parse(fs.readFileSync(path.join(sb.dir, 'predictions.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0])).toEqual([
      'customer_id',
      'x',
      't_x',
      'T',
      'expected_purchases',
      'p_alive',
      'expected_spend',
      'clv',
    ]);
    expect(rows).toHaveLength(2357);
    const first = rows.find((row) => row.customer_id === '1')!;
    expect([first.x, first.t_x, first.T]).toEqual(['2', '30.4286', '38.8571']);
    expect(Number(first.p_alive)).toBeCloseTo(0.727, 3);
    for (const row of rows) {
      expect(Number(row.expected_purchases)).toBeGreaterThanOrEqual(0);
      expect(Number(row.clv)).toBeGreaterThanOrEqual(0);
    }
    expect(Number(first.clv)).toBeGreaterThan(0);
  });

  test('--model pnbd matches the published Pareto/NBD fit', async () => {
    const r = await cli([
      'clv',
      csv,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--calibration-end',
      '1997-09-30',
      '--model',
      'pnbd',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(
      [out.params.r, out.params.alpha, out.params.s, out.params.beta].map((v: number) => Number(v.toPrecision(3))),
    ).toEqual([0.553, 10.6, 0.606, 11.7]);
    expect(Math.abs(out.logLikelihood - -9595.0)).toBeLessThan(0.1);
    expect(out.spend).toBeUndefined();
  });

  test('prints a readable report without --json', async () => {
    const r = await cli([
      'clv',
      csv,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--calibration-end',
      '1997-09-30',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/BG\/NBD: r 0\.2426 \(± [\d.]+\), alpha 4\.414/);
    expect(r.stdout).toMatch(/converged/);
    expect(r.stdout).toMatch(/Holdout to 1998-06-30/);
  });
});

describe('tenure clv rejects bad input', () => {
  test('usage errors exit 2 and data errors exit 65, with a message naming the problem', async () => {
    const ok = write('ok.csv', 'customer,date\n1,2024-01-01\n1,2024-01-20\n2,2024-01-10\n');
    const missingOption = await cli(['clv', ok, '--customer-col', 'customer', '--date-col', 'date']);
    expect(missingOption.code).toBe(2);
    expect(missingOption.stderr).toMatch(/--calibration-end/);
    const missingColumn = await cli([
      'clv',
      ok,
      '--customer-col',
      'client',
      '--date-col',
      'date',
      '--calibration-end',
      '2024-01-15',
    ]);
    expect(missingColumn.code).toBe(65);
    expect(missingColumn.stderr).toMatch(
      /Column "client" \(--customer-col\) is not in the header\. Columns found: customer, date/,
    );
  });

  test('each kind of bad file is a data error with a specific message', async () => {
    expect(await dataErrorOf(path.join(sb.dir, 'nope.csv'))).toMatch(/No such file/);
    expect(await dataErrorOf(write('empty.csv', ''))).toMatch(/is empty/);
    expect(await dataErrorOf(write('header.csv', 'customer,date\n'))).toMatch(/no transactions/);
    expect(await dataErrorOf(write('date.csv', 'customer,date\n1,2024-01-01\n2,01/02/2024\n'))).toMatch(
      /line 3: date "01\/02\/2024" is not an ISO date/,
    );
    expect(
      await dataErrorOf(write('amount.csv', 'customer,date,amount\n1,2024-01-01,5\n1,2024-01-09,\n'), {
        amountCol: 'amount',
      }),
    ).toMatch(/line 3: amount "" is not a number/);
    expect(await dataErrorOf(write('id.csv', 'customer,date\n,2024-01-01\n'))).toMatch(
      /line 2: the customer id is empty/,
    );
    expect(await dataErrorOf(write('ragged.csv', 'customer,date\n1,2024-01-01\n1,2024-01-05,x\n'))).toMatch(
      /Invalid Record Length/,
    );
    expect(await dataErrorOf(write('oversize.csv', `customer,date\n${'x'.repeat(2_000_000)},2024-01-01\n`))).toMatch(
      /Max Record Size/,
    );
    expect(await dataErrorOf(write('semi.csv', 'customer;date\n1;2024-01-01\n'))).toMatch(/another delimiter/);
    const ok = write('ok2.csv', 'customer,date\n1,2024-01-01\n1,2024-01-20\n2,2024-01-10\n');
    expect(await dataErrorOf(ok, { calibrationEnd: '2023-12-31' })).toMatch(
      /before the first transaction \(the data run from 2024-01-01 to 2024-01-20\)/,
    );
    expect(
      await dataErrorOf(write('spend.csv', 'customer,date,amount\n1,2024-01-01,5\n1,2024-01-09,5\n2,2024-01-02,1\n'), {
        amountCol: 'amount',
        calibrationEnd: '2024-01-09',
      }),
    ).toMatch(/at least 2 repeat buyers/);
  });

  test('a calibration end after the last transaction is the normal case: accepted, T measured to it, no holdout (issue #17, 8a)', async () => {
    // Three customers; the last purchase is on 2024-01-20 and the observation ends on 2024-02-14.
    const file = write(
      'quiet.csv',
      'customer,date\n1,2024-01-01\n1,2024-01-08\n1,2024-01-20\n2,2024-01-03\n2,2024-01-10\n3,2024-01-06\n4,2024-01-02\n4,2024-01-16\n',
    );
    const r = await cli([
      'clv',
      file,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--calibration-end',
      '2024-02-14',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.customers).toBe(4);
    expect(out.calibrationEnd).toBe('2024-02-14');
    expect(out.holdout).toBeUndefined();
    const { summary } = await runClv(file, { ...base, calibrationEnd: '2024-02-14' });
    // Customer 1 first bought on 2024-01-01: 44 days, i.e. 44/7 weeks, to the calibration end.
    expect(summary.T[0]).toBeCloseTo(44 / 7, 12);
  });

  test('a BG/NBD fit that runs off on a tiny log fails clearly (exit 65) and writes no predictions (issue #17, 8b)', async () => {
    // A seeded random log of 3 customers: the fit runs off to a ≈ 8e6, b ≈ 9e6, where the
    // predictions overflow; it used to print them as NaN (empty cells) with exit code 0.
    const file = write(
      'tiny.csv',
      'customer,date\nc0,2022-03-07\nc1,2022-02-08\nc1,2022-02-01\nc1,2022-02-04\nc2,2022-02-10\n',
    );
    const out = path.join(sb.dir, 'tiny-out.csv');
    const r = await cli([
      'clv',
      file,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--calibration-end',
      '2022-03-07',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stdout).toBe(65);
    expect(r.stderr).toMatch(/BG\/NBD fit \(.*\) gives no finite predictions: a and b ran off towards ∞ together/);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('nothing fitted when every customer is first seen on the calibration end (T = 0): exit 65, no predictions from the start values (issue #17, 8c)', async () => {
    const file = write('sameday.csv', 'customer,date\n1,2024-01-05\n2,2024-01-05\n3,2024-01-05\n3,2024-01-09\n');
    const out = path.join(sb.dir, 'sameday-out.csv');
    const r = await cli([
      'clv',
      file,
      '--customer-col',
      'customer',
      '--date-col',
      'date',
      '--calibration-end',
      '2024-01-05',
      '--out',
      out,
    ]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/T = 0 for all/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('quoted and unquoted files give the same log: ids trimmed, dates with times, every number format Number() takes', async () => {
    const rows = [
      ['C1', '2024-01-01', '12.50'],
      ['C1', '2024-01-01T10:00:00Z', '007'],
      [' C2 ', '2024-01-03', '-0.5'],
      ['C2', '2024-02-29 08:00', '1e3'],
      ['Ä 3', '2024-01-05', ' 12.30 '],
      ['C1', '2024-01-09', '.5'],
      ['C1', '2024-01-10', '5.'],
      ['C4', '2024-01-10', '123456789012.3456789'],
      ['C4', '2024-01-11', '0.1'],
    ];
    const header = 'customer,date,amount';
    const plain = write('plain.csv', `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const quoted = write(
      'quoted.csv',
      `\uFEFF${header}\r\n${rows.map((r) => r.map((v) => `"${v}"`).join(',')).join('\r\n')}\r\n`,
    );
    const o = { customerCol: 'customer', dateCol: 'date', amountCol: 'amount', delimiter: ',' };
    const a = await readTransactionCsv(plain, o);
    const b = await readTransactionCsv(quoted, o);
    expect(a.customerIds).toEqual(['C1', 'C2', 'Ä 3', 'C4']);
    expect(b.customerIds).toEqual(a.customerIds);
    expect([...a.customer]).toEqual([0, 0, 1, 1, 2, 0, 0, 3, 3]);
    expect([...b.customer]).toEqual([...a.customer]);
    expect([...a.day]).toEqual(rows.map((r) => parseIsoDay(r[1])));
    expect([...b.day]).toEqual([...a.day]);
    expect([...a.amount!]).toEqual(rows.map((r) => Number(r[2].trim())));
    expect([...b.amount!]).toEqual([...a.amount!]);
  });

  test('a line break inside a quoted id keeps line numbers right in later errors; impossible dates are caught, any year is read', async () => {
    const file = write('multiline.csv', 'customer,date\n"first\nsecond",2024-01-01\n2,2024-01-02\n3,2024-13-01\n');
    expect(await dataErrorOf(file)).toMatch(/line 5: date "2024-13-01" is not an ISO date/);
    expect(await dataErrorOf(write('feb29.csv', 'customer,date\n1,2024-02-29\n2,2023-02-29\n'))).toMatch(
      /line 3: date "2023-02-29" is not an ISO date/,
    );
    const old = await readTransactionCsv(write('old.csv', 'customer,date\n1,1850-03-01\n1,2250-03-01\n'), {
      customerCol: 'customer',
      dateCol: 'date',
      delimiter: ',',
    });
    expect([...old.day]).toEqual([parseIsoDay('1850-03-01'), parseIsoDay('2250-03-01')]);
  });

  test('a hostile file (formula-like ids, quotes, BOM, CRLF, tab delimiter) is read safely', async () => {
    const file = write(
      'hostile.tsv',
      '\uFEFFcustomer\tdate\r\n=cmd|calc\t2024-01-01\r\n"=cmd|calc"\t2024-01-08\r\n"a ""b"""\t2024-01-02\r\n',
    );
    const out = path.join(sb.dir, 'hostile-out.csv');
    const run = await runClv(file, { ...base, calibrationEnd: '2024-01-08', delimiter: '\t' });
    const { result, summary } = run;
    expect(result.customers).toBe(2);
    expect(summary.customerIds).toContain('a "b"');
    const { writePredictions } = await import('../src/cli/commands/clv.ts');
    await writePredictions(out, run, base);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain(`'=cmd|calc`);
    expect(text).not.toMatch(/^=/m);
    // Without an amount column there is no spend model: spend and CLV are left empty.
    expect(text.split('\r\n')[1]).toMatch(/,,$/);
    // The ids are written from the reader's bytes, cell for cell as from their strings.
    expect(summary.customerIdBytes).toBeDefined();
    const { customerIdBytes: _bytes, ...strings } = summary;
    const viaStrings = path.join(sb.dir, 'hostile-strings.csv');
    await writePredictions(viaStrings, { ...run, summary: strings }, base);
    expect(fs.readFileSync(viaStrings, 'utf8')).toBe(text);
  });
});
