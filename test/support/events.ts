// What a consumer of the event log (webhooks, notifications, a test's own) has handled, read
// from its cursor: the explicit end of a drain, so a test can assert that an event led to
// nothing without waiting "long enough" for it not to.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../src/db/client.ts';

/**
 * Whether `consumer` has followed the workspace's log up to and including `eventId`. Followers
 * read in (transaction, id) order and move the cursor in the transaction that handles a batch,
 * so once this holds, everything that event (and every event before it) led to is committed.
 */
export async function consumerPassed(db: Db, workspaceId: string, consumer: string, eventId: string): Promise<boolean> {
  const [row] = await queryRows<{ passed: boolean }>(
    db,
    sql`select exists (
          select 1 from event_cursors c join domain_events e on e.workspace_id = c.workspace_id and e.id = ${eventId}
          where c.workspace_id = ${workspaceId} and c.consumer = ${consumer} and (c.tx_id, c.event_id) >= (e.tx_id, e.id)
        ) as passed`,
  );
  return row.passed;
}
