// Owns how the web app writes money, numbers and dates: in the workspace's locale, currency
// and time zone (Intl), whatever language the screen is in.
import { useMemo } from 'react';
import { dayOf } from './lib/dates.ts';
import { formatMoney } from './lib/money.ts';
import { useMe } from './session.ts';

export type Format = ReturnType<typeof makeFormat>;

export function makeFormat(locale: string, currency: string, timeZone: string) {
  const number = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const calendarDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return {
    locale,
    currency,
    timeZone,
    money: (minor: number, options?: { compact?: boolean }) => formatMoney(minor, currency, locale, options),
    number: (n: number) => number.format(n),
    /** A short number for chart axes ("800K", "1,2 mi"): long ones do not fit beside the chart. */
    compact: (n: number) => compact.format(n),
    /** A number with at most `digits` decimals ("1.234,5"). */
    decimal: (n: number, digits = 1) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    /**
     * A ratio (0.182) as a percentage in the locale's way ("18.2%", "18,2 %"), at most `digits`
     * decimals (default 1); `signed` shows + for gains (e.g. actual − expected).
     */
    percent: (ratio: number, options: number | { digits?: number; signed?: boolean } = {}) => {
      const o = typeof options === 'number' ? { digits: options } : options;
      return new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: o.digits ?? 1,
        signDisplay: o.signed ? 'exceptZero' : 'auto',
      }).format(ratio);
    },
    /** A month (YYYY-MM) as "Mar 2025". */
    month: (m: string) => month.format(new Date(`${m}-01T00:00:00Z`)),
    /** An instant as a date in the workspace time zone. */
    date: (iso: string) => date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    /** A calendar day (YYYY-MM-DD, e.g. a birth date): no time zone shift. */
    day: (day: string) => calendarDay.format(new Date(`${day}T00:00:00Z`)),
    /** The workspace-local day (YYYY-MM-DD) of an instant, for date inputs. */
    dayOf: (iso: string) => dayOf(iso, timeZone),
  };
}

export function useFormat(): Format {
  const ws = useMe().data?.workspace;
  const locale = ws?.locale ?? 'en';
  const currency = ws?.currency ?? 'USD';
  const timeZone = ws?.timeZone ?? 'UTC';
  return useMemo(() => makeFormat(locale, currency, timeZone), [locale, currency, timeZone]);
}
