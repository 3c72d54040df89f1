import { describe, expect, test } from 'vitest';
import { cdnowMissing, cdnowSummary, columns } from '../../../../test/support/cdnow.ts';
import { beta, gamma, seededRng } from '../../../lib/random.ts';
import {
  bgnbdAliveProbabilities,
  bgnbdExpectedByPeriod,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodOne,
  bgnbdProbabilityAlive,
  bgnbdProbabilityAliveAt,
  bgnbdUnconditionalExpected,
  fitBgNbd,
  type BgNbdParams,
} from './bgnbd.ts';
import { compress, ModelInputError } from './rows.ts';
import { simulateBgNbd } from './simulate.ts';
import { expectGradientMatches, expectRecovered, sig3 } from './testing.ts';

describe('BG/NBD likelihood', () => {
  const q: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };

  test('one customer, including the numerically hard case of the data README', () => {
    expect(bgnbdLogLikelihoodOne(q, { x: 0, tx: 0, T: 40 })).toBeCloseTo(-0.59947382, 8);
    expect(bgnbdLogLikelihoodOne(q, { x: 200, tx: 38, T: 40 })).toBeCloseTo(100.7957, 4);
  });

  test('stays finite for x up to 10,000 and at the edges (t_x = T, T = 0, tiny and huge parameters)', () => {
    for (const p of [q, { r: 1e-4, alpha: 1e-4, a: 1e-4, b: 1e-4 }, { r: 1e4, alpha: 1e5, a: 1e3, b: 1e4 }]) {
      for (const c of [
        { x: 10_000, tx: 51.9, T: 52 },
        { x: 10_000, tx: 52, T: 52 },
        { x: 1, tx: 1e-9, T: 1e4 },
        { x: 0, tx: 0, T: 0 },
      ]) {
        expect(Number.isFinite(bgnbdLogLikelihoodOne(p, c)), JSON.stringify([p, c])).toBe(true);
        expect(Number.isFinite(bgnbdExpectedPurchases(p, c, 52)), JSON.stringify([p, c])).toBe(true);
        const alive = bgnbdProbabilityAlive(p, c);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
      }
    }
  });

  test('the analytic gradient matches finite differences and the row sum matches customer by customer', () => {
    const data = simulateBgNbd(q, 3000, (i) => 20 + (i % 40), seededRng(3));
    const rows = compress(data);
    const ll = bgnbdLogLikelihood(rows);
    let direct = 0;
    for (let i = 0; i < data.x.length; i++)
      direct += bgnbdLogLikelihoodOne(q, { x: data.x[i], tx: data.tx[i], T: data.T[i] });
    expect(ll(Float64Array.of(q.r, q.alpha, q.a, q.b), new Float64Array(4))).toBeCloseTo(direct, 6);
    for (const p of [
      [0.25, 4, 0.8, 2.5],
      [2, 0.5, 3, 0.2],
      [0.05, 40, 0.1, 20],
    ])
      expectGradientMatches(ll, p);
  });

  test('rejects impossible summaries by customer', () => {
    expect(() => fitBgNbd({ x: [1, 2], tx: [3, 5], T: [2, 6] })).toThrow(ModelInputError);
    expect(() => fitBgNbd({ x: [1.5], tx: [1], T: [2] })).toThrow(/whole number/);
    expect(() => fitBgNbd({ x: [], tx: [], T: [] })).toThrow(/no customers/);
    expect(() => fitBgNbd({ x: [0], tx: [1], T: [2] })).toThrow(/t_x must be 0/);
  });

  test('refuses to fit when no time was observed (every T = 0) instead of returning its starting point (issue #17, 8c)', () => {
    expect(() => fitBgNbd({ x: [0, 0, 0], tx: [0, 0, 0], T: [0, 0, 0] })).toThrow(/T = 0 for all/);
  });
});

