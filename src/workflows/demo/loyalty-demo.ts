// The demo's loyalty program: rules, levels, rewards and promotions set up before the demo's
// purchases are written (so they queue to earn), then settled: every purchase earns, some members
// redeem rewards and use their vouchers, old points expire and levels are reviewed — a living
// program. Deterministic and idempotent: a re-run finds the program and keys it already made.
import type { Ctx } from '../../deps.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { yieldToEventLoop } from '../../lib/yield.ts';
import {
  consumeVoucher,
  createLevel,
  createPromotion,
  createReward,
  findProgram,
  redeem,
  runExpiry,
  runRequalification,
  saveProgram,
} from '../../modules/loyalty/index.ts';
import { runLoyaltyEarning } from '../loyalty-earning.ts';

const DAY = 86_400_000;

/**
 * The sample levels, in the workspace's language. Not metals: the customer pyramid's tiers are
 * Platinum, Gold, Iron and Lead, and a level of the same name would read as the same thing.
 */
const levelNames: Record<string, [string, string, string, string]> = {
  en: ['Newcomer', 'Regular', 'Insider', 'Ambassador'],
  pt: ['Novato', 'Frequente', 'Da Casa', 'Embaixador'],
  es: ['Nuevo', 'Habitual', 'De la Casa', 'Embajador'],
};

/** Creates the sample program unless the workspace already has one. */
export async function setUpDemoLoyalty(ctx: Ctx, workspaceId: string, locale = 'en'): Promise<boolean> {
  if (await findProgram(ctx.db, workspaceId)) return false;
  const now = ctx.now();
  await saveProgram(ctx, workspaceId, {
    name: 'Tenure Rewards',
    pointsUnit: 'points',
    status: 'active',
    pointsPerUnit: '1',
    rounding: 'floor',
    multipliers: {
      categories: { Coffee: '2', Subscriptions: '1.5' },
      products: {},
      channels: { app: '1.25' },
      tiers: { platinum: '1.5', gold: '1.25' },
    },
    pendingDays: 14,
    expiryMonths: 24,
    costPerPointMinor: '1',
    clawback: 'claw_back',
    levelBasis: 'points',
    qualificationMonths: 12,
    graceMonths: 3,
  });
  const none = { prioritySupport: false, freeItems: [], perks: [] };
  const names = levelNames[locale.slice(0, 2)] ?? levelNames.en;
  await createLevel(ctx, workspaceId, { name: names[0], rank: 1, threshold: 0, earnMultiplier: '1', benefits: none });
  await createLevel(ctx, workspaceId, {
    name: names[1],
    rank: 2,
    threshold: 600,
    earnMultiplier: '1.1',
    benefits: { ...none, perks: ['Birthday treat'] },
  });
  const third = await createLevel(ctx, workspaceId, {
    name: names[2],
    rank: 3,
    threshold: 1500,
    earnMultiplier: '1.25',
    benefits: { prioritySupport: true, freeItems: [], perks: ['Birthday treat', 'Free delivery'] },
  });
  const top = await createLevel(ctx, workspaceId, {
    name: names[3],
    rank: 4,
    threshold: 4000,
    earnMultiplier: '1.5',
    benefits: {
      prioritySupport: true,
      freeItems: ['A coffee a month'],
      perks: ['Birthday treat', 'Free delivery', 'Early access'],
    },
  });
  const rewards = [
    { name: 'Free coffee', kind: 'gift' as const, pointsPrice: 300, costMinor: 120 },
    {
      name: '$5 off your next order',
      kind: 'amount_discount' as const,
      valueMinor: 500,
      pointsPrice: 500,
      costMinor: 500,
    },
    {
      name: '10% off your next order',
      kind: 'percent_discount' as const,
      valuePercent: '10',
      pointsPrice: 800,
      costMinor: 400,
    },
    { name: '$10 cashback', kind: 'cashback' as const, valueMinor: 1000, pointsPrice: 1200, costMinor: 1000 },
    {
      name: 'Priority line',
      kind: 'priority_service' as const,
      pointsPrice: 1000,
      minLevelId: third.id,
      costMinor: 200,
    },
    {
      name: 'Barista masterclass',
      kind: 'experience' as const,
      pointsPrice: 3000,
      stock: 20,
      perCustomerLimit: 1,
      minLevelId: top.id,
      costMinor: 4000,
    },
  ];
  for (const r of rewards) await createReward(ctx, workspaceId, r);
  await createPromotion(ctx, workspaceId, {
    name: 'Double points week',
    startsAt: new Date(now.getTime() - 60 * DAY).toISOString(),
    endsAt: new Date(now.getTime() - 53 * DAY).toISOString(),
    multiplier: '2',
  });
  await createPromotion(ctx, workspaceId, {
    name: 'VIP candidate bonus',
    startsAt: new Date(now.getTime() - 180 * DAY).toISOString(),
    endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    bonusPoints: 50,
    targetTags: ['vip-candidate'],
  });
  return true;
}

