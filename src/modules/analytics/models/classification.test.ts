// Classifier metrics and cross-validation: ROC AUC against its pairwise definition (ties count
// half), the Brier score and reliability bins by hand, stratified folds that keep the outcome
// share and repeat with the seed, and cross-validated AUC of a known model near its true AUC.
import { describe, expect, test } from 'vitest';
import { normal, seededRng } from '../../../lib/random.ts';
import { brierScore, crossValidateLogistic, reliabilityBins, rocAuc, stratifiedFolds } from './classification.ts';

function pairwiseAuc(scores: number[], labels: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      den++;
      num += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

describe('ROC AUC', () => {
  test('small cases by hand: perfect, reversed, all tied, one tie', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // Positives 0.4 and 0.7 against negatives 0.4 and 0.1: 0.4 beats 0.1 and ties 0.4 (1.5); 0.7 beats both (2).
    expect(rocAuc([0.4, 0.7, 0.4, 0.1], [1, 1, 0, 0])).toBe(3.5 / 4);
    expect(rocAuc([0.3, 0.4], [1, 1])).toBeNaN();
  });

  test('equals the pairwise count on 2,000 rows with heavy ties', () => {
    const rng = seededRng(8);
    const labels = Array.from({ length: 2000 }, () => (rng() < 0.3 ? 1 : 0));
    const scores = labels.map((y) => Math.round((y * 0.5 + rng()) * 10) / 10);
    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
  });
});

describe('calibration', () => {
  test('Brier score and reliability bins by hand', () => {
    expect(brierScore([0.1, 0.9, 0.5], [0, 1, 1])).toBeCloseTo((0.01 + 0.01 + 0.25) / 3, 15);
    const bins = reliabilityBins([0.05, 0.07, 0.55, 0.95, 1], [0, 1, 1, 1, 1], 10);
    expect(bins.map((b) => [b.from, b.count, b.observedRate])).toEqual([
      [0, 2, 0.5],
      [0.5, 1, 1],
      [0.9, 2, 1],
    ]);
    expect(bins[0].meanPredicted).toBeCloseTo(0.06, 15);
  });
});

describe('stratified k-fold cross-validation', () => {
  test('each fold gets the same share of positives (to one row), sizes differ by at most one, and the seed fixes the folds', () => {
    const labels = Array.from({ length: 1003 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const folds = stratifiedFolds(labels, 5, seededRng(1));
    const pos = [0, 0, 0, 0, 0];
    const size = [0, 0, 0, 0, 0];
    folds.forEach((f, i) => {
      size[f]++;
      pos[f] += labels[i];
    });
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    expect(Math.max(...size) - Math.min(...size)).toBeLessThanOrEqual(1);
    expect([...stratifiedFolds(labels, 5, seededRng(1))]).toEqual([...folds]);
    expect([...stratifiedFolds(labels, 5, seededRng(2))]).not.toEqual([...folds]);
    expect(() => stratifiedFolds([1, 0, 0, 0, 0, 0], 5, seededRng(1))).toThrow(/at least 5 rows of each outcome/);
  });

  test('a model with a known signal: out-of-fold AUC close to the true AUC, every row predicted once', () => {
    const rng = seededRng(12);
    const n = 20_000;
    const X = new Float64Array(n);
    const y = new Uint8Array(n);
    const truth = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = normal(rng);
      truth[i] = 1 / (1 + Math.exp(-(X[i] * 1.5 - 1)));
      y[i] = rng() < truth[i] ? 1 : 0;
    }
    const cv = crossValidateLogistic({ X, y, p: 1 }, stratifiedFolds(y, 5, seededRng(3)));
    expect(cv.converged).toBe(true);
    expect(cv.foldAuc).toHaveLength(5);
    expect(Math.abs(cv.meanAuc - rocAuc(truth, y))).toBeLessThan(0.01);
    expect(cv.sdAuc).toBeGreaterThan(0);
    expect(cv.predicted.every((q) => q > 0 && q < 1)).toBe(true);
    // Well calibrated: the Brier score is near the true probabilities' own score.
    expect(cv.brier - brierScore(truth, y)).toBeLessThan(0.002);
    for (const bin of cv.reliability)
      if (bin.count > 500) expect(Math.abs(bin.observedRate - bin.meanPredicted)).toBeLessThan(0.05);
  });
});

describe('cross-validation at a million rows', () => {
  test('runs (the fold count is not found by spreading a million arguments)', () => {
    const n = 1_000_000;
    const rng = seededRng(3);
    const X = Float64Array.from({ length: n }, () => rng());
    const y = Float64Array.from(X, (x) => (rng() < 0.2 + 0.5 * x ? 1 : 0));
    const folds = stratifiedFolds(y, 5, rng);
    const cv = crossValidateLogistic({ X, p: 1, y }, folds, { l2: 1 });
    expect(cv.foldAuc).toHaveLength(5);
    expect(cv.meanAuc).toBeGreaterThan(0.6);
  });
});
