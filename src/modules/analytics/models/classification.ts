// Owns judging a binary classifier: ROC AUC (the Mann–Whitney statistic, ties counted half),
// the Brier score, reliability bins for a calibration plot, and stratified k-fold
// cross-validation with seeded shuffling, so that every number in a model card comes from
// predictions on rows the model did not see and the same seed gives the same folds.
import type { Rng } from '../../../lib/random.ts';
import {
  fitLogistic,
  predictLogistic,
  type LogisticData,
  type LogisticModel,
  type LogisticOptions,
} from './logistic.ts';
import { ModelInputError } from './rows.ts';

/**
 * P(score of a random positive > score of a random negative) + ½ P(equal): Σ over positives of
 * (negatives below + ½ negatives equal) / (n₊ n₋). Both score lists are sorted (native numeric
 * sort) and merged, O(n log n); equal scores are handled exactly, not by their order.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]);
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  const P = Float64Array.from(pos).sort();
  const N = Float64Array.from(neg).sort();
  let below = 0; // negatives < current score
  let upTo = 0; // negatives ≤ current score
  let sum = 0;
  for (let i = 0; i < P.length; i++) {
    const s = P[i];
    while (below < N.length && N[below] < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < N.length && N[upTo] <= s) upTo++;
    sum += below + (upTo - below) / 2;
  }
  return sum / (P.length * N.length);
}

/** Mean squared difference between predicted probability and outcome. */
export function brierScore(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += (predicted[i] - labels[i]) ** 2;
  return s / predicted.length;
}

export type ReliabilityBin = { from: number; to: number; count: number; meanPredicted: number; observedRate: number };

/** Equal-width bins of predicted probability with the observed rate in each (empty bins left out). */
export function reliabilityBins(predicted: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < predicted.length; i++) {
    const b = Math.min(bins - 1, Math.floor(predicted[i] * bins));
    count[b]++;
    sumP[b] += predicted[i];
    sumY[b] += labels[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++)
    if (count[b] > 0)
      out.push({
        from: b / bins,
        to: (b + 1) / bins,
        count: count[b],
        meanPredicted: sumP[b] / count[b],
        observedRate: sumY[b] / count[b],
      });
  return out;
}

/**
 * A fold number 0..k−1 for every row such that each fold holds the same share of positives (to
 * within one row): positives and negatives are each shuffled (Fisher–Yates with `rng`) and dealt
 * round the folds, the negatives continuing where the positives stopped.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rng: Rng): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new ModelInputError(`need at least 2 folds, got ${k}`);
  const fold = new Int32Array(labels.length);
  let dealt = 0;
  for (const value of [1, 0]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === value) idx.push(i);
    if (idx.length < k)
      throw new ModelInputError(
        `${k} folds need at least ${k} rows of each outcome; there are ${idx.length} with outcome ${value}`,
      );
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const swap = idx[i];
      idx[i] = idx[j];
      idx[j] = swap;
    }
    for (const i of idx) fold[i] = dealt++ % k;
  }
  return fold;
}

export type CrossValidation = {
  /** ROC AUC on each fold's held-out rows. */
  foldAuc: number[];
  meanAuc: number;
  /** Standard deviation of the fold AUCs (n − 1 in the denominator). */
  sdAuc: number;
  /** Out-of-fold probability for every row. */
  predicted: Float64Array;
  brier: number;
  reliability: ReliabilityBin[];
  /** Whether every fold's fit converged. */
  converged: boolean;
};

/** k-fold cross-validation of a logistic regression over the given folds. */
export function crossValidateLogistic(
  data: Omit<LogisticData, 'rows'>,
  folds: Int32Array,
  options: LogisticOptions = {},
): CrossValidation {
  // A loop, not Math.max(...folds): a spread of a million arguments overflows the stack.
  const k = folds.reduce((a, b) => Math.max(a, b), -1) + 1;
  const predicted = new Float64Array(data.y.length);
  const foldAuc: number[] = [];
  let converged = true;
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((g, i) => (g === f ? test : train).push(i));
    const model: LogisticModel = fitLogistic({ ...data, rows: Int32Array.from(train) }, options);
    converged &&= model.converged;
    const testRows = Int32Array.from(test);
    const p = predictLogistic(model, data.X, testRows);
    testRows.forEach((i, j) => (predicted[i] = p[j]));
    foldAuc.push(
      rocAuc(
        p,
        Array.from(testRows, (i) => data.y[i]),
      ),
    );
  }
  const meanAuc = foldAuc.reduce((a, b) => a + b, 0) / k;
  const sdAuc = Math.sqrt(foldAuc.reduce((a, b) => a + (b - meanAuc) ** 2, 0) / (k - 1));
  return {
    foldAuc,
    meanAuc,
    sdAuc,
    predicted,
    brier: brierScore(predicted, data.y),
    reliability: reliabilityBins(predicted, data.y),
    converged,
  };
}
