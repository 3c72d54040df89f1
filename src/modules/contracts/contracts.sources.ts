// The contracts domain's declared cross-domain surface over its tables: the bulk writer the demo loader uses,
// and the contract facts churn composes into its set-based queries (features, retention curves).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { ContractRow } from './contracts.repository.ts';
import { contracts } from './contracts.schema.ts';

/**
 * One row per contract that ever ran (pending ones left out): `id, customer_id, plan,
 * started_at, ended_at` (cancellation instant, null while it runs), `cancelled` (boolean),
 * `monthly_value_minor, term_months, payment_method`. Expired contracts count as ended without
 * a cancellation at their end date (censored, not churned).
 */
export const contractFacts = (workspaceId: string): SQL =>
  sql`select id, customer_id, plan, started_at,
        case when status = 'cancelled' then cancelled_at when status = 'expired' then coalesce(ends_at, updated_at) end as ended_at,
        status = 'cancelled' as cancelled,
        monthly_value_minor, term_months, payment_method
      from contracts where workspace_id = ${workspaceId} and status <> 'pending'`;

export async function insertContracts(db: Db, rows: (typeof contracts.$inferInsert)[]): Promise<ContractRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(contracts)
    .values(rows)
    .onConflictDoNothing({
      target: [contracts.workspaceId, contracts.externalId],
      where: sql`${contracts.externalId} is not null`,
    })
    .returning();
}
