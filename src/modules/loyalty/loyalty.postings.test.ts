// Property tests of the ledger's bookkeeping over random sequences of earn / redeem / expire /
// reverse / adjust: the balance is the sum of entries and of lots minus debt, spendable never goes
// below zero, redemptions take the oldest points first, expiry empties exactly the expired lots.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ledgerOps } from './loyalty.ops.ts';
import {
  type Allocation,
  applyPostings,
  fifo,
  InsufficientPoints,
  isSpendable,
  isUnexpired,
  type Lot,
  type MemberState,
  type Posting,
  spendable,
} from './loyalty.postings.ts';

const DAY = 86_400_000;
const clone = (s: MemberState): MemberState => ({
  ...s,
  lots: s.lots.map((l) => ({ ...l })),
  unpaid: s.unpaid.map((u) => ({ ...u })),
});

/** The lots a FIFO debit may take from, in the order it must take them. */
function eligibleOrder(lots: Lot[], now: Date, from: 'spendable' | 'unexpired'): Lot[] {
  const sorted = [...lots].sort(fifo);
  const first = sorted.filter((l) => isSpendable(l, now));
  return from === 'spendable'
    ? first
    : [...first, ...sorted.filter((l) => isUnexpired(l, now) && !isSpendable(l, now))];
}

/** Allocations of one debit form a prefix of the eligible order, each lot but the last emptied. */
function expectFifo(
  before: Lot[],
  allocations: Allocation[],
  debitId: string,
  now: Date,
  from: 'spendable' | 'unexpired',
) {
  const mine = allocations.filter((a) => a.debitEntryId === debitId);
  const order = eligibleOrder(before, now, from);
  mine.forEach((a, i) => {
    expect(a.lotEntryId).toBe(order[i].entryId);
    if (i < mine.length - 1) expect(a.points).toBe(order[i].remaining);
  });
}

