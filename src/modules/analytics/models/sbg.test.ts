import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { ModelInputError } from './rows.ts';
import {
  fitSbg,
  sbgChurnProbability,
  sbgDerl,
  sbgDiscountedRenewals,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
  type SbgParams,
} from './sbg.ts';
import { simulateSbg } from './simulate.ts';
import { expectRecovered } from './testing.ts';

describe('shifted-beta-geometric', () => {
  test('survival, churn and retention agree with each other', () => {
    const p: SbgParams = { alpha: 0.7, beta: 1.2 };
    let s = 1;
    for (let t = 1; t <= 30; t++) {
      expect(sbgSurvival(p, t)).toBeCloseTo(s - sbgChurnProbability(p, t), 12);
      expect(sbgSurvival(p, t) / sbgSurvival(p, t - 1)).toBeCloseTo(sbgRetentionRate(p, t), 12);
      s = sbgSurvival(p, t);
    }
    // Retention rises over time: the churn-prone leave first.
    expect(sbgRetentionRate(p, 10)).toBeGreaterThan(sbgRetentionRate(p, 1));
    // Discounted renewals equal the explicit sum.
    let sum = 0;
    for (let k = 1; k < 5000; k++) sum += sbgSurvival(p, 3 + k) / sbgSurvival(p, 3) / 1.1 ** k;
    expect(sbgDiscountedRenewals(p, 3, 0.1)).toBeCloseTo(sum, 8);
    expect(sbgDiscountedRenewals(p, 3, 0)).toBeNaN();
  });

  test('reproduces Fader & Hardie (2007): both published cohorts, parameters and log-likelihoods', () => {
    // "How to project customer retention", J. Interactive Marketing 21(1): years 0–7 of each cohort.
    const regular = fitSbg([1000, 631, 468, 382, 326, 289, 262, 241]);
    const highEnd = fitSbg([1000, 869, 743, 653, 593, 551, 517, 491]);
    expect([regular.params.alpha, regular.params.beta].map((v) => v.toFixed(3))).toEqual(['0.704', '1.182']);
    expect(regular.logLikelihood.toFixed(1)).toBe('-1680.3');
    expect([highEnd.params.alpha, highEnd.params.beta].map((v) => v.toFixed(3))).toEqual(['0.668', '3.806']);
    expect(highEnd.logLikelihood.toFixed(1)).toBe('-1611.2');
    // Projected survivors for years 8–12 close to the actual 223, 207, 194, 183, 173 of the paper.
    const projected = sbgSurvivalCurve(regular.params, 1000, 12).slice(8);
    [223, 207, 194, 183, 173].forEach((actual, k) => expect(Math.abs(projected[k] - actual)).toBeLessThan(5));
  });

  test('recovers known parameters from survival curves of 100,000 simulated customers within 4 standard errors', () => {
    for (const truth of [
      { alpha: 0.7, beta: 1.2 },
      { alpha: 2, beta: 8 },
    ]) {
      const survivors = simulateSbg(truth, 100_000, 12, seededRng(31));
      const fit = fitSbg(survivors);
      expect(fit.converged, fit.reason).toBe(true);
      expectRecovered(fit, truth, 4);
      // The fitted curve tracks the simulated one.
      const curve = sbgSurvivalCurve(fit.params, 100_000, 12);
      survivors.forEach((n, t) => expect(Math.abs(curve[t] - n) / 100_000).toBeLessThan(0.005));
    }
  });

  test('pools several cohorts of different lengths', () => {
    const truth = { alpha: 1.1, beta: 2.5 };
    const cohorts = [12, 8, 4].map((periods, k) => simulateSbg(truth, 30_000, periods, seededRng(40 + k)));
    const fit = fitSbg(cohorts);
    expect(fit.cohorts).toBe(3);
    expect(fit.customers).toBe(90_000);
    expectRecovered(fit, truth, 4);
  });

  test('discounted expected residual lifetime (Fader & Hardie 2010, eq. 6) equals its defining sum', () => {
    const p: SbgParams = { alpha: 0.704, beta: 1.182 };
    for (const [renewals, d] of [
      [0, 0.1],
      [4, 0.1],
      [7, 0.01],
    ]) {
      // DERL(d | n − 1 renewals) = Σ_{t≥n} S(t)/S(n−1) / (1+d)^(t−n).
      const n = renewals + 1;
      let sum = 0;
      for (let t = n; t < n + 20_000; t++) sum += sbgSurvival(p, t) / sbgSurvival(p, n - 1) / (1 + d) ** (t - n);
      expect(sbgDerl(p, renewals, d)).toBeCloseTo(sum, 7);
    }
    // Longer-tenured contracts are worth more: the churn-prone have left (F&H 2010's point).
    expect(sbgDerl(p, 7, 0.1)).toBeGreaterThan(sbgDerl(p, 0, 0.1));
    // An independent implementation (jdmaturen/shifted_beta_geometric_py, README) on the high-end
    // cohort (α 0.668, β 3.806, d = 10%, 7 renewals) gives 7.530.
    expect(sbgDerl(fitSbg([1000, 869, 743, 653, 593, 551, 517, 491]).params, 7, 0.1).toFixed(3)).toBe('7.530');
    expect(sbgDerl(p, 0, 0)).toBeNaN();
  });

  test('homogeneous churn (one constant rate) has no finite α, β: the fit says so instead of converging', () => {
    // Exactly 20% leave every period: a geometric, the sBG's limit as α, β → ∞ with α/(α+β) = 0.2.
    const fit = fitSbg([100_000, 80_000, 64_000, 51_200, 40_960, 32_768]);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/alpha and beta ran off towards ∞ together/);
  });

  test('rejects counts that cannot be survivor counts', () => {
    expect(() => fitSbg([100])).toThrow(ModelInputError);
    expect(() => fitSbg([100, 120])).toThrow(/cannot increase/);
    expect(() => fitSbg([100, 50.5])).toThrow(/whole numbers/);
    expect(() => fitSbg([0, 0])).toThrow(/starting count is 0/);
  });
});
