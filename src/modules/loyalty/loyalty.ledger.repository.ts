// The loyalty domain's SQL for the ledger: entries, lots and their allocations, and expiry.
// Every query is scoped by workspace; lists of ids travel as one JSON or array parameter.
import { pastCursor } from '../../db/keyset.ts';
import { asDate, asDateOrNull } from '../../lib/dates.ts';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import type { Lot, Unpaid } from './loyalty.postings.ts';
import { loyaltyEntries, loyaltyLots } from './loyalty.schema.ts';
import { num, texts, type EntryInsert, type EntryRow, type LevelRow, uuids } from './loyalty.repository.ts';

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
  earnedAt: asDate(r.earned_at),
  availableAt: asDate(r.available_at),
  expiresAt: asDateOrNull(r.expires_at),
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
          levelSince: asDateOrNull(r.level_since),
          reviewAt: asDateOrNull(r.review_at),
          graceUntil: asDateOrNull(r.grace_until),
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
        pastCursor('desc', loyaltyEntries.occurredAt, loyaltyEntries.id, before && [before.occurredAt, before.id]),
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
