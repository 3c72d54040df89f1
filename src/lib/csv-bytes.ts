// Owns reading field values straight from the bytes of a CSV record (lib/csv-read hands records
// over as byte ranges): an ISO date as a day number and a plain decimal as a double, without
// building a string for the common case. Each returns NaN for anything it does not recognise,
// and the caller then takes the string path (parseIsoDay, Number), so the rules stay those.

const DAY_MS = 86_400_000;

// Day numbers of the dates from 1900 to 2199, indexed by ((year − 1900)·12 + month − 1)·31 + day − 1;
// NaN until first seen. Other years take the caller's text path. Allocated on first use: every
// CLI command loads this module.
let isoDays: Float64Array | null = null;

/** The day number (days since 1970-01-01) of exactly "YYYY-MM-DD" in buf[start, end), or NaN. */
export function isoDayOfBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return Number.NaN;
  // No inner helper and no loop: a closure created per call costs more than the parsing here.
  // (b − 48) >>> 0 > 9 is "not a digit" (a byte below '0' wraps round to a large number).
  const y0 = buf[start] - 48;
  const y1 = buf[start + 1] - 48;
  const y2 = buf[start + 2] - 48;
  const y3 = buf[start + 3] - 48;
  const m0 = buf[start + 5] - 48;
  const m1 = buf[start + 6] - 48;
  const d0 = buf[start + 8] - 48;
  const d1 = buf[start + 9] - 48;
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9) return Number.NaN;
  if (m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return Number.NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (!(y >= 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  const key = ((y - 1900) * 12 + m - 1) * 31 + d - 1;
  isoDays ??= new Float64Array(300 * 12 * 31).fill(Number.NaN);
  const cached = isoDays[key];
  if (!Number.isNaN(cached)) return cached;
  const ms = Date.UTC(y, m - 1, d);
  // 2023-02-30 would roll over into March: not a date.
  if (new Date(ms).getUTCDate() !== d) return Number.NaN;
  isoDays[key] = ms / DAY_MS;
  return isoDays[key];
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain decimal ("-12.50", "7") in buf[start, end), or NaN (then the caller uses Number()).
 * With at most 15 digits the digits are an exact integer m and 10^k is exact, so m / 10^k is the
 * correctly rounded value — the same double Number() returns.
 */
export function decimalOfBytes(buf: Uint8Array, start: number, end: number): number {
  let k = start;
  const negative = buf[k] === 0x2d;
  if (negative) k++;
  const intStart = k;
  let m = 0;
  let digits = 0;
  let dot = -1;
  for (; k < end; k++) {
    const c = buf[k];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 0x2e && dot < 0) dot = k;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15 || dot === intStart || dot === end - 1) return Number.NaN;
  const v = dot < 0 ? m : m / POW10[end - dot - 1];
  return negative ? -v : v;
}

/** Whether buf[start, end) equals the first prevLength bytes of prev. */
export function sameBytes(buf: Uint8Array, start: number, end: number, prev: Uint8Array, prevLength: number): boolean {
  if (end - start !== prevLength) return false;
  for (let k = 0; k < prevLength; k++) if (buf[start + k] !== prev[k]) return false;
  return true;
}
