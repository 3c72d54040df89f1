// Use cases: bulk actions on the customer list's selection (some ids, or every customer the
// filters match): tag, assign an account manager (the books domain's use case, handed in), and
// save the selection as a segment of exactly those customers (a tag the new segment targets).
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { BulkResult, CustomerSelection } from './customers.dto.ts';
import { addTagsToCustomers, matchingCustomerIds } from './customers.list.repository.ts';
import type { Ctx } from './customers.mappers.ts';
import type { ScoreMatches } from './customers.repository.ts';
import { toFilter } from './customers.read.ts';
import { problem } from '../../lib/problems.ts';

/** A bulk action takes at most this many customers; a larger selection is refused (narrow the filters). */
export const BULK_LIMIT = 10_000;

/** Assigns customers to a person (null: nobody), recording who did it: the books domain's use case. */
export type AssignManager = (ids: string[], userId: string | null, reason?: string) => Promise<{ changed: number }>;
/** Saves a segment of the customers with this tag: the campaigns domain's use case. */
export type SaveTagSegment = (name: string, tag: string) => Promise<{ id: string }>;

/** The live customers a selection names, in id order; a 422 when there are more than BULK_LIMIT. */
export async function selectedIds(
  ctx: Ctx,
  workspaceId: string,
  selection: CustomerSelection,
  scoreMatches: ScoreMatches,
): Promise<string[]> {
  const filter = 'ids' in selection ? { ids: selection.ids } : toFilter(selection.filter, scoreMatches);
  const ids = await matchingCustomerIds(ctx.db, workspaceId, filter, BULK_LIMIT + 1);
  if (ids.length > BULK_LIMIT)
    throw new AppError('validation_failed', `A bulk action takes at most ${BULK_LIMIT} customers; narrow the filters`, {
      fields: [{ path: 'selection', ...problem('too_many_selected', { max: BULK_LIMIT }) }],
    });
  return ids;
}

export async function tagCustomers(ctx: Ctx, workspaceId: string, ids: string[], tags: string[]): Promise<BulkResult> {
  const changed = await addTagsToCustomers(ctx.db, workspaceId, ids, [...new Set(tags)], ctx.now());
  return { matched: ids.length, changed };
}

export async function assignCustomers(ids: string[], assign: AssignManager, userId: string | null, reason?: string) {
  if (ids.length === 0) return { matched: 0, changed: 0 };
  const { changed } = await assign(ids, userId, reason);
  return { matched: ids.length, changed };
}

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

/** Tags the customers with a tag of their own and saves a segment targeting it, so the segment holds exactly them. */
export async function segmentFromSelection(
  ctx: Ctx,
  workspaceId: string,
  ids: string[],
  name: string,
  save: SaveTagSegment,
): Promise<BulkResult> {
  if (ids.length === 0)
    throw new AppError('validation_failed', 'The selection matches no customer', {
      fields: [{ path: 'selection', ...problem('none_selected') }],
    });
  const tag = `segment-${slug(name) || 'list'}-${newId().slice(-6)}`;
  const changed = await addTagsToCustomers(ctx.db, workspaceId, ids, [tag], ctx.now());
  const segment = await save(name, tag);
  return { matched: ids.length, changed, segmentId: segment.id, tag };
}
