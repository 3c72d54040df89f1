// Owns the reads and writes of bundles and micro-segments: the newest run's bundle suggestions and
// segments (with their products named), bundles a person defines (products, price, the discount
// against the list prices) and their adoption — buyers of every product in one order against the
// other customers, in number and gross margin.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { productFacts, type ProductFactRow } from '../commerce/index.ts';
import type { CreateBundleInput } from './affinity.groups.dto.ts';
import {
  type AffinityBundleRow,
  bundleBuyers,
  findBundle,
  insertBundle,
  latestRun,
  listBundles,
  listSegments,
  setBundleStatus,
} from './affinity.repository.ts';
import { problem } from '../../lib/problems.ts';

type Products = Map<string, ProductFactRow>;

const productsById = async (ctx: Ctx, workspaceId: string): Promise<Products> =>
  new Map((await productFacts(ctx.db, workspaceId)).map((p) => [p.id, p]));

const ref = (p: ProductFactRow) => ({ id: p.id, sku: p.sku, name: p.name, listPriceMinor: p.list_price_minor });

type StoredSuggestion = {
  productIds: string[];
  count: number;
  support: number;
  lift: number;
  marginMinor: number;
  valueMinor: number;
};

export async function getBundleSuggestions(ctx: Ctx, workspaceId: string) {
  const run = await latestRun(ctx.db, workspaceId);
  if (!run) return { runId: null, items: [] };
  const products = await productsById(ctx, workspaceId);
  const stored = ((run.card as { bundles?: StoredSuggestion[] } | null)?.bundles ?? []).filter((b) =>
    b.productIds.every((id) => products.has(id)),
  );
  return {
    runId: run.id,
    items: stored.map((b) => ({
      products: b.productIds.map((id) => ref(products.get(id)!)),
      count: b.count,
      support: b.support,
      lift: b.lift,
      marginMinor: b.marginMinor,
      valueMinor: b.valueMinor,
    })),
  };
}

export async function getSegments(ctx: Ctx, workspaceId: string) {
  const run = await latestRun(ctx.db, workspaceId);
  if (!run) return { runId: null, k: null, silhouette: null, currency: null, items: [] };
  const [rows, products] = await Promise.all([
    listSegments(ctx.db, workspaceId, run.id),
    productsById(ctx, workspaceId),
  ]);
  const placed = rows.reduce((a, r) => a + r.size, 0);
  const seg = (run.card as { segmentation?: { k: number; silhouette: number } | null } | null)?.segmentation;
  return {
    runId: run.id,
    k: seg?.k ?? null,
    silhouette: seg?.silhouette ?? null,
    currency: products.values().next().value?.currency ?? null,
    items: rows.map((r) => {
      const offer = r.bestOfferProductId ? products.get(r.bestOfferProductId) : undefined;
      return {
        segment: r.segment,
        size: r.size,
        share: placed ? r.size / placed : 0,
        valueMinor: r.valueMinor,
        meanValueMinor: r.size ? Math.round(r.valueMinor / r.size) : 0,
        categories: r.categories,
        churnRisk: r.churnRisk,
        churnScored: r.churnScored,
        bestOffer: offer
          ? { productId: offer.id, name: offer.name, expectedMarginMinor: Math.round(r.bestOfferValue ?? 0) }
          : null,
      };
    }),
  };
}

async function toBundleDto(ctx: Ctx, row: AffinityBundleRow, products: Products) {
  const { buyers, others } = await bundleBuyers(ctx.db, row.workspaceId, row.productIds);
  const customers = buyers.customers + others.customers;
  const listTotal = row.priceMinor + row.discountMinor;
  return {
    id: row.id,
    name: row.name,
    products: row.productIds.map((id) => {
      const p = products.get(id);
      return p ? ref(p) : { id, sku: '', name: '', listPriceMinor: 0 };
    }),
    priceMinor: row.priceMinor,
    listTotalMinor: listTotal,
    discountMinor: row.discountMinor,
    currency: row.currency,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    adoption: {
      buyers: buyers.customers,
      customers,
      share: customers ? buyers.customers / customers : 0,
      buyerMarginMinor: buyers.customers ? Math.round(buyers.marginMinor / buyers.customers) : null,
      otherMarginMinor: others.customers ? Math.round(others.marginMinor / others.customers) : null,
    },
  };
}

export async function createBundle(ctx: Ctx, workspaceId: string, input: CreateBundleInput, createdBy: string | null) {
  const products = await productsById(ctx, workspaceId);
  const chosen = input.productIds.map((id) => products.get(id));
  const missing = input.productIds.filter((_, i) => !chosen[i]);
  if (missing.length)
    throw new AppError('validation_failed', 'Unknown products', {
      fields: missing.map((id) => ({ path: 'productIds', ...problem('no_such_product_id', { value: id }) })),
    });
  const found = chosen as ProductFactRow[];
  const currencies = new Set(found.map((p) => p.currency));
  if (currencies.size > 1)
    throw new AppError('validation_failed', 'The products of a bundle must share a currency', {
      fields: [
        { path: 'productIds', ...problem('mixed_currencies', { currencies: [...currencies].sort().join(', ') }) },
      ],
    });
  const listTotal = found.reduce((a, p) => a + p.list_price_minor, 0);
  if (input.priceMinor > listTotal)
    throw new AppError('validation_failed', "A bundle's price cannot exceed the sum of its products' list prices", {
      fields: [{ path: 'priceMinor', ...problem('at_most', { max: listTotal }) }],
    });
  const row = await insertBundle(ctx.db, {
    workspaceId,
    id: newId(),
    name: input.name,
    productIds: input.productIds,
    priceMinor: input.priceMinor,
    discountMinor: listTotal - input.priceMinor,
    currency: found[0].currency,
    status: 'active',
    createdBy,
    createdAt: ctx.now(),
  });
  return toBundleDto(ctx, row, products);
}

export async function getBundles(ctx: Ctx, workspaceId: string, status?: string) {
  const [rows, products] = await Promise.all([
    listBundles(ctx.db, workspaceId, status),
    productsById(ctx, workspaceId),
  ]);
  const items = [];
  for (const r of rows) items.push(await toBundleDto(ctx, r, products));
  return { items };
}

export async function getBundle(ctx: Ctx, workspaceId: string, id: string) {
  const row = await findBundle(ctx.db, workspaceId, id);
  if (!row) throw notFound('Bundle');
  return toBundleDto(ctx, row, await productsById(ctx, workspaceId));
}

export async function archiveBundle(ctx: Ctx, workspaceId: string, id: string) {
  const row = await setBundleStatus(ctx.db, workspaceId, id, 'archived');
  if (!row) throw notFound('Bundle');
  return toBundleDto(ctx, row, await productsById(ctx, workspaceId));
}
