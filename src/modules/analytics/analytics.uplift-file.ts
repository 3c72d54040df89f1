// Owns the analyst's analysis of an experiment run elsewhere (`tenure uplift`): a CSV of one row
// per customer with the arm it was assigned to and one or more outcome columns. Each arm is set
// against the control arm on each outcome: 0/1 outcomes by Newcombe's hybrid score interval and
// the pooled two-proportion z-test, other numbers by Welch's t. A missing outcome cell leaves the
// row out of that outcome only; a row with no arm, or an outcome that is not a number, stops the
// run naming its line.
import { type CsvTable, readCsvTable, requireColumn } from '../../lib/csv-table.ts';
import { inputError } from './analytics.clv-file.ts';
import {
  compareProportions,
  isMissing,
  ModelInputError,
  moments,
  readGroups,
  readNumbers,
  welch,
  type Comparison,
} from './models/index.ts';

export type UpliftFileOptions = { armCol: string; control: string; outcomes: string[]; delimiter: string };

export type OutcomeKind = 'proportion' | 'mean';
export type UpliftArm = { arm: string; n: number; outcomes: Record<string, { mean: number; n: number }> };
export type UpliftComparison = {
  arm: string;
  outcome: string;
  kind: OutcomeKind;
  difference: number;
  /** difference / control mean; null when the control mean is 0. */
  relativeLift: number | null;
  ci: [number, number];
  p: number;
  method: 'newcombe-hybrid-score + pooled z' | 'welch';
};
export type UpliftResult = {
  rows: number;
  control: string;
  outcomes: { column: string; kind: OutcomeKind }[];
  arms: UpliftArm[];
  comparisons: UpliftComparison[];
};

type Group = { values: number[] };

/** Splits one outcome column into the arms' non-missing values. */
function outcomeByArm(table: CsvTable, column: string, group: Int32Array, arms: number) {
  const values = readNumbers(table, column, `outcome ${column}`);
  const byArm: Group[] = Array.from({ length: arms }, () => ({ values: [] }));
  let binary = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) binary = false;
    byArm[group[i]].values.push(v);
  }
  return { byArm, kind: (binary ? 'proportion' : 'mean') as OutcomeKind };
}

function compare(kind: OutcomeKind, treated: number[], control: number[]): Comparison {
  if (kind === 'mean') return welch(moments(treated), moments(control));
  const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
  return compareProportions(sum(treated), treated.length, sum(control), control.length);
}

export async function runUplift(file: string, o: UpliftFileOptions): Promise<UpliftResult> {
  if (o.outcomes.length === 0) throw inputError('name at least one outcome column (--outcome)');
  const table = await readCsvTable(file, {
    delimiter: o.delimiter,
    keep: (header) => {
      requireColumn(header, o.armCol, '--arm-col');
      for (const c of o.outcomes) requireColumn(header, c, '--outcome');
      if (o.outcomes.includes(o.armCol)) throw inputError(`the arm column "${o.armCol}" cannot also be an outcome`);
      return [...new Set([o.armCol, ...o.outcomes])];
    },
  });
  return analyseUpliftTable(table, o);
}

/** The analysis of a table already read (the CLI's file, or a campaign's uploaded results). */
export function analyseUpliftTable(table: CsvTable, o: Omit<UpliftFileOptions, 'delimiter'>): UpliftResult {
  try {
    const armCells = table.columns.get(o.armCol)!;
    const blank = armCells.findIndex(isMissing);
    if (blank >= 0) throw inputError(`line ${table.lines[blank]}: the arm (${o.armCol}) is empty`);
    const { group, labels } = readGroups(table, o.armCol);
    const c = labels.indexOf(o.control);
    if (c < 0)
      throw inputError(`the control arm "${o.control}" is not in column ${o.armCol}; arms found: ${labels.join(', ')}`);
    if (labels.length < 2) throw inputError(`column ${o.armCol} has only the control arm; nothing to compare`);
    const order = [c, ...labels.keys()].filter((k, i) => i === 0 || k !== c);
    const sizes = new Array<number>(labels.length).fill(0);
    for (const g of group) sizes[g]++;
    const outcomes = o.outcomes.map((column) => ({ column, ...outcomeByArm(table, column, group, labels.length) }));
    const arms: UpliftArm[] = order.map((k) => ({
      arm: labels[k],
      n: sizes[k],
      outcomes: Object.fromEntries(
        outcomes.map(({ column, byArm }) => [
          column,
          { mean: moments(byArm[k].values).mean, n: byArm[k].values.length },
        ]),
      ),
    }));
    const comparisons: UpliftComparison[] = [];
    for (const k of order.slice(1)) {
      for (const { column, byArm, kind } of outcomes) {
        const r = compare(kind, byArm[k].values, byArm[c].values);
        const base = moments(byArm[c].values).mean;
        comparisons.push({
          arm: labels[k],
          outcome: column,
          kind,
          difference: r.difference,
          relativeLift: base !== 0 && Number.isFinite(base) ? r.difference / base : null,
          ci: [r.lower, r.upper],
          p: r.p,
          method: kind === 'proportion' ? 'newcombe-hybrid-score + pooled z' : 'welch',
        });
      }
    }
    return {
      rows: table.rows,
      control: o.control,
      outcomes: outcomes.map(({ column, kind }) => ({ column, kind })),
      arms,
      comparisons,
    };
  } catch (err) {
    if (err instanceof ModelInputError) throw inputError(err.message);
    throw err;
  }
}
