// The contracts domain's declared cross-domain surface over its tables: the bulk writers the demo loader uses,
// the contract facts churn composes into its set-based queries (features, retention curves), and
// the monthly recurring revenue per customer and month the kpis domain turns into revenue movements
// (and, as an SQL fragment, keeps in its roll-up).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import { type MrrRow, mrrByMonthRows, mrrMonthEnds } from './contracts.mrr.repository.ts';
import type { ContractRow } from './contracts.repository.ts';
import { contracts, contractValueChanges } from './contracts.schema.ts';

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

export type { MrrRow };

/** The demo loader's bulk writer of dated value changes (one statement; a change already there is kept). */
export async function insertContractValueChanges(
  db: Db,
  rows: (typeof contractValueChanges.$inferInsert)[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(contractValueChanges).values(rows).onConflictDoNothing();
}

/**
 * Each customer's MRR at each UTC month end (contracts running then, at the value in force then),
 * from the first contract month through `toMonth` (YYYY-MM); only months with MRR > 0; only the
 * `customers` filtered (the KPI filters) when given.
 */
export const contractMrrByMonth = (
  db: Db,
  workspaceId: string,
  toMonth: string,
  customers?: CustomerFilter,
): Promise<MrrRow[]> => mrrByMonthRows(db, workspaceId, factsOf(workspaceId, customers), toMonth);

const factsOf = (workspaceId: string, customers?: CustomerFilter) =>
  customers
    ? sql`select * from (${contractFacts(workspaceId)}) f where ${customers(sql`f.customer_id`)}`
    : contractFacts(workspaceId);

/**
 * The same MRR as an SQL fragment over the customers `customers` picks (the KPI roll-up's rows):
 * `customer_id, month` (year × 12 + month − 1), `mrr_minor` (0 included) and `horizon`, each
 * customer's months from their first contract month to `horizon`, the last month in which
 * anything of theirs changes — the MRR then holds for every month after.
 */
export const contractMrrMonthEnds = (workspaceId: string, customers?: CustomerFilter): SQL =>
  mrrMonthEnds(workspaceId, factsOf(workspaceId, customers));

/**
 * Per customer with an active contract: `customer_id, running_plans` (distinct plans running, each a
 * product line) and `automatic_payment` (one of them paid by direct debit or card). The bond index's
 * structural bond.
 */
export const contractBondFacts = (workspaceId: string): SQL =>
  sql`select customer_id, count(distinct plan)::int running_plans,
        bool_or(payment_method in ('direct_debit', 'card')) automatic_payment
      from contracts where workspace_id = ${workspaceId} and status = 'active'
      group by customer_id`;
