// `tenure survival FILE`: churn drivers with effect sizes (Cox proportional hazards) and survival
// curves (Kaplan–Meier, log-rank) on a CSV of one row per customer or contract; no workspace.
// The run is analytics' runSurvival; this file parses the options and prints the tables.
import { type Command, Option } from 'commander';
import { runSurvival, type SurvivalResult } from '../../modules/analytics/files.ts';
import { printJson } from '../output.ts';
import { count, formatTable, num, pValue } from '../table.ts';
import { delimiter, nameList } from './analyst-options.ts';

type SurvivalCliOptions = {
  durationCol: string;
  eventCol: string;
  covariates?: string[];
  strata?: string;
  group?: string;
  idCol?: string;
  exclude?: string[];
  ties: 'efron' | 'breslow';
  delimiter: string;
  json?: boolean;
};

function printReport(r: SurvivalResult) {
  console.log(
    `${count(r.n)} rows (${count(r.dropped)} dropped for a missing value), ${count(r.events)} events; Cox proportional hazards, ${r.ties === 'efron' ? 'Efron' : 'Breslow'} ties${r.strata ? `, stratified by ${r.strata.column} (${r.strata.levels.length} strata)` : ''}.`,
  );
  for (const g of r.ignored) console.log(`Column ${g.column} left out: ${g.reason}.`);
  if (r.coefficients.length) {
    console.log('');
    const rows = r.coefficients.map((c) => [
      c.name,
      num(c.coef, 4),
      num(c.se, 4),
      num(c.hazardRatio, 3),
      `${num(c.ci[0], 3)}–${num(c.ci[1], 3)}`,
      pValue(c.p),
    ]);
    console.log(
      formatTable(
        [
          { header: 'covariate' },
          { header: 'coef', align: 'right' },
          { header: 'SE', align: 'right' },
          { header: 'hazard ratio', align: 'right' },
          { header: '95% CI', align: 'right' },
          { header: 'p', align: 'right' },
        ],
        rows,
      ),
    );
    console.log(
      `\nLog-likelihood ${num(r.logLikelihood, 2)} (null ${num(r.nullLogLikelihood, 2)}); likelihood-ratio χ² ${num(r.likelihoodRatio.chisq, 2)} on ${r.likelihoodRatio.df} df, p ${pValue(r.likelihoodRatio.p)}; concordance ${num(r.concordance, 3)}; ${r.converged ? 'converged' : `NOT converged: ${r.reason}`}.`,
    );
  }
  console.log(`\nKaplan–Meier${r.kaplanMeier.length > 1 ? ' by group' : ''} (95% log-log bands in the JSON output):\n`);
  const km = r.kaplanMeier.map((c) => {
    const last = c.points.at(-1);
    return [
      c.group ?? 'all',
      count(c.n),
      count(c.events),
      c.median === null ? 'not reached' : num(c.median, 1),
      `${c.medianCi[0] === null ? '—' : num(c.medianCi[0], 1)}–${c.medianCi[1] === null ? '—' : num(c.medianCi[1], 1)}`,
      last ? `${num(last.survival, 3)} at ${last.time}` : '—',
    ];
  });
  console.log(
    formatTable(
      [
        { header: 'group' },
        { header: 'n', align: 'right' },
        { header: 'events', align: 'right' },
        { header: 'median', align: 'right' },
        { header: '95% CI', align: 'right' },
        { header: 'survival at last event', align: 'right' },
      ],
      km,
    ),
  );
  if (r.logRank)
    console.log(`\nLog-rank test: χ² ${num(r.logRank.chisq, 2)} on ${r.logRank.df} df, p ${pValue(r.logRank.p)}.`);
}

export function registerSurvival(program: Command) {
  program
    .command('survival')
    .description(
      'Cox proportional hazards (hazard ratios with 95% CIs, concordance), Kaplan–Meier curves and the log-rank test on a CSV of one row per customer or contract; no workspace needed',
    )
    .argument('<file>', 'CSV with a header, one row per customer or contract')
    .requiredOption(
      '--duration-col <column>',
      'time from the start to churn or to the end of observation (a number ≥ 0, e.g. months)',
    )
    .requiredOption(
      '--event-col <column>',
      'whether the row ended in churn: yes/no, true/false or 1/0 (no = still active, censored)',
    )
    .option('--covariates <columns>', 'covariates, separated by commas (default: every other column)', nameList)
    .option(
      '--strata <column>',
      'a stratified Cox model: each level its own baseline hazard; also the Kaplan–Meier groups unless --group is given',
    )
    .option('--group <column>', 'column whose groups get their own Kaplan–Meier curve and a log-rank test')
    .option('--id-col <column>', 'column with the customer or contract id (not a covariate)')
    .option('--exclude <columns>', 'columns to leave out of the default covariates, separated by commas', nameList)
    .addOption(new Option('--ties <method>', 'tied event times').choices(['efron', 'breslow']).default('efron'))
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, o: SurvivalCliOptions) => {
      const r = await runSurvival(file, o);
      if (o.json) printJson(r);
      else printReport(r);
    });
}
