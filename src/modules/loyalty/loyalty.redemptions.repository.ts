// The loyalty domain's SQL for redemptions and vouchers.
// Every query is scoped by workspace.
import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db, queryRows } from '../../db/client.ts';
import { loyaltyRedemptions } from './loyalty.schema.ts';
import { num, type RedemptionRow } from './loyalty.repository.ts';

export async function insertRedemption(db: Db, row: typeof loyaltyRedemptions.$inferInsert): Promise<RedemptionRow> {
  const [created] = await db.insert(loyaltyRedemptions).values(row).returning();
  return created;
}

/** Inserts a given reward's voucher unless its issue key is taken; the row either way. */
export async function insertRedemptionOnce(
  db: Db,
  row: typeof loyaltyRedemptions.$inferInsert & { issueKey: string },
): Promise<{ row: RedemptionRow; created: boolean }> {
  const [created] = await db.insert(loyaltyRedemptions).values(row).onConflictDoNothing().returning();
  if (created) return { row: created, created: true };
  const [prior] = await db
    .select()
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, row.workspaceId), eq(loyaltyRedemptions.issueKey, row.issueKey)));
  return { row: prior, created: false };
}

/** Inserts redemptions whose issue key is not taken yet, in one statement; returns the keys inserted. */
export async function insertRedemptionsOnce(
  db: Db,
  rows: (typeof loyaltyRedemptions.$inferInsert & { issueKey: string })[],
): Promise<Set<string>> {
  const created = await insertUnnest(db, loyaltyRedemptions, rows, {
    onConflict: sql`on conflict do nothing`,
    returning: ['issue_key'],
  });
  return new Set(created.map((r) => r.issue_key as string));
}

/** Which of `issueKeys` the workspace has already issued. */
export async function issuedKeys(db: Db, workspaceId: string, issueKeys: string[]): Promise<Set<string>> {
  if (issueKeys.length === 0) return new Set();
  const rows = await db
    .select({ key: loyaltyRedemptions.issueKey })
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, workspaceId), inArray(loyaltyRedemptions.issueKey, issueKeys)));
  return new Set(rows.map((r) => r.key as string));
}

export async function findRedemptionByIssueKey(db: Db, workspaceId: string, issueKey: string) {
  const [row] = await db
    .select()
    .from(loyaltyRedemptions)
    .where(and(eq(loyaltyRedemptions.workspaceId, workspaceId), eq(loyaltyRedemptions.issueKey, issueKey)));
  return row as RedemptionRow | undefined;
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
