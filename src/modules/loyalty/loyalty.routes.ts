// HTTP surface of the loyalty program: configuration, member accounts and statements, manual
// entries, redemptions, vouchers at the point of sale, reports, the ledger check and the
// transactions parked after failing to earn. Thin.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { checkLedger } from './loyalty.check.ts';
import {
  AccountSchema,
  AdjustBody,
  CompensationBody,
  ConsumeBody,
  CreateLevelBody,
  CreatePromotionBody,
  CreateRewardBody,
  LevelSchema,
  ListRedemptionsQuery,
  ListRewardsQuery,
  MonthlySchema,
  OverviewSchema,
  ParkedEarningsSchema,
  PostedSchema,
  ProgramBody,
  ProgramSchema,
  PromotionSchema,
  RedeemBody,
  RedemptionSchema,
  ReportQuery,
  RewardSchema,
  StatementQuery,
  StatementSchema,
  UpdateLevelBody,
  UpdatePromotionBody,
  UpdateRewardBody,
  VoucherParams,
  VoucherSchema,
} from './loyalty.dto.ts';
import { getAccount, postManual, statement } from './loyalty.members.ts';
import { consumeVoucher, getRedemption, getVoucher, listRedemptions, redeem } from './loyalty.redeem.ts';
import { dismissParked, listParked, retryAllParked, retryParked } from './loyalty.parked.ts';
import { monthly, overview } from './loyalty.reports.ts';
import {
  createLevel,
  createPromotion,
  createReward,
  getLevel,
  getProgram,
  getPromotion,
  getReward,
  listLevels,
  listPromotions,
  listRewards,
  saveProgram,
  updateLevel,
  updatePromotion,
  updateReward,
} from './loyalty.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const L = ['Loyalty'];
const V = ['Vouchers'];
const Requeued = z.object({ requeued: z.number().int() });

