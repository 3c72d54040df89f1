// Owns the wire shapes of the loyalty program: configuration, entries, statements, rewards,
// redemptions, vouchers and reports. Points are whole numbers; rates and multipliers are
// decimal strings (exact), money is integer minor units.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { entryKinds, rewardKinds } from './loyalty.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

/** A decimal as a string ("1.5") or a plain number; kept exact (services read it with String()). */
const decimal = (max: string, places: number) =>
  z
    .union([z.string(), z.number()])
    .refine(
      (v) => new RegExp(`^\\d{1,9}(\\.\\d{1,${places}})?$`).test(String(v).trim()),
      `must be a non-negative decimal with at most ${places} decimals, e.g. "1.5"`,
    )
    .refine((v) => Number(v) <= Number(max), `must be at most ${max}`)
    .openapi({ example: '1.5' });
export const decimalText = (v: string | number): string => String(v).trim();
const optionalAll = <T extends Record<string, z.ZodType>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
const Multiplier = decimal('1000', 4);
const Points = (min: number, max: number) => z.number().int('must be a whole number of points').min(min).max(max);
const Key = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const boundedRecord = <T extends z.ZodType<string | number>>(value: T) =>
  z
    .record(z.string().min(1).max(100), value)
    .refine((r) => Object.keys(r).length <= 500, 'at most 500 entries')
    .optional();
export const pyramidTiers = ['platinum', 'gold', 'iron', 'lead'] as const;

// ---- program

const MultipliersBody = z.strictObject({
  categories: boundedRecord(Multiplier).openapi({ description: 'By product category', example: { Coffee: '2' } }),
  products: boundedRecord(Multiplier).openapi({ description: 'By product SKU (wins over its category)' }),
  channels: boundedRecord(Multiplier).openapi({ description: 'By sales channel', example: { web: '1.25' } }),
  tiers: z
    .partialRecord(z.enum(pyramidTiers), Multiplier)
    .optional()
    .openapi({ description: 'By internal customer-pyramid tier (customers never see it)' }),
});

export const ProgramBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    pointsUnit: z.string().trim().min(1).max(30).default('points'),
    status: z.enum(['active', 'paused']).default('active'),
    pointsPerUnit: decimal('100000', 4).openapi({ description: 'Points per whole currency unit spent' }),
    rounding: z.enum(['floor', 'nearest', 'ceil']).default('floor'),
    multipliers: MultipliersBody.optional(),
    pendingDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(0)
      .openapi({ description: 'Days before earned points can be spent (the return window)' }),
    expiryMonths: z
      .number()
      .int()
      .min(1)
      .max(240)
      .nullable()
      .default(null)
      .openapi({ description: 'Points expire this many months after they were earned (oldest first); null = never' }),
    costPerPointMinor: decimal('1000000', 6)
      .default('0')
      .openapi({ description: 'What one point costs the business, in minor units, for the liability' }),
    clawback: z.enum(['claw_back', 'forgive']).default('claw_back').openapi({
      description:
        'When a returned purchase’s points were already spent: take them back as a negative adjustment (a debt paid from future points) or forgive them',
    }),
    levelBasis: z.enum(['points', 'spend']).default('points'),
    qualificationMonths: z.number().int().min(1).max(60).default(12),
    graceMonths: z
      .number()
      .int()
      .min(0)
      .max(24)
      .default(0)
      .openapi({ description: 'How long a member keeps a level after failing to requalify' }),
    earnFrom: Timestamp.nullable().optional().openapi({ description: 'Transactions before this instant earn nothing' }),
  })
  .openapi('LoyaltyProgramInput', { example: { name: 'Rewards Club', pointsPerUnit: '1' } });
export type ProgramInput = z.infer<typeof ProgramBody>;

export const ProgramSchema = z
  .object({
    name: z.string(),
    pointsUnit: z.string(),
    status: z.enum(['active', 'paused']),
    pointsPerUnit: z.string(),
    rounding: z.enum(['floor', 'nearest', 'ceil']),
    multipliers: z.object({
      categories: z.record(z.string(), z.string()),
      products: z.record(z.string(), z.string()),
      channels: z.record(z.string(), z.string()),
      tiers: z.record(z.string(), z.string()),
    }),
    pendingDays: z.number(),
    expiryMonths: z.number().nullable(),
    costPerPointMinor: z.string(),
    clawback: z.enum(['claw_back', 'forgive']),
    levelBasis: z.enum(['points', 'spend']),
    qualificationMonths: z.number(),
    graceMonths: z.number(),
    earnFrom: z.string().nullable(),
    queued: z.number().openapi({ description: 'Transactions waiting to earn' }),
    updatedAt: z.string(),
  })
  .openapi('LoyaltyProgram');
