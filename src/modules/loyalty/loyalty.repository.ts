// The loyalty domain's SQL: program configuration, accounts (locked per member), the ledger,
// lots and allocations, redemptions and the reports (the earn queue: loyalty.queue.sources.ts).
// Every query is scoped by workspace; lists of ids travel as one JSON or array parameter.
import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import type { Lot, Unpaid } from './loyalty.postings.ts';
import {
  loyaltyAccounts,
  loyaltyEntries,
  loyaltyLevels,
  loyaltyLots,
  loyaltyPrograms,
  loyaltyPromotions,
  loyaltyRedemptions,
  loyaltyRewards,
} from './loyalty.schema.ts';

export type ProgramRow = typeof loyaltyPrograms.$inferSelect;
export type LevelRow = typeof loyaltyLevels.$inferSelect;
export type PromotionRow = typeof loyaltyPromotions.$inferSelect;
export type RewardRow = typeof loyaltyRewards.$inferSelect;
export type AccountRow = typeof loyaltyAccounts.$inferSelect;
export type EntryRow = typeof loyaltyEntries.$inferSelect;
export type EntryInsert = typeof loyaltyEntries.$inferInsert;
export type RedemptionRow = typeof loyaltyRedemptions.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid[] parameter; ids are checked so the literal cannot be bent. */
export function uuids(ids: string[]): SQL {
  for (const id of ids) if (!uuidPattern.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
/** A text[] parameter from any strings (JSON carries the quoting). */
const texts = (values: string[]): SQL => sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;
const num = (v: unknown): number => Number(v ?? 0);
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

// ---- program, levels, promotions, rewards

export async function upsertProgram(db: Db, row: typeof loyaltyPrograms.$inferInsert): Promise<ProgramRow> {
  const { workspaceId: _w, createdAt: _c, ...set } = row;
  const [saved] = await db
    .insert(loyaltyPrograms)
    .values(row)
    .onConflictDoUpdate({ target: loyaltyPrograms.workspaceId, set })
    .returning();
  return saved;
}

export async function listLevelRows(db: Db, workspaceId: string): Promise<LevelRow[]> {
  return db
    .select()
    .from(loyaltyLevels)
    .where(eq(loyaltyLevels.workspaceId, workspaceId))
    .orderBy(asc(loyaltyLevels.rank));
}

export async function insertLevel(db: Db, row: typeof loyaltyLevels.$inferInsert): Promise<LevelRow | undefined> {
  const [created] = await db.insert(loyaltyLevels).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateLevelRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyLevels.$inferInsert>,
): Promise<LevelRow | undefined> {
  const [row] = await db
    .update(loyaltyLevels)
    .set(patch)
    .where(and(eq(loyaltyLevels.workspaceId, workspaceId), eq(loyaltyLevels.id, id)))
    .returning();
  return row;
}

export async function listPromotionRows(db: Db, workspaceId: string): Promise<PromotionRow[]> {
  return db
    .select()
    .from(loyaltyPromotions)
    .where(eq(loyaltyPromotions.workspaceId, workspaceId))
    .orderBy(desc(loyaltyPromotions.startsAt), asc(loyaltyPromotions.id));
}

/** Active promotions overlapping [from, to]. */
export async function promotionsBetween(db: Db, workspaceId: string, from: Date, to: Date): Promise<PromotionRow[]> {
  return db
    .select()
    .from(loyaltyPromotions)
    .where(
      and(
        eq(loyaltyPromotions.workspaceId, workspaceId),
        eq(loyaltyPromotions.active, true),
        lt(loyaltyPromotions.startsAt, new Date(to.getTime() + 1)),
        gt(loyaltyPromotions.endsAt, from),
      ),
    );
}

export async function insertPromotion(db: Db, row: typeof loyaltyPromotions.$inferInsert): Promise<PromotionRow> {
  const [created] = await db.insert(loyaltyPromotions).values(row).returning();
  return created;
}

export async function updatePromotionRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyPromotions.$inferInsert>,
): Promise<PromotionRow | undefined> {
  const [row] = await db
    .update(loyaltyPromotions)
    .set(patch)
    .where(and(eq(loyaltyPromotions.workspaceId, workspaceId), eq(loyaltyPromotions.id, id)))
    .returning();
  return row;
}

export async function findPromotion(db: Db, workspaceId: string, id: string): Promise<PromotionRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyPromotions)
    .where(and(eq(loyaltyPromotions.workspaceId, workspaceId), eq(loyaltyPromotions.id, id)));
  return row;
}

