// Owns the loyalty program's tables: its configuration (program, levels, promotions, rewards),
// the append-only points ledger with its earn lots and FIFO allocations, member accounts (the
// per-member lock row), redemptions with their voucher codes, and the queue of transactions
// waiting to earn. Points are integers; money is integer minor units.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, money, updatedAt, workspaceId } from '../../db/columns.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';

export type Multipliers = {
  categories: Record<string, string>;
  products: Record<string, string>;
  channels: Record<string, string>;
  tiers: Record<string, string>;
};
export type LevelBenefits = { prioritySupport: boolean; freeItems: string[]; perks: string[] };

/** One program per workspace. Decimal settings are exact numerics, never floats. */
export const loyaltyPrograms = pgTable(
  'loyalty_programs',
  {
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    pointsUnit: text('points_unit').notNull().default('points'),
    status: text('status').$type<'active' | 'paused'>().notNull().default('active'),
    /** Points per whole currency unit (e.g. 1 point per 1.00). */
    pointsPerUnit: numeric('points_per_unit', { precision: 12, scale: 4 }).notNull(),
    rounding: text('rounding').$type<'floor' | 'nearest' | 'ceil'>().notNull().default('floor'),
    multipliers: jsonb('multipliers').$type<Multipliers>().notNull(),
    /** Days before earned points become spendable (the return window). */
    pendingDays: integer('pending_days').notNull().default(0),
    /** Earned points expire this many months after they were earned; null = never. */
    expiryMonths: integer('expiry_months'),
    /** What one outstanding point costs the business, in minor units (for the liability). */
    costPerPointMinor: numeric('cost_per_point_minor', { precision: 14, scale: 6 }).notNull(),
    /** On a return whose points were already spent: take them back (claw_back) or let them go (forgive). */
    clawback: text('clawback').$type<'claw_back' | 'forgive'>().notNull().default('claw_back'),
    levelBasis: text('level_basis').$type<'points' | 'spend'>().notNull().default('points'),
    qualificationMonths: integer('qualification_months').notNull().default(12),
    graceMonths: integer('grace_months').notNull().default(0),
    /** Transactions that happened before this instant earn nothing; null = all. */
    earnFrom: at('earn_from'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('loyalty_programs_status_known', sql`${t.status} in ('active', 'paused')`),
    check('loyalty_programs_rounding_known', sql`${t.rounding} in ('floor', 'nearest', 'ceil')`),
    check('loyalty_programs_clawback_known', sql`${t.clawback} in ('claw_back', 'forgive')`),
    check('loyalty_programs_basis_known', sql`${t.levelBasis} in ('points', 'spend')`),
  ],
);

/** Customer-visible membership levels, ordered by rank; threshold in points or minor units. */
export const loyaltyLevels = pgTable(
  'loyalty_levels',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
    threshold: bigint('threshold', { mode: 'number' }).notNull(),
    earnMultiplier: numeric('earn_multiplier', { precision: 10, scale: 4 }).notNull().default('1'),
    benefits: jsonb('benefits').$type<LevelBenefits>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    uniqueIndex('loyalty_levels_rank_key').on(t.workspaceId, t.rank),
    uniqueIndex('loyalty_levels_name_key').on(t.workspaceId, t.name),
    check('loyalty_levels_threshold_nonnegative', sql`${t.threshold} >= 0`),
  ],
);

