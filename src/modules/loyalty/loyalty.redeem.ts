// Owns redemptions and vouchers. Redeeming locks the member's account and then the reward row
// (always in that order), checks availability, eligibility, the per-customer limit and the
// spendable balance, debits points first-in first-out and issues an unguessable voucher code.
// A voucher is consumed in one conditional UPDATE, so it can be used once however many tills try.
import { addDays } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { recordEvents } from '../events/index.ts';
import type { RedemptionDto } from './loyalty.dto.ts';
import { postLedger } from './loyalty.ledger.ts';
import { accountOf, requireCustomer } from './loyalty.members.ts';
import { type RedemptionRow, type RewardRow } from './loyalty.repository.ts';
import {
  consumeVoucherRow,
  countRedemptions,
  findRedemption,
  findRedemptionByEntry,
  findVoucher,
  insertRedemption,
  listRedemptionRows,
} from './loyalty.redemptions.repository.ts';
import { entriesByKeys } from './loyalty.ledger.repository.ts';
import { findReward, listLevelRows, takeRewardStock } from './loyalty.program.repository.ts';
import { lockOrEnrol } from './loyalty.accounts.repository.ts';
import { requireProgram, toRewardDto } from './loyalty.service.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** 16 symbols × 5 bits = 80 random bits. */
export function newVoucherCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** Accepts what a person types: any case, dashes or spaces, O for 0 and I/L for 1. */
export function normaliseVoucherCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(s) ? s : null;
}

export const displayCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

const statusOf = (r: RedemptionRow, now: Date): RedemptionDto['status'] =>
  r.status === 'consumed' ? 'consumed' : r.expiresAt <= now ? 'expired' : 'issued';

export const toRedemptionDto = (r: RedemptionRow, now: Date, rewardName?: string): RedemptionDto => ({
  id: r.id,
  customerId: r.customerId,
  rewardId: r.rewardId,
  ...(rewardName ? { rewardName } : {}),
  points: r.points,
  voucherCode: displayCode(r.voucherCode),
  status: statusOf(r, now),
  issuedAt: r.issuedAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  consumedAt: r.consumedAt?.toISOString() ?? null,
  consumedReference: r.consumedReference,
});

/** Offered now, within its dates and in stock (what a redemption and a given reward both need). */
export function assertRewardAvailable(reward: RewardRow, now: Date): void {
  if (!reward.active)
    throw new AppError('reward_unavailable', `The reward "${reward.name}" is not offered at the moment`);
  if (reward.validFrom && now < reward.validFrom)
    throw new AppError(
      'reward_unavailable',
      `The reward "${reward.name}" can be redeemed from ${reward.validFrom.toISOString()}`,
    );
  if (reward.validUntil && now >= reward.validUntil)
    throw new AppError(
      'reward_unavailable',
      `The reward "${reward.name}" could be redeemed until ${reward.validUntil.toISOString()}`,
    );
  if (reward.stock !== null && reward.stock <= 0)
    throw new AppError('reward_unavailable', `The reward "${reward.name}" is out of stock`);
}

async function checkRedeemable(
  tx: Db,
  workspaceId: string,
  reward: RewardRow,
  customerId: string,
  levelId: string | null,
  now: Date,
): Promise<void> {
  assertRewardAvailable(reward, now);
  if (reward.minLevelId) {
    const levels = await listLevelRows(tx, workspaceId);
    const needed = levels.find((l) => l.id === reward.minLevelId);
    const has = levels.find((l) => l.id === levelId);
    if (needed && (!has || has.rank < needed.rank))
      throw new AppError(
        'reward_not_eligible',
        `The reward "${reward.name}" is for members at the ${needed.name} level or higher`,
      );
  }
  if (
    reward.perCustomerLimit !== null &&
    (await countRedemptions(tx, workspaceId, customerId, reward.id)) >= reward.perCustomerLimit
  ) {
    throw new AppError(
      'reward_limit_reached',
      `The reward "${reward.name}" can be redeemed ${reward.perCustomerLimit} time(s) per customer`,
    );
  }
}

