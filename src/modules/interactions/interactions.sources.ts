// The interactions domain's declared cross-domain sources: the cost to serve and the recent
// contacts that scoring reads (workflows/score-customers.ts), and the bulk writer the demo loader uses.
import { type SQL, sql } from 'drizzle-orm';
import { insertUnnest } from '../../db/bulk.ts';
import { type Db } from '../../db/client.ts';
import { interactions } from './interactions.schema.ts';

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
