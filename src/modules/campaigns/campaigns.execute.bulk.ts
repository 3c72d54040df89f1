// Owns the set-based fast paths of an execution batch: every member's bonus points in one ledger
// posting, every member's task in one insert (tasks' batch creation, keyed per campaign × customer
// × action), every member's voucher of a reward in one insert (loyalty's `giveRewardsInTx`, keyed
// the same way), each with the execution rows in the same savepoint. A fast path that fails rolls back
// whole and is retried item by item, so one bad member fails alone, recorded with the reason.
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { addDays } from '../../lib/dates.ts';
import { findCustomersByIds } from '../customers/index.ts';
import { creditManyInTx, giveRewardsInTx } from '../loyalty/index.ts';
import { createTasksInBatch, type TaskDraftOutcome } from '../tasks/index.ts';
import { customerFields, fillTemplate } from './campaigns.eligibility.ts';
import { type PendingMember, recordExecutions } from './campaigns.execute.repository.ts';
import type { CampaignRow } from './campaigns.repository.ts';
import type { ExecutionRowStatus } from './campaigns.schema.ts';
import type { CampaignAction } from './campaigns.types.ts';

export type Outcome = { status: ExecutionRowStatus; reason?: string; channel?: string; notBefore?: Date };
export type Item<T extends CampaignAction = CampaignAction> = { member: PendingMember; action: T };
export type BatchScope = { tx: Db; ctx: Ctx; ws: string; campaign: CampaignRow };

export const keyOf = (campaignId: string, customerId: string, actionKey: string) =>
  `campaign:${campaignId}:${customerId}:${actionKey}`;

export function executionRow(ctx: Ctx, ws: string, campaign: CampaignRow, item: Item, outcome: Outcome) {
  const now = ctx.now();
  return {
    workspaceId: ws,
    campaignId: campaign.id,
    customerId: item.member.customerId,
    actionKey: item.action.key,
    arm: item.member.arm,
    type: item.action.type,
    status: outcome.status,
    reason: outcome.reason ?? null,
    channel: outcome.channel ?? null,
    costMinor: outcome.status === 'done' ? item.action.costMinor : 0,
    notBefore: outcome.notBefore ?? null,
    executedAt: outcome.status === 'deferred' ? null : now,
    updatedAt: now,
  };
}

export const reasonOf = (err: unknown) => (err instanceof AppError ? err.code : 'internal_error');

type Work<T extends CampaignAction> = (sp: Db, items: Item<T>[]) => Promise<[Item<T>, Outcome][]>;

/** Runs `work` and records its outcomes in one savepoint; the error when it rolled back. */
async function attempt<T extends CampaignAction>(s: BatchScope, items: Item<T>[], work: Work<T>) {
  try {
    await s.tx.transaction(async (sp) => {
      const done = await work(sp, items);
      await recordExecutions(
        sp,
        done.map(([item, outcome]) => executionRow(s.ctx, s.ws, s.campaign, item, outcome)),
      );
    });
    return null;
  } catch (err) {
    return { err };
  }
}

/** All items at once; when that fails, one at a time, so only the item at fault is recorded failed. */
export async function runSetBased<T extends CampaignAction>(s: BatchScope, items: Item<T>[], work: Work<T>) {
  if (items.length === 0 || !(await attempt(s, items, work))) return;
  for (const item of items) {
    const failed = await attempt(s, [item], work);
    if (failed)
      await recordExecutions(s.tx, [
        executionRow(s.ctx, s.ws, s.campaign, item, { status: 'failed', reason: reasonOf(failed.err) }),
      ]);
  }
}

type PointsAction = Extract<CampaignAction, { type: 'points' }>;
type TaskAction = Extract<CampaignAction, { type: 'task' }>;
type VoucherAction = Extract<CampaignAction, { type: 'voucher' }>;

/** Every item's voucher, one insert per reward (stock taken once); an item already issued stays done. */
export async function bulkVouchers(s: BatchScope, all: Item<VoucherAction>[]) {
  for (const rewardId of new Set(all.map((i) => i.action.rewardId)))
    await runSetBased(
      s,
      all.filter((i) => i.action.rewardId === rewardId),
      async (sp, items) => {
        await giveRewardsInTx(
          sp,
          s.ctx,
          s.ws,
          rewardId,
          items.map(({ member, action }) => ({
            customerId: member.customerId,
            issueKey: keyOf(s.campaign.id, member.customerId, action.key),
          })),
        );
        return items.map((item) => [item, { status: 'done' as const }]);
      },
    );
}

/** Every item's bonus points in one ledger posting, keyed per campaign × customer × action. */
export function bulkPoints(s: BatchScope, all: Item<PointsAction>[]) {
  return runSetBased(s, all, async (sp, items) => {
    await creditManyInTx(
      sp,
      { ...s.ctx, db: sp },
      s.ws,
      items.map(({ member, action }) => ({
        customerId: member.customerId,
        points: action.points,
        key: `adjust:${keyOf(s.campaign.id, member.customerId, action.key)}`,
        reason: `${s.campaign.name}: ${action.name}`,
      })),
      `campaign:${s.campaign.id}`,
    );
    return items.map((item) => [item, { status: 'done' as const }]);
  });
}

const taskOutcome = (o: TaskDraftOutcome | undefined): Outcome =>
  o === 'created' || o === 'existed' ? { status: 'done' } : { status: 'failed', reason: o ?? 'internal_error' };

/** One task per member for the account manager (else the campaign's owner), one insert for all. */
export function bulkTasks(s: BatchScope, all: Item<TaskAction>[]) {
  return runSetBased(s, all, async (sp, items) => {
    const customers = await findCustomersByIds(
      sp,
      s.ws,
      items.map((i) => i.member.customerId),
    );
    const now = s.ctx.now();
    const out: [Item<TaskAction>, Outcome][] = [];
    const drafts = [];
    for (const item of items) {
      const customer = customers.get(item.member.customerId);
      if (!customer) {
        out.push([item, { status: 'failed', reason: 'not_found' }]);
        continue;
      }
      const assigneeId = customer.accountManagerId ?? s.campaign.ownerId;
      if (!assigneeId) {
        out.push([item, { status: 'skipped', reason: 'no_account_manager' }]);
        continue;
      }
      const { action } = item;
      drafts.push({
        item,
        draft: {
          dedupeKey: keyOf(s.campaign.id, customer.id, action.key),
          title: fillTemplate(action.title, customerFields(customer)).slice(0, 200),
          customerId: customer.id,
          assigneeId,
          dueOn: action.dueInDays !== undefined ? addDays(now, action.dueInDays).toISOString().slice(0, 10) : null,
          source: 'campaign' as const,
        },
      });
    }
    const made = await createTasksInBatch(
      { ...s.ctx, db: sp },
      s.ws,
      drafts.map((d) => d.draft),
      `campaign:${s.campaign.id}`,
    );
    for (const { item, draft } of drafts) out.push([item, taskOutcome(made.get(draft.dedupeKey))]);
    return out;
  });
}