export async function redeem(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  input: { rewardId: string; idempotencyKey?: string },
  actor: string | null,
) {
  await requireCustomer(ctx.db, workspaceId, customerId);
  const program = await requireProgram(ctx.db, workspaceId);
  const key = `redeem:${input.idempotencyKey ?? newId()}`;
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [account] = await lockOrEnrol(tx, workspaceId, [customerId], now);
    const [prior] = await entriesByKeys(tx, workspaceId, [key]);
    if (prior) {
      const redemption =
        prior.customerId === customerId ? await findRedemptionByEntry(tx, workspaceId, prior.id) : undefined;
      if (!redemption || redemption.rewardId !== input.rewardId)
        throw new AppError(
          'idempotency_conflict',
          `The idempotency key "${input.idempotencyKey}" was used for another redemption`,
        );
      return { redemption, created: false, rewardName: undefined as string | undefined };
    }
    const reward = await findReward(tx, workspaceId, input.rewardId, true);
    if (!reward) throw notFound('Reward');
    await checkRedeemable(tx, workspaceId, reward, customerId, account.levelId, now);
    const redemptionId = newId();
    const [posted] = await postLedger(tx, ctx, workspaceId, [
      {
        customerId,
        kind: 'redeem',
        key,
        occurredAt: now,
        redemptionId,
        reason: reward.name,
        actor,
        breakdown: { rewardId: reward.id, rewardName: reward.name, pointsPrice: reward.pointsPrice },
        spec: { op: 'debit', points: reward.pointsPrice, from: 'spendable', overdraft: 'reject' },
      },
    ]);
    await takeRewardStock(tx, workspaceId, reward.id);
    const expiresAt = addDays(now, reward.voucherValidDays);
    const redemption = await insertRedemption(tx, {
      workspaceId,
      id: redemptionId,
      customerId,
      rewardId: reward.id,
      entryId: posted.entry?.id as string,
      points: reward.pointsPrice,
      voucherCode: newVoucherCode(),
      issuedAt: now,
      expiresAt,
      createdAt: now,
    });
    await recordEvents(tx, ctx, workspaceId, [
      {
        type: 'loyalty.points_redeemed',
        customerId,
        summary: `Redeemed ${reward.pointsPrice} ${program.pointsUnit} for “${reward.name}”`,
        payload: {
          redemptionId,
          rewardId: reward.id,
          rewardName: reward.name,
          points: reward.pointsPrice,
          entryId: posted.entry?.id,
        },
      },
    ]);
    return { redemption, created: true, rewardName: reward.name };
  });
  return {
    redemption: toRedemptionDto(outcome.redemption, now, outcome.rewardName),
    created: outcome.created,
    account: await accountOf(ctx.db, now, workspaceId, customerId),
  };
}

export async function getRedemption(ctx: Ctx, workspaceId: string, id: string): Promise<RedemptionDto> {
  const row = await findRedemption(ctx.db, workspaceId, id);
  if (!row) throw notFound('Redemption');
  return toRedemptionDto(row, ctx.now());
}

export async function listRedemptions(
  ctx: Ctx,
  workspaceId: string,
  q: { customerId?: string; rewardId?: string; status?: 'issued' | 'consumed'; limit: number; cursor?: string },
) {
  const rows = await listRedemptionRows(ctx.db, workspaceId, q, q.limit + 1, q.cursor);
  const items = rows.slice(0, q.limit);
  const now = ctx.now();
  return {
    items: items.map((r) => toRedemptionDto(r, now)),
    nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null,
  };
}

async function voucherDto(db: Db, workspaceId: string, row: RedemptionRow, now: Date) {
  const reward = await findReward(db, workspaceId, row.rewardId);
  const r = reward
    ? toRewardDto(reward)
    : { id: row.rewardId, name: '(removed)', kind: 'gift' as const, valueMinor: null, valuePercent: null };
  return {
    code: displayCode(row.voucherCode),
    status: statusOf(row, now),
    reward: { id: r.id, name: r.name, kind: r.kind, valueMinor: r.valueMinor, valuePercent: r.valuePercent },
    customerId: row.customerId,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    consumedAt: row.consumedAt?.toISOString() ?? null,
  };
}

export async function getVoucher(ctx: Ctx, workspaceId: string, code: string) {
  const canonical = normaliseVoucherCode(code);
  const row = canonical ? await findVoucher(ctx.db, workspaceId, canonical) : undefined;
  if (!row) throw notFound('Voucher');
  return voucherDto(ctx.db, workspaceId, row, ctx.now());
}

/** Uses a voucher once: the first caller wins, later ones learn why not. */
export async function consumeVoucher(
  ctx: Ctx,
  workspaceId: string,
  code: string,
  input: { reference?: string },
  actor: string | null,
) {
  const canonical = normaliseVoucherCode(code);
  if (!canonical) throw notFound('Voucher');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const used = await consumeVoucherRow(tx, workspaceId, canonical, now, input.reference ?? null);
    if (used) {
      const dto = await voucherDto(tx, workspaceId, used, now);
      await recordEvents(tx, ctx, workspaceId, [
        {
          type: 'loyalty.voucher_consumed',
          customerId: used.customerId,
          summary: `Used the voucher for “${dto.reward.name}”`,
          payload: { redemptionId: used.id, rewardId: used.rewardId, reference: input.reference ?? null, actor },
        },
      ]);
      return dto;
    }
    const row = await findVoucher(tx, workspaceId, canonical);
    if (!row) throw notFound('Voucher');
    if (row.status === 'consumed')
      throw new AppError('voucher_consumed', `This voucher was already used on ${row.consumedAt?.toISOString()}`);
    throw new AppError('voucher_expired', `This voucher expired on ${row.expiresAt.toISOString()}`);
  });
}
