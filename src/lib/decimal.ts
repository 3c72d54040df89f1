// Owns exact decimal arithmetic for rates and multipliers ("1.25", "0.005"): values are
// fractions of BigInts, so a chain of multipliers is rounded once, at the end, by a named rule.

export type Fraction = { n: bigint; d: bigint };

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,8}))?$/;

export const isDecimal = (s: string): boolean => DECIMAL.test(s);

/** "1.25" → 125/100. Throws on anything that is not a non-negative decimal. */
export function parseDecimal(s: string): Fraction {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal: ${s}`);
  const frac = m[2] ?? '';
  return { n: BigInt(m[1] + frac), d: 10n ** BigInt(frac.length) };
}

export const fraction = (n: bigint | number, d: bigint | number = 1n): Fraction => ({ n: BigInt(n), d: BigInt(d) });

export const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
export const add = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });

export type Rounding = 'floor' | 'nearest' | 'ceil';

/** Rounds a non-negative fraction to an integer: down, half up, or up. */
export function roundFraction(f: Fraction, rule: Rounding): bigint {
  const q = f.n / f.d;
  const r = f.n % f.d;
  if (r === 0n) return q;
  if (rule === 'floor') return q;
  if (rule === 'ceil') return q + 1n;
  return 2n * r >= f.d ? q + 1n : q;
}

/** The exact decimal expansion (every value here has a finite one), trimmed of trailing zeros. */
export function formatFraction(f: Fraction, maxDigits = 12): string {
  const negative = f.n < 0n !== f.d < 0n && f.n !== 0n;
  const n = f.n < 0n ? -f.n : f.n;
  const d = f.d < 0n ? -f.d : f.d;
  let out = (n / d).toString();
  let r = n % d;
  if (r !== 0n) {
    out += '.';
    for (let i = 0; i < maxDigits && r !== 0n; i++) {
      r *= 10n;
      out += (r / d).toString();
      r %= d;
    }
  }
  return negative ? `-${out}` : out;
}

/** "1.5000" (PostgreSQL numeric) → "1.5". */
export const normaliseDecimal = (s: string): string => formatFraction(parseDecimal(s));