export async function listRewardRows(db: Db, workspaceId: string, f: { active?: boolean }): Promise<RewardRow[]> {
  return db
    .select()
    .from(loyaltyRewards)
    .where(
      and(
        eq(loyaltyRewards.workspaceId, workspaceId),
        f.active === undefined ? undefined : eq(loyaltyRewards.active, f.active),
      ),
    )
    .orderBy(asc(loyaltyRewards.pointsPrice), asc(loyaltyRewards.id));
}

export async function insertReward(db: Db, row: typeof loyaltyRewards.$inferInsert): Promise<RewardRow> {
  const [created] = await db.insert(loyaltyRewards).values(row).returning();
  return created;
}

export async function updateRewardRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyRewards.$inferInsert>,
): Promise<RewardRow | undefined> {
  const [row] = await db
    .update(loyaltyRewards)
    .set(patch)
    .where(and(eq(loyaltyRewards.workspaceId, workspaceId), eq(loyaltyRewards.id, id)))
    .returning();
  return row;
}

export async function findReward(
  db: Db,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<RewardRow | undefined> {
  const q = db
    .select()
    .from(loyaltyRewards)
    .where(and(eq(loyaltyRewards.workspaceId, workspaceId), eq(loyaltyRewards.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function takeRewardStock(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.execute(
    sql`update loyalty_rewards set stock = stock - 1 where workspace_id = ${workspaceId} and id = ${id} and stock is not null`,
  );
}

// ---- accounts

/** Creates missing accounts (sorted, so concurrent enrolments cannot deadlock). */
export async function ensureAccounts(db: Db, rows: (typeof loyaltyAccounts.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  await insertUnnest(db, loyaltyAccounts, sorted, { onConflict: sql`on conflict do nothing` });
}

/** The per-member lock: every posting holds its members' rows until commit. */
export async function lockAccounts(db: Db, workspaceId: string, customerIds: string[]): Promise<AccountRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(loyaltyAccounts)
    .where(
      and(
        eq(loyaltyAccounts.workspaceId, workspaceId),
        sql`${loyaltyAccounts.customerId} = any(${uuids(customerIds)})`,
      ),
    )
    .orderBy(asc(loyaltyAccounts.customerId))
    .for('update');
}

/**
 * Locks the members' accounts, creating the missing ones: existing rows are locked in id order in
 * one statement (the common case: one round trip), new ones inserted in id order, then locked.
 */
export async function lockOrEnrol(
  db: Db,
  workspaceId: string,
  customerIds: string[],
  now: Date,
): Promise<AccountRow[]> {
  const ids = [...new Set(customerIds)].sort();
  const found = await lockAccounts(db, workspaceId, ids);
  if (found.length === ids.length) return found;
  const have = new Set(found.map((a) => a.customerId));
  const missing = ids.filter((id) => !have.has(id));
  await ensureAccounts(
    db,
    missing.map((customerId) => ({ workspaceId, customerId, enrolledAt: now, updatedAt: now })),
  );
  return [...found, ...(await lockAccounts(db, workspaceId, missing))];
}

export async function findAccount(db: Db, workspaceId: string, customerId: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyAccounts)
    .where(and(eq(loyaltyAccounts.workspaceId, workspaceId), eq(loyaltyAccounts.customerId, customerId)));
  return row;
}

export async function updateAccountLevels(
  db: Db,
  workspaceId: string,
  rows: {
    customerId: string;
    levelId: string | null;
    levelSince: Date | null;
    reviewAt: Date | null;
    graceUntil: Date | null;
  }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update loyalty_accounts a set level_id = u."levelId", level_since = u."levelSince", review_at = u."reviewAt", grace_until = u."graceUntil", updated_at = ${now}
    from json_to_recordset(${JSON.stringify(rows)}::json) as u("customerId" uuid, "levelId" uuid, "levelSince" timestamptz, "reviewAt" timestamptz, "graceUntil" timestamptz)
    where a.workspace_id = ${workspaceId} and a.customer_id = u."customerId"`);
}

/** Accounts whose level review is due, oldest first. */
export async function dueForReview(
  db: Db,
  workspaceId: string,
  now: Date,
  afterCustomerId: string | undefined,
  limit: number,
): Promise<string[]> {
  const rows = await queryRows<{ customer_id: string }>(
    db,
    sql`select customer_id from loyalty_accounts
        where workspace_id = ${workspaceId} and (review_at <= ${now} or (level_id is null and review_at is null))
          ${afterCustomerId ? sql`and customer_id > ${afterCustomerId}` : sql``}
        order by customer_id limit ${limit}`,
  );
  return rows.map((r) => r.customer_id);
}

/** Net qualifying points (earn and its reversals) or spend per member since an instant. */
export async function qualifyingValues(
  db: Db,
  workspaceId: string,
  customerIds: string[],
  since: Date,
  basis: 'points' | 'spend',
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const measure = basis === 'points' ? sql`sum(points)` : sql`sum(coalesce(spend_minor, 0))`;
  const rows = await queryRows<{ customer_id: string; value: string }>(
    db,
    sql`select customer_id, (${measure})::text as value from loyalty_entries
        where workspace_id = ${workspaceId} and customer_id = any(${uuids(customerIds)}) and kind in ('earn', 'reversal') and occurred_at >= ${since}
        group by customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, num(r.value)]));
}

// ---- ledger

export async function entriesByKeys(db: Db, workspaceId: string, keys: string[]): Promise<EntryRow[]> {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(loyaltyEntries)
    .where(
      and(eq(loyaltyEntries.workspaceId, workspaceId), sql`${loyaltyEntries.idempotencyKey} = any(${texts(keys)})`),
    );
}

const toLot = (r: Record<string, unknown>): Lot => ({
  entryId: r.entry_id as string,
  points: num(r.points),
  remaining: num(r.remaining),
  earnedAt: date(r.earned_at),
  availableAt: date(r.available_at),
  expiresAt: dateOrNull(r.expires_at),
});

/** Lots with points left, per member, first in first out. */
export async function openLots(db: Db, workspaceId: string, customerIds: string[]): Promise<Map<string, Lot[]>> {
  const out = new Map<string, Lot[]>();
  if (customerIds.length === 0) return out;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select customer_id, entry_id, points, remaining, earned_at, available_at, expires_at from loyalty_lots
        where workspace_id = ${workspaceId} and customer_id = any(${uuids(customerIds)}) and remaining > 0
        order by customer_id, earned_at, entry_id`,
  );
  for (const r of rows) {
    const list = out.get(r.customer_id as string) ?? [];
    list.push(toLot(r));
    out.set(r.customer_id as string, list);
  }
  return out;
}

export async function lotsByIds(db: Db, workspaceId: string, ids: string[]): Promise<(Lot & { customerId: string })[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select customer_id, entry_id, points, remaining, earned_at, available_at, expires_at from loyalty_lots where workspace_id = ${workspaceId} and entry_id = any(${uuids(ids)})`,
  );
  return rows.map((r) => ({ ...toLot(r), customerId: r.customer_id as string }));
}

