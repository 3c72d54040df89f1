// Logistic regression: recovery of known coefficients from seeded simulated data (within 4
// standard errors), the penalty's effect, contributions and drivers, and honest failure.
import { describe, expect, test } from 'vitest';
import { normal, seededRng } from '../../../lib/random.ts';
import { contributions, fitLogistic, predictLogistic, topDrivers } from './logistic.ts';
import { ModelInputError } from './rows.ts';

/** n rows of 4 features — standard normal, a price-like N(50, 10²), a 0/1 flag, and pure noise — with logit = b0 + b·x. */
function simulate(n: number, b0: number, b: number[], seed: number) {
  const rng = seededRng(seed);
  const p = 4;
  const X = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = [normal(rng), 50 + 10 * normal(rng), rng() < 0.3 ? 1 : 0, normal(rng)];
    X.set(x, i * p);
    const eta = b0 + x.reduce((s, v, j) => s + v * b[j], 0);
    y[i] = rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X, y, p };
}

describe('logistic regression', () => {
  const b0 = 0.5;
  const b = [0.8, -0.03, 1.2, 0];
  const data = simulate(200_000, b0, b, 42);

  test('recovers known coefficients from 200,000 simulated rows within 4 standard errors (no penalty)', () => {
    const fit = fitLogistic(data, { l2: 0 });
    expect(fit.converged, fit.reason).toBe(true);
    expect(fit.iterations).toBeLessThan(12);
    b.forEach((truth, j) => {
      expect(fit.se[j]).toBeGreaterThan(0);
      expect(Math.abs(fit.coef[j] - truth), `feature ${j}: ${fit.coef[j]} ± ${fit.se[j]}`).toBeLessThan(4 * fit.se[j]);
    });
    // The intercept follows from the recovered slopes: log-odds at x = 0.
    expect(Math.abs(fit.intercept - b0)).toBeLessThan(0.1);
    expect(fit.rows).toBe(200_000);
    // Started at its own answer (as cross-validation folds start from the full fit), Newton stops at once, in the same place.
    const again = fitLogistic(data, { l2: 0, start: fit });
    expect(again.iterations).toBeLessThanOrEqual(2);
    again.coef.forEach((c, j) => expect(c).toBeCloseTo(fit.coef[j], 8));
  });

  test('the L2 penalty is on standardised coefficients: it barely moves a large sample, and shrinks a small one towards 0', () => {
    const plain = fitLogistic(data, { l2: 0 });
    const penalised = fitLogistic(data, { l2: 1 });
    b.forEach((_, j) => expect(Math.abs(penalised.coef[j] - plain.coef[j])).toBeLessThan(0.1 * plain.se[j] + 1e-12));
    const small = { ...data, rows: Int32Array.from({ length: 300 }, (_, i) => i) };
    const strong = fitLogistic(small, { l2: 100 });
    const weak = fitLogistic(small, { l2: 0 });
    const norm = (c: Float64Array, sds: Float64Array) => Math.hypot(...c.map((v, j) => v * sds[j]));
    expect(norm(strong.coef, strong.sds)).toBeLessThan(0.5 * norm(weak.coef, weak.sds));
  });

  test('contributions add up to the log-odds; drivers are the largest positive ones, levels of one column summed', () => {
    const fit = fitLogistic(data);
    const x = data.X.subarray(0, 4);
    const c = contributions(fit, x);
    let atMeans = fit.intercept;
    fit.coef.forEach((v, j) => (atMeans += v * fit.means[j]));
    const logit = (q: number) => Math.log(q / (1 - q));
    const [prob] = predictLogistic(fit, data.X, Int32Array.from([0]));
    expect(atMeans + c.reduce((s, v) => s + v, 0)).toBeCloseTo(logit(prob), 10);
    const drivers = topDrivers(Float64Array.from([0.5, -1, 0.2, 0.4]), ['a', 'b', 'c', 'c'], 3);
    expect(drivers.map((d) => d.name)).toEqual(['c', 'a']);
    expect(drivers[0].contribution).toBeCloseTo(0.6, 12);
  });

  test('a one-hot (mostly zero) design takes the sparse pass and gives the fit of the dense one', () => {
    // Shifting every feature by +1 changes only the intercept, and leaves no zero: the dense pass.
    const rng = seededRng(6);
    const n = 5000;
    const p = 8;
    const X = new Float64Array(n * p);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const level = Math.floor(rng() * 5); // a 5-level categorical: 4 indicators
      if (level > 0) X[i * p + level - 1] = 1;
      X[i * p + 4] = rng() < 0.2 ? 1 : 0;
      X[i * p + 5] = rng() < 0.5 ? normal(rng) * 100 + 500 : 0;
      X[i * p + 6] = 2 * rng() - 1;
      X[i * p + 7] = rng() < 0.1 ? 3 : 0;
      y[i] = rng() < 1 / (1 + Math.exp(-(level * 0.3 - 1 + X[i * p + 6]))) ? 1 : 0;
    }
    const sparse = fitLogistic({ X, y, p }, { l2: 0.5 });
    const dense = fitLogistic({ X: X.map((v) => v + 1), y, p }, { l2: 0.5 });
    expect(sparse.converged && dense.converged).toBe(true);
    sparse.coef.forEach((c, j) => expect(c).toBeCloseTo(dense.coef[j], 9));
    sparse.se.forEach((c, j) => expect(c).toBeCloseTo(dense.se[j], 9));
    expect(sparse.logLikelihood).toBeCloseTo(dense.logLikelihood, 8);
  });

  test('refuses a one-valued outcome and bad shapes; collinear features without a penalty do not converge, with one they do', () => {
    expect(() => fitLogistic({ X: Float64Array.from([1, 2]), p: 1, y: [1, 1] })).toThrow(/both values/);
    expect(() => fitLogistic({ X: Float64Array.from([1, 2, 3]), p: 1, y: [1, 0] })).toThrow(ModelInputError);
    expect(() => fitLogistic({ X: Float64Array.from([1, 2]), p: 1, y: [1, 2] })).toThrow(/0 or 1/);
    const n = 1000;
    const rng = seededRng(1);
    const X = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = normal(rng);
      X[i * 2] = v;
      X[i * 2 + 1] = 2 * v;
      y[i] = rng() < 1 / (1 + Math.exp(-v)) ? 1 : 0;
    }
    const singular = fitLogistic({ X, y, p: 2 }, { l2: 0 });
    expect(singular.converged).toBe(false);
    expect(singular.reason).toMatch(/collinear/);
    const ridge = fitLogistic({ X, y, p: 2 }, { l2: 1 });
    expect(ridge.converged, ridge.reason).toBe(true);
    // The penalty splits the effect between the copies in proportion to their scale: 1·b1 + 2·b2 ≈ 1.
    expect(ridge.coef[0] + 2 * ridge.coef[1]).toBeGreaterThan(0.7);
  });
});
