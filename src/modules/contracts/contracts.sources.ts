// Declared cross-domain sources of the contracts domain: SQL other domains compose into their own
// set-based queries (churn features, retention curves) without reading the table by name.
import { type SQL, sql } from 'drizzle-orm';

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
