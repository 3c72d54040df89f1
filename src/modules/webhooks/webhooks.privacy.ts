// The webhooks domain's part of an erasure. Deliveries keep no request bodies (the body is built
// from the event when sent, and the event's payload is erased by the events domain); the errors
// receivers answered with may quote it, so those go for the customer's events.
import { and, eq, sql } from 'drizzle-orm';
import type { CustomerEraser } from '../../db/customer-data.ts';
import { webhookDeliveries } from './webhooks.schema.ts';

export const webhookEraser: CustomerEraser = {
  name: 'webhooks',
  async erase(tx, s) {
    await tx
      .update(webhookDeliveries)
      .set({
        lastError: null,
        attemptLog: sql`(select coalesce(jsonb_agg(jsonb_set(e, '{error}', 'null'::jsonb)), '[]'::jsonb)
                          from jsonb_array_elements(${webhookDeliveries.attemptLog}) e)`,
      })
      .where(
        and(
          eq(webhookDeliveries.workspaceId, s.workspaceId),
          sql`${webhookDeliveries.eventId} in (select id from domain_events
               where workspace_id = ${s.workspaceId} and customer_id = ${s.customerId})`,
        ),
      );
  },
};
