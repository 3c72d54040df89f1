// Scoring runs span domains: the value engine (analytics) reads revenue and margin from commerce
// and the cost to serve from interactions (contacts), complaints (handling and compensation) and
// loyalty (rewards redeemed). This workflow hands it those domains' declared sources (cost items,
// and the customers with recent activity an incremental run rescores), gives the domains that
// serve by tier (loyalty earning, complaint SLAs) the tier lookup, and after each run marks
// customers lapsed (or no longer lapsed) in the defection register from the new P(alive), and
// recomputes every customer's bond index (the bonds domain reads its inputs through the declared
// sources of interactions, commerce, contracts and loyalty).
import type { Db } from '../db/client.ts';
import type { Ctx, Deps } from '../deps.ts';
import {
  executeRun,
  pAliveScores,
  type RunOutcome,
  scoreNow,
  type ScoringSources,
  tiersOfCustomers,
} from '../modules/analytics/index.ts';
import { complaintActivity, complaintCostItems } from '../modules/complaints/index.ts';
import { scoreBonds } from '../modules/bonds/index.ts';
import { applyLapses, type LapseOutcome } from '../modules/defections/index.ts';
import { interactionActivity, interactionCostItems } from '../modules/interactions/index.ts';
import { redemptionActivity, rewardCostItems } from '../modules/loyalty/index.ts';

export const scoringSources: ScoringSources = {
  costs: [
    { key: 'interaction', items: interactionCostItems },
    { key: 'complaint', items: (ws) => complaintCostItems(ws) },
    { key: 'reward', items: rewardCostItems },
  ],
  activity: [interactionActivity, complaintActivity, redemptionActivity],
};

type LoggedCtx = Ctx & Partial<Pick<Deps, 'log'>>;

const LAPSE_BATCH = 500;

/**
 * Marks lapsed customers from the latest P(alive), in bounded batches by customer id. Idempotent
 * (a repeat changes nothing and announces nothing); a failure here never fails the scoring run.
 */
export async function markLapsedCustomers(ctx: Ctx, workspaceId: string): Promise<LapseOutcome> {
  const total: LapseOutcome = { lapsed: 0, recovered: 0, failed: 0 };
  let after: string | undefined;
  for (;;) {
    const scores = await pAliveScores(ctx.db, workspaceId, { after, limit: LAPSE_BATCH });
    if (!scores.length) break;
    const r = await applyLapses(ctx, workspaceId, scores);
    total.lapsed += r.lapsed;
    total.recovered += r.recovered;
    total.failed += r.failed;
    after = scores.at(-1)?.customerId;
    if (scores.length < LAPSE_BATCH) break;
  }
  return total;
}

async function thenMarkLapsed<T extends RunOutcome | null>(
  ctx: LoggedCtx,
  workspaceId: string,
  outcome: T,
): Promise<T> {
  if (!outcome) return outcome;
  try {
    const r = await markLapsedCustomers(ctx, workspaceId);
    ctx.log?.info({ workspaceId, ...r }, 'lapsed customers marked');
  } catch (err) {
    ctx.log?.warn({ err, workspaceId }, 'marking lapsed customers failed; the next run tries again');
  }
  try {
    const b = await scoreBonds(ctx, workspaceId);
    ctx.log?.info({ workspaceId, ...b }, 'bond indexes computed');
  } catch (err) {
    ctx.log?.warn({ err, workspaceId }, 'computing bond indexes failed; the next run tries again');
  }
  return outcome;
}

/** Scores a workspace now (CLI, demo, scheduled job): full, or incremental since the last run. */
export const scoreWorkspace = async (
  ctx: LoggedCtx,
  workspaceId: string,
  mode: 'full' | 'incremental' = 'full',
  requestedBy: string | null = null,
): Promise<RunOutcome> =>
  thenMarkLapsed(ctx, workspaceId, await scoreNow(ctx, workspaceId, mode, scoringSources, requestedBy));

/** Executes a run queued through the API (the job handler); null when another worker took it. */
export const executeQueuedRun = async (
  ctx: LoggedCtx,
  workspaceId: string,
  runId: string,
): Promise<RunOutcome | null> =>
  thenMarkLapsed(ctx, workspaceId, await executeRun(ctx, workspaceId, runId, scoringSources));

/** Pyramid tiers of some customers, for loyalty's tier multipliers. */
export const pyramidTiersOf = (db: Db, workspaceId: string, customerIds: string[]): Promise<Map<string, string>> =>
  tiersOfCustomers(db, workspaceId, customerIds);

/** One customer's pyramid tier, for the complaint SLA matrix. */
export async function pyramidTierOf(
  db: Db,
  workspaceId: string,
  customerId: string,
): Promise<'platinum' | 'gold' | 'iron' | 'lead' | null> {
  const tier = (await tiersOfCustomers(db, workspaceId, [customerId])).get(customerId);
  return (tier as 'platinum' | 'gold' | 'iron' | 'lead' | undefined) ?? null;
}