export type DemoLoyaltyResult = { earned: number; redemptions: number; expired: number };

/** Earns every queued purchase, redeems for some members, expires and reviews levels. */
export async function settleDemoLoyalty(
  ctx: Ctx,
  workspaceId: string,
  signal?: AbortSignal,
): Promise<DemoLoyaltyResult> {
  const earning = await runLoyaltyEarning(ctx, {
    workspaceId,
    maxBatches: Number.MAX_SAFE_INTEGER,
    batchSize: 1000,
    signal,
  });
  if (signal?.aborted) return { earned: earning.earned, redemptions: 0, expired: 0 }; // the scheduled jobs finish the rest
  // One member in eight with enough points redeems the dearest reward they can afford; every
  // other voucher is used. Keys make a re-run find what it did before.
  const candidates = await queryRows<{ customer_id: string; external_id: string | null; spendable: string }>(
    ctx.db,
    sql`select l.customer_id, c.external_id, sum(l.remaining)::text as spendable from loyalty_lots l join customers c on c.workspace_id = l.workspace_id and c.id = l.customer_id
        where l.workspace_id = ${workspaceId} and l.remaining > 0 and l.available_at <= ${ctx.now()} and (l.expires_at is null or l.expires_at > ${ctx.now()})
        group by l.customer_id, c.external_id having sum(l.remaining) >= 300 order by c.external_id nulls last, l.customer_id`,
  );
  const rewards = (
    await queryRows<{ id: string; points_price: number; min_level_id: string | null }>(
      ctx.db,
      sql`select id, points_price, min_level_id from loyalty_rewards where workspace_id = ${workspaceId} and active and min_level_id is null order by points_price desc`,
    )
  ).map((r) => ({ id: r.id, price: Number(r.points_price) }));
  let redemptions = 0;
  const [{ n: already }] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from loyalty_redemptions where workspace_id = ${workspaceId}`,
  );
  for (const [i, c] of (Number(already) > 0 ? [] : candidates).entries()) {
    if (i % 8 !== 0) continue;
    await yieldToEventLoop();
    if (signal?.aborted) break;
    const reward = rewards.find((r) => r.price <= Number(c.spendable));
    if (!reward) continue;
    const done = await redeem(
      ctx,
      workspaceId,
      c.customer_id,
      { rewardId: reward.id, idempotencyKey: `demo-${c.external_id ?? c.customer_id}` },
      'demo',
    );
    redemptions++;
    if (i % 16 === 0 && done.redemption.status === 'issued')
      await consumeVoucher(ctx, workspaceId, done.redemption.voucherCode, { reference: `demo-${i}` }, 'demo');
  }
  const expiry = await runExpiry(ctx, workspaceId, { maxBatches: Number.MAX_SAFE_INTEGER, signal });
  await runRequalification(ctx, workspaceId, { signal });
  return { earned: earning.earned, redemptions, expired: expiry.points };
}
