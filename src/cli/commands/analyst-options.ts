// Owns parsing and validating the option values of the analyst commands (clv, retention, churn,
// survival): the same kind of value is written the same way in each. Kept free of zod, whose
// loading alone costs ~0.15 s of a command that should answer within a second.
import { InvalidArgumentError } from 'commander';
import { parseIsoDay } from '../../modules/analytics/files.ts';

export function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
}

export function nonNegativeNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of 0 or more');
  return n;
}

/** A whole number in [min, max]. */
export const wholeNumber =
  (min = 1, max = 100_000) =>
  (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };

export function rate(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1)
    throw new InvalidArgumentError('must be a number from 0 to 1 (0.01 = 1% a period)');
  return n;
}

export function isoDate(v: string): string {
  if (v.length !== 10 || parseIsoDay(v) === null) throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  return v;
}

export function delimiter(v: string): string {
  if (v === 'tab' || v === '\\t') return '\t';
  if (v.length !== 1 || v.charCodeAt(0) > 0x7f || v === '"' || v === '\r' || v === '\n')
    throw new InvalidArgumentError('must be one ASCII character other than a quote, or "tab"');
  return v;
}

/** A comma-separated list of names ("a,b, c"), none empty. */
export function nameList(v: string): string[] {
  const names = v.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new InvalidArgumentError('must be names separated by commas, none empty');
  return names;
}

/** Whole numbers ≥ 0 separated by commas ("1000,631,468"), at least two. */
export function countList(v: string): number[] {
  const counts = v.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  if (counts.length < 2 || counts.some((n) => !Number.isInteger(n) || n < 0))
    throw new InvalidArgumentError('must be at least two whole numbers ≥ 0 separated by commas');
  return counts;
}
