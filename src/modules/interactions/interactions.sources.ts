// The interactions domain's declared cross-domain sources: the cost to serve and the recent
// contacts that scoring reads (workflows/score-customers.ts), the bulk writer the demo loader uses,
// and the contact facts the churn features read.
import { type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db } from '../../db/client.ts';
import { interactions } from './interactions.schema.ts';

/** Per customer, as known at `at`: contacts in the 90 days before and their cost to serve in the year before. */
export const interactionChurnFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id,
        count(*) filter (where occurred_at > ${at}::timestamptz - interval '90 days')::int as contacts_90d,
        coalesce(sum(cost_minor), 0)::bigint as contact_cost_minor
      from interactions where workspace_id = ${workspaceId} and occurred_at <= ${at}
        and occurred_at > ${at}::timestamptz - interval '1 year'
      group by customer_id`;

/** Cost to serve as one row per contact, `(customer_id, cost_minor, at)`, for set-based queries (the value engine). */
export const interactionCostItems = (workspaceId: string) =>
  sql`select customer_id, cost_minor, occurred_at at from interactions where workspace_id = ${workspaceId} and cost_minor <> 0`;

/** Inserts interactions, skipping those whose external id exists; returns the ids inserted. */
export async function insertInteractions(
  db: Db,
  rows: (typeof interactions.$inferInsert)[],
): Promise<{ id: string }[]> {
  return (await insertUnnest(db, interactions, rows, {
    onConflict: sql`on conflict (workspace_id, external_id) where external_id is not null do nothing`,
    returning: ['id'],
  })) as { id: string }[];
}

/** Customers with a contact recorded or moved after `since` (an incremental scoring run rescores them). */
export const interactionActivity = (workspaceId: string, since: Date): SQL =>
  sql`select customer_id from interactions where workspace_id = ${workspaceId} and (created_at > ${since} or occurred_at > ${since})`;

/** Contacts in `(from, to]`, `(customer_id, subject_id, at)`: the moments a transactional survey follows. */
export const contactMoments = (workspaceId: string, from: Date, to: Date): SQL =>
  sql`select customer_id, id subject_id, occurred_at at from interactions
      where workspace_id = ${workspaceId} and occurred_at > ${from} and occurred_at <= ${to}`;

/**
 * Per customer, contacts in the 12 months before `at`: `customer_id, contacts_12m` and
 * `top_handler_contacts` (how many the most frequent handler took; contacts with no handler recorded
 * count in the total only). The bond index's continuity.
 */
export const interactionHandlerFacts = (workspaceId: string, at: Date): SQL =>
  sql`select customer_id, sum(n)::int contacts_12m, coalesce(max(n) filter (where employee_id is not null), 0)::int top_handler_contacts
      from (select customer_id, employee_id, count(*) n from interactions
            where workspace_id = ${workspaceId} and occurred_at <= ${at} and occurred_at > ${at}::timestamptz - interval '1 year'
            group by customer_id, employee_id) h
      group by customer_id`;
