// `tenure clv FILE`: the analyst's CLV run on a plain CSV transaction log — no workspace, no
// database. The run itself (reading, summary, fits, holdout) is analytics' runClv; this file
// parses the options, prints the report and writes per-customer predictions with --out.
import { type Command, Option } from 'commander';
import { ByteBuffer, CsvFileWriter } from '../../lib/csv-write.ts';
import {
  type ClvFileOptions,
  type ClvResult,
  type ClvRun,
  predictCustomers,
  runClv,
  unpredictable,
} from '../../modules/analytics/files.ts';
import { printJson } from '../output.ts';
import { delimiter, isoDate, positiveNumber, rate, wholeNumber } from './analyst-options.ts';

export type ClvOptions = ClvFileOptions & {
  horizon: number;
  discountRate: number;
  margin: number;
  json?: boolean;
  out?: string;
};

const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Per-customer predictions as CSV (ids neutralised against spreadsheet formulas). */
export async function writePredictions(
  path: string,
  run: Omit<ClvRun, 'result'>,
  o: Pick<ClvOptions, 'horizon' | 'discountRate' | 'margin'>,
) {
  const { summary, rows, fit, spend } = run;
  const p = predictCustomers(
    fit,
    spend,
    { ...rows, monetary: summary.monetary },
    { horizon: o.horizon, discountRate: o.discountRate, margin: o.margin },
  );
  // Checked before the file is opened: a fit that ran off must not leave a file of blanks behind.
  for (let i = 0; i < p.expectedPurchases.length; i++)
    if (!Number.isFinite(p.expectedPurchases[i]) || !Number.isFinite(p.probabilityAlive[i])) throw unpredictable(fit);
  // Non-finite values are blank cells.
  const num = (b: ByteBuffer, v: number, digits: number) => {
    if (Number.isFinite(v)) b.fixed(v, digits);
  };
  // Customers sharing (x, t_x, T) share the five columns after the id: their bytes are made once
  // per compressed row, into `shared`, and copied into each customer's line.
  const shared = new ByteBuffer(1 << 20);
  const sharedStart = new Int32Array(rows.weight.length).fill(-1);
  const sharedEnd = new Int32Array(rows.weight.length);
  // The ids as the reader interned them, as bytes, when it has them (no string per customer).
  const idBytes = summary.customerIdBytes?.();
  const out = await CsvFileWriter.open(path);
  try {
    out.text('customer_id,x,t_x,T,expected_purchases,p_alive,expected_spend,clv\r\n');
    for (let i = 0; i < summary.x.length; i++) {
      const r = rows.rowOf[i];
      if (sharedStart[r] < 0) {
        sharedStart[r] = shared.pos;
        shared.number(rows.x[r]);
        shared.byte(COMMA);
        num(shared, rows.tx[r], 4);
        shared.byte(COMMA);
        num(shared, rows.T[r], 4);
        shared.byte(COMMA);
        num(shared, p.expectedPurchases[i], 6);
        shared.byte(COMMA);
        num(shared, p.probabilityAlive[i], 6);
        sharedEnd[r] = shared.pos;
      }
      if (idBytes) {
        const c = idBytes.of[i];
        out.cellBytes(idBytes.arena, idBytes.offsets[c], idBytes.offsets[c + 1]);
      } else out.cell(summary.customerIds[i]);
      out.byte(COMMA);
      out.bytes(shared.buf, sharedStart[r], sharedEnd[r]);
      out.byte(COMMA);
      num(out, p.expectedSpend[i], 4);
      out.byte(COMMA);
      num(out, p.clv[i], 4);
      out.byte(CR);
      out.byte(LF);
      if (out.full) await out.flush();
    }
  } catch (err) {
    await out.abort();
    throw err;
  }
  await out.close();
}

function printReport(r: ClvResult, o: ClvOptions) {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toPrecision(4));
  const withSe = (params: Record<string, number>, se: Record<string, number> | null) =>
    Object.entries(params)
      .map(([k, v]) => `${k} ${fmt(v)}${se ? ` (± ${fmt(se[k])})` : ''}`)
      .join(', ');
  console.log(
    `${r.transactions.toLocaleString('en')} transactions, ${r.customers.toLocaleString('en')} customers acquired by ${r.calibrationEnd} (${r.acquiredAfterCalibration} later ones left out); periods of ${r.periodDays} days.`,
  );
  console.log(
    `${o.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'}: ${withSe(r.params, r.standardErrors)}; log-likelihood ${r.logLikelihood.toFixed(2)}; ${r.converged ? 'converged' : `NOT converged: ${r.reason}`}.`,
  );
  if (r.spend) {
    const { p, q, gamma, standardErrors } = r.spend;
    console.log(
      `Gamma-Gamma spend (${r.spend.customers} repeat buyers${r.spend.excluded ? `, ${r.spend.excluded} with zero or negative spend left out` : ''}): ${withSe({ p, q, gamma }, standardErrors)}; log-likelihood ${r.spend.logLikelihood.toFixed(2)}${r.spend.converged ? '' : '; NOT converged'}.`,
    );
  }
  if (r.holdout) {
    const h = r.holdout;
    console.log(
      `Holdout to ${h.end} (${h.holdoutPeriods.toFixed(1)} periods): ${h.actualTotal} repeat transactions, ${h.predictedTotal.toFixed(0)} predicted; per customer MAE ${h.model.mae.toFixed(3)} vs ${h.baseline.mae.toFixed(3)} for the naive x/T rate (RMSE ${h.model.rmse.toFixed(3)} vs ${h.baseline.rmse.toFixed(3)}).`,
    );
  }
}

export function registerClv(program: Command) {
  program
    .command('clv')
    .description(
      'Fit a CLV model (BG/NBD or Pareto/NBD, + Gamma-Gamma spend) to a CSV transaction log; no workspace needed',
    )
    .argument('<file>', 'CSV with a header; dates as YYYY-MM-DD')
    .requiredOption('--customer-col <name>', 'column with the customer id')
    .requiredOption('--date-col <name>', 'column with the transaction date (YYYY-MM-DD)')
    .option('--amount-col <name>', 'column with the transaction value (fits the spend model)')
    .requiredOption(
      '--calibration-end <date>',
      'last day of the calibration period (YYYY-MM-DD), on or after the first transaction',
      isoDate,
    )
    .addOption(new Option('--model <model>', 'purchase model').choices(['bgnbd', 'pnbd']).default('bgnbd'))
    .option('--period-days <n>', 'length of a period in days', positiveNumber, 7)
    .option('--horizon <periods>', 'periods ahead for expected purchases and CLV', wholeNumber(), 52)
    .option('--discount-rate <rate>', 'discount rate per period', rate, 0.01)
    .option('--margin <share>', 'share of spend that is profit, for CLV', positiveNumber, 1)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .option(
      '--out <file>',
      'write per-customer predictions (x, t_x, T, expected purchases, P(alive), expected spend, CLV) as CSV',
    )
    .action(async (file: string, o: ClvOptions) => {
      const run = await runClv(file, o);
      const { result, summary } = run;
      if (o.out) await writePredictions(o.out, run, o);
      if (o.json) printJson(result);
      else {
        printReport(result, o);
        if (o.out) console.log(`Wrote predictions for ${summary.x.length.toLocaleString('en')} customers to ${o.out}.`);
      }
    });
}
