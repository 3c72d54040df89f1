// Money on screen: minor units (as stored) <-> amounts in the currency's major unit, exactly.

/** How many decimals a currency's minor unit has (JPY 0, USD 2, BHD 3). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(
  minor: number,
  currency: string,
  locale: string,
  options: { compact?: boolean } = {},
): string {
  const digits = currencyDigits(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
  });
  return format.format(minor / 10 ** digits);
}

/**
 * A major-unit amount (as typed into a number field) to whole minor units, rounding half away
 * from zero on the decimal digits as written (1.005 → 101), not on the binary float (100.4999…).
 */
export function toMinor(amount: number, currency: string): number {
  const digits = currencyDigits(currency);
  const written = String(Math.abs(amount));
  if (/e/i.test(written)) return Math.sign(amount) * Math.round(Math.abs(amount) * 10 ** digits);
  const [whole, fraction = ''] = written.split('.');
  const kept = (fraction + '0'.repeat(digits + 1)).slice(0, digits + 1);
  let minor = Number(whole) * 10 ** digits + Number(kept.slice(0, digits) || '0');
  if (Number(kept[digits]) >= 5) minor += 1;
  return amount < 0 ? -minor : minor;
}

export const toMajor = (minor: number, currency: string): number => minor / 10 ** currencyDigits(currency);

/** The decimal and grouping characters a locale writes numbers with. */
export function numberSeparators(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}
