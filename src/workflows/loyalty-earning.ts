// Earning points from purchases spans commerce (the transactions), customers (tags), the value
// engine (pyramid tiers) and loyalty (the ledger). A statement-level trigger records each
// inserting statement's id range in `loyalty_earn_queue`, in the same database transaction as the
// insert; this workflow works through the ranges in bounded batches — ranges claimed with SKIP
// LOCKED, their transactions earned and the ranges advanced in one transaction — so any number of
// workers may run, nothing is missed, and every transaction earns exactly once (its entry key
// earn:<transaction id> makes covering a transaction twice harmless).
//
// One bad transaction must not stop the queue: when a batch fails, its ranges are worked through
// again in smaller transactions until the one that fails on its own is found; it is moved to a
// queue row of its own with the error, retried a few times, then parked for an admin (the
// loyalty routes list, retry and dismiss parked transactions). Everything else goes on earning.
import type { Db } from '../db/client.ts';
import type { Ctx, Deps } from '../deps.ts';
import { failureText, isTransient } from '../lib/failure.ts';
import { yieldToEventLoop } from '../lib/yield.ts';
import { type EarningFactRow, earningFacts, transactionIdRange } from '../modules/commerce/index.ts';
import { customerTags } from '../modules/customers/index.ts';
import {
  advanceRange,
  applyEarnings,
  claimRange,
  claimRanges,
  enqueueAll,
  type QueuedRange,
  recordFailure,
  requeue,
  type TierLookup,
  workspacesWithQueue,
} from '../modules/loyalty/index.ts';
import { holdOffMerges } from './merge-customers.ts';
import { pyramidTiersOf } from './score-customers.ts';

/**
 * Where pyramid tiers come from: the value engine's latest scores (read in the earning
 * transaction), so a tier multiplier applies from the first purchase after a run places a customer.
 */
export const pyramidTierLookup: TierLookup = pyramidTiersOf;

/**
 * Queues every transaction of the workspace to earn (`tenure loyalty backfill`): one range over
 * commerce's transaction ids; returns how many it covers.
 */
export const backfillEarning = (db: Db, workspaceId: string): Promise<number> =>
  enqueueAll(db, workspaceId, transactionIdRange(workspaceId));

export const EARN_BATCH = 500;
const RETRY_RETURN_AFTER_MS = 60_000;
const RANGES_PER_BATCH = 20;
/** Failures of one transaction on its own before it is parked; the waits between tries (a passing fault, e.g. a deadlock, heals). */
export const EARN_ATTEMPTS = 3;
const RETRY_FAILED_AFTER_MS = [60_000, 5 * 60_000];

type LoggedCtx = Ctx & Partial<Pick<Deps, 'log'>>;
type Options = {
  workspaceId?: string;
  batchSize?: number;
  maxBatches?: number;
  tierOf?: TierLookup;
  until?: number;
  signal?: AbortSignal;
};
/** `failed`: transactions that failed on their own in this run (tried again later, or parked). */
export type EarningRun = {
  transactions: number;
  earned: number;
  reversed: number;
  deferred: number;
  failed: number;
  batches: number;
};
type Tally = Pick<EarningRun, 'earned' | 'reversed' | 'deferred'>;

const emptyRun = (): EarningRun => ({ transactions: 0, earned: 0, reversed: 0, deferred: 0, failed: 0, batches: 0 });
const addTally = (run: EarningRun, t: Tally) => {
  run.earned += t.earned;
  run.reversed += t.reversed;
  run.deferred += t.deferred;
};

