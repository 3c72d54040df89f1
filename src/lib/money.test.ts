import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { extend, quantityToThousandths, roundDiv, thousandthsToQuantity } from './money.ts';

describe('money', () => {
  test('quantities parse exactly', () => {
    expect(quantityToThousandths('3')).toBe(3000);
    expect(quantityToThousandths('0.125')).toBe(125);
    expect(quantityToThousandths(2.5)).toBe(2500);
    expect(() => quantityToThousandths('1.2345')).toThrow();
    expect(() => quantityToThousandths('-1')).toThrow();
    expect(thousandthsToQuantity(2500)).toBe('2.5');
  });

  test('extension rounds half away from zero', () => {
    expect(extend(3333, 3000)).toBe(9999);
    expect(extend(1, 500)).toBe(1);
    expect(extend(-1, 500)).toBe(-1);
    expect(roundDiv(-15, 10)).toBe(-2);
  });

  test('extension is exact for whole quantities', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (price, qty) => extend(price, qty * 1000) === price * qty,
      ),
    );
  });
});
