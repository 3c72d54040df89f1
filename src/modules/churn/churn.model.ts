// Owns one churn-model fit over a design matrix: the L2 logistic regression with its stratified
// k-fold cross-validated AUC, Brier score and reliability bins beside a tenure-only baseline (the
// model card), odds ratios, Cox proportional hazards (Efron ties) on the same rows for hazard
// ratios and concordance, and the per-row risk with its top three drivers. Pure: no database.
// The models themselves live in analytics/models; this file only assembles them.
import { seededRng } from '../../lib/random.ts';
import {
  crossValidateLogistic,
  fitCox,
  fitLogistic,
  harrellC,
  coxLinearPredictor,
  predictLogistic,
  type LogisticModel,
  type ReliabilityBin,
  stratifiedFolds,
  Z95,
} from '../analytics/index.ts';
import type { Column } from './churn.features.ts';
import type { RiskDriver } from './churn.schema.ts';

export type ChurnFitOptions = { folds: number; seed: number; l2: number; minAucLift: number };

export type Effect = {
  code: string;
  level?: string;
  reference?: string;
  /** The effect is per this many units of the feature (1 for a level against the reference). */
  step: number;
};

export type OddsRatio = Effect & { coef: number; oddsRatio: number; lower: number; upper: number };
export type HazardRatio = Effect & { hazardRatio: number; lower: number; upper: number; p: number };

export type ModelCard = {
  rows: number;
  positives: number;
  folds: number;
  seed: number;
  l2: number;
  minAucLift: number;
  auc: { mean: number; sd: number; folds: number[] } | null;
  baseline: { feature: 'tenure_months'; auc: { mean: number; sd: number; folds: number[] } } | null;
  brier: number | null;
  reliability: ReliabilityBin[];
  intercept: number | null;
  oddsRatios: OddsRatio[];
  cox: {
    n: number;
    events: number;
    concordance: number;
    converged: boolean;
    hazardRatios: HazardRatio[];
  } | null;
  converged: boolean;
};

export type ChurnFit = {
  card: ModelCard;
  /** Why the model must not be used; null when it may. */
  flag: 'too_few_churners' | 'worse_than_baseline' | 'not_converged' | null;
  model: LogisticModel | null;
};

/** Fewest churners (and stayers) a fit needs: one per fold is the bare minimum, ten is sane. */
export const MIN_CLASS = 10;

const ci = (coef: number, se: number, step: number) => ({
  lower: Math.exp((coef - Z95 * se) * step),
  upper: Math.exp((coef + Z95 * se) * step),
});

const effect = (c: Column): Effect => ({ code: c.code, level: c.level, reference: c.reference, step: c.step });

export type ChurnData = { X: Float64Array; y: Float64Array; time: Float64Array; columns: Column[] };

/** The logistic model, its card and flag, then Cox on the same rows (the card's `cox`). */
export function fitChurnModel(data: ChurnData, o: ChurnFitOptions): ChurnFit {
  const fit = fitChurnLogistic(data, o);
  if (fit.flag !== 'too_few_churners') fit.card.cox = churnCox(data);
  return fit;
}

/**
 * The logistic part of fitChurnModel: all that scoring needs (the model and whether it is used);
 * the card's `cox` is left null for churnCox.
 */
