// Owns the product catalogue use cases: create, read, update and the SKU-ordered list.
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeKeyCursor, encodeKeyCursor } from '../../lib/cursor.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { type ProductDto, toProductDto } from './commerce.dto.ts';
import type { Ctx } from './commerce.lines.ts';
import { findProduct, insertProduct, listProductRows, updateProductRow } from './commerce.repository.ts';

export async function createProduct(
  ctx: Ctx,
  workspaceId: string,
  input: {
    sku: string;
    name: string;
    category?: string;
    listPriceMinor: number;
    unitCostMinor?: number;
    active?: boolean;
  },
): Promise<ProductDto> {
  const { currency } = await getWorkspace(ctx, workspaceId);
  const now = ctx.now();
  const row = await insertProduct(ctx.db, {
    workspaceId,
    id: newId(),
    ...input,
    unitCostMinor: input.unitCostMinor ?? 0,
    currency,
    createdAt: now,
    updatedAt: now,
  });
  if (!row) throw new AppError('conflict', `A product with the SKU "${input.sku}" already exists`);
  return toProductDto(row);
}

export async function getProduct(ctx: Ctx, workspaceId: string, id: string): Promise<ProductDto> {
  const row = await findProduct(ctx.db, workspaceId, id);
  if (!row) throw notFound('Product');
  return toProductDto(row);
}

export async function updateProduct(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: { name?: string; category?: string | null; listPriceMinor?: number; unitCostMinor?: number; active?: boolean },
): Promise<ProductDto> {
  const row = await updateProductRow(ctx.db, workspaceId, id, { ...patch, updatedAt: ctx.now() });
  if (!row) throw notFound('Product');
  return toProductDto(row);
}

export async function listProducts(
  ctx: Ctx,
  workspaceId: string,
  q: { category?: string; active?: 'true' | 'false'; q?: string; limit: number; cursor?: string },
) {
  const rows = await listProductRows(
    ctx.db,
    workspaceId,
    { category: q.category, active: q.active ? q.active === 'true' : undefined, q: q.q },
    q.limit + 1,
    q.cursor ? decodeKeyCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  return {
    items: items.map(toProductDto),
    nextCursor: rows.length > q.limit ? encodeKeyCursor(items.at(-1)?.sku ?? '') : null,
  };
}
