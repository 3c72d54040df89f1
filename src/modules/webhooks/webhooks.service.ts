// Owns webhook endpoint use cases: create (the secret is shown once), read, change, rotate the
// secret, delete, and read an endpoint's delivery log.
import type { Ctx } from '../../deps.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { invalidField, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { startFollowing } from '../events/index.ts';
import {
  type CreateWebhookInput,
  type DeliveryDto,
  secretHint,
  toDeliveryDto,
  toWebhookDto,
  type UpdateWebhookInput,
  type WebhookDto,
} from './webhooks.dto.ts';
import { webhookConsumer } from './webhooks.dispatch.ts';
import {
  deleteEndpointRow,
  findEndpoint,
  insertEndpoint,
  listDeliveryRows,
  listEndpointRows,
  purgeFinishedDeliveries,
  updateEndpointRow,
} from './webhooks.repository.ts';
import type { DeliveryStatus } from './webhooks.schema.ts';
import { newWebhookSecret } from './webhooks.signature.ts';
import { webhookUrlRefusal } from './webhooks.url.ts';

type WebhooksCtx = Ctx & { config: Pick<Config, 'webhooks' | 'secrets'> };

function assertUsableUrl(ctx: WebhooksCtx, url: string) {
  const refusal = webhookUrlRefusal(url, { allowPrivateAddresses: ctx.config.webhooks.allowPrivateAddresses });
  if (refusal) throw invalidField('url', refusal, `The webhook URL ${refusal.message}`);
}

const unique = (values: string[] | undefined) => (values ? [...new Set(values)] : undefined);

export async function createWebhook(
  ctx: WebhooksCtx,
  workspaceId: string,
  input: CreateWebhookInput,
): Promise<WebhookDto & { secret: string }> {
  assertUsableUrl(ctx, input.url);
  const secret = input.secret ?? newWebhookSecret();
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    // The dispatcher's cursor starts here for a workspace's first endpoint, so it never walks
    // the history that came before any endpoint existed.
    await startFollowing(tx, workspaceId, webhookConsumer);
    return insertEndpoint(tx, {
      workspaceId,
      id: newId(),
      url: input.url,
      description: input.description || null,
      secret: ctx.config.secrets.seal(secret),
      secretHint: secretHint(secret),
      eventTypes: unique(input.eventTypes) as string[],
      categories: unique(input.categories) ?? [],
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { ...toWebhookDto(row), secret };
}

export async function listWebhooks(ctx: WebhooksCtx, workspaceId: string): Promise<WebhookDto[]> {
  return (await listEndpointRows(ctx.db, workspaceId)).map(toWebhookDto);
}

export async function getWebhook(ctx: WebhooksCtx, workspaceId: string, id: string): Promise<WebhookDto> {
  const row = await findEndpoint(ctx.db, workspaceId, id);
  if (!row) throw notFound('Webhook');
  return toWebhookDto(row);
}

export async function updateWebhook(
  ctx: WebhooksCtx,
  workspaceId: string,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookDto> {
  if (input.url !== undefined) assertUsableUrl(ctx, input.url);
  const current = await findEndpoint(ctx.db, workspaceId, id);
  if (!current) throw notFound('Webhook');
  // Switched back on: deliver from now, not what happened while it was off.
  const resumed = input.active === true && !current.active;
  const row = await updateEndpointRow(
    ctx.db,
    workspaceId,
    id,
    {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.eventTypes ? { eventTypes: unique(input.eventTypes) } : {}),
      ...(input.categories ? { categories: unique(input.categories) } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: ctx.now(),
    },
    { resumeFromNow: resumed },
  );
  if (!row) throw notFound('Webhook');
  return toWebhookDto(row);
}

/** A new secret, effective for the next attempt; the old one stops working at once. */
export async function rotateWebhookSecret(
  ctx: WebhooksCtx,
  workspaceId: string,
  id: string,
): Promise<WebhookDto & { secret: string }> {
  const secret = newWebhookSecret();
  const row = await updateEndpointRow(ctx.db, workspaceId, id, {
    secret: ctx.config.secrets.seal(secret),
    secretHint: secretHint(secret),
    updatedAt: ctx.now(),
  });
  if (!row) throw notFound('Webhook');
  return { ...toWebhookDto(row), secret };
}

/** Removes the endpoint and its delivery log. */
export async function deleteWebhook(ctx: WebhooksCtx, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteEndpointRow(ctx.db, workspaceId, id))) throw notFound('Webhook');
}

export async function listDeliveries(
  ctx: WebhooksCtx,
  workspaceId: string,
  endpointId: string,
  q: { status?: DeliveryStatus; before?: string; limit: number },
): Promise<{ items: DeliveryDto[]; next: string | null }> {
  if (!(await findEndpoint(ctx.db, workspaceId, endpointId))) throw notFound('Webhook');
  const rows = await listDeliveryRows(ctx.db, workspaceId, endpointId, q, q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items: items.map(toDeliveryDto), next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}

/** How long the delivery log keeps finished deliveries. */
export const DELIVERY_RETENTION_DAYS = 30;

/** Removes finished deliveries older than the retention, in bounded batches; returns how many. */
export async function purgeOldDeliveries(
  ctx: { db: Db; now: () => Date },
  options: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const before = new Date(ctx.now().getTime() - DELIVERY_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (let i = 0; i < (options.maxBatches ?? 20); i++) {
    const removed = await purgeFinishedDeliveries(ctx.db, before, options.batch ?? 5_000);
    total += removed;
    if (removed < (options.batch ?? 5_000)) break;
  }
  return total;
}
