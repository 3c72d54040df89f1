// Owns posting to the ledger: any number of entries for any number of members in the caller's
// database transaction. Members' account rows are locked first (SELECT … FOR UPDATE, in id
// order), then idempotency keys are checked (a key seen before returns its first entry and
// writes nothing), then the pure bookkeeping runs and its effects are written in bulk.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { applyPostings, InsufficientPoints, type Lot, type MemberState, type Posting } from './loyalty.postings.ts';
import { type EntryInsert, type EntryRow } from './loyalty.repository.ts';
import { entriesByKeys, lotsByIds, openLots, unpaidDebits, writeLedgerEffects } from './loyalty.ledger.repository.ts';
import { lockOrEnrol } from './loyalty.accounts.repository.ts';
import type { EntryKind } from './loyalty.schema.ts';

export type PostingSpec =
  /** `earnedAt`: the lot's place in first-in first-out order; the entry's date unless given (a transferred lot keeps its own). */
  | { op: 'credit'; points: number; availableAt: Date; expiresAt: Date | null; earnedAt?: Date }
  | { op: 'debit'; points: number; from: 'spendable' | 'unexpired'; overdraft: 'reject' | 'debt' }
  | { op: 'expire'; lotEntryId: string }
  | {
      op: 'reverse';
      lotEntryId: string;
      points: number;
      clawback: { key: string; clawable: number; breakdown?: Record<string, unknown> } | null;
    };

export type LedgerRequest = {
  customerId: string;
  kind: EntryKind;
  key: string;
  occurredAt: Date;
  spec: PostingSpec;
  transactionId?: string | null;
  reversesEntryId?: string | null;
  redemptionId?: string | null;
  spendMinor?: number | null;
  reason?: string | null;
  breakdown?: Record<string, unknown> | null;
  actor?: string | null;
};

export type LedgerResult = {
  key: string;
  /** existing: the key was posted before (nothing written); skipped: nothing to do (e.g. an empty lot). */
  status: 'created' | 'existing' | 'skipped';
  entry?: EntryRow;
  /** A reversal's claw-back entry, when one was written. */
  clawback?: EntryRow;
};

type ClockCtx = Pick<Ctx, 'now'>;

