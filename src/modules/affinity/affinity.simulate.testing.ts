// A simulated shop for the affinity tests: 16 products in 4 categories, customers with a taste
// for one category (its products 6× as likely), 2–5 orders each of 1–3 products, and one planted
// bundle: an order with Kettle also holds Teapot 70 % of the time (Teapot alone is rare), so the
// basket rule Kettle → Teapot has a lift far above 1 and holders of the taste's products go on to
// buy more of it (what the next-best offers should learn). With `bundle`, two more products (Lamp
// and Shade, category Home) are planted apart from the background at a known lift, as analytics'
// simulateBaskets does: an order holds both with probability lift·pa·pb, Lamp alone with pa − that,
// Shade alone with pb − that, so lift(Lamp → Shade) is the planted lift in expectation.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { seededRng } from '../../lib/random.ts';
import { upsertProductsBySku, writeTransactions } from '../commerce/index.ts';
import { findCustomerIdsByExternalIds, upsertCustomersByExternalId } from '../customers/index.ts';

const categories = ['Kitchen', 'Garden', 'Books', 'Toys'];
export const shopProducts = categories.flatMap((category, c) =>
  [0, 1, 2, 3].map((i) => ({
    sku: c === 0 && i === 0 ? 'KETTLE' : c === 0 && i === 1 ? 'TEAPOT' : `${category.toUpperCase()}-${i}`,
    name: c === 0 && i === 0 ? 'Kettle' : c === 0 && i === 1 ? 'Teapot' : `${category} ${i}`,
    category,
    listPriceMinor: 2_000 + 1_000 * i + 500 * c,
    unitCostMinor: 1_000 + 400 * i,
  })),
);

export const bundleProducts = [
  { sku: 'LAMP', name: 'Lamp', category: 'Home', listPriceMinor: 6_000, unitCostMinor: 3_000 },
  { sku: 'SHADE', name: 'Shade', category: 'Home', listPriceMinor: 2_500, unitCostMinor: 1_000 },
];

export async function simulateShop(
  db: Db,
  o: {
    workspaceId: string;
    currency: string;
    customers: number;
    seed: number;
    end: Date;
    bundle?: { pa: number; pb: number; lift: number };
  },
): Promise<{ products: Map<string, string> }> {
  const rng = seededRng(o.seed);
  const now = o.end;
  const catalogue = o.bundle ? [...shopProducts, ...bundleProducts] : shopProducts;
  const rows = await upsertProductsBySku(
    db,
    catalogue.map((p) => ({ workspaceId: o.workspaceId, id: newId(), ...p, currency: o.currency })),
  );
  const bySku = new Map(rows.map((p) => [p.sku, p.id]));
  await upsertCustomersByExternalId(
    db,
    Array.from({ length: o.customers }, (_, k) => ({
      workspaceId: o.workspaceId,
      id: newId(),
      externalId: `shop-${k}`,
      name: `Shopper ${k}`,
      createdAt: now,
      updatedAt: now,
    })),
  );
  const ids = await findCustomerIdsByExternalIds(
    db,
    o.workspaceId,
    Array.from({ length: o.customers }, (_, k) => `shop-${k}`),
  );
  const [lamp, shade] = [shopProducts.length, shopProducts.length + 1];
  const teapot = shopProducts.findIndex((p) => p.sku === 'TEAPOT');
  const kettle = shopProducts.findIndex((p) => p.sku === 'KETTLE');
  const pickProduct = (taste: number) => {
    for (;;) {
      const k = Math.floor(rng() * shopProducts.length);
      if (k === teapot && rng() < 0.9) continue; // Teapot alone is rare
      if (Math.floor(k / 4) === taste || rng() < 1 / 6) return k;
    }
  };
  const writes = [];
  for (let c = 0; c < o.customers; c++) {
    const taste = c % 4;
    const orders = 2 + Math.floor(rng() * 4);
    for (let n = 0; n < orders; n++) {
      const items = new Set<number>();
      const size = 1 + Math.floor(rng() * 3);
      while (items.size < size) items.add(pickProduct(taste));
      if (items.has(kettle) && rng() < 0.7) items.add(teapot);
      if (o.bundle) {
        const { pa, pb, lift } = o.bundle;
        const both = lift * pa * pb;
        const u = rng();
        if (u < both) items.add(lamp).add(shade);
        else if (u < pa) items.add(lamp);
        else if (u < pa + pb - both) items.add(shade);
      }
      writes.push({
        externalId: `shop-${c}-${n}`,
        customerId: ids.get(`shop-${c}`)!,
        occurredAt: new Date(o.end.getTime() - (orders - n) * 7 * 86_400_000),
        channel: 'web',
        location: null,
        lines: [...items].map((k) => ({
          productId: bySku.get(catalogue[k].sku)!,
          sku: catalogue[k].sku,
          qty: 1000,
          price: catalogue[k].listPriceMinor,
          cost: catalogue[k].unitCostMinor,
          discount: 0,
        })),
      });
    }
  }
  await writeTransactions(db, { workspaceId: o.workspaceId, currency: o.currency, now }, writes);
  return { products: bySku };
}
