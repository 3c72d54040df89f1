import { describe, expect, test } from 'vitest';
import { normal, seededRng } from '../../../lib/random.ts';
import { betaRegularised, normalCdf, normalQuantile, studentTQuantile, studentTTwoSided } from './distributions.ts';
import {
  compareProportions,
  mdeMeans,
  mdeProportions,
  moments,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  twoProportionZTest,
  welch,
  wilsonInterval,
} from './experiments.ts';

const near = (actual: number, expected: number, abs: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(abs);

describe('distributions behind the tests', () => {
  // Reference values from scipy.stats 1.17.1 (t.ppf, t.sf, norm.ppf, beta.cdf).
  test('Student t quantiles and tails, normal quantiles, the incomplete beta', () => {
    near(studentTQuantile(0.975, 1), 12.70620474, 1e-7);
    near(studentTQuantile(0.975, 3), 3.18244631, 1e-7);
    near(studentTQuantile(0.975, 136.87), 1.97744795, 1e-7);
    near(studentTQuantile(0.025, 3), -3.18244631, 1e-7);
    near(studentTTwoSided(2.5, 4), 0.06676654481198814, 1e-12);
    near(studentTTwoSided(0.3, 1e6), 0.7641772179789942, 1e-9);
    near(normalQuantile(0.975), 1.959963984540054, 1e-12);
    near(normalQuantile(0.8), 0.8416212335729143, 1e-12);
    near(normalQuantile(1e-10), -6.361340902404056, 1e-9);
    near(normalCdf(-1.959963984540054), 0.025, 1e-14);
    near(betaRegularised(0.3, 2.5, 7), 0.6412224629717214, 1e-12);
    near(betaRegularised(0.9, 50, 3), 0.09663328513725222, 1e-12);
    expect(studentTQuantile(0.5, 7)).toBeCloseTo(0, 12);
    expect(studentTTwoSided(1, 0)).toBeNaN();
  });
});

describe('proportions', () => {
  test("Wilson's score interval: Newcombe (1998b, Stat Med 17:857–872) Table I, 81/263 → 0.2553 to 0.3662", () => {
    const { lower, upper } = wilsonInterval(81, 263);
    near(lower, 0.2553, 5e-5);
    near(upper, 0.3662, 5e-5);
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(10, 10).upper).toBe(1);
  });

  // Newcombe RG (1998). Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 17:873–890, Table II, method 10 (hybrid score).
  test("Newcombe's hybrid score interval: Newcombe (1998) Table II, method 10", () => {
    const a = compareProportions(56, 70, 48, 80);
    near(a.difference, 0.2, 1e-12);
    near(a.lower, 0.0524, 5e-5);
    near(a.upper, 0.3339, 5e-5);
    const b = compareProportions(9, 10, 3, 10);
    near(b.difference, 0.6, 1e-12);
    near(b.lower, 0.1705, 5e-5);
    near(b.upper, 0.809, 5e-5);
  });

  test('the pooled z-test: 56/70 vs 48/80 by hand, and no variation at all', () => {
    // Pooled p = 104/150; z = 0.2 / sqrt(p(1−p)(1/70 + 1/80)) = 2.6502…, P(|Z| > z) from scipy.stats.norm.sf.
    const { z, p } = twoProportionZTest(56, 70, 48, 80);
    const pooled = 104 / 150;
    near(z, 0.2 / Math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80)), 1e-12);
    near(z, 2.6501719512585327, 1e-12);
    near(p, 0.00804508136819658, 1e-12);
    expect(twoProportionZTest(0, 50, 0, 60)).toEqual({ z: 0, p: 1 });
  });
});

