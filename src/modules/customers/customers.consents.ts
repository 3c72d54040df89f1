// Use cases: a customer's consents per channel and purpose, their history, and the check
// other domains make before sending.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import {
  consentGranted,
  grantedChannels,
  insertConsentChange,
  listConsentChangeRows,
  listConsentRows,
  upsertConsent,
} from './customers.consents.repository.ts';
import type { ConsentDto } from './customers.dto.ts';
import { type Actor, actorLabel, type Ctx } from './customers.mappers.ts';
import { getCustomer } from './customers.read.ts';

export async function listConsents(ctx: Ctx, workspaceId: string, customerId: string): Promise<ConsentDto[]> {
  await getCustomer(ctx, workspaceId, customerId);
  return (await listConsentRows(ctx.db, workspaceId, customerId)).map((r) => ({
    channel: r.channel as ConsentDto['channel'],
    purpose: r.purpose as ConsentDto['purpose'],
    granted: r.granted,
    source: r.source,
    changedAt: r.changedAt.toISOString(),
  }));
}

export async function setConsents(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  actor: Actor,
  consents: { channel: string; purpose: string; granted: boolean; source?: string }[],
): Promise<ConsentDto[]> {
  await getCustomer(ctx, workspaceId, customerId);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    for (const c of consents) {
      await upsertConsent(tx, {
        workspaceId,
        customerId,
        channel: c.channel,
        purpose: c.purpose,
        granted: c.granted,
        source: c.source ?? null,
        changedAt: now,
      });
      await insertConsentChange(tx, {
        workspaceId,
        id: newId(),
        customerId,
        channel: c.channel,
        purpose: c.purpose,
        granted: c.granted,
        source: c.source ?? null,
        changedBy: actorLabel(actor),
        changedAt: now,
      });
    }
  });
  return listConsents(ctx, workspaceId, customerId);
}

export async function consentHistory(ctx: Ctx, workspaceId: string, customerId: string) {
  await getCustomer(ctx, workspaceId, customerId);
  return (await listConsentChangeRows(ctx.db, workspaceId, customerId)).map((r) => ({
    id: r.id,
    channel: r.channel as ConsentDto['channel'],
    purpose: r.purpose as ConsentDto['purpose'],
    granted: r.granted,
    source: r.source,
    changedBy: r.changedBy,
    changedAt: r.changedAt.toISOString(),
  }));
}

/** Whether the customer currently consents to `purpose` on `channel` (no record = no). */
export const hasConsent = (db: Db, workspaceId: string, customerId: string, channel: string, purpose: string) =>
  consentGranted(db, workspaceId, customerId, channel, purpose);

/** Per customer, the channels it currently consents to for `purpose`: `hasConsent` for a batch, in one query. */
export const consentedChannels = (db: Db, workspaceId: string, customerIds: string[], purpose: string) =>
  grantedChannels(db, workspaceId, customerIds, purpose);

/**
 * The customer's stance on a purpose over every channel: granted on one at least, refused on every
 * channel recorded, or unknown (nothing recorded). Offers leave out customers who refused.
 */
export async function consentStance(
  db: Db,
  workspaceId: string,
  customerId: string,
  purpose: string,
): Promise<'granted' | 'refused' | 'unknown'> {
  const rows = (await listConsentRows(db, workspaceId, customerId)).filter((r) => r.purpose === purpose);
  if (rows.some((r) => r.granted)) return 'granted';
  return rows.length ? 'refused' : 'unknown';
}
