// Shared assertions for the model tests (not part of the library surface).
import { expect } from 'vitest';
import type { LogLikelihood } from './fit.ts';

/** Six points (r, α, a, b) or (r, α, s, β) to evaluate a purchase likelihood at, near and far from an optimum. */
export const purchasePoints = () =>
  [
    [0.3, 5, 0.6, 2.5],
    [1, 2, 0.5, 1],
    [3, 30, 6, 25],
    [0.2, 4, 0.4, 3],
    [0.7, 9, 1.1, 2],
    [0.5, 3, 0.9, 1.5],
  ].map((p) => Float64Array.from(p));

/** Parameters rounded to 3 significant digits, for comparison with published values. */
export const sig3 = (params: Record<string, number>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Number(v.toPrecision(3))]));

/** The analytic gradient (in log-parameters) equals central finite differences. */
export function expectGradientMatches(ll: LogLikelihood, params: number[], rel = 1e-5) {
  const n = params.length;
  const grad = new Float64Array(n);
  const scratch = new Float64Array(n);
  ll(Float64Array.from(params), grad);
  for (let k = 0; k < n; k++) {
    const h = 1e-5;
    const up = Float64Array.from(params);
    const down = Float64Array.from(params);
    up[k] *= Math.exp(h);
    down[k] *= Math.exp(-h);
    const numeric = (ll(up, scratch) - ll(down, scratch)) / (2 * h);
    expect(Math.abs(grad[k] - numeric), `∂/∂log p${k} at ${params}: ${grad[k]} vs ${numeric}`).toBeLessThanOrEqual(
      rel * Math.max(1, Math.abs(numeric)),
    );
  }
}

/** Every estimate within `k` standard errors of the truth (the SEs must exist and be sane). */
export function expectRecovered<P extends string>(
  fit: { params: Record<P, number>; standardErrors: Record<P, number> | null },
  truth: Record<P, number>,
  k: number,
) {
  expect(fit.standardErrors).not.toBeNull();
  for (const name of Object.keys(truth) as P[]) {
    const se = fit.standardErrors![name];
    expect(se, `SE of ${name}`).toBeGreaterThan(0);
    expect(se, `SE of ${name} is implausibly large`).toBeLessThan(truth[name]);
    expect(
      Math.abs(fit.params[name] - truth[name]),
      `${name}: estimate ${fit.params[name]} ± ${se}, truth ${truth[name]}`,
    ).toBeLessThan(k * se);
  }
}
