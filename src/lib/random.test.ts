import { describe, expect, test } from 'vitest';
import { beta, gamma, poisson, seededRng } from './random.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('seeded randomness', () => {
  test('the same seed gives the same sequence', () => {
    const a = seededRng(42);
    const b = seededRng(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
    expect(seededRng(1)()).not.toBe(seededRng(2)());
  });

  test('distributions have the right means', () => {
    const rng = seededRng(7);
    const n = 50_000;
    expect(mean(Array.from({ length: n }, () => gamma(rng, 0.5, 4)))).toBeCloseTo(2, 1);
    expect(mean(Array.from({ length: n }, () => gamma(rng, 3, 2)))).toBeCloseTo(6, 1);
    expect(mean(Array.from({ length: n }, () => beta(rng, 2, 6)))).toBeCloseTo(0.25, 2);
    expect(mean(Array.from({ length: n }, () => poisson(rng, 3)))).toBeCloseTo(3, 1);
  });
});
