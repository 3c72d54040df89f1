// Owns expiry: points left in a lot when it expires leave the balance as one `expire` entry per
// lot (key expire:<lot>), dated at the expiry instant. Bounded batches; safe to run on two
// workers at once (members are locked and lots re-read under the lock; keys dedupe). A lot that
// cannot be expired does not hold up the others: a failed batch is expired again in halves, and
// a lot that fails on its own is logged and tried again by the next run.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { isolateFailures } from '../../lib/isolate.ts';
import { yieldToEventLoop } from '../../lib/yield.ts';
import type { Logger } from '../../logger.ts';
import { recordEvents } from '../events/index.ts';
import { postLedger } from './loyalty.ledger.ts';
import type { Lot } from './loyalty.postings.ts';
import { expiredLots } from './loyalty.ledger.repository.ts';
import { findProgram } from './loyalty.sources.ts';

type LoggedCtx = Ctx & { log?: Logger };
type ExpiredLot = Lot & { customerId: string };

/** Expires one batch; returns the points expired and whether more may be waiting. */
export async function expireBatch(
  ctx: LoggedCtx,
  workspaceId: string,
  limit = 1000,
): Promise<{ lots: number; points: number; more: boolean }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const lots = await expiredLots(tx, workspaceId, ctx.now(), limit);
      return { lots: lots.length, points: await expireLots(tx, ctx, workspaceId, lots), more: lots.length === limit };
    });
  } catch (err) {
    ctx.log?.warn({ err, workspaceId }, 'a loyalty expiry batch failed; expiring its lots in smaller pieces');
    const lots = await expiredLots(ctx.db, workspaceId, ctx.now(), limit);
    const done = { lots: 0, points: 0 };
    await isolateFailures(
      lots,
      async (piece) => {
        done.points += await ctx.db.transaction((tx) => expireLots(tx, ctx, workspaceId, piece));
        done.lots += piece.length;
      },
      async (lot, e) =>
        ctx.log?.error(
          { err: e, workspaceId, customerId: lot.customerId, lotEntryId: lot.entryId },
          'a loyalty lot could not be expired; the next run tries again',
        ),
    );
    // Only lots that failed left: the next run tries them again.
    return { ...done, more: done.lots > 0 && lots.length === limit };
  }
}

/** Posts the expiry of these lots and their events in `tx`; returns the points expired. */
async function expireLots(tx: Db, ctx: LoggedCtx, workspaceId: string, lots: ExpiredLot[]): Promise<number> {
  if (lots.length === 0) return 0;
  const program = await findProgram(tx, workspaceId);
  const results = await postLedger(
    tx,
    ctx,
    workspaceId,
    lots.map((l) => ({
      customerId: l.customerId,
      kind: 'expire' as const,
      key: `expire:${l.entryId}`,
      occurredAt: l.expiresAt as Date,
      spec: { op: 'expire' as const, lotEntryId: l.entryId },
      reason: 'expired',
    })),
  );
  const perMember = new Map<string, number>();
  const lastExpiry = new Map<string, Date>();
  for (const r of results) {
    if (r.status !== 'created' || !r.entry) continue;
    perMember.set(r.entry.customerId, (perMember.get(r.entry.customerId) ?? 0) - r.entry.points);
    if (r.entry.occurredAt > (lastExpiry.get(r.entry.customerId) ?? new Date(0)))
      lastExpiry.set(r.entry.customerId, r.entry.occurredAt);
  }
  const unit = program?.pointsUnit ?? 'points';
  await recordEvents(
    tx,
    ctx,
    workspaceId,
    [...perMember].map(([customerId, points]) => ({
      type: 'loyalty.points_expired',
      customerId,
      summary: `${points} ${unit} expired`,
      payload: { points },
      occurredAt: lastExpiry.get(customerId),
    })),
  );
  return [...perMember.values()].reduce((s, p) => s + p, 0);
}

/** Expires everything due in a workspace, a batch per transaction, up to `maxBatches`. */
export async function runExpiry(
  ctx: LoggedCtx,
  workspaceId: string,
  options: { batchSize?: number; maxBatches?: number; until?: number; signal?: AbortSignal } = {},
): Promise<{ lots: number; points: number }> {
  const total = { lots: 0, points: 0 };
  for (let i = 0; i < (options.maxBatches ?? 100); i++) {
    await yieldToEventLoop();
    if (options.signal?.aborted || (options.until !== undefined && Date.now() >= options.until)) break;
    const r = await expireBatch(ctx, workspaceId, options.batchSize ?? 1000);
    total.lots += r.lots;
    total.points += r.points;
    if (!r.more) break;
  }
  return total;
}