/** Works through up to `maxBatches` batches of at most `batchSize` transactions; returns what it did. */
export async function runLoyaltyEarning(deps: LoggedCtx, options: Options = {}): Promise<EarningRun> {
  const run = emptyRun();
  const batchSize = options.batchSize ?? EARN_BATCH;
  const tierOf = options.tierOf ?? pyramidTierLookup;
  // Stop between batches when out of time (a scheduled run leaves the rest to the next) or asked to.
  const stop = () => options.signal?.aborted === true || (options.until !== undefined && Date.now() >= options.until);
  for (let i = 0; i < (options.maxBatches ?? 200); i++) {
    await yieldToEventLoop();
    if (stop()) break;
    const claimed: QueuedRange[] = [];
    let seen: { ranges: number; transactions: number };
    try {
      const batch = await deps.db.transaction(async (tx) => {
        const ranges = await claimRanges(tx, options.workspaceId, deps.now(), RANGES_PER_BATCH);
        claimed.push(...ranges);
        const tally: Tally = { earned: 0, reversed: 0, deferred: 0 };
        let budget = batchSize;
        for (const range of ranges) {
          if (budget <= 0) break;
          await holdOffMerges(tx, range.workspaceId);
          const facts = await earningFacts(
            tx,
            range.workspaceId,
            { fromId: range.fromTransactionId, toId: range.toTransactionId },
            budget,
          );
          // A full chunk may have more after it: the range continues after its last id.
          await advanceRange(tx, range, facts.length === budget ? (facts.at(-1)?.id ?? null) : null);
          budget -= facts.length;
          await earnFor(
            tx,
            deps,
            range.workspaceId,
            facts,
            tierOf,
            ranges.map((r) => r.id),
            tally,
          );
        }
        return { ranges: ranges.length, transactions: batchSize - budget, tally };
      });
      addTally(run, batch.tally);
      seen = batch;
    } catch (err) {
      if (claimed.length === 0) throw err; // nothing was claimed: no transaction is to blame
      deps.log?.warn(
        { err, ranges: claimed.length },
        'a loyalty earning batch failed; working through it in smaller pieces',
      );
      seen = { ranges: claimed.length, transactions: await isolate(deps, claimed, batchSize, tierOf, run, stop) };
    }
    if (seen.ranges === 0) break;
    run.batches++;
    run.transactions += seen.transactions;
  }
  return run;
}

/**
 * After a failed batch: each of its ranges again, in transactions that halve after a failure and
 * double after a success, so the transactions around a bad one earn and the bad one, met alone,
 * is set aside. Returns the transactions seen. A failure before any transaction was read, or a
 * transient one (connection, deadlock), is not an item's fault and is thrown.
 */
async function isolate(
  deps: LoggedCtx,
  claimed: QueuedRange[],
  batchSize: number,
  tierOf: TierLookup,
  run: EarningRun,
  stop: () => boolean,
): Promise<number> {
  let seen = 0;
  let size = Math.max(1, Math.floor(batchSize / 2));
  for (const queued of claimed) {
    while (seen < batchSize && !stop()) {
      const limit = Math.min(size, batchSize - seen);
      const attempt: { range?: QueuedRange; facts: EarningFactRow[] } = { facts: [] };
      try {
        const done = await deps.db.transaction(async (tx) => {
          const tally: Tally = { earned: 0, reversed: 0, deferred: 0 };
          const range = await claimRange(tx, queued, deps.now());
          if (!range) return { count: 0, finished: true, tally }; // done, or another worker has it
          attempt.range = range;
          await holdOffMerges(tx, range.workspaceId);
          attempt.facts = await earningFacts(
            tx,
            range.workspaceId,
            { fromId: range.fromTransactionId, toId: range.toTransactionId },
            limit,
          );
          await advanceRange(tx, range, attempt.facts.length === limit ? (attempt.facts.at(-1)?.id ?? null) : null);
          await earnFor(tx, deps, range.workspaceId, attempt.facts, tierOf, [range.id], tally);
          return { count: attempt.facts.length, finished: attempt.facts.length < limit, tally };
        });
        addTally(run, done.tally);
        seen += done.count;
        if (done.finished) break;
        size = Math.min(size * 2, batchSize);
      } catch (err) {
        const [first] = attempt.facts;
        // Not a transaction's fault: the database itself (nothing read yet), or a lost connection or deadlock.
        if (!attempt.range || !first || isTransient(err)) throw err;
        if (attempt.facts.length > 1) {
          size = Math.ceil(attempt.facts.length / 2);
          continue;
        }
        await setAside(deps, attempt.range, first, err, run);
        seen++;
      }
    }
  }
  return seen;
}

