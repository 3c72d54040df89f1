// Sources other domains read from the value engine (declared here so they need no SQL of ours).
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';

/** P(alive) of the workspace's scored customers, by customer id after `after`, at most `limit` (keyset). */
export async function pAliveScores(
  db: Db,
  workspaceId: string,
  page: { after?: string; limit: number },
): Promise<{ customerId: string; pAlive: number }[]> {
  const after = page.after ? sql`and customer_id > ${page.after}::uuid` : sql``;
  const rows = await queryRows<{ customer_id: string; p_alive: number }>(
    db,
    sql`select customer_id, p_alive from customer_scores
        where workspace_id = ${workspaceId} and p_alive is not null ${after}
        order by customer_id limit ${page.limit}`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, pAlive: Number(r.p_alive) }));
}
