// Owns workspace use cases: create, read, update.
import type { Ctx } from '../../deps.ts';
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../db/client.ts';
import {
  CreateWorkspaceBody,
  type CreateWorkspaceInput,
  toWorkspaceDto,
  type UpdateWorkspaceInput,
  type WorkspaceDto,
} from './workspaces.dto.ts';
import {
  findWorkspace,
  findWorkspaceBySlug,
  findWorkspaces,
  insertWorkspace,
  slugTaken,
  updateWorkspaceRow,
} from './workspaces.repository.ts';

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36);
  return base.length >= 3 ? base : `ws-${base}`.replace(/-+$/, '');
}

// A short random suffix: guessable slugs are fine (they name public forms), clashes are not.
const suffixed = (name: string) => `${slugify(name)}-${randomBytes(3).toString('hex')}`;

async function freeSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  if (!(await slugTaken(db, base))) return base;
  return suffixed(name);
}

export async function createWorkspace(ctx: Ctx, input: CreateWorkspaceInput): Promise<WorkspaceDto> {
  const data = CreateWorkspaceBody.parse(input);
  if (data.slug && (await slugTaken(ctx.db, data.slug))) {
    throw new AppError('conflict', `The slug "${data.slug}" is already taken`);
  }
  const now = ctx.now();
  const insert = (slug: string) =>
    insertWorkspace(ctx.db, {
      id: newId(),
      name: data.name,
      slug,
      currency: data.currency,
      locale: data.locale,
      timeZone: data.timeZone,
      createdAt: now,
      updatedAt: now,
    });
  const slug = data.slug ?? (await freeSlug(ctx.db, data.name));
  // Another workspace may take the slug between the check and the insert: a chosen slug is then
  // a conflict, a made-up one is made again.
  const row = (await insert(slug)) ?? (data.slug ? undefined : await insert(suffixed(data.name)));
  if (!row) throw new AppError('conflict', `The slug "${slug}" is already taken`);
  return toWorkspaceDto(row);
}

export async function getWorkspace(ctx: Ctx, id: string): Promise<WorkspaceDto> {
  const row = await findWorkspace(ctx.db, id);
  if (!row) throw notFound('Workspace');
  return toWorkspaceDto(row);
}

export async function listWorkspaces(ctx: Ctx, ids: string[]): Promise<WorkspaceDto[]> {
  return (await findWorkspaces(ctx.db, ids)).map(toWorkspaceDto);
}

export async function updateWorkspace(ctx: Ctx, id: string, patch: UpdateWorkspaceInput): Promise<WorkspaceDto> {
  if (patch.slug) {
    const current = await findWorkspace(ctx.db, id);
    if (current && current.slug !== patch.slug && (await slugTaken(ctx.db, patch.slug))) {
      throw new AppError('conflict', `The slug "${patch.slug}" is already taken`);
    }
  }
  const row = await updateWorkspaceRow(ctx.db, id, { ...patch, updatedAt: ctx.now() });
  if (row === 'conflict') throw new AppError('conflict', `The slug "${patch.slug}" is already taken`);
  if (!row) throw notFound('Workspace');
  return toWorkspaceDto(row);
}

/** The workspace a public page names by its slug (public forms); undefined when none. */
export async function findWorkspaceForSlug(ctx: Ctx, slug: string): Promise<WorkspaceDto | undefined> {
  const row = await findWorkspaceBySlug(ctx.db, slug);
  return row ? toWorkspaceDto(row) : undefined;
}
