// `tenure clv FILE`: the analyst's CLV run on a plain CSV transaction log — no workspace, no
// database. The run itself (reading, summary, fits, holdout) is analytics' runClv; this file
// parses the options, prints the report and writes per-customer predictions with --out.
import fs from 'node:fs';
import { once } from 'node:events';
import { type Command, Option } from 'commander';
import { csvCell } from '../../lib/csv.ts';
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
  const num = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '');
  // Customers sharing (x, t_x, T) share these five columns: format them once per row.
  const rowText = new Array<string | undefined>(rows.weight.length);
  const out = fs.createWriteStream(path);
  let buf = 'customer_id,x,t_x,T,expected_purchases,p_alive,expected_spend,clv\r\n';
  for (let i = 0; i < summary.customerIds.length; i++) {
    const r = rows.rowOf[i];
    const shared = (rowText[r] ??=
      `${rows.x[r]},${num(rows.tx[r], 4)},${num(rows.T[r], 4)},${num(p.expectedPurchases[i], 6)},${num(p.probabilityAlive[i], 6)}`);
    buf += `${csvCell(summary.customerIds[i])},${shared},${num(p.expectedSpend[i], 4)},${num(p.clv[i], 4)}\r\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
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
        if (o.out)
          console.log(
            `Wrote predictions for ${summary.customerIds.length.toLocaleString('en')} customers to ${o.out}.`,
          );
      }
    });
}