/** Time-boxed bonuses: a multiplier or fixed points per purchase, optionally for a target group. */
export const loyaltyPromotions = pgTable(
  'loyalty_promotions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    multiplier: numeric('multiplier', { precision: 10, scale: 4 }),
    bonusPoints: integer('bonus_points'),
    targetTags: text('target_tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
    targetLevelIds: uuid('target_level_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    targetTiers: text('target_tiers')
      .array()
      .notNull()
      .default(sql`'{}'`),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('loyalty_promotions_period', sql`${t.endsAt} > ${t.startsAt}`),
    check('loyalty_promotions_effect', sql`${t.multiplier} is not null or ${t.bonusPoints} is not null`),
  ],
);

export const rewardKinds = [
  'percent_discount',
  'amount_discount',
  'voucher',
  'cashback',
  'priority_service',
  'upgrade',
  'experience',
  'gift',
] as const;
export type RewardKind = (typeof rewardKinds)[number];

export const loyaltyRewards = pgTable(
  'loyalty_rewards',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind').$type<RewardKind>().notNull(),
    /** Amount discount, voucher or cashback value in minor units. */
    valueMinor: money('value_minor'),
    /** Percentage discount, e.g. 10.00. */
    valuePercent: numeric('value_percent', { precision: 5, scale: 2 }),
    pointsPrice: integer('points_price').notNull(),
    /** Left to issue; null = unlimited. Decremented under the reward's row lock. */
    stock: integer('stock'),
    perCustomerLimit: integer('per_customer_limit'),
    validFrom: at('valid_from'),
    validUntil: at('valid_until'),
    /** Only members at this level or a higher one may redeem; null = everyone. */
    minLevelId: uuid('min_level_id'),
    voucherValidDays: integer('voucher_valid_days').notNull().default(90),
    /** What one redemption costs the business (minor units), for profitability. */
    costMinor: money('cost_minor').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
    check('loyalty_rewards_price_positive', sql`${t.pointsPrice} > 0`),
    check('loyalty_rewards_stock_nonnegative', sql`${t.stock} is null or ${t.stock} >= 0`),
  ],
);

/**
 * One row per member: the row every posting locks (SELECT … FOR UPDATE), a cached balance the
 * check command proves equal to the sum of entries, the debt left by claw-backs, and the level.
 */
export const loyaltyAccounts = pgTable(
  'loyalty_accounts',
  {
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    debt: bigint('debt', { mode: 'number' }).notNull().default(0),
    levelId: uuid('level_id'),
    levelSince: at('level_since'),
    reviewAt: at('review_at'),
    graceUntil: at('grace_until'),
    enrolledAt: at('enrolled_at').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    index('loyalty_accounts_review_idx').on(t.workspaceId, t.reviewAt),
    index('loyalty_accounts_level_idx').on(t.workspaceId, t.levelId),
    check('loyalty_accounts_debt_nonnegative', sql`${t.debt} >= 0`),
  ],
);

