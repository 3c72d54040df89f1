// The customers domain's part of a customer merge. The merge itself is a workflow
// (src/workflows/merge-customers.ts) that runs, in ONE transaction: `lockMergePair` (both
// customers locked, the request checked), every domain's `reassignCustomer` — this domain's
// moves consents, consent history and earlier merges — and `completeMerge` (the survivor takes
// the merged customer's fields, tags and contacts, the merged one is soft-deleted, and the merge
// is recorded with a snapshot and what moved).
import type { Db } from '../../db/client.ts';
import type { Reassigned } from '../../db/reassign.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { CustomerDto } from './customers.dto.ts';
import { type Actor, actorLabel, type Ctx, toCustomerDto } from './customers.mappers.ts';
import {
  insertMerge,
  lockCustomers,
  mergeConsents,
  moveConsentChanges,
  moveEarlierMerges,
} from './customers.merge.repository.ts';
import { type CustomerInsert, type CustomerRow, updateCustomerRow } from './customers.repository.ts';
import { problem } from '../../lib/problems.ts';

export type MergePair = { survivor: CustomerRow; merged: CustomerRow };

/** Refuses a merge of a customer into itself before any transaction starts (422). */
export function assertMergeable(survivorId: string, mergeId: string): void {
  if (survivorId === mergeId)
    throw new AppError('validation_failed', 'A customer cannot be merged into itself', {
      fields: [{ path: 'mergeId', ...problem('merge_self') }],
    });
}

/** Locks both customers (in id order) for the rest of `tx` and checks the merge can go ahead. */
export async function lockMergePair(
  tx: Db,
  workspaceId: string,
  survivorId: string,
  mergeId: string,
): Promise<MergePair> {
  assertMergeable(survivorId, mergeId);
  const locked = await lockCustomers(tx, workspaceId, [survivorId, mergeId]);
  const survivor = locked.find((c) => c.id === survivorId && !c.deletedAt);
  const merged = locked.find((c) => c.id === mergeId);
  if (!survivor) throw notFound('Customer');
  if (!merged)
    throw new AppError('validation_failed', 'The customer to merge does not exist', {
      fields: [{ path: 'mergeId', ...problem('not_found') }],
    });
  if (merged.deletedAt) throw new AppError('conflict', 'That customer was already deleted or merged');
  return { survivor, merged };
}

/**
 * Consents: the survivor keeps its own and the merged customer's fill the gaps; the consent
 * history and the record of customers merged into the merged one before move to the survivor.
 */
export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  await mergeConsents(tx, workspaceId, fromId, toId);
  return {
    consent_changes: await moveConsentChanges(tx, workspaceId, fromId, toId),
    customer_merges: await moveEarlierMerges(tx, workspaceId, fromId, toId),
  };
}

const fillable = [
  'email',
  'phone',
  'address',
  'locale',
  'birthDate',
  'externalId',
  'acquiredAt',
  'acquisitionChannel',
  'accountManagerId',
  'declaredWalletMinor',
] as const;

/**
 * The last steps of a merge, after every domain moved its rows: the survivor takes what it lacks,
 * the merged customer is soft-deleted (letting go of its external id), and the merge is recorded.
 */
export async function completeMerge(
  tx: Db,
  ctx: Pick<Ctx, 'now'>,
  workspaceId: string,
  pair: MergePair,
  moved: Reassigned,
  actor: Actor,
): Promise<CustomerDto> {
  const { survivor, merged } = pair;
  const patch: Partial<CustomerInsert> = {};
  for (const k of fillable)
    if (survivor[k] === null && merged[k] !== null) (patch as Record<string, unknown>)[k] = merged[k];
  // The external id is unique: it moves only after the merged row lets go of it.
  const takeExternalId = patch.externalId;
  delete patch.externalId;
  const union = (a: string[], b: (string | null)[]) => [
    ...new Set([...a, ...b.filter((x): x is string => Boolean(x))]),
  ];
  patch.tags = union(survivor.tags, merged.tags);
  patch.otherEmails = union(survivor.otherEmails, [merged.email, ...merged.otherEmails]).filter(
    (e) => e !== (patch.email ?? survivor.email),
  );
  patch.otherPhones = union(survivor.otherPhones, [merged.phone, ...merged.otherPhones]).filter(
    (p) => p !== (patch.phone ?? survivor.phone),
  );
  patch.customFields = { ...merged.customFields, ...survivor.customFields };
  patch.updatedAt = ctx.now();

  await updateCustomerRow(tx, workspaceId, merged.id, {
    mergedIntoId: survivor.id,
    deletedAt: ctx.now(),
    externalId: null,
    updatedAt: ctx.now(),
  });
  const updated = await updateCustomerRow(tx, workspaceId, survivor.id, {
    ...patch,
    ...(takeExternalId ? { externalId: takeExternalId } : {}),
  });
  // The record is the merge's last write.
  await insertMerge(tx, {
    workspaceId,
    id: newId(),
    survivorId: survivor.id,
    mergedId: merged.id,
    mergedSnapshot: toCustomerDto(merged) as unknown as Record<string, unknown>,
    moved,
    mergedBy: actorLabel(actor),
    mergedAt: ctx.now(),
  });
  return toCustomerDto(updated as CustomerRow);
}
