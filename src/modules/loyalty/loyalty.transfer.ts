// Owns the loyalty domain's part of a customer merge: a ledger transfer. The ledger is
// append-only and a lot belongs to the member its credit entry credits, so nothing is rewritten:
// each open lot of the merged member is emptied by a `transfer` debit on its side and reopened on
// the survivor's side by a `transfer` credit with the same points left, earned date (its place in
// first-in first-out order), availability and expiry — pending points stay pending and expiring
// points expire when they would have. A claw-back debt moves too: a `transfer` credit pays the
// merged member's unpaid claw-backs and an `adjust` debit of the same points (paid from the
// survivor's points, or left as debt) takes it on. Balances add up; `checkLedger` holds. The
// merged member's account, entries and lots stay where they are (they pin the customer: the
// history of what happened to that account); its balance is left at zero.
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { type LedgerRequest, postLedger } from './loyalty.ledger.ts';
import { lockAccounts } from './loyalty.accounts.repository.ts';
import { entriesByKeys, openLots } from './loyalty.ledger.repository.ts';
import { moveMemberRows } from './loyalty.transfer.repository.ts';

/** Tables whose rows stay with the merged customer. */
export const mergePinnedTables = ['loyalty_accounts', 'loyalty_entries', 'loyalty_lots'] as const;

export type LedgerTransfer = { lots: number; points: number; debt: number };

/** Moves every point (and any debt) of `fromId`'s account to `toId`'s, in the caller's transaction. */
export async function transferLedger(
  tx: Db,
  ctx: { now: () => Date },
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<LedgerTransfer> {
  const from = (await lockAccounts(tx, workspaceId, [fromId, toId])).find((a) => a.customerId === fromId);
  if (!from) return { lots: 0, points: 0, debt: 0 };
  const lots = (await openLots(tx, workspaceId, [fromId])).get(fromId) ?? [];
  const at = ctx.now();
  const base = { occurredAt: at, kind: 'transfer' as const, reason: 'customer_merge' };
  const requests: LedgerRequest[] = [];
  for (const lot of lots) {
    const breakdown = { mergedCustomerId: fromId, survivorId: toId, lotEntryId: lot.entryId };
    requests.push(
      {
        ...base,
        customerId: fromId,
        key: `transfer-out:${lot.entryId}`,
        breakdown,
        spec: { op: 'expire', lotEntryId: lot.entryId },
      },
      {
        ...base,
        customerId: toId,
        key: `transfer-in:${lot.entryId}`,
        breakdown,
        spec: {
          op: 'credit',
          points: lot.remaining,
          earnedAt: lot.earnedAt,
          availableAt: lot.availableAt,
          expiresAt: lot.expiresAt,
        },
      },
    );
  }
  if (from.debt > 0) {
    const breakdown = { mergedCustomerId: fromId, survivorId: toId, debt: from.debt };
    requests.push(
      {
        ...base,
        customerId: fromId,
        key: `transfer-debt-out:${fromId}`,
        breakdown,
        spec: { op: 'credit', points: from.debt, availableAt: at, expiresAt: null },
      },
      {
        ...base,
        kind: 'adjust',
        customerId: toId,
        key: `transfer-debt-in:${fromId}`,
        breakdown,
        spec: { op: 'debit', points: from.debt, from: 'unexpired', overdraft: 'debt' },
      },
    );
  }
  await postLedger(tx, ctx, workspaceId, requests);
  return { lots: lots.length, points: lots.reduce((s, l) => s + l.remaining, 0), debt: from.debt };
}

/**
 * Where the points of these lots went when their member was merged into another: for each lot
 * that was transferred, the lots that continued it, in order (a survivor merged later moves them
 * again). Found by the transfer's idempotency key (`transfer-in:<lot>`), which is indexed.
 */
export async function continuedLots(tx: Db, workspaceId: string, lotIds: string[]): Promise<Map<string, string[]>> {
  const chains = new Map<string, string[]>();
  let frontier = new Map(lotIds.map((id) => [id, id]));
  while (frontier.size > 0) {
    const found = await entriesByKeys(
      tx,
      workspaceId,
      [...frontier.keys()].map((id) => `transfer-in:${id}`),
    );
    const next = new Map<string, string>();
    for (const e of found) {
      const from = e.idempotencyKey.slice('transfer-in:'.length);
      const origin = frontier.get(from) as string;
      chains.set(origin, [...(chains.get(origin) ?? []), e.id]);
      next.set(e.id, origin);
    }
    frontier = next;
  }
  return chains;
}

/** The loyalty domain's `reassignCustomer`: the ledger transfer, then vouchers and queue items. */
export async function reassignCustomer(
  tx: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
  now: Date,
): Promise<Reassigned> {
  const transfer = await transferLedger(tx, { now: () => now }, workspaceId, fromId, toId);
  return {
    ...(await moveMemberRows(tx, workspaceId, fromId, toId)),
    loyalty_lots_transferred: transfer.lots,
    loyalty_points_transferred: transfer.points,
  };
}