/** `transfer`: points moving between members when customers merge (out of one, into the other, lot by lot). */
export const entryKinds = ['earn', 'redeem', 'expire', 'adjust', 'compensation', 'reversal', 'transfer'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** The ledger: append-only (a trigger refuses UPDATE and DELETE); balance = sum(points). */
export const loyaltyEntries = pgTable(
  'loyalty_entries',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<EntryKind>().notNull(),
    /** Signed: credits positive, debits negative. */
    points: integer('points').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    occurredAt: at('occurred_at').notNull(),
    transactionId: uuid('transaction_id'),
    /** Reversals and claw-backs name the earn entry they undo. */
    reversesEntryId: uuid('reverses_entry_id'),
    redemptionId: uuid('redemption_id'),
    /** Eligible spend (earn) or returned spend (reversal), minor units; for spend-based levels. */
    spendMinor: money('spend_minor'),
    reason: text('reason'),
    breakdown: jsonb('breakdown').$type<Record<string, unknown>>(),
    actor: text('actor'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('loyalty_entries_idempotency_key').on(t.workspaceId, t.idempotencyKey),
    index('loyalty_entries_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt, t.id),
    index('loyalty_entries_reverses_idx')
      .on(t.workspaceId, t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    check(
      'loyalty_entries_kind_known',
      sql`${t.kind} in ('earn', 'redeem', 'expire', 'adjust', 'compensation', 'reversal', 'transfer')`,
    ),
    check(
      'loyalty_entries_sign',
      sql`(${t.kind} in ('earn', 'compensation') and ${t.points} > 0) or (${t.kind} in ('redeem', 'expire') and ${t.points} < 0) or (${t.kind} in ('adjust', 'transfer') and ${t.points} <> 0) or (${t.kind} = 'reversal' and ${t.points} <= 0)`,
    ),
  ],
);

/** Every credit entry opens a lot; debits consume lots first-in first-out (see allocations). */
export const loyaltyLots = pgTable(
  'loyalty_lots',
  {
    workspaceId: workspaceId(),
    entryId: uuid('entry_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    points: integer('points').notNull(),
    remaining: integer('remaining').notNull(),
    earnedAt: at('earned_at').notNull(),
    availableAt: at('available_at').notNull(),
    expiresAt: at('expires_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.entryId] }),
    index('loyalty_lots_open_idx')
      .on(t.workspaceId, t.customerId, t.earnedAt, t.entryId)
      .where(sql`${t.remaining} > 0`),
    index('loyalty_lots_expiring_idx')
      .on(t.workspaceId, t.expiresAt)
      .where(sql`${t.remaining} > 0 and ${t.expiresAt} is not null`),
    check('loyalty_lots_remaining_range', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.points}`),
  ],
);

/** Which lots each debit consumed: lot.remaining = lot.points − Σ allocations. */
export const loyaltyAllocations = pgTable(
  'loyalty_allocations',
  {
    workspaceId: workspaceId(),
    debitEntryId: uuid('debit_entry_id').notNull(),
    lotEntryId: uuid('lot_entry_id').notNull(),
    points: integer('points').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.debitEntryId, t.lotEntryId] }),
    index('loyalty_allocations_lot_idx').on(t.workspaceId, t.lotEntryId),
    check('loyalty_allocations_positive', sql`${t.points} > 0`),
  ],
);

export const loyaltyRedemptions = pgTable(
  'loyalty_redemptions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    rewardId: uuid('reward_id').notNull(),
    /** The ledger debit that paid for it; null for a reward given away (a campaign's gift costs no points). */
    entryId: uuid('entry_id'),
    points: integer('points').notNull(),
    /** Set on a given reward: one voucher per key (e.g. campaign × customer × action), however often it is retried. */
    issueKey: text('issue_key'),
    /** Unguessable (80 random bits, Crockford base32); the bearer proof at the point of sale. */
    voucherCode: text('voucher_code').notNull(),
    status: text('status').$type<'issued' | 'consumed'>().notNull().default('issued'),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    consumedAt: at('consumed_at'),
    consumedReference: text('consumed_reference'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('loyalty_redemptions_voucher_key').on(t.workspaceId, t.voucherCode),
    uniqueIndex('loyalty_redemptions_issue_key').on(t.workspaceId, t.issueKey),
    index('loyalty_redemptions_customer_idx').on(t.workspaceId, t.customerId, t.rewardId),
    check('loyalty_redemptions_status_known', sql`${t.status} in ('issued', 'consumed')`),
  ],
);

/**
 * Transactions waiting to earn (or reverse) points, as id ranges: a statement-level trigger on
 * `transactions` adds one row per inserting statement and workspace — [lowest id, highest id] —
 * in the same database transaction as the insert, so nothing is missed however transactions
 * arrive (API, batch, import, demo) and a bulk import adds one row per 5,000 transactions. A
 * range may also cover transactions of a concurrent statement: processing is idempotent
 * (earn:<transaction id>), so covering one twice is harmless. A parked row still counts as queued
 * (a return of its purchase waits for it).
 */
export const loyaltyEarnQueue = pgTable(
  'loyalty_earn_queue',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    /** Inclusive bounds; `fromTransactionId` moves up as the range is worked through. */
    fromTransactionId: uuid('from_transaction_id').notNull(),
    toTransactionId: uuid('to_transaction_id').notNull(),
    transactions: integer('transactions').notNull(),
    enqueuedAt: at('enqueued_at').notNull().defaultNow(),
    /** A return waiting for its purchase to earn, or a transaction that failed, is retried after this. */
    notBefore: at('not_before'),
    /**
     * A transaction that failed on its own is moved to a row of its own (so the rest of its range
     * goes on earning) and counts its failed attempts here, with the last error and its customer.
     */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    failedAt: at('failed_at'),
    customerId: uuid('customer_id'),
    /** Set aside after too many failures: no run takes it until an admin retries or dismisses it. */
    parkedAt: at('parked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('loyalty_earn_queue_range_idx').on(t.workspaceId, t.fromTransactionId),
  ],
);
