// The only file of the contracts domain with SQL, scoped by workspace.
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contracts } from './contracts.schema.ts';

export type ContractRow = typeof contracts.$inferSelect;

export async function findContract(db: Db, workspaceId: string, id: string): Promise<ContractRow | undefined> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, id)));
  return row;
}

export async function findContractByExternalId(
  db: Db,
  workspaceId: string,
  externalId: string,
): Promise<ContractRow | undefined> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.externalId, externalId)));
  return row;
}

export async function updateContractRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof contracts.$inferInsert>,
): Promise<ContractRow | undefined> {
  const [row] = await db
    .update(contracts)
    .set(patch)
    .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, id)))
    .returning();
  return row;
}

export async function listContractRows(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; status?: string },
  limit: number,
  beforeId?: string,
): Promise<ContractRow[]> {
  return db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.workspaceId, workspaceId),
        f.customerId ? eq(contracts.customerId, f.customerId) : undefined,
        f.status ? eq(contracts.status, f.status as ContractRow['status']) : undefined,
        beforeId ? lt(contracts.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(contracts.id))
    .limit(limit);
}

export type ContractEventRow = {
  id: string;
  occurred_at: Date | string;
  type: string;
  plan: string;
  monthly_value_minor: string;
  reason: string | null;
};

/** Contract starts, cancellations and upcoming renewals as timeline events. */
export function contractEventsSql(q: {
  workspaceId: string;
  customerId: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}): SQL {
  const before = q.before
    ? sql`where (occurred_at, id) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`select * from (
          select 'contract-start-' || id::text as id, started_at as occurred_at, 'contract.started' as type, plan, monthly_value_minor::text, null::text as reason
            from contracts where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId}
          union all
          select 'contract-cancel-' || id::text, cancelled_at, 'contract.cancelled', plan, monthly_value_minor::text, cancellation_reason
            from contracts where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} and cancelled_at is not null
          union all
          select 'contract-renewal-' || id::text, renews_at, 'contract.renewal_due', plan, monthly_value_minor::text, null
            from contracts where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} and renews_at is not null and status = 'active'
        ) e ${before}
        order by occurred_at desc, id desc limit ${q.limit}`;
}
