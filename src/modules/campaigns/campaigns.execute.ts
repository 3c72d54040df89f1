// Owns executing a launched campaign's actions: started once, then worked through by a job in
// batches of members (locked with SKIP LOCKED, so two workers share a campaign). Every action type
// goes set-based for the whole batch — bonus points, tasks, vouchers (campaigns.execute.bulk.ts) and
// messages (campaigns.execute.messages.ts) — in a savepoint per type, retried member by member
// when it fails. Every action's effect
// (an outbox message, a ledger posting, a voucher or a task, each keyed by campaign × customer ×
// action) is written in the same transaction as its execution row: a run killed half-way leaves
// nothing half-done, and a resumed run does each action for each member exactly once. Eligibility
// is checked for each member and action at execution: marketing consent on a reachable channel
// (always), the campaign's frequency cap (messages of all campaigns), quiet hours in the
// customer's time zone (deferred to the next allowed time, not dropped) and open complaints. A
// member whose action throws is recorded as failed with the reason; the batch goes on.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { bulkPoints, bulkTasks, bulkVouchers, executionRow } from './campaigns.execute.bulk.ts';
import { bulkMessages } from './campaigns.execute.messages.ts';
import {
  executionCounts,
  executionsOf,
  failedExecutions,
  lockPendingMembers,
  recordExecutions,
  runningCampaigns,
  withOpenComplaints,
} from './campaigns.execute.repository.ts';
import { type CampaignRow, findCampaign, memberCounts, updateCampaignRow } from './campaigns.repository.ts';
import type { CampaignAction } from './campaigns.types.ts';

export type ExecuteCtx = Ctx & { config: Pick<Config, 'smtp'> };

export const DEFAULT_BATCH = 500;

const actionsPerArm = (c: CampaignRow) => {
  const m = new Map<string, number>();
  for (const a of c.actions) m.set(a.arm, (m.get(a.arm) ?? 0) + 1);
  return m;
};

/** Starts (or restarts after new members were deferred) a launched campaign's execution. */
export async function startExecution(ctx: Ctx, ws: string, id: string) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'launched')
    throw new AppError('conflict', `Only a launched campaign can be executed; this one is ${campaign.status}`);
  if (campaign.actions.length === 0) throw new AppError('conflict', 'The campaign has no actions to execute');
  if (campaign.executionStatus !== 'running')
    await updateCampaignRow(ctx.db, ws, id, 'launched', { executionStatus: 'running', updatedAt: ctx.now() });
  return executionProgress(ctx, ws, id);
}

/**
 * One batch: up to `limit` members with work left, each action done, skipped, deferred or failed
 * and recorded. Marks the execution done when nothing is left (deferred rows keep it running).
 */
export async function runExecutionBatch(
  ctx: ExecuteCtx,
  ws: string,
  id: string,
  options: { limit?: number } = {},
): Promise<{ members: number; more: boolean }> {
  const limit = options.limit ?? DEFAULT_BATCH;
  const result = await ctx.db.transaction(async (tx) => {
    const campaign = await findCampaign(tx, ws, id);
    if (!campaign || campaign.executionStatus !== 'running' || campaign.status !== 'launched')
      return { members: 0, more: false, campaign };
    const now = ctx.now();
    const perArm = actionsPerArm(campaign);
    const members = await lockPendingMembers(tx, ws, id, perArm, now, limit);
    const ids = members.map((m) => m.customerId);
    const existing = new Map<string, Set<string>>();
    for (const e of await executionsOf(tx, ws, id, ids))
      if (e.status !== 'deferred' || (e.notBefore && e.notBefore > now))
        existing.set(e.customerId, (existing.get(e.customerId) ?? new Set()).add(e.actionKey));
    const complaints = campaign.eligibility.excludeOpenComplaints
      ? await withOpenComplaints(tx, ws, ids, now)
      : new Set<string>();
    const todoOf = new Map(
      members.map((member) => [
        member.customerId,
        campaign.actions.filter((a) => a.arm === member.arm && !existing.get(member.customerId)?.has(a.key)),
      ]),
    );
    // Members with an open complaint (when excluded) get nothing; the rest set-based per action type.
    const excluded = (id: string) => campaign.eligibility.excludeOpenComplaints && complaints.has(id);
    const setBased = <T extends CampaignAction['type']>(type: T) =>
      members.flatMap((member) =>
        excluded(member.customerId)
          ? []
          : todoOf
              .get(member.customerId)!
              .filter((a): a is Extract<CampaignAction, { type: T }> => a.type === type)
              .map((action) => ({ member, action })),
      );
    const scope = { tx, ctx, ws, campaign };
    await bulkPoints(scope, setBased('points'));
    await bulkTasks(scope, setBased('task'));
    const messages = setBased('message');
    if (messages.length > 0)
      await bulkMessages({ ...scope, workspace: await getWorkspace({ db: tx, now: ctx.now }, ws) }, messages);
    await bulkVouchers(scope, setBased('voucher'));
    await recordExecutions(
      tx,
      members
        .filter((member) => excluded(member.customerId))
        .flatMap((member) =>
          todoOf
            .get(member.customerId)!
            .map((action) =>
              executionRow(ctx, ws, campaign, { member, action }, { status: 'skipped', reason: 'open_complaint' }),
            ),
        ),
    );
    return { members: members.length, more: members.length === limit, campaign };
  });
  if (!result.more && result.campaign?.executionStatus === 'running' && result.campaign.status === 'launched') {
    const left = await executionCounts(ctx.db, ws, id);
    const deferred = left.some((r) => r.status === 'deferred');
    const total = await expectedTotal(ctx.db, ws, result.campaign);
    const recorded = left.reduce((s, r) => s + r.n, 0);
    if (!deferred && recorded >= total)
      await updateCampaignRow(ctx.db, ws, id, 'launched', { executionStatus: 'done', updatedAt: ctx.now() });
  }
  return { members: result.members, more: result.more };
}

