// Owns exact money arithmetic: amounts are integer minor units, quantities decimal strings
// with up to three decimals, computed in integer thousandths (never floats).

// Module constants: a regular-expression literal is a new object each time it is evaluated, and
// these run on every line an import writes.
const decimalQuantity = /^(\d{1,9})(?:\.(\d{1,3}))?$/;
const wholeQuantity = /^\d{1,9}$/;
const trailingZeros = /0+$/;

/** "2.5" → 2500; throws on anything that is not a positive decimal with ≤ 3 decimals. */
export function quantityToThousandths(quantity: string | number): number {
  const s = typeof quantity === 'number' ? String(quantity) : quantity.trim();
  // A whole quantity (most lines) without the match and its parts.
  if (wholeQuantity.test(s)) return Number(s) * 1000;
  const m = decimalQuantity.exec(s);
  if (!m) throw new RangeError('must be a number with at most 3 decimals');
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

export const thousandthsToQuantity = (t: number): string => {
  const whole = Math.trunc(t / 1000);
  const frac = t % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(trailingZeros, '')}`;
};

/** Rounds half away from zero: the usual commercial rule. */
export function roundDiv(numerator: number, denominator: number): number {
  const q = Math.abs(numerator) / denominator;
  const r = Math.floor(q + 0.5);
  return numerator < 0 ? -r : r;
}

/** unit price × quantity, rounded to a minor unit. */
export const extend = (unitMinor: number, quantityThousandths: number) =>
  roundDiv(unitMinor * quantityThousandths, 1000);
