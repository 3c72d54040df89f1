// The customer's own timeline events (created, consent changes, merges): SQL of the customers domain.
import { sql, type SQL } from 'drizzle-orm';
export type CustomerEventRow = {
  id: string;
  type: string;
  occurred_at: Date | string;
  title: string;
  data: Record<string, unknown>;
};

/** The customer's own events (created, consent changes, merges), newest first, before the cursor. */
export function customerEventsSql(q: {
  workspaceId: string;
  customerId: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}): SQL {
  const before = q.before
    ? sql`where (occurred_at, id) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`
    select * from (
      select 'customer-' || id::text as id, 'customer.created' as type, created_at as occurred_at, name as title,
             jsonb_build_object('acquisitionChannel', acquisition_channel) as data
        from customers where workspace_id = ${q.workspaceId} and id = ${q.customerId}
      union all
      select 'consent-' || id::text, 'consent.changed', changed_at, channel || ' / ' || purpose,
             jsonb_build_object('channel', channel, 'purpose', purpose, 'granted', granted, 'source', source)
        from consent_changes where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId}
      union all
      select 'merge-' || id::text, 'customer.merged', merged_at, merged_snapshot->>'name',
             jsonb_build_object('mergedId', merged_id, 'moved', moved)
        from customer_merges where workspace_id = ${q.workspaceId} and survivor_id = ${q.customerId}
    ) e ${before}
    order by occurred_at desc, id desc
    limit ${q.limit}`;
}
