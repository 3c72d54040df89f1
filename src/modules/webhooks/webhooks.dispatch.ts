// Owns turning events into deliveries: the webhook consumer of the event log. For each new
// event of a workspace it creates one pending delivery per active endpoint whose filters
// match, in the transaction that moves the consumer's cursor (so never twice, never lost). An
// event that cannot be dispatched is recorded as a failed delivery (with the error, in the
// endpoint's delivery log) and passed, so it does not stop the workspace's other events.
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import {
  committedIn,
  type EventConsumer,
  type EventRow,
  eventMatches,
  followEvents,
  type FollowResult,
} from '../events/index.ts';
import { newId } from '../../ids.ts';
import {
  activeEndpointRows,
  type EndpointRow,
  insertDeliveries,
  workspacesWithActiveEndpoints,
} from './webhooks.repository.ts';

const DISPATCH_BATCH = 500;

/** Type filters, the optional category filter, and only events from when the endpoint was (re)started. */
export function endpointWants(
  endpoint: Pick<EndpointRow, 'eventTypes' | 'categories' | 'fromSnapshot'>,
  event: Pick<EventRow, 'type' | 'payload' | 'txId'>,
): boolean {
  if (committedIn(endpoint.fromSnapshot, event.txId)) return false;
  if (!eventMatches(event.type, endpoint.eventTypes)) return false;
  const category = event.payload.category;
  if (endpoint.categories.length > 0 && typeof category === 'string') return endpoint.categories.includes(category);
  return true;
}

export function makeWebhookConsumer(now: () => Date): EventConsumer {
  return {
    ...webhookConsumer,
    batchSize: DISPATCH_BATCH,
    handle: async (tx: Db, workspaceId: string, events: EventRow[]) => {
      const endpoints = await activeEndpointRows(tx, workspaceId);
      const due = now();
      const rows = events.flatMap((event) =>
        endpoints
          .filter((endpoint) => endpointWants(endpoint, event))
          .map((endpoint) => ({
            workspaceId,
            id: newId(),
            endpointId: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            nextAttemptAt: due,
            createdAt: due,
            updatedAt: due,
          })),
      );
      await insertDeliveries(tx, rows);
    },
    setAside: async (tx: Db, workspaceId: string, event: EventRow, error: string) => {
      const endpoints = await activeEndpointRows(tx, workspaceId);
      const at = now();
      // A filter that cannot read the event counts as a match: the failure shows in that endpoint's log.
      const wants = (endpoint: EndpointRow) => {
        try {
          return endpointWants(endpoint, event);
        } catch {
          return true;
        }
      };
      const lastError = `could not be dispatched: ${error}`;
      const rows = endpoints.filter(wants).map((endpoint) => ({
        workspaceId,
        id: newId(),
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        status: 'failed' as const,
        nextAttemptAt: at,
        lastError,
        attemptLog: [{ at: at.toISOString(), responseCode: null, durationMs: 0, error: lastError }],
        createdAt: at,
        updatedAt: at,
      }));
      await insertDeliveries(tx, rows);
    },
  };
}

/** Name and start position, for creating the cursor with the first endpoint. */
export const webhookConsumer = { name: 'webhooks', start: 'now' } as const;

/** One dispatcher pass over the workspaces that have active endpoints and new events. */
export async function dispatchWebhookEvents(ctx: { db: Db; log: Logger; now: () => Date }): Promise<FollowResult> {
  const among = await workspacesWithActiveEndpoints(ctx.db);
  return followEvents(ctx, makeWebhookConsumer(ctx.now), { among });
}
