// Keeps the KPI roll-ups (kpis.schema.ts: cohorts, purchase activity, month-end MRR) up to date:
// built in full the first time a workspace's matrix, summary or revenue retention is read (or by
// `rebuildCohortRollup`), then, before each read and every minute (job),
// the customers queued in `kpi_cohort_changes` since are taken in — so a read after a purchase, a
// return, a merge or a scoring run that moved tiers is exact. One refresh at a time per workspace
// (an advisory lock); a merge and an erasure take their customers in within their own transaction.
import type { Db } from '../../db/client.ts';
import { lockWorkspace } from '../../db/advisory.ts';
import type { CustomerEraser } from '../../db/customer-data.ts';
import type { Reassigned } from '../../db/reassign.ts';
import type { Ctx } from '../../deps.ts';
import {
  claimChanges,
  clearChanges,
  dropChanges,
  rebuildRollup,
  refreshCustomers,
  rollupStatus,
  workspacesWithChanges,
} from './kpis.rollup.repository.ts';

const LOCK = 'tenure.kpis.cohorts';
/** Customers recomputed per statement. */
const BATCH = 5_000;
/** Past this many changed customers a full rebuild is cheaper than recomputing them one batch at a time. */
const REBUILD_OVER = 200_000;

export type RollupRefresh = { outcome: 'fresh' | 'refreshed' | 'rebuilt'; customers: number };

async function rebuild(tx: Db, workspaceId: string, now: Date): Promise<RollupRefresh> {
  // Emptied first: what was queued before is in the rebuild, which reads after this statement.
  await clearChanges(tx, workspaceId);
  return { outcome: 'rebuilt', customers: await rebuildRollup(tx, workspaceId, now) };
}

/** Rebuilds the workspace's roll-up in full (first build, repair, benchmark). */
export function rebuildCohortRollup(ctx: Ctx, workspaceId: string): Promise<RollupRefresh> {
  return ctx.db.transaction(async (tx) => {
    await lockWorkspace(tx, LOCK, workspaceId, 'exclusive');
    return rebuild(tx, workspaceId, ctx.now());
  });
}

/** Brings the roll-up up to date: nothing to do (one indexed probe), the queued customers, or a full build. */
export async function refreshCohortRollup(ctx: Ctx, workspaceId: string): Promise<RollupRefresh> {
  const before = await rollupStatus(ctx.db, workspaceId);
  if (before.built && !before.pending) return { outcome: 'fresh', customers: 0 };
  return ctx.db.transaction(async (tx) => {
    await lockWorkspace(tx, LOCK, workspaceId, 'exclusive');
    const status = await rollupStatus(tx, workspaceId);
    if (!status.built) return rebuild(tx, workspaceId, ctx.now());
    const ids = await claimChanges(tx, workspaceId);
    if (ids.length > REBUILD_OVER) return rebuild(tx, workspaceId, ctx.now());
    for (let i = 0; i < ids.length; i += BATCH)
      await refreshCustomers(tx, workspaceId, ids.slice(i, i + BATCH), ctx.now());
    return { outcome: ids.length ? 'refreshed' : 'fresh', customers: ids.length };
  });
}

/** The job's pass: every workspace with queued customers refreshed (built, the first time), one after another. */
export async function refreshCohortRollups(
  ctx: Ctx & { signal?: AbortSignal },
  onError: (workspaceId: string, err: unknown) => void,
): Promise<number> {
  let done = 0;
  for (const workspaceId of await workspacesWithChanges(ctx.db)) {
    if (ctx.signal?.aborted) break;
    try {
      await refreshCohortRollup(ctx, workspaceId);
      done++;
    } catch (err) {
      onError(workspaceId, err); // one workspace's failure does not stop the others
    }
  }
  return done;
}

/** Takes some customers in now, inside the caller's transaction, and drops their queued changes. */
async function takeInNow(tx: Db, workspaceId: string, ids: string[], now: Date) {
  await lockWorkspace(tx, LOCK, workspaceId, 'exclusive');
  if ((await rollupStatus(tx, workspaceId)).built) await refreshCustomers(tx, workspaceId, ids, now);
  await dropChanges(tx, workspaceId, ids);
}

/**
 * The kpis domain's part of a customer merge (after commerce moved the transactions): the merged
 * customer's row goes (no transactions left), the survivor's is recomputed with both histories.
 */
export async function reassignCustomer(
  tx: Db,
  workspaceId: string,
  fromId: string,
  toId: string,
  now: Date,
): Promise<Reassigned> {
  await takeInNow(tx, workspaceId, [fromId, toId], now);
  return {};
}

/**
 * Erasure: commerce keeps the transactions under the (now pseudonymous) id, so the customer stays
 * in the cohorts; their row is brought up to date with them and their queued changes go.
 */
export const kpisEraser: CustomerEraser = {
  name: 'kpis',
  erase: (tx, s) => takeInNow(tx, s.workspaceId, [s.customerId], s.now),
};