describe('ledger bookkeeping (pure)', () => {
  test('property: invariants hold after every operation of any sequence', () => {
    fc.assert(
      fc.property(ledgerOps(40), (ops) => {
        let now = new Date('2026-01-01T00:00:00Z');
        const state: MemberState = { customerId: 'm', balance: 0, debt: 0, lots: [], unpaid: [] };
        const entries = new Map<string, number>();
        const allAllocations: Allocation[] = [];
        const credits: string[] = [];
        let seq = 0;
        const id = () => `e${String(++seq).padStart(5, '0')}`;
        const post = (p: Posting) => {
          const { effects, allocations } = applyPostings(state, [p], now);
          for (const e of effects) entries.set(e.entryId, (entries.get(e.entryId) ?? 0) + e.points);
          allAllocations.push(...allocations);
          return { effects, allocations };
        };
        for (const op of ops) {
          if (op.t === 'earn' || op.t === 'compensate') {
            const entryId = id();
            const pendingDays = op.t === 'earn' ? op.pendingDays : 0;
            const expiryDays = op.t === 'earn' ? op.expiryDays : null;
            post({
              op: 'credit',
              entryId,
              points: op.points,
              earnedAt: now,
              availableAt: new Date(now.getTime() + pendingDays * DAY),
              expiresAt: expiryDays ? new Date(now.getTime() + expiryDays * DAY) : null,
            });
            credits.push(entryId);
          } else if (op.t === 'redeem' || (op.t === 'adjust' && op.points < 0)) {
            const amount = Math.abs(op.points);
            const from = op.t === 'redeem' ? 'spendable' : 'unexpired';
            const available = eligibleOrder(state.lots, now, from).reduce((s, l) => s + l.remaining, 0);
            const before = clone(state);
            const debitId = id();
            if (available < amount) {
              expect(() =>
                applyPostings(
                  clone(state),
                  [{ op: 'debit', entryId: debitId, points: amount, from, overdraft: 'reject' }],
                  now,
                ),
              ).toThrow(InsufficientPoints);
              continue;
            }
            const { allocations } = post({ op: 'debit', entryId: debitId, points: amount, from, overdraft: 'reject' });
            expectFifo(before.lots, allocations, debitId, now, from);
            expect(allocations.reduce((s, a) => s + a.points, 0)).toBe(amount);
          } else if (op.t === 'adjust') {
            const entryId = id();
            post({ op: 'credit', entryId, points: op.points, earnedAt: now, availableAt: now, expiresAt: null });
            credits.push(entryId);
          } else if (op.t === 'reverse' && credits.length) {
            const lotId = credits[op.which % credits.length];
            const lot = state.lots.find((l) => l.entryId === lotId) as Lot;
            const before = clone(state);
            const entryId = id();
            const clawId = id();
            const spent = lot.points - lot.remaining;
            const { effects } = post({
              op: 'reverse',
              entryId,
              lotEntryId: lotId,
              points: op.points,
              clawback: op.claw ? { entryId: clawId, clawable: spent } : null,
            });
            const fromLot = 0 - (effects.find((e) => e.entryId === entryId)?.points ?? 0);
            expect(fromLot).toBe(Math.min(op.points, before.lots.find((l) => l.entryId === lotId)?.remaining ?? 0));
            const claw = 0 - (effects.find((e) => e.entryId === clawId)?.points ?? 0);
            expect(claw).toBe(op.claw ? Math.min(op.points - fromLot, spent) : 0);
          } else if (op.t === 'advance') {
            now = new Date(now.getTime() + op.days * DAY);
            for (const lot of [...state.lots].sort(fifo)) {
              if (!lot.expiresAt || lot.expiresAt > now || lot.remaining === 0) continue;
              const left = lot.remaining;
              const entryId = id();
              const { effects } = post({ op: 'expire', entryId, lotEntryId: lot.entryId });
              expect(effects).toEqual([{ entryId, points: -left }]);
              expect(lot.remaining).toBe(0);
            }
          }
          // retries are a database concern (idempotency keys); nothing to do here
          const sum = [...entries.values()].reduce((s, p) => s + p, 0);
          expect(state.balance).toBe(sum);
          expect(state.lots.reduce((s, l) => s + l.remaining, 0) - state.debt).toBe(sum);
          expect(spendable(state, now)).toBeGreaterThanOrEqual(0);
          for (const l of state.lots) {
            expect(l.remaining).toBeGreaterThanOrEqual(0);
            expect(l.points - l.remaining).toBe(
              allAllocations.filter((a) => a.lotEntryId === l.entryId).reduce((s, a) => s + a.points, 0),
            );
          }
          expect(state.debt).toBe(state.unpaid.reduce((s, u) => s + u.unpaid, 0));
          if (state.debt > 0)
            expect(state.lots.filter((l) => isUnexpired(l, now)).reduce((s, l) => s + l.remaining, 0)).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a claw-back beyond the balance becomes a debt that new points pay first', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const state: MemberState = { customerId: 'm', balance: 0, debt: 0, lots: [], unpaid: [] };
    applyPostings(
      state,
      [{ op: 'credit', entryId: 'a', points: 100, earnedAt: now, availableAt: now, expiresAt: null }],
      now,
    );
    applyPostings(state, [{ op: 'debit', entryId: 'r', points: 80, from: 'spendable', overdraft: 'reject' }], now);
    const rev = applyPostings(
      state,
      [{ op: 'reverse', entryId: 'x', lotEntryId: 'a', points: 100, clawback: { entryId: 'c', clawable: 80 } }],
      now,
    );
    expect(rev.effects).toEqual([
      { entryId: 'x', points: -20 },
      { entryId: 'c', points: -80 },
    ]);
    expect(state).toMatchObject({ balance: -80, debt: 80 });
    const paid = applyPostings(
      state,
      [{ op: 'credit', entryId: 'b', points: 50, earnedAt: now, availableAt: now, expiresAt: null }],
      now,
    );
    expect(paid.allocations).toEqual([{ debitEntryId: 'c', lotEntryId: 'b', points: 50 }]);
    expect(state).toMatchObject({ balance: -30, debt: 30 });
    expect(spendable(state, now)).toBe(0);
  });
});