/** Debits not yet fully covered by lots (claw-back debt), oldest first. */
export async function unpaidDebits(db: Db, workspaceId: string, customerIds: string[]): Promise<Map<string, Unpaid[]>> {
  const out = new Map<string, Unpaid[]>();
  if (customerIds.length === 0) return out;
  const rows = await queryRows<{ customer_id: string; id: string; unpaid: string }>(
    db,
    sql`select e.customer_id, e.id, (-e.points - coalesce(sum(a.points), 0))::text as unpaid
        from loyalty_entries e left join loyalty_allocations a on a.workspace_id = e.workspace_id and a.debit_entry_id = e.id
        where e.workspace_id = ${workspaceId} and e.customer_id = any(${uuids(customerIds)}) and e.kind = 'adjust' and e.points < 0
        group by e.customer_id, e.id, e.points, e.occurred_at
        having -e.points - coalesce(sum(a.points), 0) > 0
        order by e.customer_id, e.occurred_at, e.id`,
  );
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ entryId: r.id, unpaid: num(r.unpaid) });
    out.set(r.customer_id, list);
  }
  return out;
}

export type ReversalHistory = {
  lotEntryId: string;
  spentOnRewards: number;
  clawedBack: number;
  reversedPoints: number;
  returnedWeighted: string[];
};

