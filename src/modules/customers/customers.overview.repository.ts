// The customer 360's read: SQL of the customers domain. One statement answers the live customer
// with its consents, its account manager and its timeline rows (one round trip, not five); for a
// customer that is not live it answers no row, so nothing else of theirs is read out.
import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { membershipRows, userProfileRows } from '../users/index.ts';
import type { CustomerRow } from './customers.repository.ts';
import { customers } from './customers.schema.ts';

/** A consent as the statement answers it (JSON: the time as text). */
export type ConsentJson = {
  channel: string;
  purpose: string;
  granted: boolean;
  source: string | null;
  changedAt: string;
};

export type OverviewRow = CustomerRow & {
  consents: ConsentJson[];
  manager: { id: string; name: string; email: string } | null;
  timeline: unknown;
};

export async function findOverview(
  db: Db,
  workspaceId: string,
  id: string,
  /** The customer's timeline rows (one jsonb expression, from the timeline's sources). */
  timeline: SQL,
): Promise<OverviewRow | undefined> {
  const [row] = await db
    .select({
      ...getTableColumns(customers),
      consents: sql<ConsentJson[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('channel', cc.channel, 'purpose', cc.purpose,
                 'granted', cc.granted, 'source', cc.source, 'changedAt', cc.changed_at) order by cc.channel, cc.purpose), '[]'::jsonb)
          from customer_consents cc where cc.workspace_id = ${customers.workspaceId} and cc.customer_id = ${customers.id})`,
      // The manager only while a member of the workspace (as the members list shows them).
      manager: sql<OverviewRow['manager']>`(
        select jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email)
          from (${membershipRows(workspaceId)}) m join (${userProfileRows()}) u on u.id = m.user_id
         where m.user_id = ${customers.accountManagerId})`,
      timeline: sql<unknown>`${timeline}`,
    })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), isNull(customers.deletedAt), eq(customers.id, id)));
  return row;
}
