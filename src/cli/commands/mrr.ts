// `tenure mrr FILE`: contractual revenue movements (new, expansion, contraction, churn,
// reactivation) and from them GRR, NRR, logo churn and the quick ratio, on a CSV of one row per
// customer and month with MRR; no workspace. The run is analytics' runMrr (the same pure module
// as GET /kpis/revenue-retention); this file parses the options and prints the result.
import { type Command, InvalidArgumentError } from 'commander';
import { type MrrFileOptions, type MrrResult, parseMonth, runMrr } from '../../modules/analytics/files.ts';
import { printJson } from '../output.ts';
import { count, formatTable, num } from '../table.ts';
import { delimiter } from './analyst-options.ts';

type MrrCliOptions = MrrFileOptions & { json?: boolean };

function month(v: string): string {
  if (parseMonth(v) === null) throw new InvalidArgumentError('must be a month YYYY-MM');
  return v;
}

const pct = (v: number | null) => (v === null ? '—' : `${num(v * 100, 1)} %`);
const amount = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 6 });

function printReport(r: MrrResult) {
  const b = r.breakdown;
  console.log(
    `${b.from} to ${b.to}: MRR ${amount(r.startMrr)} at the start, ${amount(b.endMrr)} at the end; ${count(b.customersAtStart)} customers at the start, ${count(b.customersLost)} of them lost.`,
  );
  console.log(
    `New ${amount(r.new)}, expansion ${amount(r.expansion)}, reactivation ${amount(r.reactivation)}, contraction ${amount(r.contraction)}, churned ${amount(r.churned)}.`,
  );
  console.log(
    `GRR ${pct(r.grr)}, NRR ${pct(r.nrr)}, logo churn ${pct(r.logoChurn)}, quick ratio ${r.quickRatio === null ? '—' : num(r.quickRatio, 2)}.\n`,
  );
  console.log(
    formatTable(
      ['month', 'start', 'new', 'expansion', 'reactivation', 'contraction', 'churned', 'end', 'GRR', 'NRR'].map(
        (header, i) => ({ header, align: i === 0 ? 'left' : 'right' }) as const,
      ),
      b.months.map((m) => [
        m.month,
        amount(m.startMrr),
        amount(m.new),
        amount(m.expansion),
        amount(m.reactivation),
        amount(m.contraction),
        amount(m.churned),
        amount(m.endMrr),
        pct(m.grr),
        pct(m.nrr),
      ]),
    ),
  );
}

export function registerMrr(program: Command) {
  program
    .command('mrr')
    .description(
      'Contractual revenue movements (new, expansion, contraction, churn, reactivation), GRR, NRR, logo churn and the quick ratio from a CSV of one row per customer and month with MRR; no workspace needed',
    )
    .argument('<file>', 'CSV with a header, one row per customer and month (rows of one customer and month add up)')
    .requiredOption('--customer-col <column>', 'column with the customer id')
    .requiredOption('--month-col <column>', 'column with the month, YYYY-MM (MRR at the end of that month)')
    .requiredOption('--mrr-col <column>', "column with the MRR, a number ≥ 0 in the file's units")
    .option(
      '--from <month>',
      'first month of the period, YYYY-MM (default: the month after the first in the file)',
      month,
    )
    .option('--to <month>', 'last month of the period, YYYY-MM (default: the last in the file)', month)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, o: MrrCliOptions) => {
      const r = await runMrr(file, o);
      if (o.json) printJson(r);
      else printReport(r);
    });
}
