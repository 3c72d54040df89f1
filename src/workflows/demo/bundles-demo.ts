// Demo bundles: after the demo's affinity run, the two strongest suggested bundles are defined
// at a tenth off their list prices, so the Bundles screen shows defined bundles with adoption
// and buyers' margin beside the suggestions. Runs once per workspace (skipped when it has bundles).
import type { Db } from '../../db/client.ts';
import { createBundle, getBundles, getBundleSuggestions } from '../../modules/affinity/index.ts';

export const DEMO_BUNDLES = 2;

export async function loadDemoBundles(ctx: { db: Db; now: () => Date }, workspaceId: string): Promise<number> {
  if ((await getBundles(ctx, workspaceId)).items.length > 0) return 0;
  const { items } = await getBundleSuggestions(ctx, workspaceId);
  let made = 0;
  for (const s of items.slice(0, DEMO_BUNDLES)) {
    const list = s.products.reduce((a, p) => a + p.listPriceMinor, 0);
    await createBundle(
      ctx,
      workspaceId,
      {
        name: s.products
          .map((p) => p.name)
          .join(' + ')
          .slice(0, 120),
        productIds: s.products.map((p) => p.id),
        priceMinor: Math.round(list * 0.9),
      },
      'demo',
    );
    made++;
  }
  return made;
}
