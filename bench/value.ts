// Value-model benchmark: N simulated customers (Pareto/NBD purchases, Gamma-Gamma amounts, about
// 4 transactions each) written to a CSV in a temp dir; then each stage from CSV to fitted
// parameters is timed in this process (read, summary, compression, BG/NBD, Pareto/NBD,
// Gamma-Gamma, predictions; wall and CPU seconds), and the whole `tenure clv` command is timed as
// separate processes (bench/value-cli.ts).
// Options: --customers N (default 1000000), --seed S (default 1), --keep (leave the CSV), --file
// PATH (time an existing CSV of that shape instead), --runs N (whole-command runs, default 3),
// --baseline DIR (time another checkout's `tenure clv` in the same run, e.g. the main branch),
// --whole-only (only the whole-command runs).
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { readTransactionCsv } from '../src/modules/analytics/analytics.clv-file.ts';
import { gamma, seededRng } from '../src/lib/random.ts';
import {
  compress,
  dayToIso,
  type CompressedRows,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  parseIsoDay,
  predictCustomers,
  summariseLog,
} from '../src/modules/analytics/models/index.ts';
import { distinct } from '../src/modules/analytics/models/grouping.ts';
import { paretoNbdPurchaseTimes } from '../src/modules/analytics/models/simulate.ts';
import { arg, textArg } from './args.ts';
import { wholeCommandRuns } from './value-cli.ts';

const purchases = { r: 0.75, alpha: 10, s: 0.6, beta: 12 };
const spend = { p: 6, q: 4, gamma: 15 };
const start = parseIsoDay('2023-01-01')!;
const end = parseIsoDay('2025-06-30')!;
const calibrationEnd = '2024-12-31';

/** Customers acquired uniformly over 2023, observed to mid-2025: one CSV row per purchase. */
export function writeCsv(file: string, customers: number, seed: number): number {
  const rng = seededRng(seed);
  const iso = Array.from({ length: end - start + 1 }, (_, d) => dayToIso(start + d));
  const fd = fs.openSync(file, 'w');
  let buf = 'customer_id,date,amount\n';
  let rows = 0;
  const times: number[] = [];
  for (let i = 0; i < customers; i++) {
    const id = `C${String(i).padStart(7, '0')}`;
    const first = Math.floor(rng() * 365);
    const nu = gamma(rng, spend.q, 1 / spend.gamma);
    const amount = () => gamma(rng, spend.p, 1 / nu).toFixed(2);
    buf += `${id},${iso[first]},${amount()}\n`;
    rows++;
    for (const t of paretoNbdPurchaseTimes(purchases, (end - start - first) / 7, rng, times)) {
      buf += `${id},${iso[first + Math.floor(t * 7)]},${amount()}\n`;
      rows++;
    }
    if (buf.length > 1 << 22) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return rows;
}

/** Every customer its own row (weight 1): what the fit costs without compression. */
function oneRowPerCustomer(summary: { x: Float64Array; tx: Float64Array; T: Float64Array }): CompressedRows {
  const n = summary.x.length;
  const xs = distinct(summary.x);
  const txs = distinct(summary.tx);
  const Ts = distinct(summary.T);
  const xWeight = new Float64Array(xs.values.length);
  for (let i = 0; i < n; i++) xWeight[xs.index[i]]++;
  return {
    x: summary.x,
    tx: summary.tx,
    T: summary.T,
    weight: new Float64Array(n).fill(1),
    rowOf: Int32Array.from({ length: n }, (_, i) => i),
    customers: n,
    xValues: xs.values,
    xIndex: xs.index,
    txValues: txs.values,
    txIndex: txs.index,
    TValues: Ts.values,
    TIndex: Ts.index,
    xWeight,
  };
}

async function parseOnly(file: string): Promise<number> {
  const parser = fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true }));
  let n = 0;
  parser.on('readable', () => {
    while (parser.read() !== null) n++;
  });
  await finished(parser);
  return n;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

// CPU seconds of this process since c0: on a shared machine wall time also counts waiting for a core.
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

type Stage = [name: string, seconds: number, note: string, cpu?: number];

function time<T>(stages: Stage[], name: string, fn: () => T, note: (r: T) => string = () => ''): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = fn();
  stages.push([name, seconds(t0), note(r), cpuSeconds(c0)]);
  return r;
}

const fmtParams = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
    .join(', ');