/** For each earn being reversed: what was spent from it on rewards, clawed back and reversed before. */
export async function reversalHistory(
  db: Db,
  workspaceId: string,
  lotIds: string[],
): Promise<Map<string, ReversalHistory>> {
  const out = new Map<string, ReversalHistory>(
    lotIds.map((id) => [
      id,
      { lotEntryId: id, spentOnRewards: 0, clawedBack: 0, reversedPoints: 0, returnedWeighted: [] },
    ]),
  );
  if (lotIds.length === 0) return out;
  const spent = await queryRows<{ lot_entry_id: string; spent: string }>(
    db,
    sql`select a.lot_entry_id, sum(a.points)::text as spent from loyalty_allocations a join loyalty_entries d on d.workspace_id = a.workspace_id and d.id = a.debit_entry_id
        where a.workspace_id = ${workspaceId} and a.lot_entry_id = any(${uuids(lotIds)}) and d.kind = 'redeem' group by a.lot_entry_id`,
  );
  for (const r of spent) (out.get(r.lot_entry_id) as ReversalHistory).spentOnRewards = num(r.spent);
  const undone = await queryRows<{
    reverses_entry_id: string;
    kind: string;
    points: number;
    breakdown: Record<string, unknown> | null;
    target: string | null;
  }>(
    db,
    sql`select reverses_entry_id, kind, points, breakdown from loyalty_entries
        where workspace_id = ${workspaceId} and reverses_entry_id = any(${uuids(lotIds)})`,
  );
  for (const r of undone) {
    const h = out.get(r.reverses_entry_id) as ReversalHistory;
    if (r.kind === 'adjust') h.clawedBack += -num(r.points);
    if (r.kind === 'reversal') {
      h.reversedPoints += num((r.breakdown as { target?: number; taken?: number } | null)?.taken ?? 0);
      const w = (r.breakdown as { returnedWeighted?: string } | null)?.returnedWeighted;
      if (w) h.returnedWeighted.push(w);
    }
  }
  return out;
}

const snake = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

export type LedgerEffects = {
  entries: EntryInsert[];
  lots: (typeof loyaltyLots.$inferInsert)[];
  lotUpdates: { entryId: string; remaining: number }[];
  allocations: { debitEntryId: string; lotEntryId: string; points: number }[];
  accounts: { customerId: string; balance: number; debt: number }[];
};

/**
 * Writes a posting's effects — entries, new lots, lot remainders, allocations, account balances —
 * in ONE statement (data-modifying CTEs over JSON rows), so a posting costs one round trip to
 * write. Returns how many entries were inserted (fewer than given: a key was taken meanwhile).
 */
export async function writeLedgerEffects(db: Db, workspaceId: string, now: Date, fx: LedgerEffects): Promise<number> {
  const json = (rows: Record<string, unknown>[]) => JSON.stringify(rows.map((r) => snake({ workspaceId, ...r })));
  const [r] = await queryRows<{ entries: number }>(
    db,
    sql`with e as (
          insert into loyalty_entries (workspace_id, id, customer_id, kind, points, idempotency_key, occurred_at, transaction_id, reverses_entry_id, redemption_id, spend_minor, reason, breakdown, actor, created_at)
          select workspace_id, id, customer_id, kind, points, idempotency_key, occurred_at, transaction_id, reverses_entry_id, redemption_id, spend_minor, reason, breakdown, actor, created_at
          from json_populate_recordset(null::loyalty_entries, ${json(fx.entries)}::json)
          on conflict (workspace_id, idempotency_key) do nothing returning 1),
        l as (
          insert into loyalty_lots (workspace_id, entry_id, customer_id, points, remaining, earned_at, available_at, expires_at)
          select workspace_id, entry_id, customer_id, points, remaining, earned_at, available_at, expires_at from json_populate_recordset(null::loyalty_lots, ${json(fx.lots)}::json) returning 1),
        u as (
          update loyalty_lots x set remaining = v.remaining from json_populate_recordset(null::loyalty_lots, ${json(fx.lotUpdates)}::json) v
          where x.workspace_id = v.workspace_id and x.entry_id = v.entry_id returning 1),
        a as (
          insert into loyalty_allocations (workspace_id, debit_entry_id, lot_entry_id, points)
          select workspace_id, debit_entry_id, lot_entry_id, points from json_populate_recordset(null::loyalty_allocations, ${json(fx.allocations)}::json) returning 1),
        b as (
          update loyalty_accounts x set balance = v.balance, debt = v.debt, updated_at = ${now} from json_populate_recordset(null::loyalty_accounts, ${json(fx.accounts)}::json) v
          where x.workspace_id = v.workspace_id and x.customer_id = v.customer_id returning 1)
        select (select count(*) from e)::int as entries, (select count(*) from l) + (select count(*) from u) + (select count(*) from a) + (select count(*) from b) as touched`,
  );
  return Number(r?.entries ?? 0);
}

export type MemberSnapshot = {
  program: { pointsUnit: string; levelBasis: 'points' | 'spend'; qualificationMonths: number } | null;
  account: {
    balance: number;
    debt: number;
    levelId: string | null;
    levelSince: Date | null;
    reviewAt: Date | null;
    graceUntil: Date | null;
  } | null;
  spendable: number;
  pending: number;
  expiringSoon: number;
  qualifying: number;
  levels: LevelRow[];
};

