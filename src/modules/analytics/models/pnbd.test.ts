import { describe, expect, test } from 'vitest';
import { cdnowMissing, cdnowSummary, columns } from '../../../../test/support/cdnow.ts';
import { seededRng } from '../../../lib/random.ts';
import { compress } from './rows.ts';
import {
  fitParetoNbd,
  pnbdExpectedByPeriod,
  pnbdExpectedPurchases,
  pnbdLogLikelihood,
  pnbdLogLikelihoodOne,
  pnbdProbabilityAlive,
  pnbdProbabilityAliveAt,
  pnbdUnconditionalExpected,
  type ParetoNbdParams,
} from './pnbd.ts';
import { simulateParetoNbd } from './simulate.ts';
import { expectGradientMatches, expectRecovered, sig3 } from './testing.ts';

// ln L from mpmath at 60 digits (its arbitrary-precision 2F1, checked against direct integration
// of the death-time integral):
// [r, α, s, β, x, t_x, T, ln L]. They cover α ≫ β and β ≫ α (2F1 argument near 1, the quadrature
// path), x = 10,000 (where the plain 2F1 series overflows), t_x = T and T = 0.
const reference: number[][] = [
  [0.55, 10.58, 0.61, 11.67, 26, 30.86, 31, -39.14884218821929],
  [0.55, 10.58, 0.61, 11.67, 0, 0, 38.86, -0.5170251508875385],
  [0.55, 10.58, 0.61, 11.67, 10000, 51.9, 52, 40744.107168421746],
  [0.55, 10.58, 0.61, 11.67, 10000, 20, 52, 47889.90861264121],
  [0.5, 200, 0.8, 0.05, 0, 0, 40, -0.0016520406764239715],
  [0.5, 200, 0.8, 0.05, 3, 0.5, 40, -17.24768373520873],
  [0.5, 0.05, 0.8, 300, 2, 1, 40, -8.157112301976106],
  [0.5, 0.05, 0.8, 300, 10000, 30, 40, 48060.01845345356],
  [2, 1, 0.3, 40, 5, 10, 10, -10.272958762972756],
  [1, 1, 1, 1, 0, 0, 0, 0],
];

describe('Pareto/NBD likelihood', () => {
  test.each(reference)(
    'ln L(r=%s, α=%s, s=%s, β=%s | x=%s, t_x=%s, T=%s) matches direct integration',
    (r, alpha, s, beta, x, tx, T, expected) => {
      const ll = pnbdLogLikelihoodOne({ r, alpha, s, beta }, { x, tx, T });
      expect(Math.abs(ll - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
    },
  );

  test('the analytic gradient matches finite differences on both sides of α = β and near z = 1', () => {
    const truth = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    const data = simulateParetoNbd(truth, 3000, (i) => 10 + (i % 60), seededRng(5));
    data.x[0] = 5000; // a heavy buyer
    data.tx[0] = data.T[0] - 0.5;
    const ll = pnbdLogLikelihood(compress(data));
    for (const p of [
      [0.55, 10.58, 0.61, 11.67],
      [0.55, 12, 0.61, 3],
      [2, 1, 0.3, 40],
      [0.5, 300, 0.8, 0.05],
      [0.5, 0.05, 0.8, 300],
      [1, 5, 1, 5],
    ])
      expectGradientMatches(ll, p, 2e-5);
  });
});

describe('Pareto/NBD predictions', () => {
  const p: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  const c = { x: 3, tx: 20, T: 39 };

  test('are consistent with each other and right at s = 1', () => {
    const byPeriod = pnbdExpectedByPeriod(p, c, 52);
    expect(byPeriod.reduce((a, b) => a + b, 0)).toBeCloseTo(pnbdExpectedPurchases(p, c, 52), 12);
    const later = [0, 1, 10, 100].map((t) => pnbdProbabilityAliveAt(p, c, t));
    expect(later[0]).toBe(pnbdProbabilityAlive(p, c));
    for (let i = 1; i < later.length; i++) expect(later[i]).toBeLessThan(later[i - 1]);
    // s = 1: r β/α · ln(1 + t/β), the limit of the general formula.
    expect(pnbdUnconditionalExpected({ ...p, s: 1 }, 20)).toBeCloseTo(
      (p.r * p.beta * Math.log(1 + 20 / p.beta)) / p.alpha,
      12,
    );
    expect(pnbdUnconditionalExpected({ ...p, s: 1 + 1e-9 }, 20)).toBeCloseTo(
      pnbdUnconditionalExpected({ ...p, s: 1 }, 20),
      8,
    );
    // A customer who just bought is almost surely alive; a long-silent heavy buyer almost surely not.
    expect(pnbdProbabilityAlive(p, { x: 5, tx: 39, T: 39 })).toBe(1);
    expect(pnbdProbabilityAlive(p, { x: 50, tx: 5, T: 60 })).toBeLessThan(0.01);
  });
});

const cdnow = cdnowSummary();
describe.skipIf(!cdnow)(cdnow ? 'Pareto/NBD on CDNOW' : cdnowMissing, () => {
  const fit = cdnow ? fitParetoNbd(columns(cdnow)) : null!;

  test('reproduces the published parameters to 3 significant digits and the log-likelihood to 0.1', () => {
    expect(fit.converged, fit.reason).toBe(true);
    expect(sig3(fit.params)).toEqual({ r: 0.553, alpha: 10.6, s: 0.606, beta: 11.7 });
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
  });

  test('reproduces the point check of the data README', () => {
    const c = { x: 26, tx: 30.86, T: 31 };
    expect(pnbdExpectedPurchases(fit.params, c, 52)).toBeCloseTo(25.46, 2);
    expect(pnbdProbabilityAlive(fit.params, c)).toBeCloseTo(0.998, 3);
  });
});

describe('Pareto/NBD recovery', () => {
  test('recovers known parameters from 100,000 simulated customers within 4 standard errors', () => {
    const truth: ParetoNbdParams = { r: 0.55, alpha: 10.5, s: 0.6, beta: 12 };
    const ages = seededRng(77);
    const data = simulateParetoNbd(truth, 100_000, () => 26 + 52 * ages(), seededRng(13));
    const fit = fitParetoNbd(data);
    expect(fit.converged, fit.reason).toBe(true);
    expectRecovered(fit, truth, 4);
  });
});
