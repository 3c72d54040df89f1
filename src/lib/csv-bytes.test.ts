// The byte-level field readers agree with the string path they stand in for: Date.UTC day
// numbers for real dates (NaN otherwise), and exactly the double Number() gives for decimals.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decimalOfBytes, isoDayOfBytes, sameBytes } from './csv-bytes.ts';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const day = (s: string) => isoDayOfBytes(bytes(s), 0, s.length);
const dec = (s: string) => decimalOfBytes(bytes(s), 0, s.length);

describe('isoDayOfBytes', () => {
  test('day numbers of real dates, twice (the second from the cache); NaN for anything else', () => {
    for (const s of ['1970-01-01', '2024-02-29', '1900-01-01', '2199-12-31', '2024-02-29'])
      expect(day(s)).toBe(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8)) / 86_400_000);
    for (const s of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '24-01-01',
      '2024/01/01',
      '2024-01-1x',
      '1850-03-01',
      '2024-01-01T10:00',
    ])
      expect(day(s)).toBeNaN();
  });

  test('a byte just outside 0–9 in any digit position is not a date (/ and : sit either side of the digits)', () => {
    for (const k of [0, 1, 2, 3, 5, 6, 8, 9])
      for (const c of ['/', ':', ' ', '\xff'])
        expect(day(`${'2024-01-15'.slice(0, k)}${c}${'2024-01-15'.slice(k + 1)}`)).toBeNaN();
    expect(day('2024-01-15')).toBe(Date.UTC(2024, 0, 15) / 86_400_000);
  });
});

describe('decimalOfBytes', () => {
  test('the same double as Number() for plain decimals of up to 15 digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (m, k, negative) => {
          const digits = String(m).padStart(k + 1, '0');
          const text = `${negative ? '-' : ''}${k ? `${digits.slice(0, -k)}.${digits.slice(-k)}` : digits}`;
          expect(dec(text)).toBe(Number(text));
        },
      ),
    );
  });

  test('NaN for what the string path must decide', () => {
    for (const s of ['', '-', '.5', '5.', '1e3', ' 7', '1,5', '1234567890123456', '1.2.3']) expect(dec(s)).toBeNaN();
  });

  test('sameBytes compares a range with a saved prefix', () => {
    const prev = bytes('abcxyz');
    expect(sameBytes(bytes('--abc--'), 2, 5, prev, 3)).toBe(true);
    expect(sameBytes(bytes('--abd--'), 2, 5, prev, 3)).toBe(false);
    expect(sameBytes(bytes('--ab--'), 2, 4, prev, 3)).toBe(false);
  });
});
