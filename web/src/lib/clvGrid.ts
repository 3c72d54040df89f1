// Owns the CLV diagnostics heatmaps: for a fitted BG/NBD model, expected purchases in the next
// `horizon` periods and P(alive) for every (frequency, recency) pair of a customer observed for
// T periods. Pure; the formulas are the server's own model library (no Node dependencies).
import { expectedPurchases, probabilityAlive } from '../../../src/modules/analytics/models/index.ts';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

export type FrequencyRecencyGrid = {
  /** Row labels: repeat purchases x, highest first (as the classic plot reads). */
  frequencies: number[];
  /** Column labels: recency t_x in periods, 0 … T. */
  recencies: number[];
  /** [row][column]; null where no customer can be (x = 0 needs t_x = 0, x > 0 needs t_x > 0). */
  expected: (number | null)[][];
  pAlive: (number | null)[][];
};

/** `steps` evenly spaced values from 0 to max, rounded to 0.1 and unique. */
function ladder(max: number, steps: number): number[] {
  const values = Array.from({ length: steps + 1 }, (_, i) => Math.round(((max * i) / steps) * 10) / 10);
  return [...new Set(values)];
}

export function frequencyRecencyGrid(
  params: BgNbdParams,
  options: { T: number; horizon: number; maxFrequency?: number; frequencySteps?: number; recencySteps?: number },
): FrequencyRecencyGrid {
  const { T, horizon } = options;
  if (!(T > 0) || !(horizon > 0)) throw new RangeError('T and horizon must be positive');
  const maxFrequency = Math.max(1, Math.round(options.maxFrequency ?? 20));
  const frequencies = ladder(maxFrequency, Math.min(maxFrequency, options.frequencySteps ?? 10))
    .map(Math.round)
    .filter((x, i, all) => all.indexOf(x) === i)
    .reverse();
  const recencies = ladder(T, options.recencySteps ?? 10);
  const fit = { model: 'bgnbd' as const, params };
  const cell = (x: number, tx: number, f: (c: { x: number; tx: number; T: number }) => number) =>
    (x === 0) !== (tx === 0) ? null : f({ x, tx, T });
  return {
    frequencies,
    recencies,
    expected: frequencies.map((x) => recencies.map((tx) => cell(x, tx, (c) => expectedPurchases(fit, c, horizon)))),
    pAlive: frequencies.map((x) => recencies.map((tx) => cell(x, tx, (c) => probabilityAlive(fit, c)))),
  };
}

/** The number of periods between two ISO instants or days (weeks by default), at least 1. */
export function periodsBetween(from: string, to: string, periodDays = 7): number {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return Math.max(1, Math.round(days / periodDays));
}
