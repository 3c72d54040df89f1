import { describe, expect, test } from 'vitest';
import {
  cdnowFrequencySummary,
  cdnowMissing,
  cdnowSummary,
  cdnowTransactions,
} from '../../../../test/support/cdnow.ts';
import { groupRows, rowKey } from './grouping.ts';
import { compress, ModelInputError } from './rows.ts';
import { calibrationHoldout, createLogBuilder, parseIsoDay, summarise } from './summary.ts';

describe('summarise', () => {
  test('same-day purchases are one transaction; x, t_x, T in periods; monetary is the mean repeat spend', () => {
    const s = summarise(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10 },
        { customerId: 'a', date: '2024-01-01', amount: 5 },
        { customerId: 'a', date: '2024-01-08', amount: 20 },
        { customerId: 'a', date: '2024-01-15', amount: 2 },
        { customerId: 'a', date: '2024-01-15', amount: 2 },
        { customerId: 'b', date: '2024-01-29', amount: 7 },
        { customerId: 'a', date: '2024-02-05', amount: 99 }, // after the calibration end
        { customerId: 'c', date: '2024-02-05', amount: 1 }, // acquired after the calibration end
      ],
      { calibrationEnd: '2024-01-29', periodDays: 7, holdoutEnd: '2024-02-11' },
    );
    expect(s.customerIds).toEqual(['a', 'b']);
    expect(Array.from(s.x)).toEqual([2, 0]);
    expect(Array.from(s.tx)).toEqual([2, 0]);
    expect(Array.from(s.T)).toEqual([4, 0]);
    expect(s.monetary[0]).toBe(12);
    expect(s.monetary[1]).toBeNaN();
    expect(Array.from(s.holdoutX!)).toEqual([1, 0]);
    expect(s.acquiredAfterCalibration).toBe(1);
  });

  test('the summary groups its customers by equal (x, t_x, T) as groupRows does, and compress takes that grouping', () => {
    const rows: { customerId: string; date: number; amount: number }[] = [];
    for (let c = 0; c < 400; c++)
      for (let k = 0; k < (c % 4) + 1; k++)
        rows.push({ customerId: `c${c}`, date: 19_700 + ((c * 7 + k * 11) % 60), amount: 1 });
    const s = summarise(rows, { calibrationEnd: 19_760, periodDays: 7 });
    const byValues = groupRows([s.x, s.tx, s.T], s.x.length);
    expect(byValues.count).toBeLessThan(s.x.length / 2);
    const { keys, ...grouping } = s.grouping!;
    expect(grouping).toEqual(byValues);
    // Each group's key, from which compress takes the distinct values through tables.
    expect(Array.from(keys!)).toEqual(
      Array.from(byValues.firstOf, (i) => rowKey(s.x[i], Math.round(s.tx[i] * 7), Math.round(s.T[i] * 7))),
    );
    const rowsOf = compress(s);
    expect(Array.from(rowsOf.rowOf)).toEqual(Array.from(byValues.groupOf));
    expect(rowsOf).toEqual(compress({ x: s.x, tx: s.tx, T: s.T }));
    // A first purchase 2^16 days (179 years) before the calibration end is beyond the key: no grouping then.
    const old = summarise(
      [
        { customerId: 'a', date: 19_700, amount: 1 },
        { customerId: 'old', date: 19_760 - 65_536, amount: 1 },
      ],
      { calibrationEnd: 19_760 },
    );
    expect(old.grouping).toBeNull();
    expect(compress(old).weight).toHaveLength(2);
  });

  test('the same summary whether the log is grouped by customer, sorted by date or in no order', () => {
    const rows: { customerId: string; date: number; amount: number }[] = [];
    for (let c = 0; c < 50; c++)
      for (let k = 0; k < (c % 7) + 1; k++)
        rows.push({ customerId: `c${c}`, date: 19_700 + ((c * 13 + k * 29) % 90), amount: ((c + k) % 5) - 1 });
    const byCustomer = [...rows].sort((a, b) => a.customerId.localeCompare(b.customerId) || a.date - b.date);
    const byDate = [...rows].sort((a, b) => a.date - b.date);
    const shuffled = [...rows].sort(
      (a, b) => ((a.date * 31 + a.customerId.length) % 17) - ((b.date * 31 + b.customerId.length) % 17),
    );
    const options = { calibrationEnd: 19_760, periodDays: 7, holdoutEnd: 19_790 };
    const perCustomer = (list: typeof rows) => {
      const s = summarise(list, options);
      return Object.fromEntries(
        s.customerIds.map((id, i) => [id, [s.x[i], s.tx[i], s.T[i], s.monetary[i], s.holdoutX![i]]]),
      );
    };
    const expected = perCustomer(shuffled);
    expect(Object.keys(expected).length).toBeGreaterThan(40);
    expect(perCustomer(byCustomer)).toEqual(expected);
    expect(perCustomer(byDate)).toEqual(expected);
  });

  test('counts repeat days whose total is zero or negative', () => {
    const s = summarise(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10 },
        { customerId: 'a', date: '2024-01-02', amount: 10 },
        { customerId: 'a', date: '2024-01-02', amount: -10 },
        { customerId: 'a', date: '2024-01-03', amount: 4 },
      ],
      { calibrationEnd: '2024-01-10', periodDays: 1 },
    );
    expect(s.nonPositiveRepeatAmounts).toBe(1);
    expect(s.monetary[0]).toBe(2);
  });

  test('rejects bad input with a clear message', () => {
    expect(() => summarise([], { calibrationEnd: '2024-01-01' })).toThrow(ModelInputError);
    expect(() => summarise([{ customerId: 'a', date: '2024-13-01' }], { calibrationEnd: '2024-01-01' })).toThrow(
      /not an ISO date/,
    );
    expect(() => summarise([{ customerId: 'a', date: '2024-05-01' }], { calibrationEnd: '2024-01-01' })).toThrow(
      /no customer has a purchase on or before/,
    );
    expect(() =>
      summarise([{ customerId: 'a', date: '2024-05-01' }], { calibrationEnd: '2024-06-01', holdoutEnd: '2024-05-01' }),
    ).toThrow(/holdout end/);
    expect(() =>
      summarise([{ customerId: 'a', date: '2024-05-01' }], { calibrationEnd: '2024-06-01', periodDays: 0 }),
    ).toThrow(/positive/);
  });

  test('parses ISO dates strictly', () => {
    expect(parseIsoDay('1970-01-02')).toBe(1);
    expect(parseIsoDay('2024-02-29')).not.toBeNull();
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-01-01T23:59:00Z')).toBe(parseIsoDay('2024-01-01'));
    for (const bad of ['', '2024-1-01', '01/02/2024', '2024-01-01x', '2024-00-10', 'abcd-ef-gh'])
      expect(parseIsoDay(bad)).toBeNull();
  });

  test('the columnar log builder grows past its first block', () => {
    const b = createLogBuilder({ amounts: true });
    for (let i = 0; i < 200_000; i++) b.add(`c${i % 1000}`, 19_000 + (i % 300), 1);
    const log = b.build();
    expect(log.length).toBe(200_000);
    expect(log.customerIds.length).toBe(1000);
    const s = summarise(log, { calibrationEnd: 19_299, periodDays: 7 });
    expect(s.customerIds.length).toBe(1000);
  });
});

