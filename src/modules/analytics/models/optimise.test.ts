import { describe, expect, test } from 'vitest';
import { forwardHessian, forwardPoints, invertSpd, minimise, numericHessian, type Objective } from './optimise.ts';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = x;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

// f = 2a² + ab + b²: Hessian [[4, 1], [1, 2]], inverse [[2, −1], [−1, 4]] / 7.
const quadratic: Objective = (x, g) => {
  g[0] = 4 * x[0] + x[1];
  g[1] = x[0] + 2 * x[1];
  return 2 * x[0] ** 2 + x[0] * x[1] + x[1] ** 2;
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

  test('a starting inverse Hessian makes the first step a full Newton step', () => {
    const plain = minimise(quadratic, [3, -2]);
    const newton = minimise(quadratic, [3, -2], { inverseHessian: [2 / 7, -1 / 7, -1 / 7, 4 / 7] });
    expect(newton.converged).toBe(true);
    expect(newton.iterations).toBe(1);
    expect(newton.evaluations).toBe(2);
    expect(plain.evaluations).toBeGreaterThan(2);
    expect(Math.abs(newton.theta[0]) + Math.abs(newton.theta[1])).toBeLessThan(1e-9);
  });

  test('numeric Hessian and its inverse match the analytic ones', () => {
    const H = numericHessian(quadratic, [0.3, -0.2]);
    expect(Array.from(H).map((v) => Number(v.toFixed(8)))).toEqual([4, 1, 1, 2]);
    const inv = invertSpd(H, 2)!;
    expect(inv[0]).toBeCloseTo(2 / 7, 10);
    expect(inv[1]).toBeCloseTo(-1 / 7, 10);
    expect(inv[3]).toBeCloseTo(4 / 7, 10);
    expect(invertSpd(new Float64Array([1, 2, 2, 1]), 2)).toBeNull();
  });

  test('forward differences from a known gradient match the analytic Hessian of a curved function', () => {
    // f = e^a + a·b² + ln(1 + b²): ∂²f/∂a² = e^a, ∂²f/∂a∂b = 2b, ∂²f/∂b² = 2a + 2(1 − b²)/(1 + b²)².
    const f: Objective = (x, g) => {
      const [a, b] = x;
      g[0] = Math.exp(a) + b * b;
      g[1] = 2 * a * b + (2 * b) / (1 + b * b);
      return Math.exp(a) + a * b * b + Math.log1p(b * b);
    };
    const at = [0.4, -1.3];
    const gradient = new Float64Array(2);
    f(Float64Array.from(at), gradient);
    const [a, b] = at;
    const exact = [Math.exp(a), 2 * b, 2 * b, 2 * a + (2 * (1 - b * b)) / (1 + b * b) ** 2];
    const forward = forwardHessian(
      forwardPoints(at).map((x) => {
        const g = new Float64Array(2);
        f(x, g);
        return g;
      }),
      gradient,
    );
    const central = numericHessian(f, at);
    for (let k = 0; k < 4; k++) {
      expect(Math.abs(forward[k] - exact[k])).toBeLessThan(2e-5 * Math.max(1, Math.abs(exact[k])));
      expect(Math.abs(central[k] - exact[k])).toBeLessThan(1e-7 * Math.max(1, Math.abs(exact[k])));
    }
  });
});