/** Everything a member's account view needs, in one query (the hot read path). */
export async function memberSnapshot(
  db: Db,
  workspaceId: string,
  customerId: string,
  now: Date,
  soon: Date,
): Promise<MemberSnapshot> {
  const [r] = await queryRows<Record<string, unknown>>(
    db,
    sql`with p as (select points_unit, level_basis, qualification_months from loyalty_programs where workspace_id = ${workspaceId}),
             a as (select balance::text, debt::text, level_id, level_since, review_at, grace_until from loyalty_accounts where workspace_id = ${workspaceId} and customer_id = ${customerId}),
             l as (select coalesce(sum(remaining) filter (where available_at <= ${now} and (expires_at is null or expires_at > ${now})), 0)::text as spendable,
                          coalesce(sum(remaining) filter (where available_at > ${now} and (expires_at is null or expires_at > ${now})), 0)::text as pending,
                          coalesce(sum(remaining) filter (where expires_at > ${now} and expires_at <= ${soon}), 0)::text as expiring_soon
                   from loyalty_lots where workspace_id = ${workspaceId} and customer_id = ${customerId} and remaining > 0),
             q as (select coalesce(sum(case when (select level_basis from p) = 'spend' then coalesce(spend_minor, 0) else points end), 0)::text as qualifying
                   from loyalty_entries where workspace_id = ${workspaceId} and customer_id = ${customerId} and kind in ('earn', 'reversal')
                     and occurred_at >= ((${now}::timestamptz at time zone 'UTC') - make_interval(months => coalesce((select qualification_months from p), 12))) at time zone 'UTC'),
             v as (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'rank', rank, 'threshold', threshold, 'earnMultiplier', earn_multiplier::text, 'benefits', benefits) order by rank), '[]'::json) as levels
                   from loyalty_levels where workspace_id = ${workspaceId})
        select p.points_unit, p.level_basis, p.qualification_months, a.*, (a.balance is not null) as has_account, l.*, q.qualifying, v.levels
        from l cross join q cross join v left join p on true left join a on true`,
  );
  const levels = ((r?.levels ?? []) as Record<string, unknown>[]).map(
    (x) =>
      ({
        workspaceId,
        id: x.id,
        name: x.name,
        rank: Number(x.rank),
        threshold: Number(x.threshold),
        earnMultiplier: String(x.earnMultiplier),
        benefits: x.benefits,
        createdAt: now,
        updatedAt: now,
      }) as LevelRow,
  );
  return {
    program: r?.points_unit
      ? {
          pointsUnit: String(r.points_unit),
          levelBasis: r.level_basis as 'points' | 'spend',
          qualificationMonths: Number(r.qualification_months),
        }
      : null,
    account: r?.has_account
      ? {
          balance: num(r.balance),
          debt: num(r.debt),
          levelId: (r.level_id as string | null) ?? null,
          levelSince: dateOrNull(r.level_since),
          reviewAt: dateOrNull(r.review_at),
          graceUntil: dateOrNull(r.grace_until),
        }
      : null,
    spendable: num(r?.spendable),
    pending: num(r?.pending),
    expiringSoon: num(r?.expiring_soon),
    qualifying: num(r?.qualifying),
    levels,
  };
}

export async function memberLots(db: Db, workspaceId: string, customerId: string): Promise<Lot[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select entry_id, points, remaining, earned_at, available_at, expires_at from loyalty_lots
        where workspace_id = ${workspaceId} and customer_id = ${customerId} and remaining > 0 order by earned_at, entry_id limit 1000`,
  );
  return rows.map(toLot);
}

export async function listEntryRows(
  db: Db,
  workspaceId: string,
  customerId: string,
  f: { from?: Date; to?: Date },
  limit: number,
  before?: { occurredAt: Date; id: string },
): Promise<EntryRow[]> {
  return db
    .select()
    .from(loyaltyEntries)
    .where(
      and(
        eq(loyaltyEntries.workspaceId, workspaceId),
        eq(loyaltyEntries.customerId, customerId),
        f.from ? sql`${loyaltyEntries.occurredAt} >= ${f.from}` : undefined,
        f.to ? sql`${loyaltyEntries.occurredAt} < ${f.to}` : undefined,
        before
          ? or(
              lt(loyaltyEntries.occurredAt, before.occurredAt),
              and(eq(loyaltyEntries.occurredAt, before.occurredAt), lt(loyaltyEntries.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(loyaltyEntries.occurredAt), desc(loyaltyEntries.id))
    .limit(limit);
}

/** Earn entries of the given transactions (keyed earn:<transaction id>). */
export async function earnEntriesOf(
  db: Db,
  workspaceId: string,
  transactionIds: string[],
): Promise<Map<string, EntryRow>> {
  const rows = await entriesByKeys(
    db,
    workspaceId,
    transactionIds.map((id) => `earn:${id}`),
  );
  return new Map(rows.map((r) => [r.transactionId as string, r]));
}

// ---- expiry

/** Lots past their expiry with points left, a bounded batch (read without locks: the ledger locks the members, then re-reads the lots). */
export async function expiredLots(
  db: Db,
  workspaceId: string,
  now: Date,
  limit: number,
): Promise<(Lot & { customerId: string })[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select customer_id, entry_id, points, remaining, earned_at, available_at, expires_at from loyalty_lots
        where workspace_id = ${workspaceId} and remaining > 0 and expires_at is not null and expires_at <= ${now}
        order by expires_at, entry_id limit ${limit}`,
  );
  return rows.map((r) => ({ ...toLot(r), customerId: r.customer_id as string }));
}