const routes = {
  getProgram: defineRoute({
    method: 'get',
    path: '/loyalty/program',
    permission: 'loyalty:read',
    tags: L,
    summary: 'The loyalty program’s rules',
    responses: { 200: jsonResponse(ProgramSchema, 'The program'), ...errorResponses },
  }),
  putProgram: defineRoute({
    method: 'put',
    path: '/loyalty/program',
    permission: 'loyalty:configure',
    tags: L,
    summary:
      'Create or replace the program’s rules (earning rate, multipliers, rounding, return window, expiry, claw-back policy, level qualification)',
    request: { body: jsonBody(ProgramBody) },
    responses: {
      200: jsonResponse(ProgramSchema, 'Updated'),
      201: jsonResponse(ProgramSchema, 'Created'),
      ...errorResponses,
    },
  }),
  listLevels: defineRoute({
    method: 'get',
    path: '/loyalty/levels',
    permission: 'loyalty:read',
    tags: L,
    summary: 'Membership levels, lowest first',
    responses: { 200: jsonResponse(items(LevelSchema), 'Levels'), ...errorResponses },
  }),
  createLevel: defineRoute({
    method: 'post',
    path: '/loyalty/levels',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'Add a membership level',
    request: { body: jsonBody(CreateLevelBody) },
    responses: { 201: jsonResponse(LevelSchema, 'Created'), ...errorResponses },
  }),
  getLevel: defineRoute({
    method: 'get',
    path: '/loyalty/levels/{id}',
    permission: 'loyalty:read',
    tags: L,
    summary: 'One membership level',
    request: { params: IdParams },
    responses: { 200: jsonResponse(LevelSchema, 'The level'), ...errorResponses },
  }),
  updateLevel: defineRoute({
    method: 'patch',
    path: '/loyalty/levels/{id}',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'Change a level (applies from the next earning or review)',
    request: { params: IdParams, body: jsonBody(UpdateLevelBody) },
    responses: { 200: jsonResponse(LevelSchema, 'Updated'), ...errorResponses },
  }),
  listPromotions: defineRoute({
    method: 'get',
    path: '/loyalty/promotions',
    permission: 'loyalty:read',
    tags: L,
    summary: 'Bonus promotions, newest first',
    responses: { 200: jsonResponse(items(PromotionSchema), 'Promotions'), ...errorResponses },
  }),
  createPromotion: defineRoute({
    method: 'post',
    path: '/loyalty/promotions',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'A time-boxed bonus: a multiplier or fixed points per purchase, optionally for tags, levels or tiers',
    request: { body: jsonBody(CreatePromotionBody) },
    responses: { 201: jsonResponse(PromotionSchema, 'Created'), ...errorResponses },
  }),
  getPromotion: defineRoute({
    method: 'get',
    path: '/loyalty/promotions/{id}',
    permission: 'loyalty:read',
    tags: L,
    summary: 'One promotion',
    request: { params: IdParams },
    responses: { 200: jsonResponse(PromotionSchema, 'The promotion'), ...errorResponses },
  }),
  updatePromotion: defineRoute({
    method: 'patch',
    path: '/loyalty/promotions/{id}',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'Change or end a promotion',
    request: { params: IdParams, body: jsonBody(UpdatePromotionBody) },
    responses: { 200: jsonResponse(PromotionSchema, 'Updated'), ...errorResponses },
  }),
  listRewards: defineRoute({
    method: 'get',
    path: '/loyalty/rewards',
    permission: 'loyalty:read',
    tags: L,
    summary: 'The rewards catalogue, cheapest first',
    request: { query: ListRewardsQuery },
    responses: { 200: jsonResponse(items(RewardSchema), 'Rewards'), ...errorResponses },
  }),
  createReward: defineRoute({
    method: 'post',
    path: '/loyalty/rewards',
    permission: 'loyalty:configure',
    tags: L,
    summary:
      'Add a reward (financial: discounts, vouchers, cashback; or priority service, upgrades, experiences, gifts)',
    request: { body: jsonBody(CreateRewardBody) },
    responses: { 201: jsonResponse(RewardSchema, 'Created'), ...errorResponses },
  }),
  getReward: defineRoute({
    method: 'get',
    path: '/loyalty/rewards/{id}',
    permission: 'loyalty:read',
    tags: L,
    summary: 'One reward',
    request: { params: IdParams },
    responses: { 200: jsonResponse(RewardSchema, 'The reward'), ...errorResponses },
  }),
  updateReward: defineRoute({
    method: 'patch',
    path: '/loyalty/rewards/{id}',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'Change, restock or retire a reward',
    request: { params: IdParams, body: jsonBody(UpdateRewardBody) },
    responses: { 200: jsonResponse(RewardSchema, 'Updated'), ...errorResponses },
  }),
  listRedemptions: defineRoute({
    method: 'get',
    path: '/loyalty/redemptions',
    permission: 'loyalty:read',
    tags: L,
    summary: 'Redemptions, newest first',
    request: { query: ListRedemptionsQuery },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(RedemptionSchema), nextCursor: z.string().nullable() }),
        'Redemptions',
      ),
      ...errorResponses,
    },
  }),
  getRedemption: defineRoute({
    method: 'get',
    path: '/loyalty/redemptions/{id}',
    permission: 'loyalty:read',
    tags: L,
    summary: 'One redemption and its voucher',
    request: { params: IdParams },
    responses: { 200: jsonResponse(RedemptionSchema, 'The redemption'), ...errorResponses },
  }),
  account: defineRoute({
    method: 'get',
    path: '/customers/{id}/loyalty',
    permission: 'loyalty:read',
    tags: L,
    summary: 'A member’s balance, spendable, pending and expiring points, level and progress',
    request: { params: IdParams },
    responses: { 200: jsonResponse(AccountSchema, 'The account'), ...errorResponses },
  }),
  statement: defineRoute({
    method: 'get',
    path: '/customers/{id}/loyalty/statement',
    permission: 'loyalty:read',
    tags: L,
    summary: 'A member’s statement: entries (newest first, with why), pending points and what expires when',
    request: { params: IdParams, query: StatementQuery },
    responses: { 200: jsonResponse(StatementSchema, 'The statement'), ...errorResponses },
  }),
  adjust: defineRoute({
    method: 'post',
    path: '/customers/{id}/loyalty/adjustments',
    permission: 'loyalty:adjust',
    tags: L,
    summary: 'Correct a balance up or down (a negative adjustment cannot exceed the unexpired points)',
    request: { params: IdParams, body: jsonBody(AdjustBody) },
    responses: {
      201: jsonResponse(PostedSchema, 'Posted'),
      200: jsonResponse(PostedSchema, 'Already posted (same idempotency key)'),
      ...errorResponses,
    },
  }),
  compensate: defineRoute({
    method: 'post',
    path: '/customers/{id}/loyalty/compensations',
    permission: 'loyalty:compensate',
    tags: L,
    summary: 'Grant goodwill points (service recovery)',
    request: { params: IdParams, body: jsonBody(CompensationBody) },
    responses: {
      201: jsonResponse(PostedSchema, 'Posted'),
      200: jsonResponse(PostedSchema, 'Already posted (same idempotency key)'),
      ...errorResponses,
    },
  }),
  redeem: defineRoute({
    method: 'post',
    path: '/customers/{id}/loyalty/redemptions',
    permission: 'loyalty:redeem',
    tags: L,
    summary: 'Redeem a reward: spends points (oldest first) and issues a voucher code',
    request: { params: IdParams, body: jsonBody(RedeemBody) },
    responses: {
      201: jsonResponse(z.object({ redemption: RedemptionSchema, account: AccountSchema }), 'Redeemed'),
      200: jsonResponse(
        z.object({ redemption: RedemptionSchema, account: AccountSchema }),
        'Already redeemed (same idempotency key)',
      ),
      ...errorResponses,
    },
  }),
  getVoucher: defineRoute({
    method: 'get',
    path: '/vouchers/{code}',
    permission: 'vouchers:consume',
    tags: V,
    summary: 'Check a voucher: what it is for and whether it can be used',
    request: { params: VoucherParams },
    responses: { 200: jsonResponse(VoucherSchema, 'The voucher'), ...errorResponses },
  }),
  consume: defineRoute({
    method: 'post',
    path: '/vouchers/{code}/consume',
    permission: 'vouchers:consume',
    tags: V,
    summary: 'Use a voucher, once: a second use answers 409 voucher_consumed, an expired one 409 voucher_expired',
    request: { params: VoucherParams, body: jsonBody(ConsumeBody) },
    responses: { 200: jsonResponse(VoucherSchema, 'Used'), ...errorResponses },
  }),
  overview: defineRoute({
    method: 'get',
    path: '/loyalty/reports/overview',
    permission: 'loyalty:reports',
    tags: L,
    summary: 'Liability, breakage, earn and burn over a period, members per level',
    request: { query: ReportQuery },
    responses: { 200: jsonResponse(OverviewSchema, 'Overview'), ...errorResponses },
  }),
  monthly: defineRoute({
    method: 'get',
    path: '/loyalty/reports/monthly',
    permission: 'loyalty:reports',
    tags: L,
    summary: 'Points earned, redeemed, expired, reversed and adjusted per month (workspace time zone)',
    request: { query: ReportQuery },
    responses: { 200: jsonResponse(MonthlySchema, 'Per month'), ...errorResponses },
  }),
  check: defineRoute({
    method: 'get',
    path: '/loyalty/check',
    permission: 'loyalty:configure',
    tags: L,
    summary: 'Verify the ledger invariants for every member (the same check as `tenure loyalty check`)',
    responses: {
      200: jsonResponse(
        z.object({
          ok: z.boolean(),
          members: z.number(),
          entries: z.number(),
          overdueLots: z.number(),
          violations: z.array(z.object({ customerId: z.uuid(), problems: z.array(z.string()) })),
        }),
        'The result',
      ),
      ...errorResponses,
    },
  }),
  listParked: defineRoute({
    method: 'get',
    path: '/loyalty/earn-queue/parked',
    permission: 'loyalty:earn_queue',
    tags: L,
    summary:
      'Transactions that failed to earn points on their own, were retried and set aside so the rest of the queue goes on earning; each with its last error',
    responses: {
      200: jsonResponse(ParkedEarningsSchema, 'Parked transactions, most recently parked first'),
      ...errorResponses,
    },
  }),
  retryAllParked: defineRoute({
    method: 'post',
    path: '/loyalty/earn-queue/parked/retry',
    permission: 'loyalty:earn_queue',
    tags: L,
    summary: 'Put every parked transaction back in the earn queue (after fixing what failed them)',
    responses: { 200: jsonResponse(Requeued, 'Queued again'), ...errorResponses },
  }),
  retryParked: defineRoute({
    method: 'post',
    path: '/loyalty/earn-queue/parked/{id}/retry',
    permission: 'loyalty:earn_queue',
    tags: L,
    summary: 'Put one parked transaction back in the earn queue; failing again parks it again',
    request: { params: IdParams },
    responses: { 200: jsonResponse(Requeued, 'Queued again'), ...errorResponses },
  }),
  dismissParked: defineRoute({
    method: 'delete',
    path: '/loyalty/earn-queue/parked/{id}',
    permission: 'loyalty:earn_queue',
    tags: L,
    summary: 'Dismiss a parked transaction: it never earns points (a return of it then takes nothing back)',
    request: { params: IdParams },
    responses: { 204: { description: 'Dismissed' }, ...errorResponses },
  }),
};

