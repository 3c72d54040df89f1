// Owns giving a reward away (a campaign's voucher or reward offer): a voucher issued to a member
// without spending points. Like a redemption it locks the reward row, checks that the reward is
// offered, within its dates and in stock, takes one from stock and issues an unguessable voucher
// code; unlike one it posts nothing to the ledger and ignores level and per-customer limits (the
// business chose who gets it). Idempotent by issue key: the same key gives back the voucher issued
// the first time, without taking stock again. Runs inside the caller's transaction.
// `giveRewardsInTx` gives one reward to many customers set-based (a campaign batch's vouchers).
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { addDays } from '../../lib/dates.ts';
import { existingCustomerIds } from '../customers/index.ts';
import type { RedemptionDto } from './loyalty.dto.ts';
import { requireCustomer } from './loyalty.members.ts';
import { findReward, takeRewardStock } from './loyalty.program.repository.ts';
import { assertRewardAvailable, newVoucherCode, toRedemptionDto } from './loyalty.redeem.ts';
import {
  findRedemptionByIssueKey,
  insertRedemptionOnce,
  insertRedemptionsOnce,
  issuedKeys,
} from './loyalty.redemptions.repository.ts';

export type RewardGift = { customerId: string; rewardId: string; issueKey: string };

export async function giveRewardInTx(
  tx: Db,
  ctx: Pick<Ctx, 'now'>,
  workspaceId: string,
  gift: RewardGift,
): Promise<{ redemption: RedemptionDto; created: boolean; costMinor: number }> {
  const now = ctx.now();
  const prior = await findRedemptionByIssueKey(tx, workspaceId, gift.issueKey);
  if (prior) return { redemption: toRedemptionDto(prior, now), created: false, costMinor: 0 };
  await requireCustomer(tx, workspaceId, gift.customerId);
  const reward = await findReward(tx, workspaceId, gift.rewardId, true);
  if (!reward) throw notFound('Reward');
  assertRewardAvailable(reward, now);
  const { row, created } = await insertRedemptionOnce(tx, {
    workspaceId,
    id: newId(),
    customerId: gift.customerId,
    rewardId: reward.id,
    entryId: null,
    points: 0,
    issueKey: gift.issueKey,
    voucherCode: newVoucherCode(),
    issuedAt: now,
    expiresAt: addDays(now, reward.voucherValidDays),
    createdAt: now,
  });
  if (created) await takeRewardStock(tx, workspaceId, reward.id);
  return {
    redemption: toRedemptionDto(row, now, reward.name),
    created,
    costMinor: created ? Number(reward.costMinor) : 0,
  };
}

/**
 * `giveRewardInTx` for many customers and one reward, in a few statements: keys already issued
 * are left as they are; every other gift needs a live customer and the reward in stock for all of
 * them (else it throws, naming the first problem, and the caller may go one by one); the vouchers
 * go in one insert and the stock is taken once. Returns the issue keys this call issued.
 */
export async function giveRewardsInTx(
  tx: Db,
  ctx: Pick<Ctx, 'now'>,
  workspaceId: string,
  rewardId: string,
  gifts: { customerId: string; issueKey: string }[],
): Promise<Set<string>> {
  const now = ctx.now();
  const prior = await issuedKeys(
    tx,
    workspaceId,
    gifts.map((g) => g.issueKey),
  );
  const todo = [...new Map(gifts.filter((g) => !prior.has(g.issueKey)).map((g) => [g.issueKey, g])).values()];
  if (todo.length === 0) return new Set();
  const live = await existingCustomerIds(tx, workspaceId, [...new Set(todo.map((g) => g.customerId))]);
  if (todo.some((g) => !live.has(g.customerId))) throw notFound('Customer');
  const reward = await findReward(tx, workspaceId, rewardId, true);
  if (!reward) throw notFound('Reward');
  assertRewardAvailable(reward, now);
  if (reward.stock !== null && reward.stock < todo.length)
    throw new AppError('reward_unavailable', `The reward "${reward.name}" is out of stock`);
  const created = await insertRedemptionsOnce(
    tx,
    todo.map((g) => ({
      workspaceId,
      id: newId(),
      customerId: g.customerId,
      rewardId: reward.id,
      entryId: null,
      points: 0,
      issueKey: g.issueKey,
      voucherCode: newVoucherCode(),
      issuedAt: now,
      expiresAt: addDays(now, reward.voucherValidDays),
      createdAt: now,
    })),
  );
  if (created.size > 0) await takeRewardStock(tx, workspaceId, reward.id, created.size);
  return created;
}
