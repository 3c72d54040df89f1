// Day <-> instant conversion in a time zone, and exact money conversion.
import { describe, expect, test } from 'vitest';
import { addDays, dayOf, dayStart } from './dates.ts';
import { currencyDigits, formatMoney, numberSeparators, toMinor } from './money.ts';

describe('days in a time zone', () => {
  test('a day starts at local midnight, across offsets and DST changes', () => {
    expect(dayStart('2026-03-10', 'UTC')).toBe('2026-03-10T00:00:00.000Z');
    expect(dayStart('2026-03-10', 'America/Sao_Paulo')).toBe('2026-03-10T03:00:00.000Z');
    expect(dayStart('2026-07-01', 'Europe/Madrid')).toBe('2026-06-30T22:00:00.000Z');
    expect(dayStart('2026-01-15', 'Europe/Madrid')).toBe('2026-01-14T23:00:00.000Z');
    // The day DST starts in New York (2 a.m. jumps to 3 a.m.): midnight is still EST.
    expect(dayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(dayStart('2026-02-30', 'UTC')).toBeUndefined();
    expect(dayStart('yesterday', 'UTC')).toBeUndefined();
  });

  test('an instant falls on its local day; round trips hold', () => {
    expect(dayOf('2026-03-10T02:59:59Z', 'America/Sao_Paulo')).toBe('2026-03-09');
    expect(dayOf('2026-03-10T03:00:00Z', 'America/Sao_Paulo')).toBe('2026-03-10');
    for (const zone of ['UTC', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Los_Angeles']) {
      for (const day of ['2026-01-01', '2026-03-29', '2026-10-25', '2026-12-31'])
        expect(dayOf(dayStart(day, zone) as string, zone)).toBe(day);
    }
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('money', () => {
  test('minor units follow the currency', () => {
    expect([currencyDigits('USD'), currencyDigits('JPY'), currencyDigits('BHD')]).toEqual([2, 0, 3]);
    expect(toMinor(1234.56, 'BRL')).toBe(123456);
    expect(toMinor(0.29, 'USD')).toBe(29);
    expect(toMinor(1.005, 'USD')).toBe(101);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(formatMoney(123456, 'BRL', 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 1.234,56');
    expect(formatMoney(123456, 'USD', 'en')).toBe('$1,234.56');
    expect(formatMoney(123456, 'EUR', 'es').replace(/\s/g, ' ')).toBe('1234,56 €');
    expect(numberSeparators('pt-BR')).toEqual({ decimal: ',', group: '.' });
  });
});
