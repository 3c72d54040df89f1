// Random ledger operations for property tests (pure and against the database): earn, redeem,
// adjust, compensate, reverse, the passing of time with expiry, and retries of earlier keys.
import fc from 'fast-check';

export type LedgerOp =
  | { t: 'earn'; points: number; pendingDays: number; expiryDays: number | null }
  | { t: 'compensate'; points: number }
  | { t: 'redeem'; points: number }
  | { t: 'adjust'; points: number }
  | { t: 'reverse'; which: number; points: number; claw: boolean }
  | { t: 'advance'; days: number }
  | { t: 'retry'; which: number };

export const ledgerOp: fc.Arbitrary<LedgerOp> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('earn' as const),
      points: fc.integer({ min: 1, max: 500 }),
      pendingDays: fc.constantFrom(0, 0, 3),
      expiryDays: fc.constantFrom(null, 30, 90),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('compensate' as const), points: fc.integer({ min: 1, max: 200 }) }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 600 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('adjust' as const),
      points: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('reverse' as const),
      which: fc.nat(),
      points: fc.integer({ min: 1, max: 500 }),
      claw: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('retry' as const), which: fc.nat() }) },
);

export const ledgerOps = (max = 30) => fc.array(ledgerOp, { minLength: 1, maxLength: max });
