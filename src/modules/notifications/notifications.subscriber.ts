// Owns which domain events become customer messages: the notifications consumer of the event
// log. Each rule names the template, the purpose whose consent it needs, and the link it
// carries. Messages are enqueued in the transaction that moves the consumer's cursor, with the
// event id as dedupe key, so each event gives at most one message. An event whose message cannot
// be prepared is recorded as a failed message (with the error, in the outbox) and passed, so it
// does not hold up the workspace's other messages.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { type EventConsumer, type EventRow, followEvents, type FollowResult } from '../events/index.ts';
import { newId } from '../../ids.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { enqueueNotification } from './notifications.enqueue.ts';
import { insertNotification } from './notifications.repository.ts';
import type { MessagePurpose } from './notifications.schema.ts';

type Link = 'status' | 'satisfaction';
type Rule = { template: string; purpose: MessagePurpose; link: Link };

/**
 * Event type → message. Payload fields read: `reference` (required), `reason` (decisions),
 * `customerLocale`; secrets read: `statusToken` (status page), `satisfactionToken` (falls back
 * to `statusToken`).
 */
export const eventMessageRules: Record<string, Rule> = {
  'complaint.registered': { template: 'complaint.registered', purpose: 'service', link: 'status' },
  'complaint.validated': { template: 'complaint.validated', purpose: 'service', link: 'status' },
  'complaint.invalidated': { template: 'complaint.invalidated', purpose: 'service', link: 'status' },
  'complaint.resolved': { template: 'complaint.resolved', purpose: 'service', link: 'satisfaction' },
  'complaint.breached': { template: 'complaint.breached', purpose: 'service', link: 'status' },
};

/** An event older than this when first seen is not announced: a week-late "we received your complaint" does more harm than good. */
const MAX_EVENT_AGE_MS = 7 * 24 * 3_600_000;
const BATCH = 200;

/** Public pages of a complaint (served by the complaints domain's public routes). */
export function complaintLinks(
  publicUrl: string,
  workspaceSlug: string,
  secrets: Record<string, string>,
): Record<`${Link}Url`, string | undefined> {
  const base = (token: unknown) =>
    typeof token === 'string' && token
      ? `${publicUrl}/p/${encodeURIComponent(workspaceSlug)}/complaints/${encodeURIComponent(token)}`
      : undefined;
  const status = base(secrets.statusToken);
  const satisfaction = base(secrets.satisfactionToken ?? secrets.statusToken);
  return { statusUrl: status, satisfactionUrl: satisfaction && `${satisfaction}/satisfaction` };
}

const text = (v: unknown, max = 1000) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

export type SubscriberCtx = { now: () => Date; log: Logger; config: Pick<Config, 'smtp' | 'publicUrl'> };

export function makeNotificationConsumer(ctx: SubscriberCtx): EventConsumer {
  return {
    name: 'notifications',
    start: 'beginning',
    batchSize: BATCH,
    handle: async (tx: Db, workspaceId: string, events: EventRow[]) => {
      const wanted = events.filter((e) => eventMessageRules[e.type]);
      if (wanted.length === 0) return;
      const workspace = await getWorkspace({ db: tx, now: ctx.now }, workspaceId);
      for (const event of wanted) {
        const rule = eventMessageRules[event.type];
        const reference = text(event.payload.reference, 100);
        if (!event.customerId || !reference) {
          ctx.log.warn(
            { eventId: event.id, type: event.type },
            'event has no customer or no reference; no message sent',
          );
          continue;
        }
        if (ctx.now().getTime() - event.occurredAt.getTime() > MAX_EVENT_AGE_MS) continue;
        const links = complaintLinks(ctx.config.publicUrl, workspace.slug, event.secrets ?? {});
        const link =
          rule.link === 'status' ? { statusUrl: links.statusUrl } : { satisfactionUrl: links.satisfactionUrl };
        const vars = Object.fromEntries(
          Object.entries({ reference, reason: text(event.payload.reason), ...link }).filter(
            (e): e is [string, string] => e[1] !== undefined,
          ),
        );
        await enqueueNotification(tx, ctx, workspaceId, {
          customerId: event.customerId,
          purpose: rule.purpose,
          templateKey: rule.template,
          vars,
          localeHint: text(event.payload.customerLocale ?? event.payload.locale, 10),
          dedupeKey: `event:${event.id}`,
          sourceEventId: event.id,
        });
      }
    },
    setAside: async (tx: Db, workspaceId: string, event: EventRow, error: string) => {
      ctx.log.error(
        { workspaceId, eventId: event.id, type: event.type, error },
        'a customer message could not be prepared for an event; recorded as failed',
      );
      const rule = eventMessageRules[event.type];
      if (!rule || !event.customerId) return;
      const now = ctx.now();
      await insertNotification(tx, {
        workspaceId,
        id: newId(),
        customerId: event.customerId,
        channel: null,
        purpose: rule.purpose,
        templateKey: rule.template,
        locale: text(event.payload.customerLocale ?? event.payload.locale, 10) ?? 'en',
        payload: {},
        status: 'failed',
        error: `could not be prepared: ${error}`.slice(0, 500),
        nextAttemptAt: now,
        dedupeKey: `event:${event.id}`,
        sourceEventId: event.id,
        createdAt: now,
        updatedAt: now,
      });
    },
  };
}

/** One subscriber pass over the workspaces with new events. */
export const enqueueFromEvents = (ctx: SubscriberCtx & { db: Db }): Promise<FollowResult> =>
  followEvents(ctx, makeNotificationConsumer(ctx));
