// `tenure retention`: the shifted-beta-geometric retention curve (Fader & Hardie 2007) of one
// cohort's survivor counts or of a CSV of cohorts; no workspace. The run is analytics'
// runRetention; this file parses the options and prints the result.
import type { Command } from 'commander';
import { type RetentionResult, runRetention } from '../../modules/analytics/files.ts';
import { CliError, exitCodes, printJson } from '../output.ts';
import { count, formatTable, num } from '../table.ts';
import { countList, delimiter, rate, wholeNumber } from './analyst-options.ts';

type RetentionCliOptions = {
  survivors?: number[];
  periods?: number;
  discountRate?: number;
  delimiter: string;
  json?: boolean;
};

function printReport(r: RetentionResult) {
  const se = r.standardErrors;
  console.log(
    `${count(r.customers)} customers in ${r.cohorts.length} cohort${r.cohorts.length === 1 ? '' : 's'}; shifted-beta-geometric fit: alpha ${num(r.alpha, 3)}${se ? ` (± ${num(se.alpha, 3)})` : ''}, beta ${num(r.beta, 3)}${se ? ` (± ${num(se.beta, 3)})` : ''}; log-likelihood ${num(r.logLikelihood, 2)}; ${r.converged ? 'converged' : `NOT converged: ${r.reason}`}.`,
  );
  console.log(
    `Churn probability in the first period ${num(r.alpha / (r.alpha + r.beta), 3)}; retention rises as the churn-prone leave.\n`,
  );
  const rows = r.projection.map((p) => [
    String(p.period),
    p.period === 0 ? '' : num(r.retentionRates[p.period - 1], 3),
    num(p.survival, 3),
    num(p.expected, 1),
    p.observed === null ? '' : count(p.observed),
  ]);
  console.log(
    formatTable(
      [
        { header: 'period', align: 'right' },
        { header: 'retention', align: 'right' },
        { header: 'survival', align: 'right' },
        { header: 'expected active', align: 'right' },
        { header: 'observed', align: 'right' },
      ],
      rows,
    ),
  );
  if (r.derl) {
    console.log(
      `\nDiscounted expected residual lifetime (in periods of revenue, discount rate ${r.derl.discountRate} a period) of a contract about to renew:\n`,
    );
    console.log(
      formatTable(
        [
          { header: 'renewals so far', align: 'right' },
          { header: 'DERL', align: 'right' },
        ],
        r.derl.byRenewals.map((d) => [String(d.renewals), num(d.value, 3)]),
      ),
    );
  }
}

export function registerRetention(program: Command) {
  program
    .command('retention')
    .description(
      'Fit the shifted-beta-geometric retention model (Fader & Hardie 2007) to cohort survivor counts and project survival; no workspace needed',
    )
    .argument(
      '[file]',
      'CSV of cohorts: a header, then per cohort a label and its active counts at the start of periods 0, 1, 2, … (empty cells for periods not yet observed)',
    )
    .option(
      '--survivors <counts>',
      'one cohort: active customers at the start of periods 0, 1, 2, …, e.g. 1000,631,468,382',
      countList,
    )
    .option('--periods <n>', 'periods to project (default: twice the observed ones, at least 12)', wholeNumber(1, 1000))
    .option(
      '--discount-rate <rate>',
      'discount rate per period: adds the discounted expected residual lifetime by renewals',
      rate,
    )
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string | undefined, o: RetentionCliOptions) => {
      if ((file === undefined) === (o.survivors === undefined))
        throw new CliError(
          'give one cohort with --survivors or a CSV file of cohorts (one of the two)',
          exitCodes.usage,
        );
      const r = await runRetention({
        survivors: o.survivors,
        file,
        periods: o.periods,
        discountRate: o.discountRate,
        delimiter: o.delimiter,
      });
      if (o.json) printJson(r);
      else printReport(r);
    });
}
