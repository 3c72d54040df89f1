// Owns the analyst's churn-risk run on a CSV of one row per customer — no workspace, no database
// (`tenure churn`): a yes/no, true/false or 1/0 target; every other column a feature unless it is
// the id or excluded (numeric columns as they are, text columns one-hot against their first
// level); rows with a missing value dropped and counted. It reports the stratified k-fold
// cross-validated ROC AUC of an L2 logistic regression beside a baseline model of one column
// (tenure when there is one), the out-of-fold Brier score and reliability bins, and the
// coefficients of the model refitted on every row, with odds ratios.
import { type CsvTable, readCsvTable, requireColumn } from '../../lib/csv-table.ts';
import { seededRng } from '../../lib/random.ts';
import { inputError } from './analytics.clv-file.ts';
import {
  buildDesign,
  crossValidateLogistic,
  fitLogistic,
  ModelInputError,
  readBinary,
  stratifiedFolds,
  type CrossValidation,
  type ReliabilityBin,
} from './models/index.ts';

export type ChurnFileOptions = {
  target: string;
  idCol?: string;
  exclude?: string[];
  /** One column whose model is the baseline; default the column named tenure (any case), if any. */
  baseline?: string;
  folds: number;
  seed: number;
  /** L2 penalty on standardised coefficients. */
  l2: number;
  delimiter: string;
};

export type ChurnCoefficient = { feature: string; coef: number; oddsRatio: number; standardised: number };

export type ChurnResult = {
  rows: number;
  dropped: number;
  positives: number;
  auc: { mean: number; sd: number; folds: number[] };
  baselineAuc: number | null;
  baseline: { column: string; auc: { mean: number; sd: number; folds: number[] }; beaten: boolean } | null;
  brier: number;
  reliability: ReliabilityBin[];
  intercept: number;
  coefficients: ChurnCoefficient[];
  features: number;
  ignored: { column: string; reason: string }[];
  folds: number;
  seed: number;
  l2: number;
  converged: boolean;
  reason: string;
};

export async function runChurn(file: string, o: ChurnFileOptions): Promise<ChurnResult> {
  const exclude = o.exclude ?? [];
  let featureColumns: string[] = [];
  let baselineColumn: string | null = null;
  const table: CsvTable = await readCsvTable(file, {
    delimiter: o.delimiter,
    keep: (header) => {
      requireColumn(header, o.target, '--target');
      if (o.idCol !== undefined) requireColumn(header, o.idCol, '--id-col');
      for (const c of exclude) requireColumn(header, c, '--exclude');
      if (o.baseline !== undefined) requireColumn(header, o.baseline, '--baseline');
      const left = new Set([o.target, o.idCol, ...exclude]);
      featureColumns = header.filter((c) => !left.has(c));
      baselineColumn =
        o.baseline ?? header.find((c) => c.toLowerCase() === 'tenure' && featureColumns.includes(c)) ?? null;
      if (baselineColumn !== null && !featureColumns.includes(baselineColumn))
        throw inputError(
          `the baseline column "${baselineColumn}" must be one of the features (it is the target, the id or excluded)`,
        );
      if (featureColumns.length === 0)
        throw inputError('no feature columns are left (every column is the target, the id or excluded)');
      return [o.target, ...featureColumns];
    },
  });
  try {
    const yAll = readBinary(table, o.target, `target (${o.target})`);
    const design = buildDesign(table, featureColumns, { rowMask: Array.from(yAll, (v) => !Number.isNaN(v)) });
    const dropped = table.rows - design.kept.length;
    const y = Float64Array.from(design.kept, (i) => yAll[i]);
    const p = design.features.length;
    if (p === 0)
      throw inputError(`no usable features: ${design.ignored.map((g) => `${g.column} (${g.reason})`).join(', ')}`);
    const folds = stratifiedFolds(y, o.folds, seededRng(o.seed));
    // The fit on every row first: each fold's fit starts from it and needs fewer Newton passes.
    const model = fitLogistic({ X: design.X, p, y }, { l2: o.l2 });
    const cv = crossValidateLogistic({ X: design.X, p, y }, folds, { l2: o.l2, start: model });
    let baseline: ChurnResult['baseline'] = null;
    if (baselineColumn !== null) {
      const cols = design.features.flatMap((f, j) => (f.column === baselineColumn ? [j] : []));
      if (cols.length > 0) {
        const X1 = new Float64Array(y.length * cols.length);
        for (let i = 0; i < y.length; i++) cols.forEach((j, k) => (X1[i * cols.length + k] = design.X[i * p + j]));
        const start = fitLogistic({ X: X1, p: cols.length, y }, { l2: o.l2 });
        const b: CrossValidation = crossValidateLogistic({ X: X1, p: cols.length, y }, folds, { l2: o.l2, start });
        baseline = {
          column: baselineColumn,
          auc: { mean: b.meanAuc, sd: b.sdAuc, folds: b.foldAuc },
          beaten: cv.meanAuc > b.meanAuc,
        };
      }
    }
    return {
      rows: y.length,
      dropped,
      positives: model.positives,
      auc: { mean: cv.meanAuc, sd: cv.sdAuc, folds: cv.foldAuc },
      baselineAuc: baseline?.auc.mean ?? null,
      baseline,
      brier: cv.brier,
      reliability: cv.reliability,
      intercept: model.intercept,
      coefficients: design.features.map((f, j) => ({
        feature: f.name,
        coef: model.coef[j],
        oddsRatio: Math.exp(model.coef[j]),
        standardised: model.coef[j] * model.sds[j],
      })),
      features: p,
      ignored: design.ignored,
      folds: o.folds,
      seed: o.seed,
      l2: o.l2,
      converged: model.converged && cv.converged,
      reason: model.converged && !cv.converged ? 'a cross-validation fold did not converge' : model.reason,
    };
  } catch (err) {
    if (err instanceof ModelInputError) throw inputError(err.message);
    throw err;
  }
}
