// The loyalty domain's SQL for member accounts (locked per member while points move).
// Every query is scoped by workspace.
import { and, asc, eq, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { loyaltyAccounts } from './loyalty.schema.ts';
import { num, type AccountRow, uuids } from './loyalty.repository.ts';

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
