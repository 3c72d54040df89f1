// The earning rules as pure functions: exact arithmetic, one rounding, every factor explained,
// and returns that take back exactly what was earned however they are split.
import { addMonths } from '../../lib/dates.ts';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fraction, parseDecimal, roundFraction } from '../../lib/decimal.ts';
import {
  computeEarn,
  computeReversal,
  currencyDigits,
  type EarnProgram,
  type EarnPromotion,
  promotionApplies,
} from './loyalty.rules.ts';

const program = (over: Partial<EarnProgram> = {}): EarnProgram => ({
  pointsPerUnit: '1',
  rounding: 'floor',
  multipliers: { categories: {}, products: {}, channels: {}, tiers: {} },
  currencyDigits: 2,
  ...over,
});
const member = { level: null, tier: null, tags: [] as string[] };
const at = new Date('2026-03-10T12:00:00Z');
const promo = (over: Partial<EarnPromotion>): EarnPromotion => ({
  id: 'p1',
  name: 'Promo',
  startsAt: new Date('2026-03-01T00:00:00Z'),
  endsAt: new Date('2026-04-01T00:00:00Z'),
  multiplier: null,
  bonusPoints: null,
  targetTags: [],
  targetLevelIds: [],
  targetTiers: [],
  active: true,
  ...over,
});

describe('computeEarn', () => {
  test('one point per currency unit, rounded down once', () => {
    const b = computeEarn(
      program(),
      { occurredAt: at, channel: 'store', lines: [{ lineNo: 1, sku: 'A', category: 'Coffee', totalMinor: 12_345 }] },
      member,
      [],
    );
    expect(b).toMatchObject({
      eligibleMinor: 12_345,
      base: '123.45',
      exact: '123.45',
      rounded: 123,
      points: 123,
      multipliers: [],
      bonuses: [],
    });
  });

  test('product multiplier wins over its category; channel, level, tier and promotion multiply; bonuses add after rounding', () => {
    const p = program({
      pointsPerUnit: '2',
      rounding: 'nearest',
      multipliers: {
        categories: { Coffee: '2', Tea: '1.5' },
        products: { 'COF-1': '3' },
        channels: { web: '1.25' },
        tiers: { platinum: '2' },
      },
    });
    const level = { id: 'gold', name: 'Gold', earnMultiplier: '1.1' };
    const b = computeEarn(
      p,
      {
        occurredAt: at,
        channel: 'web',
        lines: [
          { lineNo: 1, sku: 'COF-1', category: 'Coffee', totalMinor: 1000 },
          { lineNo: 2, sku: 'COF-2', category: 'Coffee', totalMinor: 1000 },
          { lineNo: 3, sku: 'TEA-1', category: 'Tea', totalMinor: 999 },
          { lineNo: 4, sku: 'X', category: null, totalMinor: 1 },
        ],
      },
      { level, tier: 'platinum', tags: ['vip'] },
      [
        promo({ id: 'dbl', multiplier: '2' }),
        promo({ id: 'bonus', name: 'Welcome', bonusPoints: 50, targetTags: ['vip'] }),
        promo({ id: 'off', multiplier: '10', targetTags: ['nobody'] }),
      ],
    );
    // weighted = 1000×3 + 1000×2 + 999×1.5 + 1×1 = 6499.5 minor → ×2 / 100 = 129.99 points
    expect(b.lines.map((l) => l.rule)).toEqual(['product:COF-1', 'category:Coffee', 'category:Tea', null]);
    expect(b.base).toBe('129.99');
    expect(b.multipliers.map((m) => m.rule)).toEqual(['channel:web', 'level:Gold', 'tier:platinum', 'promotion:dbl']);
    // 129.99 × 1.25 × 1.1 × 2 × 2 = 714.945 → nearest 715, + 50 bonus
    expect(b.exact).toBe('714.945');
    expect(b.rounded).toBe(715);
    expect(b.bonuses).toEqual([{ rule: 'promotion:bonus', name: 'Welcome', points: 50 }]);
    expect(b.points).toBe(765);
  });

  test('currencies without minor units, ceil rounding, and a zero-value order earns nothing (not even a bonus)', () => {
    expect(
      computeEarn(
        program({ currencyDigits: currencyDigits('JPY'), rounding: 'ceil', pointsPerUnit: '0.01' }),
        { occurredAt: at, channel: null, lines: [{ lineNo: 1, sku: null, category: null, totalMinor: 1501 }] },
        member,
        [],
      ).points,
    ).toBe(16);
    expect(
      computeEarn(
        program(),
        { occurredAt: at, channel: null, lines: [{ lineNo: 1, sku: null, category: null, totalMinor: 0 }] },
        member,
        [promo({ bonusPoints: 100 })],
      ).points,
    ).toBe(0);
  });

  test('promotions apply only inside their period and to their targets', () => {
    const p = promo({ multiplier: '2', targetTiers: ['gold'], targetTags: ['a', 'b'] });
    expect(promotionApplies(p, at, { level: null, tier: 'gold', tags: ['b'] })).toBe(true);
    expect(promotionApplies(p, at, { level: null, tier: 'iron', tags: ['b'] })).toBe(false);
    expect(promotionApplies(p, at, { level: null, tier: 'gold', tags: [] })).toBe(false);
    expect(promotionApplies(p, new Date('2026-04-01T00:00:00Z'), { level: null, tier: 'gold', tags: ['a'] })).toBe(
      false,
    );
    expect(promotionApplies({ ...p, active: false }, at, { level: null, tier: 'gold', tags: ['a'] })).toBe(false);
  });

  test('property: points = rounding rule applied to the exact product, never a float', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('1', '0.5', '3.3333', '0.0001', '12'),
        fc.constantFrom('1', '1.25', '2', '0.75'),
        fc.constantFrom<'floor' | 'nearest' | 'ceil'>('floor', 'nearest', 'ceil'),
        (amounts, rate, channel, rounding) => {
          const b = computeEarn(
            program({
              pointsPerUnit: rate,
              rounding,
              multipliers: { categories: {}, products: {}, channels: { web: channel }, tiers: {} },
            }),
            {
              occurredAt: at,
              channel: 'web',
              lines: amounts.map((a, i) => ({ lineNo: i + 1, sku: null, category: null, totalMinor: a })),
            },
            member,
            [],
          );
          const total = amounts.reduce((s, a) => s + a, 0);
          const r = parseDecimal(rate);
          const c = parseDecimal(channel);
          const expected = roundFraction({ n: BigInt(total) * r.n * c.n, d: 100n * r.d * c.d }, rounding);
          expect(b.points).toBe(Number(expected));
          expect(Number.isInteger(b.points)).toBe(true);
        },
      ),
    );
  });
});

