import { describe, expect, test } from 'vitest';
import { invertSpd, minimise, numericHessian, type Objective } from './optimise.ts';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = x;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimise (BFGS)', () => {
  test('finds the Rosenbrock minimum from the usual hard start', () => {
    const r = minimise(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(1, 6);
    expect(r.theta[1]).toBeCloseTo(1, 6);
    expect(r.iterations).toBeLessThan(100);
  });

  test('steps back from points where the objective cannot be scored', () => {
    // ln-barrier: undefined for x ≤ 0; the minimum is at x = 1.
    const f: Objective = (x, g) => {
      g[0] = 1 - 1 / x[0];
      return x[0] - Math.log(x[0]);
    };
    const r = minimise(f, [20]);
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(1, 7);
  });

  test('says so honestly when it does not converge', () => {
    const unbounded: Objective = (x, g) => {
      g[0] = -Math.exp(-x[0]) - 1e-3;
      return Math.exp(-x[0]) - 1e-3 * x[0];
    };
    const r = minimise(unbounded, [0], { maxIterations: 20 });
    expect(r.converged).toBe(false);
    expect(r.reason).toMatch(/no convergence|line search/);
    const nan = minimise((_x, _g) => Number.NaN, [0]);
    expect(nan.converged).toBe(false);
    expect(nan.reason).toMatch(/not finite/);
  });

  test('numeric Hessian and its inverse match the analytic ones', () => {
    const quadratic: Objective = (x, g) => {
      g[0] = 4 * x[0] + x[1];
      g[1] = x[0] + 2 * x[1];
      return 2 * x[0] ** 2 + x[0] * x[1] + x[1] ** 2;
    };
    const H = numericHessian(quadratic, [0.3, -0.2]);
    expect(Array.from(H).map((v) => Number(v.toFixed(8)))).toEqual([4, 1, 1, 2]);
    const inv = invertSpd(H, 2)!;
    expect(inv[0]).toBeCloseTo(2 / 7, 10);
    expect(inv[1]).toBeCloseTo(-1 / 7, 10);
    expect(inv[3]).toBeCloseTo(4 / 7, 10);
    expect(invertSpd(new Float64Array([1, 2, 2, 1]), 2)).toBeNull();
  });
});
