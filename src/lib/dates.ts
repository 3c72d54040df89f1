// Owns the range of dates and instants Tenure takes from outside (API bodies and filters, batch
// items, import rows). PostgreSQL stores far more than this range, but years like 0000 are
// refused by the database (a 500 where a 422 belongs) and a purchase dated 9999 ranks as the
// newest activity of a workspace for ever; nothing a business records is outside it.

export const EARLIEST = new Date('1900-01-01T00:00:00Z');
export const LATEST = new Date('2200-01-01T00:00:00Z');

export const rangeMessage = 'must be between 1900-01-01 and 2200-01-01';

/** True for an instant inside [1900-01-01, 2200-01-01). */
export const inRange = (d: Date): boolean => d.getTime() >= EARLIEST.getTime() && d.getTime() < LATEST.getTime();

/** The same for an ISO 8601 date or date-time string (whatever its offset); false for one that is not a date. */
export function isoInRange(value: string): boolean {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return !Number.isNaN(t) && inRange(new Date(t));
}

/**
 * The latest a purchase or return may be dated: one year after `now` (the caller's clock).
 * Orders are sometimes entered ahead of their date, never years ahead.
 */
export function latestPurchaseAt(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

export const futurePurchaseMessage = 'must not be more than a year after today';

// ---- the date helpers every module shares (one copy, here)

const DAY_MS = 86_400_000;

/** An instant as ISO 8601 text (a DTO's field); null and undefined give null. A string (a driver's raw value) is parsed first. */
export const isoOrNull = (d: Date | string | null | undefined): string | null =>
  d ? (d instanceof Date ? d : new Date(d)).toISOString() : null;

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A value read from the database (a Date, or its text from a raw query) as a Date. */
export const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/** The same, keeping null (and undefined) as null. */
export const asDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v));

/** `days` whole days (of 24 hours) after `d`; negative for before. */
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);

/** Adds whole calendar months in UTC (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}
