import { describe, expect, test } from 'vitest';
import { cdnowMissing, cdnowSummary } from '../../../../test/support/cdnow.ts';
import { seededRng } from '../../../lib/random.ts';
import { expectedSpend, fitGammaGamma, type GammaGammaParams } from './gamma-gamma.ts';
import { ModelInputError } from './rows.ts';
import { simulateGammaGamma } from './simulate.ts';
import { expectRecovered, sig3 } from './testing.ts';

describe('Gamma-Gamma', () => {
  test('excludes zero and negative mean spend with a count, and skips customers with no repeat purchase', () => {
    const rng = seededRng(9);
    const x = Array.from({ length: 500 }, () => 1 + Math.floor(rng() * 5));
    const m = Array.from(simulateGammaGamma({ p: 6, q: 4, gamma: 15 }, x, rng));
    const fit = fitGammaGamma({ x: [...x, 3, 2, 0, 4], monetary: [...m, 0, -12, 50, Number.NaN] });
    expect(fit.customers).toBe(500);
    expect(fit.excluded).toBe(3);
    expect(fit.converged).toBe(true);
  });

  test('rejects input it cannot fit', () => {
    expect(() => fitGammaGamma({ x: [1, 2], monetary: [3] })).toThrow(ModelInputError);
    expect(() => fitGammaGamma({ x: [0, 0], monetary: [1, 2] })).toThrow(/at least 2 repeat buyers/);
    expect(() => fitGammaGamma({ x: [1.5, 2], monetary: [1, 2] })).toThrow(/whole number/);
  });

  test('the conditional mean is a weighted average of the population mean and the customer mean', () => {
    const p: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (p.p * p.gamma) / (p.q - 1);
    expect(expectedSpend(p, 0, Number.NaN)).toBeCloseTo(population, 12);
    expect(expectedSpend(p, 2, -5)).toBeCloseTo(population, 12);
    const heavy = expectedSpend(p, 1000, 80);
    expect(heavy).toBeGreaterThan(79);
    expect(heavy).toBeLessThan(80.2);
    expect(expectedSpend({ ...p, q: 0.9 }, 2, 10)).toBeNaN();
  });

  test('recovers known parameters from 100,000 simulated customers within 4 standard errors', () => {
    const truth: GammaGammaParams = { p: 6, q: 3.5, gamma: 15 };
    const rng = seededRng(21);
    const x = Array.from({ length: 100_000 }, () => 1 + Math.floor(-Math.log(1 - rng()) * 3));
    const fit = fitGammaGamma({ x, monetary: simulateGammaGamma(truth, x, seededRng(22)) });
    expect(fit.converged, fit.reason).toBe(true);
    expectRecovered(fit, truth, 4);
  });
});

const cdnow = cdnowSummary();
describe.skipIf(!cdnow)(cdnow ? 'Gamma-Gamma on CDNOW (946 repeat buyers)' : cdnowMissing, () => {
  test('reproduces the published parameters to 3 significant digits and the log-likelihood to 0.1', () => {
    const fit = fitGammaGamma({ x: cdnow!.map((r) => r.x), monetary: cdnow!.map((r) => r.zbar) });
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    expect(sig3(fit.params)).toEqual({ p: 6.25, q: 3.74, gamma: 15.4 });
    expect(Math.abs(fit.logLikelihood - -4055.9)).toBeLessThan(0.1);
  });
});