async function expectedTotal(db: Db, ws: string, campaign: CampaignRow) {
  const counts = await memberCounts(db, ws, campaign.id);
  let total = 0;
  for (const [arm, n] of actionsPerArm(campaign)) total += n * (counts.get(arm) ?? 0);
  return total;
}

export async function executionProgress(ctx: Ctx, ws: string, id: string) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  const rows = await executionCounts(ctx.db, ws, id);
  const total = campaign.status === 'draft' ? 0 : await expectedTotal(ctx.db, ws, campaign);
  const sum = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + r.n, 0);
  const byReason = (s: string) => {
    const out: Record<string, number> = {};
    for (const r of rows.filter((x) => x.status === s))
      out[r.reason ?? 'unknown'] = (out[r.reason ?? 'unknown'] ?? 0) + r.n;
    return out;
  };
  const costMinorByArm: Record<string, number> = {};
  for (const r of rows) if (r.status === 'done') costMinorByArm[r.arm] = (costMinorByArm[r.arm] ?? 0) + r.cost;
  const recorded = rows.reduce((a, r) => a + r.n, 0);
  const members = campaign.status === 'draft' ? new Map<string, number>() : await memberCounts(ctx.db, ws, id);
  const byAction = campaign.actions.map((a) => {
    const own = rows.filter((r) => r.actionKey === a.key);
    const n = (s: string) => own.filter((r) => r.status === s).reduce((x, r) => x + r.n, 0);
    const skippedByReason: Record<string, number> = {};
    for (const r of own.filter((x) => x.status === 'skipped'))
      skippedByReason[r.reason ?? 'unknown'] = (skippedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
    const total = members.get(a.arm) ?? 0;
    const seen = own.reduce((x, r) => x + r.n, 0);
    return {
      actionKey: a.key,
      arm: a.arm,
      total,
      done: n('done'),
      skipped: n('skipped'),
      failed: n('failed'),
      deferred: n('deferred'),
      pending: Math.max(0, total - seen),
      skippedByReason,
    };
  });
  return {
    status: campaign.executionStatus,
    total,
    done: sum('done'),
    failed: sum('failed'),
    deferred: sum('deferred'),
    skipped: sum('skipped'),
    pending: Math.max(0, total - recorded),
    skippedByReason: byReason('skipped'),
    failedByReason: byReason('failed'),
    costMinorByArm,
    failures: await failedExecutions(ctx.db, ws, id, 20),
    byAction,
  };
}

/** The job's pass: one batch of each running campaign (a few at a time). */
export async function runDueExecutions(ctx: ExecuteCtx, options: { limit?: number } = {}) {
  let more = false;
  for (const c of await runningCampaigns(ctx.db, 20)) {
    const r = await runExecutionBatch(ctx, c.workspaceId, c.id, options);
    more ||= r.more;
  }
  return { more };
}