export async function main(args: string[]) {
  const customers = arg(args, 'customers', 1_000_000);
  const seed = arg(args, 'seed', 1);
  const runs = arg(args, 'runs', 3);
  const baseline = textArg(args, 'baseline');
  const given = textArg(args, 'file');
  const loadAtStart = os.loadavg()[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-value-'));
  const file = given ?? path.join(dir, 'transactions.csv');
  try {
    let t0 = performance.now();
    if (!given) {
      const rows = writeCsv(file, customers, seed);
      console.error(`wrote ${rows.toLocaleString('en')} rows in ${seconds(t0).toFixed(1)} s`);
    }
    const bytes = fs.statSync(file).size;
    if (args.includes('--whole-only')) {
      console.log(`\n### tenure clv on ${file} (${(bytes / 1e6).toFixed(0)} MB)\n`);
      console.log(`Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start.\n`);
      console.log(wholeCommandRuns(file, dir, { runs, calibrationEnd, baseline }));
      console.log(`\n1-minute load average ${os.loadavg()[0].toFixed(1)} at the end.`);
      return;
    }

    const stages: Stage[] = [];
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const log = await readTransactionCsv(file, {
      customerCol: 'customer_id',
      dateCol: 'date',
      amountCol: 'amount',
      delimiter: ',',
    });
    stages.push([
      'read CSV into columns (fast path for unquoted lines, csv-parse for quoted ones)',
      seconds(t0),
      `${log.length.toLocaleString('en')} rows`,
      cpuSeconds(c0),
    ]);
    const summary = time(
      stages,
      'summary (x, t_x, T, mean spend)',
      () => summariseLog(log, { calibrationEnd, periodDays: 7, holdoutEnd: end }),
      (s) => `${s.customerIds.length.toLocaleString('en')} customers`,
    );
    const rowsC = time(
      stages,
      'compress identical (x, t_x, T)',
      () => compress(summary),
      (c) => `${c.weight.length.toLocaleString('en')} distinct rows`,
    );
    // Same-run comparison points: the fit without merging rows, and csv-parse with no per-row work.
    const comparisons: Stage[] = [];
    time(
      comparisons,
      'comparison: BG/NBD fit on one row per customer (no compression)',
      () => fitBgNbd(oneRowPerCustomer(summary)),
      (f) => `${f.iterations} iterations; same estimates: ${fmtParams(f.params)}`,
    );
    time(
      stages,
      'BG/NBD fit',
      () => fitBgNbd(rowsC),
      (f) =>
        `${fmtParams(f.params)}; ${f.iterations} iterations, ${f.converged ? 'converged' : `NOT converged (${f.reason})`}`,
    );
    const pn = time(
      stages,
      'Pareto/NBD fit',
      () => fitParetoNbd(rowsC),
      (f) =>
        `${fmtParams(f.params)} (truth ${fmtParams(purchases)}); ${f.iterations} iterations, ${f.converged ? 'converged' : `NOT converged (${f.reason})`}`,
    );
    const gg = time(
      stages,
      'Gamma-Gamma fit',
      () => fitGammaGamma({ x: summary.x, monetary: summary.monetary }),
      (f) => `${fmtParams(f.params)} (truth ${fmtParams(spend)}); ${f.customers.toLocaleString('en')} repeat buyers`,
    );
    time(stages, 'predictions for every customer: 52-week purchases, P(alive), spend, CLV (Pareto/NBD)', () =>
      predictCustomers(pn, gg, { ...rowsC, monetary: summary.monetary }, { horizon: 52, discountRate: 0.01 }),
    );
    const rss = process.memoryUsage().rss;
    t0 = performance.now();
    const c1 = process.cpuUsage();
    const parsed = await parseOnly(file);
    comparisons.push([
      'comparison: csv-parse alone on the file (records counted, nothing kept)',
      seconds(t0),
      `${parsed.toLocaleString('en')} records`,
      cpuSeconds(c1),
    ]);

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `\n### Value models: ${customers.toLocaleString('en')} customers, ${log.length.toLocaleString('en')} transactions (${(bytes / 1e6).toFixed(0)} MB CSV)\n`,
    );
    console.log(
      `Node ${process.version}, ${os.cpus().length} cores (${cpu}); 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; resident memory after the in-process stages ${(rss / 2 ** 20).toFixed(0)} MiB.\n`,
    );
    console.log('| stage | seconds | CPU seconds | result |');
    console.log('|---|---:|---:|---|');
    for (const [name, s, note, cpu] of [...stages, ...comparisons])
      console.log(`| ${name} | ${s.toFixed(2)} | ${cpu === undefined ? '' : cpu.toFixed(2)} | ${note} |`);
    const upTo = (...k: number[]) => k.reduce((a, i) => a + stages[i][1], 0).toFixed(2);
    console.log(
      `\nCSV to fitted BG/NBD in process: ${upTo(0, 1, 2, 3)} s; CSV to fitted Pareto/NBD: ${upTo(0, 1, 2, 4)} s.`,
    );
    console.log(`\n${wholeCommandRuns(file, dir, { runs, calibrationEnd, baseline })}`);
    console.log(
      '\nReference, measured elsewhere (issue #4) for the best-known Python library on such a file: BG/NBD 16 s end to end (1.7 s read, 5.7 s summary, 8.8 s fit); Pareto/NBD fit 303 s.',
    );
  } finally {
    if (!args.includes('--keep') || given) fs.rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${file}`);
  }
}
