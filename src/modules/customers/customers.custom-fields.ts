// Use cases: the workspace's custom field definitions (list, create, remove).
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { CustomFieldDto } from './customers.dto.ts';
import type { Ctx } from './customers.mappers.ts';
import { deleteCustomField, insertCustomField, listCustomFieldRows } from './customers.repository.ts';

const toFieldDto = (r: Awaited<ReturnType<typeof listCustomFieldRows>>[number]): CustomFieldDto => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  required: r.required,
  createdAt: r.createdAt.toISOString(),
});

export async function listCustomFields(ctx: Ctx, workspaceId: string): Promise<CustomFieldDto[]> {
  return (await listCustomFieldRows(ctx.db, workspaceId)).map(toFieldDto);
}

export async function createCustomField(
  ctx: Ctx,
  workspaceId: string,
  input: { key: string; label: string; type: CustomFieldDto['type']; options?: string[]; required?: boolean },
): Promise<CustomFieldDto> {
  const row = await insertCustomField(ctx.db, {
    workspaceId,
    id: newId(),
    key: input.key,
    label: input.label,
    type: input.type,
    options: input.options ?? [],
    required: input.required ?? false,
    createdAt: ctx.now(),
  });
  if (!row) throw new AppError('conflict', `A custom field with the key "${input.key}" already exists`);
  return toFieldDto(row);
}

export async function removeCustomField(ctx: Ctx, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteCustomField(ctx.db, workspaceId, id))) throw notFound('Custom field');
}
