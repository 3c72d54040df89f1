// Owns saved view use cases: a person's (or token's) named filter sets per list screen.
// Filters are checked against the list endpoint's own query schema, so a saved view always
// opens as a valid query.
import type { Ctx } from '../../deps.ts';
import { AppError, type FieldError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  type CreateSavedViewInput,
  MAX_VIEWS_PER_LIST,
  type SavedViewDto,
  type SavedViewList,
  savedViewLists,
  type UpdateSavedViewInput,
} from './saved-views.dto.ts';
import {
  countSavedViews,
  deleteSavedViewRow,
  findSavedView,
  insertSavedView,
  listSavedViewRows,
  type SavedViewRow,
  updateSavedViewRow,
} from './saved-views.repository.ts';
import { issueProblem, problem } from '../../lib/problems.ts';

/** The caller a view belongs to, within a workspace. */
export type ViewOwner = { workspaceId: string; owner: string };

export const viewOwner = (a: { workspaceId: string; userId: string | null; tokenId: string | null }): ViewOwner => ({
  workspaceId: a.workspaceId,
  owner: a.userId ? `user:${a.userId}` : `token:${a.tokenId}`,
});

const toDto = (r: SavedViewRow): SavedViewDto => ({
  id: r.id,
  list: r.list as SavedViewList,
  name: r.name,
  filters: r.filters,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Validates filters with the list's query schema; returns them normalised, empty values dropped. */
export function checkFilters(list: SavedViewList, filters: Record<string, string>): Record<string, string> {
  const given = Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== ''));
  const parsed = savedViewLists[list].safeParse(given);
  if (!parsed.success) {
    const fields: FieldError[] = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: `filters.${key}`, ...problem('not_a_filter', { list }) }))
        : [{ path: ['filters', ...issue.path.map(String)].join('.'), message: issue.message, ...issueProblem(issue) }],
    );
    throw new AppError('validation_failed', 'The view has invalid filters; see errors', { fields });
  }
  return Object.fromEntries(
    Object.entries(parsed.data)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
}

const duplicate = (name: string) => new AppError('conflict', `You already have a view named "${name}" on this list`);

export async function listSavedViews(ctx: Ctx, owner: ViewOwner, list?: SavedViewList): Promise<SavedViewDto[]> {
  return (await listSavedViewRows(ctx.db, owner, list)).map(toDto);
}

export async function getSavedView(ctx: Ctx, owner: ViewOwner, id: string): Promise<SavedViewDto> {
  const row = await findSavedView(ctx.db, owner, id);
  if (!row) throw notFound('Saved view');
  return toDto(row);
}

export async function createSavedView(ctx: Ctx, owner: ViewOwner, input: CreateSavedViewInput): Promise<SavedViewDto> {
  const filters = checkFilters(input.list, input.filters ?? {});
  if ((await countSavedViews(ctx.db, owner, input.list)) >= MAX_VIEWS_PER_LIST) {
    throw new AppError('conflict', `You have ${MAX_VIEWS_PER_LIST} saved views on this list; delete one first`);
  }
  const now = ctx.now();
  const row = await insertSavedView(ctx.db, {
    ...owner,
    id: newId(),
    list: input.list,
    name: input.name,
    filters,
    createdAt: now,
    updatedAt: now,
  });
  if (!row) throw duplicate(input.name);
  return toDto(row);
}

export async function updateSavedView(
  ctx: Ctx,
  owner: ViewOwner,
  id: string,
  input: UpdateSavedViewInput,
): Promise<SavedViewDto> {
  const current = await findSavedView(ctx.db, owner, id);
  if (!current) throw notFound('Saved view');
  const filters = input.filters === undefined ? undefined : checkFilters(current.list as SavedViewList, input.filters);
  const row = await updateSavedViewRow(ctx.db, owner, id, { name: input.name, filters, updatedAt: ctx.now() });
  if (row === 'conflict') throw duplicate(input.name ?? current.name);
  if (!row) throw notFound('Saved view');
  return toDto(row);
}

export async function deleteSavedView(ctx: Ctx, owner: ViewOwner, id: string): Promise<void> {
  if (!(await deleteSavedViewRow(ctx.db, owner, id))) throw notFound('Saved view');
}
