// Scoring runs span domains: the value engine (analytics) reads revenue and margin from commerce
// and the cost to serve from interactions (contacts), complaints (handling and compensation) and
// loyalty (rewards redeemed). This workflow hands it those domains' declared sources (cost items,
// and the customers with recent activity an incremental run rescores), and gives the domains that
// serve by tier (loyalty earning, complaint SLAs) the tier lookup.
import type { Db } from '../db/client.ts';
import type { Ctx, Deps } from '../deps.ts';
import {
  executeRun,
  type RunOutcome,
  scoreNow,
  type ScoringSources,
  tiersOfCustomers,
} from '../modules/analytics/index.ts';
import { complaintActivity, complaintCostItems } from '../modules/complaints/index.ts';
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

/** Scores a workspace now (CLI, demo, scheduled job): full, or incremental since the last run. */
export const scoreWorkspace = (
  ctx: LoggedCtx,
  workspaceId: string,
  mode: 'full' | 'incremental' = 'full',
  requestedBy: string | null = null,
): Promise<RunOutcome> => scoreNow(ctx, workspaceId, mode, scoringSources, requestedBy);

/** Executes a run queued through the API (the job handler); null when another worker took it. */
export const executeQueuedRun = (ctx: LoggedCtx, workspaceId: string, runId: string): Promise<RunOutcome | null> =>
  executeRun(ctx, workspaceId, runId, scoringSources);

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
