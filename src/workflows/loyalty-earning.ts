// Earning points from purchases spans commerce (the transactions), customers (tags), the value
// engine (pyramid tiers) and loyalty (the ledger). A statement-level trigger records each
// inserting statement's id range in `loyalty_earn_queue`, in the same database transaction as the
// insert; this workflow works through the ranges in bounded batches — ranges claimed with SKIP
// LOCKED, their transactions earned and the ranges advanced in one transaction — so any number of
// workers may run, nothing is missed, and every transaction earns exactly once (its entry key
// earn:<transaction id> makes covering a transaction twice harmless).
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { yieldToEventLoop } from '../lib/yield.ts';
import { earningFacts } from '../modules/commerce/index.ts';
import { customerTags } from '../modules/customers/index.ts';
import { advanceRange, applyEarnings, claimRanges, requeue, type TierLookup, workspacesWithQueue } from '../modules/loyalty/index.ts';
import { pyramidTiersOf } from './score-customers.ts';

/**
 * Where pyramid tiers come from: the value engine's latest scores (read in the earning
 * transaction), so a tier multiplier applies from the first purchase after a run places a customer.
 */
export const pyramidTierLookup: TierLookup = pyramidTiersOf;

export const EARN_BATCH = 500;
const RETRY_RETURN_AFTER_MS = 60_000;
const RANGES_PER_BATCH = 20;

export type EarningRun = { transactions: number; earned: number; reversed: number; deferred: number; batches: number };

/** Works through up to `maxBatches` batches of at most `batchSize` transactions; returns what it did. */
export async function runLoyaltyEarning(
  deps: Pick<Deps, 'db' | 'now'>,
  options: { workspaceId?: string; batchSize?: number; maxBatches?: number; tierOf?: TierLookup; until?: number; signal?: AbortSignal } = {},
): Promise<EarningRun> {
  const run: EarningRun = { transactions: 0, earned: 0, reversed: 0, deferred: 0, batches: 0 };
  const batchSize = options.batchSize ?? EARN_BATCH;
  const tierOf = options.tierOf ?? pyramidTierLookup;
  for (let i = 0; i < (options.maxBatches ?? 200); i++) {
    // Stop between batches when out of time (a scheduled run leaves the rest to the next) or asked to.
    await yieldToEventLoop();
    if (options.signal?.aborted || (options.until !== undefined && Date.now() >= options.until)) break;
    const seen = await deps.db.transaction(async (tx) => {
      const ranges = await claimRanges(tx, options.workspaceId, deps.now(), RANGES_PER_BATCH);
      let budget = batchSize;
      let seenHere = 0;
      for (const range of ranges) {
        if (budget <= 0) break;
        const facts = await earningFacts(tx, range.workspaceId, { fromId: range.fromTransactionId, toId: range.toTransactionId }, budget);
        // A full chunk may have more after it: the range continues after its last id.
        await advanceRange(tx, range, facts.length === budget ? (facts.at(-1)?.id ?? null) : null);
        budget -= facts.length;
        seenHere += facts.length;
        await earnFor(tx, deps, range.workspaceId, facts, tierOf, ranges.map((r) => r.id), run);
      }
      return { ranges: ranges.length, transactions: seenHere };
    });
    if (seen.ranges === 0) break;
    run.batches++;
    run.transactions += seen.transactions;
  }
  return run;
}

async function earnFor(tx: Db, deps: Pick<Deps, 'now'>, workspaceId: string, rows: Awaited<ReturnType<typeof earningFacts>>, tierOf: TierLookup, claimed: string[], run: EarningRun) {
  const facts = rows.map((r) => ({ transactionId: r.id, customerId: r.customerId, kind: r.kind, originalTransactionId: r.originalTransactionId, occurredAt: r.occurredAt, channel: r.channel, lines: r.lines }));
  const outcome = await applyEarnings(tx, { db: tx, now: deps.now }, workspaceId, facts, { tierOf, tagsOf: customerTags }, claimed);
  await requeue(tx, workspaceId, outcome.deferred, new Date(deps.now().getTime() + RETRY_RETURN_AFTER_MS));
  await requeue(tx, workspaceId, outcome.again, null);
  run.earned += outcome.earned;
  run.reversed += outcome.reversed;
  run.deferred += outcome.deferred.length;
}

/** Every workspace with queued transactions (the scheduled run). */
export async function runLoyaltyEarningEverywhere(deps: Pick<Deps, 'db' | 'now'>, options: { maxBatches?: number; tierOf?: TierLookup; until?: number; signal?: AbortSignal } = {}): Promise<EarningRun> {
  const total: EarningRun = { transactions: 0, earned: 0, reversed: 0, deferred: 0, batches: 0 };
  for (const workspaceId of await workspacesWithQueue(deps.db, deps.now())) {
    const r = await runLoyaltyEarning(deps, { ...options, workspaceId });
    for (const k of Object.keys(total) as (keyof EarningRun)[]) total[k] += r[k];
  }
  return total;
}

/** Asks a worker to earn soon (after transaction writes or an import); at most one job per workspace per 5 s. */
export async function requestLoyaltyEarning(deps: Pick<Deps, 'jobs' | 'now' | 'log'>, workspaceId: string): Promise<void> {
  if (!deps.jobs) return;
  const bucket = Math.floor(deps.now().getTime() / 5000);
  await deps.jobs.send('loyalty.earn', { workspaceId }, { dedupeKey: `${workspaceId}:${bucket}` }).catch((err) => deps.log.warn({ err }, 'could not queue loyalty earning'));
}
