import { describe, expect, test } from 'vitest';
import { frequencyRecencyGrid, periodsBetween } from './clvGrid.ts';

// CDNOW BG/NBD estimates (Fader, Hardie & Lee 2005).
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('frequencyRecencyGrid', () => {
  const grid = frequencyRecencyGrid(cdnow, { T: 39, horizon: 39, maxFrequency: 10, recencySteps: 13 });

  test('rows are frequencies, highest first; columns run from 0 to T', () => {
    expect(grid.frequencies[0]).toBe(10);
    expect(grid.frequencies.at(-1)).toBe(0);
    expect(grid.recencies[0]).toBe(0);
    expect(grid.recencies.at(-1)).toBe(39);
    expect(grid.expected).toHaveLength(grid.frequencies.length);
    expect(grid.expected[0]).toHaveLength(grid.recencies.length);
  });

  test('impossible cells are empty, possible ones finite', () => {
    const zero = grid.frequencies.indexOf(0);
    expect(grid.pAlive[zero][0]).toBeCloseTo(1, 12); // no repeat purchase: BG/NBD says alive
    expect(grid.pAlive[zero][1]).toBeNull();
    expect(grid.expected[0][0]).toBeNull();
    for (const row of grid.expected.slice(0, zero)) for (const v of row.slice(1)) expect(Number.isFinite(v)).toBe(true);
  });

  test('recent, frequent buyers are likelier alive and expected to buy more', () => {
    const top = 0;
    const last = grid.recencies.length - 1;
    expect(grid.pAlive[top][last]!).toBeGreaterThan(grid.pAlive[top][1]!);
    expect(grid.expected[top][last]!).toBeGreaterThan(grid.expected[grid.frequencies.length - 2][last]!);
    const probabilities = grid.pAlive.flat().filter((v) => v !== null);
    expect(Math.min(...probabilities)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...probabilities)).toBeLessThanOrEqual(1);
  });

  test('refuses a non-positive T or horizon', () => {
    expect(() => frequencyRecencyGrid(cdnow, { T: 0, horizon: 1 })).toThrow(RangeError);
  });
});

test('periodsBetween counts whole weeks', () => {
  expect(periodsBetween('1997-01-01', '1997-09-30')).toBe(39);
  expect(periodsBetween('2026-01-01', '2026-01-01')).toBe(1);
});
