// Owns day numbers (days since 1970-01-01, UTC), the unit of every date in the value models:
// ISO dates to day numbers and back.
import { ModelInputError } from './rows.ts';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD, optionally followed by a time), or null. */
export function parseIsoDay(s: string): number | null {
  if (s.length < 10) return null;
  const c = (i: number) => s.charCodeAt(i) - 48;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (c(i) < 0 || c(i) > 9) return null;
  if (s[4] !== '-' || s[7] !== '-') return null;
  if (s.length > 10 && s[10] !== 'T' && s[10] !== ' ') return null;
  const y = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const m = c(5) * 10 + c(6);
  const d = c(8) * 10 + c(9);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

export const dayToIso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A date given as a day number, an ISO string or a Date, as a day number (UTC). */
export function toDay(date: number | string | Date): number {
  if (typeof date === 'number') return date;
  if (date instanceof Date) return Math.floor(date.getTime() / DAY_MS);
  const day = parseIsoDay(date);
  if (day === null) throw new ModelInputError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}