/** `onRequeued` runs after parked transactions go back in the queue (the app has them earned promptly). */
export function loyaltyRoutes(deps: Deps, hooks: { onRequeued?: (workspaceId: string) => Promise<void> } = {}) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.getProgram, async (c) => c.json(await getProgram(deps, ws(c)), 200));
  r.openapi(routes.putProgram, async (c) => {
    const saved = await saveProgram(deps, ws(c), c.req.valid('json'));
    return c.json(saved.program, saved.created ? 201 : 200);
  });
  r.openapi(routes.listLevels, async (c) => c.json({ items: await listLevels(deps, ws(c)) }, 200));
  r.openapi(routes.createLevel, async (c) => c.json(await createLevel(deps, ws(c), c.req.valid('json')), 201));
  r.openapi(routes.getLevel, async (c) => c.json(await getLevel(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.updateLevel, async (c) =>
    c.json(await updateLevel(deps, ws(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(routes.listPromotions, async (c) => c.json({ items: await listPromotions(deps, ws(c)) }, 200));
  r.openapi(routes.createPromotion, async (c) => c.json(await createPromotion(deps, ws(c), c.req.valid('json')), 201));
  r.openapi(routes.getPromotion, async (c) => c.json(await getPromotion(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.updatePromotion, async (c) =>
    c.json(await updatePromotion(deps, ws(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(routes.listRewards, async (c) => c.json(await listRewards(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.createReward, async (c) => c.json(await createReward(deps, ws(c), c.req.valid('json')), 201));
  r.openapi(routes.getReward, async (c) => c.json(await getReward(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.updateReward, async (c) =>
    c.json(await updateReward(deps, ws(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(routes.listRedemptions, async (c) => c.json(await listRedemptions(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.getRedemption, async (c) => c.json(await getRedemption(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.account, async (c) => c.json(await getAccount(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.statement, async (c) =>
    c.json(await statement(deps, ws(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  r.openapi(routes.adjust, async (c) => {
    const posted = await postManual(
      deps,
      ws(c),
      c.req.valid('param').id,
      'adjust',
      c.req.valid('json'),
      actor(auth(c)),
    );
    return c.json(posted, posted.created ? 201 : 200);
  });
  r.openapi(routes.compensate, async (c) => {
    const posted = await postManual(
      deps,
      ws(c),
      c.req.valid('param').id,
      'compensation',
      c.req.valid('json'),
      actor(auth(c)),
    );
    return c.json(posted, posted.created ? 201 : 200);
  });
  r.openapi(routes.redeem, async (c) => {
    const done = await redeem(deps, ws(c), c.req.valid('param').id, c.req.valid('json'), actor(auth(c)));
    return c.json({ redemption: done.redemption, account: done.account }, done.created ? 201 : 200);
  });
  r.openapi(routes.getVoucher, async (c) => c.json(await getVoucher(deps, ws(c), c.req.valid('param').code), 200));
  r.openapi(routes.consume, async (c) =>
    c.json(await consumeVoucher(deps, ws(c), c.req.valid('param').code, c.req.valid('json'), actor(auth(c))), 200),
  );
  r.openapi(routes.overview, async (c) => c.json(await overview(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.monthly, async (c) => c.json(await monthly(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.check, async (c) => c.json(await checkLedger(deps, ws(c)), 200));
  r.openapi(routes.listParked, async (c) => c.json(await listParked(deps, ws(c)), 200));
  r.openapi(routes.retryAllParked, async (c) => {
    const done = await retryAllParked(deps, ws(c));
    if (done.requeued) await hooks.onRequeued?.(ws(c));
    return c.json(done, 200);
  });
  r.openapi(routes.retryParked, async (c) => {
    await retryParked(deps, ws(c), c.req.valid('param').id);
    await hooks.onRequeued?.(ws(c));
    return c.json({ requeued: 1 }, 200);
  });
  r.openapi(routes.dismissParked, async (c) => {
    await dismissParked(deps, ws(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  return r;
}
