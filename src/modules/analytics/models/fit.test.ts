import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { fitBgNbd } from './bgnbd.ts';
import { fitGammaGamma } from './gamma-gamma.ts';
import { fitParetoNbd } from './pnbd.ts';
import { compress, meanRate } from './rows.ts';
import { simulateBgNbd, simulateGammaGamma, simulateParetoNbd } from './simulate.ts';

// A fit that did not converge must say so, with a reason, rather than return numbers that look final.
describe('convergence is reported honestly', () => {
  test('data that cannot identify the parameters (nobody ever bought again)', () => {
    const n = 1000;
    const data = {
      x: new Array(n).fill(0),
      tx: new Array(n).fill(0),
      T: Array.from({ length: n }, (_, i) => 10 + (i % 30)),
    };
    for (const fit of [fitBgNbd(data), fitParetoNbd(data)]) {
      expect(fit.converged, fit.model).toBe(false);
      expect(fit.reason).toMatch(/not positive definite|ran off/);
      expect(fit.standardErrors).toBeNull();
    }
  });

  test('too few iterations', () => {
    const fit = fitBgNbd({ x: [1, 2, 0, 3], tx: [1, 2, 0, 3], T: [5, 5, 5, 5] }, { maxIterations: 2 });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/no convergence in 2 iterations/);
  });

  test('spend with no variation between customers sends the Gamma-Gamma parameters to infinity', () => {
    const fit = fitGammaGamma({ x: [2, 2, 2, 2, 2], monetary: [10, 10, 10, 10, 10] });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/ran off towards ∞.*do not identify/);
  });

  test('explicit starting points are all tried and the best is kept', () => {
    const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 1.2, b: 3 }, 5000, (i) => 20 + (i % 30), seededRng(8));
    const fit = fitBgNbd(data, {
      starts: [
        [30, 0.01, 30, 0.01],
        [0.2, 3, 0.5, 2],
      ],
    });
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(fitBgNbd(data).logLikelihood, 6);
    expect(() => fitBgNbd(data, { starts: [[1, 1, 1]] })).toThrow(/4 positive values/);
  });
});

// A large fit takes its way from the starting point on a sample of the rows and only its last
// steps on every row (fit.ts fromSample): the same optimum as the fit on every row from the start.
describe('large fits start on a sample', () => {
  const ages = (i: number) => 10 + (i % 40);
  test.each([
    ['bgnbd', () => simulateBgNbd({ r: 0.3, alpha: 4, a: 0.7, b: 2.5 }, 150_000, ages, seededRng(21))],
    ['pnbd', () => simulateParetoNbd({ r: 0.75, alpha: 10, s: 0.6, beta: 12 }, 150_000, ages, seededRng(22))],
  ] as const)('%s: the same optimum in fewer evaluations over every row', (model, simulate) => {
    const rows = compress(simulate());
    expect(rows.weight.length).toBeGreaterThan(2 * 32_768); // large enough to be sampled
    const rate = meanRate(rows);
    const span = rows.TValues.reduce((m, v) => Math.max(m, v), 0);
    const fit = model === 'bgnbd' ? fitBgNbd : fitParetoNbd;
    // An explicit start is fitted on every row, as before samples: the comparison point.
    const start = model === 'bgnbd' ? [1, 1 / rate, 1, 1] : [1, 1 / rate, 1, span];
    const sampled = fit(rows);
    const whole = fit(rows, { starts: [start] });
    expect(sampled.converged).toBe(true);
    expect(whole.converged).toBe(true);
    for (const [name, value] of Object.entries(whole.params))
      expect(Math.abs((sampled.params as Record<string, number>)[name] / value - 1), name).toBeLessThan(1e-6);
    expect(Math.abs(sampled.logLikelihood - whole.logLikelihood)).toBeLessThan(1e-6 * Math.abs(whole.logLikelihood));
    expect(sampled.logLikelihood).toBeGreaterThan(whole.logLikelihood - 1e-3);
    expect(sampled.evaluations * 2).toBeLessThan(whole.evaluations);
  });

  test('gamma-gamma: the same optimum in fewer evaluations over every customer', () => {
    const x = Float64Array.from({ length: 120_000 }, (_, i) => 1 + (i % 9));
    const data = { x, monetary: simulateGammaGamma({ p: 6, q: 4, gamma: 16 }, x, seededRng(23)) };
    const mean = data.monetary.reduce((s, v) => s + v, 0) / data.monetary.length;
    const sampled = fitGammaGamma(data);
    const whole = fitGammaGamma(data, { starts: [[1, 2, mean]] });
    expect(sampled.converged).toBe(true);
    expect(whole.converged).toBe(true);
    for (const [name, value] of Object.entries(whole.params))
      expect(Math.abs((sampled.params as Record<string, number>)[name] / value - 1), name).toBeLessThan(1e-6);
    expect(sampled.evaluations * 2).toBeLessThan(whole.evaluations);
  });
});
