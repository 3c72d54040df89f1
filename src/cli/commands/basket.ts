// `tenure basket FILE`: frequent itemsets (exact FP-growth) and association rules of a file of
// baskets — order lines in a CSV (--order-col, --item-col) or one basket per line (--format
// lines, as in the FIMI repository's files); no workspace. The run is analytics' runBasket; this
// file parses the options and prints the result.
import { InvalidArgumentError, type Command } from 'commander';
import { type BasketResult, runBasket } from '../../modules/analytics/files.ts';
import { CliError, exitCodes, printJson } from '../output.ts';
import { count, formatTable, num } from '../table.ts';
import { delimiter, wholeNumber } from './analyst-options.ts';

type BasketCliOptions = {
  orderCol?: string;
  itemCol?: string;
  format: 'csv' | 'lines';
  minSupport: number;
  minConfidence: number;
  maxLen: number;
  top: number;
  delimiter: string;
  json?: boolean;
};

/** A share in (0, 1]. */
function share(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1)
    throw new InvalidArgumentError('must be a number greater than 0 and at most 1 (0.01 = 1 % of baskets)');
  return n;
}

/** A confidence in [0, 1]. */
function probability(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

function printReport(r: BasketResult, top: number) {
  const sizes = Object.entries(r.itemsets)
    .map(([k, n]) => `${count(n)} of ${k}`)
    .join(', ');
  console.log(
    `${count(r.baskets)} baskets over ${count(r.items)} items. Frequent itemsets (in at least ${count(r.minCount)} baskets, ${num(100 * r.minSupport, 2)} %; up to ${r.maxLen} items): ${sizes || 'none'}.`,
  );
  console.log(
    `${count(r.rules.length)} rules with confidence ≥ ${num(r.minConfidence, 2)}${r.rules.length > top ? `; the ${top} with the highest lift` : ''}:\n`,
  );
  if (r.rules.length === 0) return;
  console.log(
    formatTable(
      [
        { header: 'if a basket holds' },
        { header: 'it also holds' },
        { header: 'baskets', align: 'right' },
        { header: 'support', align: 'right' },
        { header: 'confidence', align: 'right' },
        { header: 'lift', align: 'right' },
      ],
      r.rules
        .slice(0, top)
        .map((x) => [
          x.antecedent.join(' + '),
          x.consequent.join(' + '),
          count(x.count),
          num(x.support, 4),
          num(x.confidence, 3),
          num(x.lift, 2),
        ]),
    ),
  );
}

export function registerBasket(program: Command) {
  program
    .command('basket')
    .description(
      'Find the items bought together in a file of baskets: frequent itemsets (exact FP-growth) and association rules with support, confidence and lift; no workspace needed',
    )
    .argument('<file>', 'CSV of order lines with a header, or one basket per line with --format lines')
    .option('--order-col <column>', 'CSV column with the order (basket) id')
    .option('--item-col <column>', 'CSV column with the item (product, SKU or category)')
    .option('--format <format>', 'csv (order lines) or lines (one basket per line, items separated by spaces)', 'csv')
    .option('--min-support <share>', 'smallest share of baskets an itemset must be in', share, 0.01)
    .option('--min-confidence <p>', 'smallest confidence of a rule', probability, 0.3)
    .option('--max-len <n>', 'largest itemset mined', wholeNumber(1, 50), 3)
    .option('--top <n>', 'rules printed without --json (strongest lift first)', wholeNumber(1, 100_000), 20)
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', delimiter, ',')
    .option('--json', 'print the result as one JSON object (every rule)')
    .action(async (file: string, o: BasketCliOptions) => {
      if (o.format !== 'csv' && o.format !== 'lines')
        throw new CliError(`--format must be csv or lines, not ${JSON.stringify(o.format)}`, exitCodes.usage);
      if (o.format === 'csv' && (!o.orderCol || !o.itemCol))
        throw new CliError(
          'a CSV of order lines needs --order-col and --item-col (or use --format lines for one basket per line)',
          exitCodes.usage,
        );
      if (o.format === 'lines' && (o.orderCol || o.itemCol))
        throw new CliError('--order-col and --item-col are for a CSV, not with --format lines', exitCodes.usage);
      const r = await runBasket(file, o);
      if (o.json) printJson(r);
      else printReport(r, o.top);
    });
}