describe('means', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods §1.3.5.3, two-sample t-test (AUTO83B: US vs
  // Japanese cars' mpg): unequal variances, T = −12.94627, df = 136.8750.
  test("Welch's t: the NIST handbook's car mileage example", () => {
    const us = { n: 249, mean: 20.14458, variance: 6.4147 ** 2 };
    const japan = { n: 79, mean: 30.48101, variance: 6.10771 ** 2 };
    const r = welch(us, japan);
    near(r.t, -12.94627, 5e-5);
    near(r.df, 136.875, 5e-3);
    expect(r.p).toBeLessThan(1e-20);
  });

  // Student (1908), Biometrika 6:1–25, the Cushny & Peebles sleep data; Welch's analysis of it is
  // the example of R's t.test: t = −1.8608, df = 17.776, p = 0.07939, 95 % CI −3.3654832 to 0.2054832.
  test("Welch's t and interval: Student's sleep data", () => {
    const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const r = welch(moments(drug1), moments(drug2));
    near(r.difference, -1.58, 1e-12);
    near(r.t, -1.8608, 5e-5);
    near(r.df, 17.776, 5e-4);
    near(r.p, 0.07939, 5e-6);
    near(r.lower, -3.3654832, 1e-7);
    near(r.upper, 0.2054832, 1e-7);
  });
});

describe('sample ratio mismatch', () => {
  // Pearson chi-square by hand; p-values from scipy.stats.chisquare.
  test('an honest 50/50 passes, a 50.5/49.5 split of 100,000 fails', () => {
    const fine = sampleRatioMismatch([5020, 4980], [50, 50]);
    near(fine.chiSquare, 0.16, 1e-12);
    near(fine.p, 0.6891565167793516, 1e-12);
    expect(fine.mismatch).toBe(false);
    const bad = sampleRatioMismatch([50_500, 49_500], [1, 1]);
    near(bad.chiSquare, 10, 1e-12);
    near(bad.p, 0.001565402258002549, 1e-12);
    // 10 is not below the strict 0.001 threshold; a slightly bigger drift is.
    expect(bad.mismatch).toBe(false);
    expect(sampleRatioMismatch([90_700, 9_300], [90, 10]).mismatch).toBe(true);
    expect(() => sampleRatioMismatch([1], [1])).toThrow(RangeError);
  });
});

describe('sample size and minimum detectable effect', () => {
  test('closed forms: 2(z.975 + z.8)² σ²/δ² for means; the pooled-null formula for proportions', () => {
    near(sampleSizeMeans(1, 1), 15.697759468698177, 1e-9);
    near(sampleSizeMeans(5, 2, { ratio: 9 }), 54.50610926631312, 1e-9);
    // Independent evaluation of Fleiss, Levin & Paik (2003) eq. 4.14 in Python.
    near(sampleSizeProportions(0.5, 0.25, { power: 0.9 }), 76.70692845177743, 1e-9);
    near(sampleSizeProportions(0.1, 0.02), 3840.847482436276, 1e-8);
    near(sampleSizeProportions(0.1, 0.02, { ratio: 9 }), 2185.299357609365, 1e-8);
    near(mdeMeans(1, 15.697759468698177, 15.697759468698177), 1, 1e-9);
    near(mdeProportions(0.1, 3840.847482436276, 3840.847482436276), 0.02, 1e-9);
    expect(mdeProportions(0.1, 2, 2)).toBeNaN();
  });

  test('the planned size gives 80 % power in simulation (proportions and means)', () => {
    const rng = seededRng(19);
    const n = Math.ceil(sampleSizeProportions(0.3, 0.05));
    const runs = 1500;
    let hitsP = 0;
    let hitsM = 0;
    const nm = Math.ceil(sampleSizeMeans(10, 3));
    for (let r = 0; r < runs; r++) {
      let x1 = 0;
      let x2 = 0;
      for (let i = 0; i < n; i++) {
        if (rng() < 0.3) x1++;
        if (rng() < 0.35) x2++;
      }
      if (twoProportionZTest(x2, n, x1, n).p < 0.05) hitsP++;
      const a = moments(Array.from({ length: nm }, () => 10 * normal(rng)));
      const b = moments(Array.from({ length: nm }, () => 3 + 10 * normal(rng)));
      if (welch(b, a).p < 0.05) hitsM++;
    }
    // Binomial SE of a power estimate near 0.8 over 1,500 runs is ~0.01.
    near(hitsP / runs, 0.8, 0.035);
    near(hitsM / runs, 0.8, 0.035);
  });
});
