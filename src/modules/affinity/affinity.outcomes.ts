// Owns what becomes of an offer: the checks before one is made (the customer and an active product
// exist, the customer has not refused marketing on every channel, nor declined this product in the
// last DECLINE_QUIET_DAYS), and the record of each offer and its outcome (offered by a task or a
// campaign segment, accepted, declined), which the next-best offers read back.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { productFacts, type ProductFactRow } from '../commerce/index.ts';
import { consentStance, customerExists } from '../customers/index.ts';
import type { OfferOutcome } from './affinity.schema.ts';
import {
  declinedSince,
  insertOfferEvent,
  listOfferEvents,
  type OfferEventRow,
  offerSegmentOf,
} from './affinity.repository.ts';

/** A declined product is not offered again to the same customer for this long. */
export const DECLINE_QUIET_DAYS = 90;

export const declinedRecently = (ctx: Ctx, workspaceId: string, customerId: string) =>
  declinedSince(ctx.db, workspaceId, customerId, new Date(ctx.now().getTime() - DECLINE_QUIET_DAYS * 86_400_000));

/** The product to offer, after the checks; 404 for an unknown customer or product, 409 when not offerable. */
export async function checkOfferable(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  productId: string,
): Promise<ProductFactRow> {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  const product = (await productFacts(ctx.db, workspaceId)).find((p) => p.id === productId);
  if (!product) throw notFound('Product');
  if (!product.active) throw new AppError('conflict', `${product.name} is no longer sold`);
  if ((await consentStance(ctx.db, workspaceId, customerId, 'marketing')) === 'refused')
    throw new AppError('conflict', 'The customer has refused marketing on every channel: no offers');
  if ((await declinedRecently(ctx, workspaceId, customerId)).includes(productId))
    throw new AppError('conflict', `The customer declined ${product.name} in the last ${DECLINE_QUIET_DAYS} days`);
  return product;
}

export const toOfferEventDto = (r: OfferEventRow) => ({
  id: r.id,
  productId: r.productId,
  outcome: r.outcome,
  channel: r.channel,
  taskId: r.taskId,
  segmentId: r.segmentId,
  at: r.at.toISOString(),
});

export async function recordOfferEvent(
  ctx: Ctx,
  workspaceId: string,
  e: {
    customerId: string;
    productId: string;
    outcome: OfferOutcome;
    channel: OfferEventRow['channel'];
    taskId?: string | null;
    segmentId?: string | null;
    recordedBy: string | null;
  },
) {
  return toOfferEventDto(
    await insertOfferEvent(ctx.db, {
      workspaceId,
      id: newId(),
      customerId: e.customerId,
      productId: e.productId,
      outcome: e.outcome,
      channel: e.channel,
      taskId: e.taskId ?? null,
      segmentId: e.segmentId ?? null,
      recordedBy: e.recordedBy,
      at: ctx.now(),
    }),
  );
}

/** An outcome recorded by hand (accepted or declined after an offer, or an offer made in person). */
export async function recordOutcome(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  productId: string,
  outcome: OfferOutcome,
  recordedBy: string | null,
) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  if (!(await productFacts(ctx.db, workspaceId)).some((p) => p.id === productId)) throw notFound('Product');
  return recordOfferEvent(ctx, workspaceId, { customerId, productId, outcome, channel: 'manual', recordedBy });
}

export async function getOfferEvents(ctx: Ctx, workspaceId: string, customerId: string) {
  if (!(await customerExists(ctx.db, workspaceId, customerId))) throw notFound('Customer');
  return { items: (await listOfferEvents(ctx.db, workspaceId, customerId, 100)).map(toOfferEventDto) };
}

export const lastOfferSegment = (ctx: Ctx, workspaceId: string, productId: string) =>
  offerSegmentOf(ctx.db, workspaceId, productId);