describe('computeReversal', () => {
  const earn = (lines: { sku: string; amountMinor: number; multiplier: string }[], points: number) => ({
    points,
    breakdown: { lines: lines.map((l, i) => ({ lineNo: i + 1, rule: null, ...l })) },
  });

  test('a full return takes back exactly what was earned; a returned double-points line takes back double', () => {
    const e = earn(
      [
        { sku: 'A', amountMinor: 1000, multiplier: '2' },
        { sku: 'B', amountMinor: 1000, multiplier: '1' },
      ],
      31,
    );
    const none = { reversedPoints: 0, returnedWeighted: fraction(0) };
    expect(
      computeReversal(e, none, [
        { sku: 'A', amountMinor: 1000 },
        { sku: 'B', amountMinor: 1000 },
      ]).points,
    ).toBe(31);
    // A is 2/3 of the weight: floor(31 × 2/3) = 20; B alone floor(31/3) = 10
    expect(computeReversal(e, none, [{ sku: 'A', amountMinor: 1000 }]).points).toBe(20);
    expect(computeReversal(e, none, [{ sku: 'B', amountMinor: 1000 }]).points).toBe(10);
  });

  test('property: any split of a return into parts takes back exactly the points earned, never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 5000 }),
        (amount, parts, points) => {
          const e = earn([{ sku: 'A', amountMinor: amount, multiplier: '1.5' }], points);
          const weights = parts.map((p) => p);
          const totalW = weights.reduce((s, w) => s + w, 0);
          let given = 0;
          let previously = { reversedPoints: 0, returnedWeighted: fraction(0) };
          let taken = 0;
          weights.forEach((w, i) => {
            const piece = i === weights.length - 1 ? amount - given : Math.floor((amount * w) / totalW);
            given += piece;
            const r = computeReversal(e, previously, [{ sku: 'A', amountMinor: piece }]);
            expect(r.points).toBeGreaterThanOrEqual(0);
            taken += r.points;
            expect(taken).toBeLessThanOrEqual(points);
            previously = { reversedPoints: r.target, returnedWeighted: r.cumulativeWeighted };
          });
          expect(taken).toBe(points);
        },
      ),
    );
  });
});

test('addMonths keeps the day where it exists and clamps to the month end', () => {
  expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  expect(addMonths(new Date('2026-03-15T00:00:00Z'), 12).toISOString()).toBe('2027-03-15T00:00:00.000Z');
  expect(addMonths(new Date('2026-03-15T00:00:00Z'), -12).toISOString()).toBe('2025-03-15T00:00:00.000Z');
});