// ---- redemptions and vouchers

export async function insertRedemption(db: Db, row: typeof loyaltyRedemptions.$inferInsert): Promise<RedemptionRow> {
  const [created] = await db.insert(loyaltyRedemptions).values(row).returning();
  return created;
}

export async function countRedemptions(
  db: Db,
  workspaceId: string,
  customerId: string,
  rewardId: string,
): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from loyalty_redemptions where workspace_id = ${workspaceId} and customer_id = ${customerId} and reward_id = ${rewardId}`,
  );
  return num(r?.n);
}

export async function findRedemption(db: Db, workspaceId: string, id: string): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, workspaceId), eq(loyaltyRedemptions.id, id)));
  return row;
}

export async function findRedemptionByEntry(
  db: Db,
  workspaceId: string,
  entryId: string,
): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, workspaceId), eq(loyaltyRedemptions.entryId, entryId)));
  return row;
}

export async function findVoucher(db: Db, workspaceId: string, code: string): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, workspaceId), eq(loyaltyRedemptions.voucherCode, code)));
  return row;
}

/** Marks a voucher used in one statement, so two simultaneous consumers cannot both succeed. */
export async function consumeVoucherRow(
  db: Db,
  workspaceId: string,
  code: string,
  now: Date,
  reference: string | null,
): Promise<RedemptionRow | undefined> {
  const [row] = await db
    .update(loyaltyRedemptions)
    .set({ status: 'consumed', consumedAt: now, consumedReference: reference })
    .where(
      and(
        eq(loyaltyRedemptions.workspaceId, workspaceId),
        eq(loyaltyRedemptions.voucherCode, code),
        eq(loyaltyRedemptions.status, 'issued'),
        gt(loyaltyRedemptions.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

export async function listRedemptionRows(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; rewardId?: string; status?: 'issued' | 'consumed' },
  limit: number,
  beforeId?: string,
): Promise<RedemptionRow[]> {
  return db
    .select()
    .from(loyaltyRedemptions)
    .where(
      and(
        eq(loyaltyRedemptions.workspaceId, workspaceId),
        f.customerId ? eq(loyaltyRedemptions.customerId, f.customerId) : undefined,
        f.rewardId ? eq(loyaltyRedemptions.rewardId, f.rewardId) : undefined,
        f.status ? eq(loyaltyRedemptions.status, f.status) : undefined,
        beforeId ? lt(loyaltyRedemptions.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(loyaltyRedemptions.id))
    .limit(limit);
}

// ---- reports

export async function programTotals(
  db: Db,
  workspaceId: string,
  now: Date,
): Promise<{ members: number; outstanding: number; debt: number; spendable: number; pending: number }> {
  const [a] = await queryRows<Record<string, string>>(
    db,
    sql`select count(*)::text as members, coalesce(sum(balance), 0)::text as outstanding, coalesce(sum(debt), 0)::text as debt from loyalty_accounts where workspace_id = ${workspaceId}`,
  );
  const [l] = await queryRows<Record<string, string>>(
    db,
    sql`select coalesce(sum(remaining) filter (where available_at <= ${now}), 0)::text as spendable, coalesce(sum(remaining) filter (where available_at > ${now}), 0)::text as pending
        from loyalty_lots where workspace_id = ${workspaceId} and remaining > 0 and (expires_at is null or expires_at > ${now})`,
  );
  return {
    members: num(a?.members),
    outstanding: num(a?.outstanding),
    debt: num(a?.debt),
    spendable: num(l?.spendable),
    pending: num(l?.pending),
  };
}

const period = (from?: Date, to?: Date) =>
  sql`${from ? sql`and occurred_at >= ${from}` : sql``} ${to ? sql`and occurred_at < ${to}` : sql``}`;

export async function periodTotals(
  db: Db,
  workspaceId: string,
  from?: Date,
  to?: Date,
): Promise<{ earned: number; redeemed: number; expired: number }> {
  const [r] = await queryRows<Record<string, string>>(
    db,
    sql`select coalesce(sum(points) filter (where kind = 'earn'), 0)::text as earned, coalesce(-sum(points) filter (where kind = 'redeem'), 0)::text as redeemed,
               coalesce(-sum(points) filter (where kind = 'expire'), 0)::text as expired
        from loyalty_entries where workspace_id = ${workspaceId} ${period(from, to)}`,
  );
  return { earned: num(r?.earned), redeemed: num(r?.redeemed), expired: num(r?.expired) };
}

export async function membersPerLevel(
  db: Db,
  workspaceId: string,
): Promise<{ levelId: string | null; members: number }[]> {
  const rows = await queryRows<{ level_id: string | null; members: string }>(
    db,
    sql`select level_id, count(*)::text as members from loyalty_accounts where workspace_id = ${workspaceId} group by level_id`,
  );
  return rows.map((r) => ({ levelId: r.level_id, members: num(r.members) }));
}

export type MonthRow = {
  month: string;
  earned: number;
  redeemed: number;
  expired: number;
  reversed: number;
  adjusted: number;
  compensated: number;
};

/** Points by kind per calendar month in the workspace's time zone. */
export async function monthlyTotals(
  db: Db,
  workspaceId: string,
  timeZone: string,
  from?: Date,
  to?: Date,
): Promise<MonthRow[]> {
  const rows = await queryRows<Record<string, string>>(
    db,
    sql`select to_char(date_trunc('month', occurred_at at time zone ${timeZone}), 'YYYY-MM') as month,
               coalesce(sum(points) filter (where kind = 'earn'), 0)::text as earned, coalesce(-sum(points) filter (where kind = 'redeem'), 0)::text as redeemed,
               coalesce(-sum(points) filter (where kind = 'expire'), 0)::text as expired, coalesce(-sum(points) filter (where kind = 'reversal'), 0)::text as reversed,
               coalesce(sum(points) filter (where kind = 'adjust'), 0)::text as adjusted, coalesce(sum(points) filter (where kind = 'compensation'), 0)::text as compensated
        from loyalty_entries where workspace_id = ${workspaceId} ${period(from, to)}
        group by 1 order by 1`,
  );
  return rows.map((r) => ({
    month: r.month,
    earned: num(r.earned),
    redeemed: num(r.redeemed),
    expired: num(r.expired),
    reversed: num(r.reversed),
    adjusted: num(r.adjusted),
    compensated: num(r.compensated),
  }));
}

// ---- invariants (tenure loyalty check)

export type Violation = { customerId: string; problem: string };

/** Every member whose ledger breaks an accounting identity, with what is wrong. Set-based. */
export async function ledgerViolations(db: Db, workspaceId: string): Promise<Violation[]> {
  const ws = workspaceId;
  const balances = await queryRows<{
    customer_id: string;
    balance: string | null;
    debt: string | null;
    total: string;
    remaining: string;
  }>(
    db,
    sql`with a as (select customer_id, balance, debt from loyalty_accounts where workspace_id = ${ws}),
             e as (select customer_id, sum(points)::bigint as total from loyalty_entries where workspace_id = ${ws} group by customer_id),
             l as (select customer_id, sum(remaining)::bigint as remaining from loyalty_lots where workspace_id = ${ws} group by customer_id)
        select coalesce(a.customer_id, e.customer_id) as customer_id, a.balance::text, a.debt::text, coalesce(e.total, 0)::text as total, coalesce(l.remaining, 0)::text as remaining
        from a full join e on e.customer_id = a.customer_id left join l on l.customer_id = coalesce(a.customer_id, e.customer_id)
        where a.customer_id is null or a.balance <> coalesce(e.total, 0) or coalesce(l.remaining, 0) - a.debt <> coalesce(e.total, 0)`,
  );
  const out: Violation[] = balances.map((r) =>
    r.balance === null
      ? { customerId: r.customer_id, problem: `has entries (sum ${r.total}) but no account` }
      : num(r.balance) !== num(r.total)
        ? { customerId: r.customer_id, problem: `account balance ${r.balance} ≠ sum of entries ${r.total}` }
        : {
            customerId: r.customer_id,
            problem: `points left in lots ${r.remaining} − debt ${r.debt} ≠ sum of entries ${r.total}`,
          },
  );
  const lots = await queryRows<{
    customer_id: string;
    entry_id: string;
    points: number;
    remaining: number;
    allocated: string;
  }>(
    db,
    sql`select l.customer_id, l.entry_id, l.points, l.remaining, coalesce(sum(x.points), 0)::text as allocated
        from loyalty_lots l left join loyalty_allocations x on x.workspace_id = l.workspace_id and x.lot_entry_id = l.entry_id
        where l.workspace_id = ${ws} group by l.customer_id, l.entry_id, l.points, l.remaining
        having l.remaining <> l.points - coalesce(sum(x.points), 0)`,
  );
  for (const r of lots)
    out.push({
      customerId: r.customer_id,
      problem: `lot ${r.entry_id}: ${r.remaining} left ≠ ${r.points} earned − ${r.allocated} allocated`,
    });
  const credits = await queryRows<{ customer_id: string; id: string; problem: string }>(
    db,
    sql`select e.customer_id, e.id, case when l.entry_id is null then 'credit entry without a lot' else 'lot does not match its credit entry' end as problem
        from loyalty_entries e left join loyalty_lots l on l.workspace_id = e.workspace_id and l.entry_id = e.id
        where e.workspace_id = ${ws} and e.points > 0 and (l.entry_id is null or l.points <> e.points or l.customer_id <> e.customer_id)
        union all
        select l.customer_id, l.entry_id, 'lot without a credit entry' from loyalty_lots l left join loyalty_entries e on e.workspace_id = l.workspace_id and e.id = l.entry_id
        where l.workspace_id = ${ws} and (e.id is null or e.points <= 0)`,
  );
  for (const r of credits) out.push({ customerId: r.customer_id, problem: `${r.problem} (${r.id})` });
  const debits = await queryRows<{ customer_id: string; id: string; kind: string; owed: number; allocated: string }>(
    db,
    sql`select e.customer_id, e.id, e.kind, -e.points as owed, coalesce(sum(x.points), 0)::text as allocated
        from loyalty_entries e left join loyalty_allocations x on x.workspace_id = e.workspace_id and x.debit_entry_id = e.id
        where e.workspace_id = ${ws} and e.points < 0 group by e.customer_id, e.id, e.kind, e.points
        having coalesce(sum(x.points), 0) > -e.points or (e.kind <> 'adjust' and coalesce(sum(x.points), 0) <> -e.points)`,
  );
  for (const r of debits)
    out.push({
      customerId: r.customer_id,
      problem: `${r.kind} entry ${r.id} of ${r.owed} points is covered by ${r.allocated} from lots`,
    });
  const debts = await queryRows<{ customer_id: string; debt: string; unpaid: string }>(
    db,
    sql`with u as (
          select e.customer_id, sum(-e.points - coalesce((select sum(x.points) from loyalty_allocations x where x.workspace_id = e.workspace_id and x.debit_entry_id = e.id), 0)) as unpaid
          from loyalty_entries e where e.workspace_id = ${ws} and e.kind = 'adjust' and e.points < 0 group by e.customer_id)
        select a.customer_id, a.debt::text, coalesce(u.unpaid, 0)::text as unpaid from loyalty_accounts a left join u on u.customer_id = a.customer_id
        where a.workspace_id = ${ws} and a.debt <> coalesce(u.unpaid, 0)`,
  );
  for (const r of debts)
    out.push({ customerId: r.customer_id, problem: `debt ${r.debt} ≠ unpaid claw-backs ${r.unpaid}` });
  const crossed = await queryRows<{ customer_id: string; debit_entry_id: string }>(
    db,
    sql`select coalesce(d.customer_id, l.customer_id) as customer_id, x.debit_entry_id
        from loyalty_allocations x left join loyalty_entries d on d.workspace_id = x.workspace_id and d.id = x.debit_entry_id
        left join loyalty_lots l on l.workspace_id = x.workspace_id and l.entry_id = x.lot_entry_id
        where x.workspace_id = ${ws} and (d.id is null or l.entry_id is null or d.customer_id <> l.customer_id or d.points >= 0)`,
  );
  for (const r of crossed)
    out.push({
      customerId: r.customer_id,
      problem: `allocation of debit ${r.debit_entry_id} does not join a debit and a lot of the same member`,
    });
  return out;
}

export async function checkCounts(
  db: Db,
  workspaceId: string,
  now: Date,
): Promise<{ members: number; entries: number; overdueLots: number }> {
  const [r] = await queryRows<Record<string, string>>(
    db,
    sql`select (select count(*) from loyalty_accounts where workspace_id = ${workspaceId})::text as members,
               (select count(*) from loyalty_entries where workspace_id = ${workspaceId})::text as entries,
               (select count(*) from loyalty_lots where workspace_id = ${workspaceId} and remaining > 0 and expires_at <= ${now})::text as overdue`,
  );
  return { members: num(r?.members), entries: num(r?.entries), overdueLots: num(r?.overdue) };
}