export type ProgramDto = z.infer<typeof ProgramSchema>;

// ---- levels

const BenefitsBody = z.strictObject({
  prioritySupport: z.boolean().default(false),
  freeItems: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  perks: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
});
const levelFields = {
  name: z.string().trim().min(1).max(60),
  rank: z.number().int().min(0).max(100).openapi({ description: 'Higher is better; unique' }),
  threshold: z
    .number()
    .int()
    .min(0)
    .max(1e13)
    .openapi({ description: 'Qualifying points (or spend in minor units) in the rolling period' }),
  earnMultiplier: Multiplier,
  benefits: BenefitsBody,
};
export const CreateLevelBody = z
  .strictObject({ ...levelFields, earnMultiplier: Multiplier.default('1'), benefits: BenefitsBody.optional() })
  .openapi('CreateLoyaltyLevel', { example: { name: 'Gold', rank: 3, threshold: 5000, earnMultiplier: '1.5' } });
export const UpdateLevelBody = z
  .strictObject({
    name: levelFields.name.optional(),
    rank: levelFields.rank.optional(),
    threshold: levelFields.threshold.optional(),
    earnMultiplier: Multiplier.optional(),
    benefits: BenefitsBody.optional(),
  })
  .openapi('UpdateLoyaltyLevel', { example: { earnMultiplier: '1.5' } });
export const LevelSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rank: z.number(),
    threshold: z.number(),
    earnMultiplier: z.string(),
    benefits: z.object({ prioritySupport: z.boolean(), freeItems: z.array(z.string()), perks: z.array(z.string()) }),
    members: z.number().optional(),
  })
  .openapi('LoyaltyLevel');
export type LevelDto = z.infer<typeof LevelSchema>;

// ---- promotions

const promotionFields = {
  name: z.string().trim().min(1).max(100),
  startsAt: Timestamp,
  endsAt: Timestamp,
  multiplier: Multiplier.nullable(),
  bonusPoints: Points(1, 1_000_000).nullable(),
  targetTags: z.array(z.string().trim().min(1).max(60)).max(50),
  targetLevelIds: z.array(z.uuid()).max(20),
  targetTiers: z.array(z.enum(pyramidTiers)).max(4),
  active: z.boolean(),
};
export const CreatePromotionBody = z
  .strictObject({
    ...promotionFields,
    multiplier: promotionFields.multiplier.optional(),
    bonusPoints: promotionFields.bonusPoints.optional(),
    targetTags: promotionFields.targetTags.default([]),
    targetLevelIds: promotionFields.targetLevelIds.default([]),
    targetTiers: promotionFields.targetTiers.default([]),
    active: z.boolean().default(true),
  })
  .refine((p) => p.multiplier != null || p.bonusPoints != null, {
    ...refineProblem('one_of_required', { fields: 'multiplier, bonusPoints' }),
    path: ['multiplier'],
  })
  .refine((p) => Date.parse(p.endsAt) > Date.parse(p.startsAt), {
    ...refineProblem('after', { other: 'startsAt' }),
    path: ['endsAt'],
  })
  .openapi('CreateLoyaltyPromotion', {
    example: {
      name: 'Double points week',
      startsAt: '2026-12-01T00:00:00Z',
      endsAt: '2026-12-08T00:00:00Z',
      multiplier: '2',
    },
  });
export const UpdatePromotionBody = z
  .strictObject(optionalAll(promotionFields))
  .openapi('UpdateLoyaltyPromotion', { example: { active: false } });
export const PromotionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    multiplier: z.string().nullable(),
    bonusPoints: z.number().nullable(),
    targetTags: z.array(z.string()),
    targetLevelIds: z.array(z.uuid()),
    targetTiers: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi('LoyaltyPromotion');

// ---- rewards

const rewardFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).nullable(),
  valueMinor: z.number().int().min(0).max(1e13).nullable(),
  valuePercent: decimal('100', 2).nullable(),
  pointsPrice: Points(1, 100_000_000),
  stock: z.number().int().min(0).max(1e9).nullable().openapi({ description: 'Left to issue; null = unlimited' }),
  perCustomerLimit: z.number().int().min(1).max(1e6).nullable(),
  validFrom: Timestamp.nullable(),
  validUntil: Timestamp.nullable(),
  minLevelId: z.uuid().nullable().openapi({ description: 'Only members at this level or higher may redeem' }),
  voucherValidDays: z.number().int().min(1).max(3650),
  costMinor: z.number().int().min(0).max(1e13),
  active: z.boolean(),
};
const financial = new Set(['percent_discount', 'amount_discount', 'voucher', 'cashback']);
export const CreateRewardBody = z
  .strictObject({
    ...optionalAll(rewardFields),
    name: rewardFields.name,
    kind: z.enum(rewardKinds),
    pointsPrice: rewardFields.pointsPrice,
  })
  .refine((r) => r.kind !== 'percent_discount' || r.valuePercent != null, {
    ...refineProblem('required_for_kind'),
    path: ['valuePercent'],
  })
  .refine((r) => !['amount_discount', 'voucher', 'cashback'].includes(r.kind) || r.valueMinor != null, {
    ...refineProblem('required_for_kind'),
    path: ['valueMinor'],
  })
  .openapi('CreateLoyaltyReward', {
    example: { name: '10% off', kind: 'percent_discount', valuePercent: '10', pointsPrice: 500 },
  });
export const UpdateRewardBody = z
  .strictObject(optionalAll(rewardFields))
  .openapi('UpdateLoyaltyReward', { example: { active: true } });
export const RewardSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(rewardKinds),
    financial: z.boolean(),
    valueMinor: z.number().nullable(),
    valuePercent: z.string().nullable(),
    pointsPrice: z.number(),
    stock: z.number().nullable(),
    perCustomerLimit: z.number().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    minLevelId: z.uuid().nullable(),
    voucherValidDays: z.number(),
    costMinor: z.number(),
    active: z.boolean(),
  })
  .openapi('LoyaltyReward');
export type RewardDto = z.infer<typeof RewardSchema>;
export const isFinancial = (kind: string) => financial.has(kind);
export const ListRewardsQuery = z.strictObject({ active: z.enum(['true', 'false']).optional() });

// ---- entries, members, statements

export const AdjustBody = z
  .strictObject({
    points: z
      .number()
      .int('must be a whole number of points')
      .min(-100_000_000)
      .max(100_000_000)
      .refine((n) => n !== 0, 'must not be zero'),
    reason: z.string().trim().min(1).max(500),
    idempotencyKey: Key.optional().openapi({
      description: 'Posting the same key again returns the first entry and changes nothing',
    }),
  })
  .openapi('LoyaltyAdjustment', { example: { points: 100, reason: 'Correction of a missed purchase' } });
export const CompensationBody = z
  .strictObject({
    points: Points(1, 10_000_000),
    reason: z.string().trim().min(1).max(500),
    idempotencyKey: Key.optional(),
  })
  .openapi('LoyaltyCompensation', { example: { points: 250, reason: 'Goodwill for a late delivery' } });
export const RedeemBody = z
  .strictObject({
    rewardId: z.uuid(),
    idempotencyKey: Key.optional().openapi({ description: 'Retrying with the same key returns the first redemption' }),
  })
  .openapi('LoyaltyRedeem', { example: { rewardId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' } });

export const EntrySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(entryKinds),
    points: z.number(),
    occurredAt: z.string(),
    idempotencyKey: z.string(),
    transactionId: z.uuid().nullable(),
    reversesEntryId: z.uuid().nullable(),
    redemptionId: z.uuid().nullable(),
    spendMinor: z.number().nullable(),
    reason: z.string().nullable(),
    breakdown: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'Why: base, each multiplier, promotions, rounding' }),
    createdAt: z.string(),
  })
  .openapi('LoyaltyEntry');
export type EntryDto = z.infer<typeof EntrySchema>;

export const AccountSchema = z
  .object({
    customerId: z.uuid(),
    pointsUnit: z.string(),
    balance: z.number().openapi({ description: 'Sum of every entry (negative only while a claw-back debt is open)' }),
    spendable: z.number(),
    pending: z.number().openapi({ description: 'Earned, spendable after the return window' }),
    expiringSoon: z.number().openapi({ description: 'Spendable or pending points expiring in the next 30 days' }),
    debt: z.number(),
    level: LevelSchema.nullable(),
    levelSince: z.string().nullable(),
    reviewAt: z.string().nullable(),
    graceUntil: z.string().nullable(),
    qualifying: z.object({ basis: z.enum(['points', 'spend']), value: z.number(), since: z.string() }),
    nextLevel: z.object({ id: z.uuid(), name: z.string(), threshold: z.number(), toGo: z.number() }).nullable(),
  })
  .openapi('LoyaltyAccount');
export type AccountDto = z.infer<typeof AccountSchema>;

export const StatementQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(300).optional(),
});
export const StatementSchema = z
  .object({
    account: AccountSchema,
    entries: z.array(EntrySchema),
    nextCursor: z.string().nullable(),
    pendingLots: z.array(z.object({ points: z.number(), earnedAt: z.string(), availableAt: z.string() })),
    expiring: z
      .array(z.object({ expiresAt: z.string(), points: z.number() }))
      .openapi({ description: 'Points left per expiry date, soonest first' }),
  })
  .openapi('LoyaltyStatement');