/** The files hold values rounded to 2 decimals (22.345 may print as 22.34 or 22.35). */
const roundsTo = (exact: number, printed: number) => Math.abs(exact - printed) <= 0.005 + 1e-9;

const transactions = cdnowTransactions();
const published = cdnowSummary();
const frequencies = cdnowFrequencySummary();

describe.skipIf(!transactions || !published || !frequencies)(
  transactions ? 'CDNOW summary (data README convention)' : cdnowMissing,
  () => {
    test('reproduces both published summary files exactly from the transaction log', () => {
      const s = calibrationHoldout(transactions!, {
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
        periodDays: 7,
      });
      expect(s.customerIds.length).toBe(2357);
      const byId = new Map(s.customerIds.map((id, i) => [id, i]));
      let repeatBuyers = 0;
      for (const row of published!) {
        const i = byId.get(row.id)!;
        expect(s.x[i], row.id).toBe(row.x);
        expect(roundsTo(s.tx[i], row.tx), row.id).toBe(true);
        expect(roundsTo(s.T[i], row.T), row.id).toBe(true);
        expect(roundsTo(row.x > 0 ? s.monetary[i] : 0, row.zbar), row.id).toBe(true);
        if (row.x > 0) repeatBuyers++;
      }
      for (const row of frequencies!) {
        const i = byId.get(row.id)!;
        expect([s.x[i], roundsTo(s.tx[i], row.tx), roundsTo(s.T[i], row.T)], row.id).toEqual([row.x, true, true]);
      }
      expect(repeatBuyers).toBe(946);
      expect(s.holdoutPeriods).toBeCloseTo(39, 0);
      expect(s.holdoutX.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  },
);