describe('BG/NBD predictions', () => {
  const p: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const c = { x: 2, tx: 30.43, T: 38.86 };

  test('are consistent with each other', () => {
    const byPeriod = bgnbdExpectedByPeriod(p, c, 39);
    expect(byPeriod.reduce((s, v) => s + v, 0)).toBeCloseTo(bgnbdExpectedPurchases(p, c, 39), 12);
    expect(bgnbdExpectedPurchases(p, c, 0)).toBe(0);
    expect(bgnbdProbabilityAliveAt(p, c, 0)).toBe(bgnbdProbabilityAlive(p, c));
    // P(alive) can only fall as the future lengthens.
    const later = [1, 10, 100, 1000].map((t) => bgnbdProbabilityAliveAt(p, c, t));
    for (let i = 1; i < later.length; i++) expect(later[i]).toBeLessThan(later[i - 1]);
    // The closed form of P(alive at T+t) = P(alive)·E[e^(−λpt)] against Monte Carlo over the posterior
    // λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x).
    const rng = seededRng(99);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.exp(-gamma(rng, p.r + c.x, 1 / (p.alpha + c.T)) * beta(rng, p.a, p.b + c.x) * 26);
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const se = Math.sqrt((sumSq / n - mean * mean) / n);
    expect(Math.abs(bgnbdProbabilityAliveAt(p, c, 26) / bgnbdProbabilityAlive(p, c) - mean)).toBeLessThan(4 * se);
    // A customer with no repeat purchase is alive for sure (BG/NBD drops out only after a purchase).
    expect(bgnbdProbabilityAlive(p, { x: 0, tx: 0, T: 50 })).toBe(1);
    // Over compressed rows (each logarithm once per distinct value): the same numbers, bit for bit.
    const draw = seededRng(5);
    const customers = Array.from({ length: 500 }, () => {
      const T = Math.floor(draw() * 60) / 7;
      const x = Math.floor(draw() * 4);
      return { x, tx: x === 0 ? 0 : Math.floor(draw() * T * 7) / 7, T };
    });
    const rows = compress({
      x: customers.map((c) => c.x),
      tx: customers.map((c) => c.tx),
      T: customers.map((c) => c.T),
    });
    expect(Array.from(bgnbdAliveProbabilities(p, rows))).toEqual(
      Array.from(rows.x, (x, i) => bgnbdProbabilityAlive(p, { x, tx: rows.tx[i], T: rows.T[i] })),
    );
    // Both sides of the switch to the small-c formula (c = a+b−1 < 0.5) match mpmath.
    const mp: [number, number[]][] = [
      [0.3, [0.0560343358058, 0.390370536677, 1.12918225772]],
      [1.09, [0.0580684193362, 0.47926580522, 1.69546280714]],
      [1.11, [0.0580928186027, 0.480441523236, 1.70377783278]],
    ];
    for (const [b, expected] of mp)
      [1, 10, 50].forEach((t, k) =>
        expect(bgnbdUnconditionalExpected({ r: 0.3, alpha: 5, a: 0.4, b }, t)).toBeCloseTo(expected[k], 10),
      );
    // a = 1 is a removable singularity of eq. 9.
    const near = bgnbdUnconditionalExpected({ ...p, a: 1 + 1e-9 }, 30);
    expect(bgnbdUnconditionalExpected({ ...p, a: 1 }, 30)).toBeCloseTo(near, 7);
  });
});

const cdnow = cdnowSummary();
describe.skipIf(!cdnow)(cdnow ? 'BG/NBD on CDNOW (Fader, Hardie & Lee 2005)' : cdnowMissing, () => {
  const fit = cdnow ? fitBgNbd(columns(cdnow)) : null!;

  test('reproduces the published parameters to 3 significant digits and the log-likelihood to 0.1', () => {
    expect(fit.converged).toBe(true);
    expect(sig3(fit.params)).toEqual({ r: 0.243, alpha: 4.41, a: 0.793, b: 2.43 });
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(fit.standardErrors).not.toBeNull();
  });

  test('reproduces the point checks of the data README', () => {
    const c = { x: 2, tx: 30.43, T: 38.86 };
    expect(bgnbdExpectedPurchases(fit.params, c, 39)).toBeCloseTo(1.226, 3);
    expect(bgnbdProbabilityAlive(fit.params, c)).toBeCloseTo(0.727, 3);
    const e = [1, 3, 32, 78].map((t) => bgnbdUnconditionalExpected(fit.params, t));
    expect(e[0]).toBeCloseTo(0.0532, 4);
    expect(e[1]).toBeCloseTo(0.1506, 4);
    expect(e[2]).toBeCloseTo(1.0437, 4);
    // 1.8576 comes from Hardie's spreadsheet; the exact value at the fitted parameters is
    // 1.85797 (mpmath, 30 digits), so it is checked to the 3 decimals lifetimes also uses.
    expect(e[3]).toBeCloseTo(1.8576, 3);
    expect(e[3]).toBeCloseTo(1.857972, 5);
  });
});

describe('BG/NBD on a log too small to identify it (issue #17, 8b)', () => {
  // Eight customers from a seeded random log (weeks): the likelihood keeps rising, ever more
  // slowly, as a and b grow together (a beta of the drop-out probability shrinking to a point).
  // BFGS used to stop on that ridge at a ≈ 1.2e6, b ≈ 2.4e6 with a small gradient and report
  // converged, and predictions there overflow to NaN.
  const small = {
    x: [3, 0, 0, 2, 3, 1, 1, 1],
    tx: [3.14, 0, 0, 2.71, 6.71, 1.43, 0.43, 4.14],
    T: [4.86, 7.86, 0.14, 7.57, 7.29, 4.14, 6.14, 8.29],
  };

  test('a fit that ran off along (a, b) does not say converged, and says why', () => {
    const fit = fitBgNbd(small);
    expect(fit.params.a).toBeGreaterThan(1e4);
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/a and b ran off towards ∞ together/);
  });
});

describe('BG/NBD recovery', () => {
  test('recovers known parameters from 100,000 simulated customers within 4 standard errors', () => {
    const truth: BgNbdParams = { r: 0.6, alpha: 8, a: 0.9, b: 3.5 };
    const rng = seededRng(20240501);
    const data = simulateBgNbd(truth, 100_000, () => 26 + 52 * rng(), seededRng(11));
    const fit = fitBgNbd(data);
    expect(fit.converged, fit.reason).toBe(true);
    expectRecovered(fit, truth, 4);
  });
});
