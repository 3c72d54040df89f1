// Owns sending deliveries: claim due ones (SKIP LOCKED, so two workers never share one), POST
// the signed event, and record the attempt. Network errors, timeouts, 5xx, 408 and 429 are
// retried with exponential backoff and jitter up to WEBHOOKS_MAX_ATTEMPTS; any other answer,
// and an address the SSRF policy refuses, fail at once.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { backoffMs } from '../../lib/backoff.ts';
import { forEachLimit } from '../../lib/concurrency.ts';
import type { Logger } from '../../logger.ts';
import { type EventRow, findEvent } from '../events/index.ts';
import { type PostOutcome, postJson } from './webhooks.http.ts';
import { claimDueDeliveries, type DeliveryRow, findEndpoint, settleDelivery } from './webhooks.repository.ts';
import type { DeliveryAttempt } from './webhooks.schema.ts';
import { SIGNATURE_HEADER, signatureHeader } from './webhooks.signature.ts';
import { webhookUrlProblem } from './webhooks.url.ts';

export type DeliverCtx = {
  db: Db;
  log: Logger;
  now: () => Date;
  config: Pick<Config, 'webhooks' | 'secrets'>;
  /** Jitter source; injected so tests can pin the backoff. */
  random?: () => number;
  /** The HTTP call; injected only by tests that need a network failure on demand. */
  post?: typeof postJson;
};

const CLAIM_BATCH = 50;
const IN_FLIGHT = 8;
const ERROR_MAX = 500;

/** The JSON a receiver gets: the event as Tenure stores it. */
export function webhookBody(event: EventRow): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    workspaceId: event.workspaceId,
    customerId: event.customerId,
    summary: event.summary,
    data: event.payload,
  });
}

type Verdict = {
  status: 'succeeded' | 'retry' | 'failed';
  responseCode: number | null;
  error: string | null;
  durationMs: number;
};

function judge(outcome: PostOutcome): Verdict {
  if (outcome.kind === 'error') {
    return {
      status: outcome.reason === 'blocked' ? 'failed' : 'retry',
      responseCode: null,
      error: outcome.message.slice(0, ERROR_MAX),
      durationMs: outcome.durationMs,
    };
  }
  const code = outcome.status;
  if (code >= 200 && code < 300)
    return { status: 'succeeded', responseCode: code, error: null, durationMs: outcome.durationMs };
  const retry = code >= 500 || code === 408 || code === 429;
  return {
    status: retry ? 'retry' : 'failed',
    responseCode: code,
    error: `answered HTTP ${code}`,
    durationMs: outcome.durationMs,
  };
}

async function attempt(ctx: DeliverCtx, delivery: DeliveryRow): Promise<Verdict> {
  const [endpoint, event] = await Promise.all([
    findEndpoint(ctx.db, delivery.workspaceId, delivery.endpointId),
    findEvent(ctx.db, delivery.workspaceId, delivery.eventId),
  ]);
  const refuse = (error: string): Verdict => ({ status: 'failed', responseCode: null, error, durationMs: 0 });
  if (!endpoint?.active) return refuse('the endpoint is switched off');
  if (!event) return refuse('the event no longer exists');
  const { allowPrivateAddresses, timeoutMs } = ctx.config.webhooks;
  const urlProblem = webhookUrlProblem(endpoint.url, { allowPrivateAddresses });
  if (urlProblem) return refuse(`refused: the URL ${urlProblem}`);
  const body = webhookBody(event);
  const headers = {
    'user-agent': 'Tenure-Webhooks/1',
    [SIGNATURE_HEADER]: signatureHeader(ctx.config.secrets.open(endpoint.secret), body, ctx.now()),
    'Tenure-Event-Id': event.id,
    'Tenure-Event-Type': event.type,
    'Tenure-Delivery-Id': delivery.id,
    'Tenure-Delivery-Attempt': String(delivery.attempts),
  };
  return judge(await (ctx.post ?? postJson)(endpoint.url, body, headers, { timeoutMs, allowPrivateAddresses }));
}

async function deliverOne(ctx: DeliverCtx, delivery: DeliveryRow): Promise<void> {
  let verdict: Verdict;
  try {
    verdict = await attempt(ctx, delivery);
  } catch (err) {
    ctx.log.error({ err, deliveryId: delivery.id }, 'webhook attempt failed unexpectedly');
    verdict = { status: 'retry', responseCode: null, error: 'internal error while sending', durationMs: 0 };
  }
  const now = ctx.now();
  const { maxAttempts, retryBaseSeconds } = ctx.config.webhooks;
  const status =
    verdict.status === 'retry' ? (delivery.attempts >= maxAttempts ? 'failed' : 'pending') : verdict.status;
  const logEntry: DeliveryAttempt = {
    at: now.toISOString(),
    responseCode: verdict.responseCode,
    durationMs: verdict.durationMs,
    error: verdict.error,
  };
  const next =
    status === 'pending'
      ? new Date(
          now.getTime() +
            backoffMs(delivery.attempts, { baseMs: retryBaseSeconds * 1000, random: ctx.random ?? Math.random }),
        )
      : now;
  const settled = await settleDelivery(ctx.db, delivery, {
    status,
    nextAttemptAt: next,
    lastResponseCode: verdict.responseCode,
    lastDurationMs: verdict.durationMs,
    lastError: verdict.error,
    attemptLog: [...delivery.attemptLog, logEntry],
    deliveredAt: status === 'succeeded' ? now : null,
    updatedAt: now,
  });
  if (!settled)
    ctx.log.warn(
      { deliveryId: delivery.id },
      'webhook delivery was reclaimed by another worker before this attempt was recorded',
    );
}

/** One pass: claim a batch of due deliveries and attempt each (a few at a time). */
export async function deliverDueWebhooks(
  ctx: DeliverCtx,
  options: { limit?: number } = {},
): Promise<{ attempted: number; more: boolean }> {
  const limit = options.limit ?? CLAIM_BATCH;
  const now = ctx.now();
  // A claim outlives the slowest attempt, so it expires only when its worker is gone.
  const leaseUntil = new Date(now.getTime() + ctx.config.webhooks.timeoutMs + 60_000);
  const claimed = await claimDueDeliveries(ctx.db, now, leaseUntil, limit);
  await forEachLimit(claimed, IN_FLIGHT, (d) => deliverOne(ctx, d));
  return { attempted: claimed.length, more: claimed.length === limit };
}
