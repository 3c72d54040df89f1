// Owns how the web app writes money, numbers and dates: in the workspace's locale, currency
// and time zone (Intl), whatever language the screen is in.
import { useMemo } from 'react';
import { dayOf } from './lib/dates.ts';
import { formatMoney } from './lib/money.ts';
import { useMe } from './session.ts';

export type Format = ReturnType<typeof makeFormat>;

export function makeFormat(locale: string, currency: string, timeZone: string) {
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const calendarDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    locale,
    currency,
    timeZone,
    money: (minor: number, options?: { compact?: boolean }) => formatMoney(minor, currency, locale, options),
    number: (n: number) => number.format(n),
    /** A share (0–1) as a percentage; `signed` shows + for gains (e.g. actual − expected). */
    percent: (share: number, options: { digits?: number; signed?: boolean } = {}) =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: options.digits ?? 0,
        signDisplay: options.signed ? 'exceptZero' : 'auto',
      }).format(share),
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