export const PostedSchema = z
  .object({ entry: EntrySchema, created: z.boolean(), account: AccountSchema })
  .openapi('LoyaltyPosted');

// ---- redemptions and vouchers

export const RedemptionSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    rewardId: z.uuid(),
    rewardName: z.string().optional(),
    points: z.number(),
    voucherCode: z.string(),
    status: z.enum(['issued', 'consumed', 'expired']),
    issuedAt: z.string(),
    expiresAt: z.string(),
    consumedAt: z.string().nullable(),
    consumedReference: z.string().nullable(),
  })
  .openapi('LoyaltyRedemption');
export type RedemptionDto = z.infer<typeof RedemptionSchema>;
export const ListRedemptionsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  rewardId: z.uuid().optional(),
  status: z.enum(['issued', 'consumed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.uuid().optional(),
});

export const VoucherParams = z.object({
  code: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'code', in: 'path' }, example: '7K3M-9Q2D-X8VA-HT4R' }),
});
export const ConsumeBody = z
  .strictObject({
    reference: z.string().trim().min(1).max(200).optional().openapi({ description: 'Your order or receipt number' }),
  })
  .openapi('ConsumeVoucher', { example: {} });
export const VoucherSchema = z
  .object({
    code: z.string(),
    status: z.enum(['issued', 'consumed', 'expired']),
    reward: RewardSchema.pick({ id: true, name: true, kind: true, valueMinor: true, valuePercent: true }),
    customerId: z.uuid(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    consumedAt: z.string().nullable(),
  })
  .openapi('LoyaltyVoucher');

// ---- reports

export const ReportQuery = z.strictObject({ from: Timestamp.optional(), to: Timestamp.optional() });
export const OverviewSchema = z
  .object({
    pointsUnit: z.string(),
    members: z.number(),
    outstanding: z.number().openapi({ description: 'Σ balances: points the program still owes' }),
    spendable: z.number(),
    pending: z.number(),
    debt: z.number(),
    costPerPointMinor: z.string(),
    liabilityMinor: z
      .number()
      .openapi({ description: 'outstanding × cost per point, in minor units (rounded half up)' }),
    currency: z.string(),
    earned: z.number(),
    redeemed: z.number(),
    expired: z.number(),
    breakage: z.number().nullable().openapi({ description: 'expired / earned over the period' }),
    membersPerLevel: z.array(
      z.object({ levelId: z.uuid().nullable(), name: z.string().nullable(), members: z.number() }),
    ),
    queued: z.number(),
  })
  .openapi('LoyaltyOverview');
export const MonthlySchema = z
  .object({
    items: z.array(
      z.object({
        month: z.string(),
        earned: z.number(),
        redeemed: z.number(),
        expired: z.number(),
        reversed: z.number(),
        adjusted: z.number(),
        compensated: z.number(),
      }),
    ),
  })
  .openapi('LoyaltyMonthly');

// ---- earn queue: transactions that failed to earn on their own

export const ParkedEarningSchema = z
  .object({
    id: z.uuid().openapi({ description: 'The parked queue item (retry or dismiss it by this id)' }),
    transactionId: z.uuid(),
    customerId: z.uuid().nullable(),
    attempts: z.number().int().openapi({ description: 'Times it failed when earned on its own' }),
    error: z.string().openapi({
      description:
        'The last failure as the database or the code reported it: technical detail, in English, without query parameters',
    }),
    failedAt: z.string(),
    parkedAt: z.string(),
    queuedAt: z.string(),
  })
  .openapi('LoyaltyParkedEarning');
export const ParkedEarningsSchema = z
  .object({
    items: z.array(ParkedEarningSchema),
    total: z.number().int().openapi({ description: 'All parked items (the list shows the latest 100)' }),
  })
  .openapi('LoyaltyParkedEarnings');
export type ParkedEarningDto = z.infer<typeof ParkedEarningSchema>;
export type ParkedEarningsDto = z.infer<typeof ParkedEarningsSchema>;

// Response types the web app imports (type-only).
export type PromotionDto = z.infer<typeof PromotionSchema>;
export type StatementDto = z.infer<typeof StatementSchema>;
export type OverviewDto = z.infer<typeof OverviewSchema>;
export type MonthlyDto = z.infer<typeof MonthlySchema>;
export type RewardInput = z.infer<typeof CreateRewardBody>;
export type LevelInput = z.infer<typeof CreateLevelBody>;
