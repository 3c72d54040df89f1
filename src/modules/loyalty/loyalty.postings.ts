// Owns the ledger's bookkeeping as a pure function over one member's state: credits open lots
// (paying any claw-back debt first), debits consume lots first-in first-out (spendable lots
// only for redemptions), expiry empties a lot, a reversal takes back what is left of the lot it
// undoes and claws back the spent part per policy. The database layer loads the state, calls
// this, and writes the effects; property tests drive it directly.

export type Lot = {
  entryId: string;
  points: number;
  remaining: number;
  earnedAt: Date;
  availableAt: Date;
  expiresAt: Date | null;
};
export type Unpaid = { entryId: string; unpaid: number };
export type MemberState = { customerId: string; balance: number; debt: number; lots: Lot[]; unpaid: Unpaid[] };
export type Allocation = { debitEntryId: string; lotEntryId: string; points: number };

export type Posting =
  | { op: 'credit'; entryId: string; points: number; earnedAt: Date; availableAt: Date; expiresAt: Date | null }
  /** `from`: spendable lots only (redemptions) or every unexpired lot, spendable first. `overdraft`: refuse, or leave a debt. */
  | { op: 'debit'; entryId: string; points: number; from: 'spendable' | 'unexpired'; overdraft: 'reject' | 'debt' }
  | { op: 'expire'; entryId: string; lotEntryId: string }
  /** Takes back `points` from a lot; what was spent from it is clawed back (up to `clawable`) as a separate debit. */
  | {
      op: 'reverse';
      entryId: string;
      lotEntryId: string;
      points: number;
      clawback: { entryId: string; clawable: number } | null;
    };

/** Signed points each posting wrote (a reversal may also produce its claw-back entry). */
export type PostingEffect = { entryId: string; points: number; lot?: Lot };

export class InsufficientPoints extends Error {
  override name = 'InsufficientPoints';
  constructor(
    readonly available: number,
    readonly wanted: number,
  ) {
    super(`Only ${available} points are available; ${wanted} are needed`);
  }
}

/** First in, first out: the order lots are spent in. */
export const fifo = (a: Lot, b: Lot) =>
  a.earnedAt.getTime() - b.earnedAt.getTime() || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0);

export const isSpendable = (lot: Lot, now: Date) =>
  lot.remaining > 0 && lot.availableAt <= now && (lot.expiresAt === null || lot.expiresAt > now);
export const isUnexpired = (lot: Lot, now: Date) =>
  lot.remaining > 0 && (lot.expiresAt === null || lot.expiresAt > now);

export const spendable = (state: MemberState, now: Date) =>
  state.lots.reduce((s, l) => s + (isSpendable(l, now) ? l.remaining : 0), 0);
export const pending = (state: MemberState, now: Date) =>
  state.lots.reduce(
    (s, l) =>
      s + (l.remaining > 0 && l.availableAt > now && (l.expiresAt === null || l.expiresAt > now) ? l.remaining : 0),
    0,
  );

function take(lots: Lot[], debitEntryId: string, wanted: number, out: Allocation[]): number {
  let left = wanted;
  for (const lot of lots) {
    if (left === 0) break;
    const n = Math.min(lot.remaining, left);
    if (n === 0) continue;
    lot.remaining -= n;
    left -= n;
    out.push({ debitEntryId, lotEntryId: lot.entryId, points: n });
  }
  return wanted - left;
}

function debit(
  state: MemberState,
  entryId: string,
  points: number,
  from: 'spendable' | 'unexpired',
  overdraft: 'reject' | 'debt',
  now: Date,
  out: Allocation[],
): void {
  const ordered = [...state.lots].sort(fifo);
  const first = ordered.filter((l) => isSpendable(l, now));
  const then = from === 'unexpired' ? ordered.filter((l) => isUnexpired(l, now) && !isSpendable(l, now)) : [];
  const available = [...first, ...then].reduce((s, l) => s + l.remaining, 0);
  if (available < points && overdraft === 'reject') throw new InsufficientPoints(available, points);
  const taken = take(first, entryId, points, out);
  const more = take(then, entryId, points - taken, out);
  const unpaid = points - taken - more;
  if (unpaid > 0) {
    state.debt += unpaid;
    state.unpaid.push({ entryId, unpaid });
  }
  state.balance -= points;
}

/**
 * Applies postings in order to one member's state (mutated) and returns what each wrote and
 * the allocations. Throws InsufficientPoints for a refused debit, leaving the state unusable
 * (the caller discards it with its database transaction).
 */
export function applyPostings(
  state: MemberState,
  postings: Posting[],
  now: Date,
): { effects: PostingEffect[]; allocations: Allocation[] } {
  const effects: PostingEffect[] = [];
  const allocations: Allocation[] = [];
  const lotById = () => new Map(state.lots.map((l) => [l.entryId, l]));
  for (const p of postings) {
    if (p.op === 'credit') {
      const lot: Lot = {
        entryId: p.entryId,
        points: p.points,
        remaining: p.points,
        earnedAt: p.earnedAt,
        availableAt: p.availableAt,
        expiresAt: p.expiresAt,
      };
      // A claw-back debt is paid from new points before they can be spent.
      while (state.debt > 0 && lot.remaining > 0) {
        const owed = state.unpaid[0];
        if (!owed) throw new Error(`member ${state.customerId} has a debt of ${state.debt} but no unpaid debit`);
        const n = Math.min(owed.unpaid, lot.remaining);
        allocations.push({ debitEntryId: owed.entryId, lotEntryId: lot.entryId, points: n });
        owed.unpaid -= n;
        lot.remaining -= n;
        state.debt -= n;
        if (owed.unpaid === 0) state.unpaid.shift();
      }
      state.lots.push(lot);
      state.balance += p.points;
      effects.push({ entryId: p.entryId, points: p.points, lot });
    } else if (p.op === 'debit') {
      debit(state, p.entryId, p.points, p.from, p.overdraft, now, allocations);
      effects.push({ entryId: p.entryId, points: -p.points });
    } else if (p.op === 'expire') {
      const lot = lotById().get(p.lotEntryId);
      if (!lot || lot.remaining === 0) continue;
      allocations.push({ debitEntryId: p.entryId, lotEntryId: lot.entryId, points: lot.remaining });
      state.balance -= lot.remaining;
      effects.push({ entryId: p.entryId, points: -lot.remaining });
      lot.remaining = 0;
    } else {
      const lot = lotById().get(p.lotEntryId);
      const fromLot = Math.min(p.points, lot?.remaining ?? 0);
      if (lot && fromLot > 0) {
        lot.remaining -= fromLot;
        allocations.push({ debitEntryId: p.entryId, lotEntryId: lot.entryId, points: fromLot });
      }
      state.balance -= fromLot;
      effects.push({ entryId: p.entryId, points: 0 - fromLot });
      const claw = p.clawback ? Math.min(p.points - fromLot, p.clawback.clawable) : 0;
      if (p.clawback && claw > 0) {
        debit(state, p.clawback.entryId, claw, 'unexpired', 'debt', now, allocations);
        effects.push({ entryId: p.clawback.entryId, points: -claw });
      }
    }
  }
  return { effects, allocations };
}