/** A transaction that failed on its own: its own queue row with the error, tried again later or parked. */
async function setAside(
  deps: LoggedCtx,
  range: QueuedRange,
  fact: EarningFactRow,
  err: unknown,
  run: EarningRun,
): Promise<void> {
  const at = deps.now();
  const retryAt = (attempts: number) =>
    attempts >= EARN_ATTEMPTS
      ? null
      : new Date(at.getTime() + RETRY_FAILED_AFTER_MS[Math.min(attempts, RETRY_FAILED_AFTER_MS.length) - 1]);
  const failure = { transactionId: fact.id, customerId: fact.customerId, error: failureText(err), at };
  const outcome = await deps.db.transaction((tx) => recordFailure(tx, range, failure, retryAt));
  if (!outcome) return; // another worker moved the range on meanwhile
  run.failed++;
  const where = { err, workspaceId: range.workspaceId, transactionId: fact.id, attempts: outcome.attempts };
  if (outcome.parked)
    deps.log?.error(
      where,
      'a transaction failed to earn loyalty points and was parked; an admin can retry or dismiss it',
    );
  else deps.log?.warn(where, 'a transaction failed to earn loyalty points; it will be tried again');
}

async function earnFor(
  tx: Db,
  deps: Pick<Deps, 'now'>,
  workspaceId: string,
  rows: EarningFactRow[],
  tierOf: TierLookup,
  claimed: string[],
  tally: Tally,
) {
  const outcome = await applyEarnings(
    tx,
    { db: tx, now: deps.now },
    workspaceId,
    rows,
    { tierOf, tagsOf: customerTags },
    claimed,
  );
  await requeue(tx, workspaceId, outcome.deferred, new Date(deps.now().getTime() + RETRY_RETURN_AFTER_MS));
  await requeue(tx, workspaceId, outcome.again, null);
  tally.earned += outcome.earned;
  tally.reversed += outcome.reversed;
  tally.deferred += outcome.deferred.length;
}

/**
 * Every workspace with queued transactions (the scheduled run). A workspace whose run fails
 * outright (not one transaction: those are set aside) does not stop the others; the first such
 * failure is thrown at the end, so the job is marked failed.
 */
export async function runLoyaltyEarningEverywhere(
  deps: LoggedCtx,
  options: Omit<Options, 'workspaceId' | 'batchSize'> = {},
): Promise<EarningRun> {
  const total = emptyRun();
  let failure: unknown;
  for (const workspaceId of await workspacesWithQueue(deps.db, deps.now())) {
    try {
      const r = await runLoyaltyEarning(deps, { ...options, workspaceId });
      for (const k of Object.keys(total) as (keyof EarningRun)[]) total[k] += r[k];
    } catch (err) {
      deps.log?.error({ err, workspaceId }, 'loyalty earning failed for a workspace');
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
  return total;
}

/** Asks a worker to earn soon (after transaction writes or an import); at most one job per workspace per 5 s. */
export async function requestLoyaltyEarning(
  deps: Pick<Deps, 'jobs' | 'now' | 'log'>,
  workspaceId: string,
): Promise<void> {
  if (!deps.jobs) return;
  const bucket = Math.floor(deps.now().getTime() / 5000);
  await deps.jobs
    .send('loyalty.earn', { workspaceId }, { dedupeKey: `${workspaceId}:${bucket}` })
    .catch((err) => deps.log.warn({ err }, 'could not queue loyalty earning'));
}
