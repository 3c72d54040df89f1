// `tenure churn FILE`: an explainable churn-risk model on a CSV of one row per customer; no
// workspace. The run is analytics' runChurn (cross-validated L2 logistic regression against a
// one-column baseline); this file parses the options and prints the model card.
import type { Command } from 'commander';
import { type ChurnResult, runChurn } from '../../modules/analytics/files.ts';
import { printJson } from '../output.ts';
import { count, formatTable, num } from '../table.ts';
import { delimiter, nameList, nonNegativeNumber, wholeNumber } from './analyst-options.ts';

type ChurnCliOptions = {
  target: string;
  idCol?: string;
  exclude?: string[];
  baseline?: string;
  folds: number;
  seed: number;
  l2: number;
  delimiter: string;
  json?: boolean;
};

function printReport(r: ChurnResult) {
  const share = (100 * r.positives) / r.rows;
  console.log(
    `${count(r.rows)} rows (${count(r.dropped)} dropped for a missing value), ${count(r.positives)} churned (${share.toFixed(1)} %); ${r.features} features.`,
  );
  for (const g of r.ignored) console.log(`Column ${g.column} left out: ${g.reason}.`);
  console.log(
    `Cross-validated ROC AUC (${r.folds} stratified folds, seed ${r.seed}): ${num(r.auc.mean, 3)} ± ${num(r.auc.sd, 3)}  [folds: ${r.auc.folds.map((a) => num(a, 3)).join(', ')}]`,
  );
  if (r.baseline)
    console.log(
      `Baseline (${r.baseline.column} alone): ${num(r.baseline.auc.mean, 3)} ± ${num(r.baseline.auc.sd, 3)} — ${r.baseline.beaten ? 'the model beats it' : 'the model does NOT beat it: do not use the model'}.`,
    );
  else console.log('No baseline: the file has no tenure column (name one with --baseline).');
  console.log(
    `Brier score (out of fold) ${num(r.brier, 4)}; L2 penalty ${r.l2} on standardised coefficients; ${r.converged ? 'converged' : `NOT converged: ${r.reason}`}.\n`,
  );
  const rows = [...r.coefficients]
    .sort((a, b) => Math.abs(b.standardised) - Math.abs(a.standardised))
    .map((c) => [c.feature, num(c.coef, 4), num(c.oddsRatio, 3), num(c.standardised, 3)]);
  console.log(
    'Coefficients, strongest first (per SD: the change in log-odds for one standard deviation of the feature):\n',
  );
  console.log(
    formatTable(
      [
        { header: 'feature' },
        { header: 'coef', align: 'right' },
        { header: 'odds ratio', align: 'right' },
        { header: 'per SD', align: 'right' },
      ],
      rows,
    ),
  );
  console.log('\nCalibration (out-of-fold predictions):\n');
  console.log(
    formatTable(
      [
        { header: 'predicted', align: 'right' },
        { header: 'rows', align: 'right' },
        { header: 'mean predicted', align: 'right' },
        { header: 'observed rate', align: 'right' },
      ],
      r.reliability.map((b) => [
        `${b.from.toFixed(1)}–${b.to.toFixed(1)}`,
        count(b.count),
        num(b.meanPredicted, 3),
        num(b.observedRate, 3),
      ]),
    ),
  );
}

export function registerChurn(program: Command) {
  program
    .command('churn')
    .description(
      'Fit an explainable churn-risk model (L2 logistic regression) to a CSV of one row per customer: cross-validated ROC AUC against a tenure-only baseline, calibration, odds ratios; no workspace needed',
    )
    .argument('<file>', 'CSV with a header, one row per customer')
    .requiredOption('--target <column>', 'column saying whether the customer churned: yes/no, true/false or 1/0')
    .option('--id-col <column>', 'column with the customer id (not a feature)')
    .option('--exclude <columns>', 'columns to leave out, separated by commas', nameList)
    .option('--baseline <column>', 'the one column of the baseline model (default: tenure, if there is such a column)')
    .option('--folds <k>', 'cross-validation folds', wholeNumber(2, 50), 5)
    .option('--seed <n>', 'seed of the fold shuffle (same seed, same folds)', wholeNumber(0, 2 ** 31), 1)
    .option('--l2 <lambda>', 'L2 penalty on standardised coefficients (0 = none)', nonNegativeNumber, 1)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, o: ChurnCliOptions) => {
      const r = await runChurn(file, o);
      if (o.json) printJson(r);
      else printReport(r);
    });
}
