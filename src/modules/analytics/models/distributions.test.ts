import { describe, expect, test } from 'vitest';
import { chiSquareSf, gammaQ, normalTwoSided, Z95 } from './distributions.ts';

const close = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('tail probabilities', () => {
  test('closed forms: Q(n, x) = e^−x Σ_{k<n} x^k/k!, chi-square with 2 and 4 df, the normal through erfc', () => {
    close(gammaQ(5, 2), Math.exp(-2) * (1 + 2 + 2 + 4 / 3 + 2 / 3), 1e-14);
    close(gammaQ(5, 30), Math.exp(-30) * (1 + 30 + 450 + 4500 + 33750), 1e-12);
    close(chiSquareSf(0.5, 2), Math.exp(-0.25), 1e-14);
    close(chiSquareSf(10, 4), Math.exp(-5) * 6, 1e-14);
    close(normalTwoSided(Z95), 0.05, 1e-13);
    // erfc(3.812/√2) and erfc(8/√2) from Python's math.erfc.
    close(normalTwoSided(3.812), 0.00013784687667990343, 1e-12);
    close(normalTwoSided(-8), 1.2441921148543639e-15, 1e-12);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(gammaQ(-1, 1)).toBeNaN();
  });
});
