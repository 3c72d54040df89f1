// `tenure uplift FILE`: the measured effect of an experiment run elsewhere, from a CSV of one row
// per customer (its arm and its outcomes); no workspace. The analysis is analytics' runUplift;
// this file parses the options and prints one row per arm and outcome against the control.
import type { Command } from 'commander';
import { runUplift, type UpliftResult } from '../../modules/analytics/files.ts';
import { printJson } from '../output.ts';
import { count, formatTable, num } from '../table.ts';
import { delimiter } from './analyst-options.ts';

type UpliftCliOptions = { armCol: string; control: string; outcome: string[]; delimiter: string; json?: boolean };

const collect = (value: string, previous: string[] = []) => [...previous, value];

function printReport(r: UpliftResult) {
  console.log(`${count(r.rows)} rows; control arm ${r.control}.`);
  for (const o of r.outcomes)
    console.log(
      `Outcome ${o.column}: ${o.kind === 'proportion' ? "0/1, compared by Newcombe's hybrid score interval and the pooled z-test" : "a number, compared by Welch's t"}.`,
    );
  console.log('');
  console.log(
    formatTable(
      [
        { header: 'arm' },
        { header: 'customers', align: 'right' },
        ...r.outcomes.map((o) => ({ header: o.column, align: 'right' as const })),
      ],
      r.arms.map((a) => [a.arm, count(a.n), ...r.outcomes.map((o) => num(a.outcomes[o.column].mean, 4))]),
    ),
  );
  console.log('\nAgainst the control (95 % confidence intervals):\n');
  console.log(
    formatTable(
      [
        { header: 'arm' },
        { header: 'outcome' },
        { header: 'difference', align: 'right' },
        { header: 'relative lift', align: 'right' },
        { header: '95 % CI', align: 'right' },
        { header: 'p', align: 'right' },
      ],
      r.comparisons.map((c) => [
        c.arm,
        c.outcome,
        num(c.difference, 4),
        c.relativeLift === null ? '—' : `${(100 * c.relativeLift).toFixed(1)} %`,
        `${num(c.ci[0], 4)} to ${num(c.ci[1], 4)}`,
        num(c.p, 4),
      ]),
    ),
  );
}

export function registerUplift(program: Command) {
  program
    .command('uplift')
    .description(
      "Measure an experiment's effect from a CSV of one row per customer: each arm against the control on each outcome, with difference, relative lift, 95 % CI and p-value (Newcombe + z-test for 0/1 outcomes, Welch's t otherwise); no workspace needed",
    )
    .argument('<file>', 'CSV with a header, one row per customer')
    .requiredOption('--arm-col <column>', 'column with the arm each customer was assigned to')
    .requiredOption('--control <label>', 'the arm label of the control group')
    .requiredOption('--outcome <column>', 'an outcome column (0/1 or a number); repeat for several', collect)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, o: UpliftCliOptions) => {
      const r = await runUplift(file, {
        armCol: o.armCol,
        control: o.control,
        outcomes: o.outcome,
        delimiter: o.delimiter,
      });
      if (o.json) printJson(r);
      else printReport(r);
    });
}