export function fitChurnLogistic(data: ChurnData, o: ChurnFitOptions): ChurnFit {
  const { X, y, columns } = data;
  const p = columns.length;
  const positives = y.reduce((a, b) => a + b, 0);
  const empty: ModelCard = {
    rows: y.length,
    positives,
    folds: o.folds,
    seed: o.seed,
    l2: o.l2,
    minAucLift: o.minAucLift,
    auc: null,
    baseline: null,
    brier: null,
    reliability: [],
    intercept: null,
    oddsRatios: [],
    cox: null,
    converged: false,
  };
  if (positives < MIN_CLASS || y.length - positives < MIN_CLASS || p === 0)
    return { card: empty, flag: 'too_few_churners', model: null };
  const folds = stratifiedFolds(y, o.folds, seededRng(o.seed));
  const model = fitLogistic({ X, p, y }, { l2: o.l2 });
  const cv = crossValidateLogistic({ X, p, y }, folds, { l2: o.l2, start: model });
  const t = columns.findIndex((c) => c.code === 'tenure_months');
  let baseline: ModelCard['baseline'] = null;
  if (t >= 0) {
    const X1 = Float64Array.from(y, (_, i) => X[i * p + t]);
    const start = fitLogistic({ X: X1, p: 1, y }, { l2: o.l2 });
    const b = crossValidateLogistic({ X: X1, p: 1, y }, folds, { l2: o.l2, start });
    baseline = { feature: 'tenure_months', auc: { mean: b.meanAuc, sd: b.sdAuc, folds: b.foldAuc } };
  }
  const card: ModelCard = {
    ...empty,
    auc: { mean: cv.meanAuc, sd: cv.sdAuc, folds: cv.foldAuc },
    baseline,
    brier: cv.brier,
    reliability: cv.reliability,
    intercept: model.intercept,
    oddsRatios: columns.map((c, j) => ({
      ...effect(c),
      coef: model.coef[j],
      oddsRatio: Math.exp(model.coef[j] * c.step),
      ...ci(model.coef[j], model.se[j], c.step),
    })),
    converged: model.converged && cv.converged,
  };
  const flag = !card.converged
    ? 'not_converged'
    : baseline && !(cv.meanAuc > baseline.auc.mean + o.minAucLift)
      ? 'worse_than_baseline'
      : null;
  return { card, flag, model };
}

/** Cox PH on the training rows, time from the snapshot; null when it cannot be fitted (e.g. collinear levels). */
export function churnCox(data: ChurnData): ModelCard['cox'] {
  const p = data.columns.length;
  try {
    const fit = fitCox({ time: data.time, event: data.y, X: data.X, p }, { ties: 'efron' });
    if (!fit.coef.every(Number.isFinite)) return null;
    const lp = coxLinearPredictor(fit, data.X);
    return {
      n: fit.n,
      events: fit.events,
      concordance: harrellC(data.time, data.y, lp).concordance,
      converged: fit.converged,
      hazardRatios: data.columns.map((c, j) => ({
        ...effect(c),
        hazardRatio: Math.exp(fit.coef[j] * c.step),
        ...ci(fit.coef[j], fit.se[j], c.step),
        p: fit.pValue[j],
      })),
    };
  } catch {
    return null;
  }
}

/**
 * Each row's risk and the three features that raise it most (a categorical's levels count as one):
 * analytics' `contributions` and `topDrivers` for every row, without their per-row maps, arrays
 * and sort — the same sums in the same order, ties kept in column order.
 */
export function scoreRows(
  model: LogisticModel,
  X: Float64Array,
  columns: Column[],
  levelOf: (row: number, code: string) => string,
): { risk: Float64Array; drivers: RiskDriver[][] } {
  const p = columns.length;
  const risk = predictLogistic(model, X);
  const names: string[] = [];
  const groupOf = Int32Array.from(columns, (c) => {
    const g = names.indexOf(c.code);
    return g >= 0 ? g : names.push(c.code) - 1;
  });
  const numericColumn = Int32Array.from(names, (name) =>
    columns.findIndex((c) => c.code === name && c.level === undefined),
  );
  const sums = new Float64Array(names.length);
  const top: number[] = [];
  const drivers: RiskDriver[][] = new Array(risk.length);
  for (let i = 0; i < risk.length; i++) {
    const o = i * p;
    sums.fill(0);
    for (let j = 0; j < p; j++) sums[groupOf[j]] += model.coef[j] * (X[o + j] - model.means[j]);
    top.length = 0;
    for (let g = 0; g < sums.length; g++) {
      if (!(sums[g] > 0)) continue;
      let k = 0;
      while (k < top.length && sums[top[k]] >= sums[g]) k++;
      if (k < 3) top.splice(k, 0, g);
      if (top.length > 3) top.length = 3;
    }
    drivers[i] = top.map((g) => {
      const j = numericColumn[g];
      return j < 0
        ? { code: names[g], level: levelOf(i, names[g]), value: 1, contribution: sums[g] }
        : { code: names[g], value: X[o + j], contribution: sums[g] };
    });
  }
  return { risk, drivers };
}