/** Posts requests in order; throws (rolling back the caller's transaction) on a refused debit. */
export async function postLedger(
  tx: Db,
  ctx: ClockCtx,
  workspaceId: string,
  requests: LedgerRequest[],
): Promise<LedgerResult[]> {
  if (requests.length === 0) return [];
  const now = ctx.now();
  const customerIds = [...new Set(requests.map((r) => r.customerId))].sort();
  const accounts = new Map((await lockOrEnrol(tx, workspaceId, customerIds, now)).map((a) => [a.customerId, a]));

  const keys = requests.flatMap((r) =>
    r.spec.op === 'reverse' && r.spec.clawback ? [r.key, r.spec.clawback.key] : [r.key],
  );
  const existing = new Map((await entriesByKeys(tx, workspaceId, keys)).map((e) => [e.idempotencyKey, e]));
  const fresh = requests.filter((r) => !existing.has(r.key));
  for (const r of requests) {
    const prior = existing.get(r.key);
    if (prior && (prior.customerId !== r.customerId || prior.kind !== r.kind)) {
      throw new AppError(
        'idempotency_conflict',
        `The idempotency key "${r.key}" was used for a different ${prior.customerId !== r.customerId ? 'member' : 'kind of entry'}`,
      );
    }
  }

  // Load only what the bookkeeping needs: open lots where points leave, lots being expired or
  // reversed, and unpaid debits where a debt exists.
  const debitors = new Set(
    fresh.filter((r) => r.spec.op === 'debit' || r.spec.op === 'reverse').map((r) => r.customerId),
  );
  for (const [id, a] of accounts) if (a.debt > 0) debitors.add(id);
  const lotIds = fresh.flatMap((r) => (r.spec.op === 'expire' || r.spec.op === 'reverse' ? [r.spec.lotEntryId] : []));
  // One connection per transaction: queries run one after another.
  const open = await openLots(tx, workspaceId, [...debitors]);
  const named = await lotsByIds(tx, workspaceId, lotIds);
  const unpaid = await unpaidDebits(
    tx,
    workspaceId,
    customerIds.filter((id) => (accounts.get(id)?.debt ?? 0) > 0),
  );
  const states = new Map<string, MemberState>();
  const before = new Map<string, number>();
  for (const id of customerIds) {
    const account = accounts.get(id);
    if (!account) throw new Error(`loyalty account ${id} missing after enrolment`);
    const lots: Lot[] = [...(open.get(id) ?? [])];
    for (const l of named) if (l.customerId === id && !lots.some((x) => x.entryId === l.entryId)) lots.push(l);
    for (const l of lots) before.set(l.entryId, l.remaining);
    states.set(id, {
      customerId: id,
      balance: account.balance,
      debt: account.debt,
      lots,
      unpaid: unpaid.get(id) ?? [],
    });
  }

  const rows: EntryInsert[] = [];
  const results: LedgerResult[] = [];
  const newLots: { lot: Lot; customerId: string }[] = [];
  const allocations: { debitEntryId: string; lotEntryId: string; points: number }[] = [];
  const posted = new Set<string>();
  for (const r of requests) {
    const prior = existing.get(r.key);
    if (prior || posted.has(r.key)) {
      results.push({
        key: r.key,
        status: 'existing',
        entry: prior ?? (rows.find((x) => x.idempotencyKey === r.key) as EntryRow),
      });
      continue;
    }
    const state = states.get(r.customerId) as MemberState;
    const entryId = newId();
    const clawbackId = newId();
    const posting: Posting =
      r.spec.op === 'credit'
        ? {
            op: 'credit',
            entryId,
            points: r.spec.points,
            earnedAt: r.spec.earnedAt ?? r.occurredAt,
            availableAt: r.spec.availableAt,
            expiresAt: r.spec.expiresAt,
          }
        : r.spec.op === 'debit'
          ? { op: 'debit', entryId, points: r.spec.points, from: r.spec.from, overdraft: r.spec.overdraft }
          : r.spec.op === 'expire'
            ? { op: 'expire', entryId, lotEntryId: r.spec.lotEntryId }
            : {
                op: 'reverse',
                entryId,
                lotEntryId: r.spec.lotEntryId,
                points: r.spec.points,
                clawback:
                  r.spec.clawback && !existing.has(r.spec.clawback.key)
                    ? { entryId: clawbackId, clawable: r.spec.clawback.clawable }
                    : null,
              };
    let applied: ReturnType<typeof applyPostings>;
    try {
      applied = applyPostings(state, [posting], now);
    } catch (err) {
      if (err instanceof InsufficientPoints) throw new AppError('insufficient_points', err.message);
      throw err;
    }
    allocations.push(...applied.allocations);
    const main = applied.effects.find((e) => e.entryId === entryId);
    if (!main) {
      results.push({ key: r.key, status: 'skipped' });
      continue;
    }
    const base = {
      workspaceId,
      customerId: r.customerId,
      occurredAt: r.occurredAt,
      transactionId: r.transactionId ?? null,
      redemptionId: r.redemptionId ?? null,
      actor: r.actor ?? null,
      createdAt: now,
    };
    const row: EntryInsert = {
      ...base,
      id: entryId,
      kind: r.kind,
      points: main.points,
      idempotencyKey: r.key,
      reversesEntryId: r.reversesEntryId ?? null,
      spendMinor: r.spendMinor ?? null,
      reason: r.reason ?? null,
      breakdown: r.breakdown ?? null,
    };
    rows.push(row);
    posted.add(r.key);
    if (main.lot) newLots.push({ lot: main.lot, customerId: r.customerId });
    const result: LedgerResult = { key: r.key, status: 'created', entry: row as EntryRow };
    const claw = applied.effects.find((e) => e.entryId === clawbackId);
    if (claw && r.spec.op === 'reverse' && r.spec.clawback) {
      const clawRow: EntryInsert = {
        ...base,
        id: clawbackId,
        kind: 'adjust',
        points: claw.points,
        idempotencyKey: r.spec.clawback.key,
        reversesEntryId: r.spec.lotEntryId,
        reason: 'clawback',
        breakdown: r.spec.clawback.breakdown ?? null,
      };
      rows.push(clawRow);
      result.clawback = clawRow as EntryRow;
    }
    results.push(result);
  }

  const newLotIds = new Set(newLots.map((l) => l.lot.entryId));
  const inserted = await writeLedgerEffects(tx, workspaceId, now, {
    entries: rows,
    lots: newLots.map(({ lot, customerId }) => ({
      workspaceId,
      entryId: lot.entryId,
      customerId,
      points: lot.points,
      remaining: lot.remaining,
      earnedAt: lot.earnedAt,
      availableAt: lot.availableAt,
      expiresAt: lot.expiresAt,
    })),
    lotUpdates: [...states.values()].flatMap((s) =>
      s.lots
        .filter((l) => !newLotIds.has(l.entryId) && before.get(l.entryId) !== l.remaining)
        .map((l) => ({ entryId: l.entryId, remaining: l.remaining })),
    ),
    allocations,
    accounts: [...states.values()]
      .filter((s) => s.balance !== accounts.get(s.customerId)?.balance || s.debt !== accounts.get(s.customerId)?.debt)
      .map((s) => ({ customerId: s.customerId, balance: s.balance, debt: s.debt })),
  });
  if (inserted !== rows.length) {
    // Only possible when the same key was posted for another member at the same instant.
    throw new AppError(
      'idempotency_conflict',
      'An idempotency key in this request was used concurrently by another posting; retry',
    );
  }
  return results;
}
