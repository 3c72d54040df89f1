// Bundles, micro-segments and offers through the API on a simulated shop (affinity.simulate.testing.ts)
// with a bundle planted at lift 4 (Lamp and Shade) and customers of four tastes (one category
// each): the run suggests the planted bundle with the lift it was planted with; a bundle defined
// through the API reports its discount and its buyers against the others; the micro-segments are
// the four tastes, named by their category, with their members' churn risk and a best offer;
// offers leave out what was declined lately and everything for a customer who refused marketing,
// count returns, and become a task or a campaign segment; the nightly run runs once a day.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';
import { runAffinityNow, runScheduledAffinity } from './affinity.runs.ts';
import { simulateShop } from './affinity.simulate.testing.ts';

const end = new Date('2026-06-01T12:00:00Z');
const PLANTED_LIFT = 4;
const CUSTOMERS = 1_200;
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let products: Map<string, string>;

const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const customerOf = async (k: number) =>
  (
    await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from customers where workspace_id = ${ws.id} and external_id = ${`shop-${k}`}`,
    )
  )[0].id;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(end);
  ws = await t.workspace('Affinity groups');
  const [w] = await queryRows<{ currency: string }>(
    t.deps.db,
    sql`select currency from workspaces where id = ${ws.id}`,
  );
  ({ products } = await simulateShop(t.deps.db, {
    workspaceId: ws.id,
    currency: w.currency,
    customers: CUSTOMERS,
    seed: 8,
    end,
    bundle: { pa: 0.15, pb: 0.12, lift: PLANTED_LIFT },
  }));
  // A stored churn risk per customer by taste (customer k has taste k mod 4): 0.1, 0.2, 0.3, 0.4.
  await t.deps.db.execute(
    sql`insert into churn_risk (workspace_id, customer_id, run_id, basis, risk, drivers, value_at_stake_minor, expected_loss_minor, computed_at)
        select workspace_id, id, gen_random_uuid(), 'purchase', 0.1 * (1 + (substr(external_id, 6)::int % 4)), '[]'::jsonb, 0, 0, now()
        from customers where workspace_id = ${ws.id}`,
  );
  const run = await runAffinityNow(t.deps, ws.id, 'api', { minSupport: 0.01, minConfidence: 0.1, maxLen: 3 });
  expect(run.status).toBe('succeeded');
}, 180_000);
afterAll(() => t.close());

type Suggestion = { products: { id: string; name: string }[]; lift: number; count: number; valueMinor: number };

describe('bundles', () => {
  test('the planted bundle is suggested with the lift it was planted with', async () => {
    const { items } = await ok('GET', '/affinity/bundle-suggestions');
    const names = (s: Suggestion) => s.products.map((p) => p.name).sort();
    const planted = (items as Suggestion[]).find((s) => names(s).join() === 'Lamp,Shade');
    expect(planted).toBeDefined();
    // About 4,200 orders, 0.072 of them with both: ~300; SE of log lift ≈ 0.07, so ±20 % is ~3 SE.
    expect(planted!.lift).toBeGreaterThan(PLANTED_LIFT * 0.8);
    expect(planted!.lift).toBeLessThan(PLANTED_LIFT * 1.2);
    // Kettle and Teapot (planted by the taste model) are a bundle too; values fall down the list.
    expect((items as Suggestion[]).some((s) => names(s).join() === 'Kettle,Teapot')).toBe(true);
    for (let i = 1; i < items.length; i++) expect(items[i].valueMinor).toBeLessThanOrEqual(items[i - 1].valueMinor);
  });

  test('a defined bundle reports its discount and its buyers against the other customers', async () => {
    const lamp = products.get('LAMP')!;
    const shade = products.get('SHADE')!;
    const created = await call('POST', '/affinity/bundles', {
      name: 'Reading light',
      productIds: [lamp, shade],
      priceMinor: 7_500,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      listTotalMinor: 8_500,
      discountMinor: 1_000,
      priceMinor: 7_500,
      status: 'active',
    });
    const [truth] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(distinct t.customer_id)::int n from transactions t
          where t.workspace_id = ${ws.id} and exists (select 1 from transaction_lines l where l.workspace_id = t.workspace_id and l.transaction_id = t.id and l.product_id = ${lamp})
            and exists (select 1 from transaction_lines l where l.workspace_id = t.workspace_id and l.transaction_id = t.id and l.product_id = ${shade})`,
    );
    const a = created.body.adoption;
    expect(a.buyers).toBe(truth.n);
    expect(a.customers).toBe(CUSTOMERS);
    expect(a.share).toBeCloseTo(truth.n / CUSTOMERS, 10);
    // Buyers bought the bundle's margin on top of their usual orders.
    expect(a.buyerMarginMinor).toBeGreaterThan(a.otherMarginMinor);
    const listed = await ok('GET', '/affinity/bundles');
    expect(listed.items.map((b: { id: string }) => b.id)).toContain(created.body.id);
    const archived = await ok('POST', `/affinity/bundles/${created.body.id}/archive`);
    expect(archived.status).toBe('archived');
    expect((await ok('GET', '/affinity/bundles?status=active')).items).toHaveLength(0);
    // Hostile input: a price above the list prices, unknown or repeated products, one product.
    const bad = [
      { name: 'Dear', productIds: [lamp, shade], priceMinor: 9_000 },
      { name: 'Ghost', productIds: [lamp, '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11'], priceMinor: 100 },
      { name: 'Twice', productIds: [lamp, lamp], priceMinor: 100 },
      { name: 'Alone', productIds: [lamp], priceMinor: 100 },
    ];
    for (const body of bad) expect((await call('POST', '/affinity/bundles', body)).status).toBe(422);
    expect((await call('GET', '/affinity/bundles/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11')).status).toBe(404);
    const agent = await ws.token('agent');
    expect((await call('POST', '/affinity/bundles', bad[0], agent)).status).toBe(403);
  });
});

describe('micro-segments', () => {
  test('the four tastes are found, named by their category, with churn risk, value and a best offer', async () => {
    const res = await ok('GET', '/affinity/segments');
    expect(res.k).toBe(4);
    expect(res.silhouette).toBeGreaterThan(0.2);
    expect(res.items).toHaveLength(4);
    const risk = { Kitchen: 0.1, Garden: 0.2, Books: 0.3, Toys: 0.4 } as Record<string, number>;
    const tops = new Set<string>();
    for (const s of res.items) {
      const top = s.categories[0].category;
      tops.add(top);
      expect(Object.keys(risk)).toContain(top);
      expect(s.categories[0].share).toBeGreaterThan(0.35);
      expect(s.size).toBeGreaterThan(CUSTOMERS / 4 - 60);
      expect(s.size).toBeLessThan(CUSTOMERS / 4 + 60);
      // Members are mostly of the taste: their mean planted risk is near the taste's.
      expect(s.churnScored).toBe(s.size);
      expect(Math.abs(s.churnRisk - risk[top])).toBeLessThan(0.03);
      expect(s.valueMinor).toBeGreaterThan(0);
      expect(s.meanValueMinor).toBe(Math.round(s.valueMinor / s.size));
      expect(s.bestOffer).not.toBeNull();
      expect(s.bestOffer.expectedMarginMinor).toBeGreaterThan(0);
    }
    expect(tops.size).toBe(4);
    expect(res.items.map((s: { segment: number }) => s.segment)).toEqual([1, 2, 3, 4]);
  });
});

describe('offers', () => {
  test('a declined product is not offered again; a customer who refused marketing gets none', async () => {
    const id = await customerOf(1);
    const first = await ok('GET', `/customers/${id}/offers?limit=10`);
    expect(first.blocked).toBeNull();
    const top = first.items[0].productId;
    const declined = await call('POST', `/customers/${id}/offers/${top}/outcomes`, { outcome: 'declined' });
    expect(declined.status).toBe(201);
    const after = await ok('GET', `/customers/${id}/offers?limit=10`);
    expect(after.items.map((o: { productId: string }) => o.productId)).not.toContain(top);
    expect((await call('POST', `/customers/${id}/offers/${top}/task`, { assigneeId: ws.ownerId })).status).toBe(409);
    // 91 days on, it may be offered again.
    t.clock.set(new Date(end.getTime() + 91 * 86_400_000));
    const later = await ok('GET', `/customers/${id}/offers?limit=10`);
    expect(later.items.map((o: { productId: string }) => o.productId)).toContain(top);
    t.clock.set(end);
    await ok('PUT', `/customers/${id}/consents`, {
      consents: [{ channel: 'email', purpose: 'marketing', granted: false }],
    });
    const refused = await ok('GET', `/customers/${id}/offers`);
    expect(refused).toMatchObject({ blocked: 'no_consent', items: [] });
    const events = await ok('GET', `/customers/${id}/offer-events`);
    expect(events.items[0]).toMatchObject({ productId: top, outcome: 'declined', channel: 'manual' });
    expect((await call('POST', `/customers/${id}/offers/${top}/outcomes`, { outcome: 'maybe' })).status).toBe(422);
  });

  test('a product returned in full is no longer held, so it can be offered', async () => {
    const id = await customerOf(2);
    const [bought] = await queryRows<{ id: string; product_id: string }>(
      t.deps.db,
      sql`select t.id, l.product_id from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
          where t.workspace_id = ${ws.id} and t.customer_id = ${id}
            and l.product_id not in (select l2.product_id from transaction_lines l2 join transactions t2 on t2.workspace_id = l2.workspace_id and t2.id = l2.transaction_id
                                     where t2.workspace_id = ${ws.id} and t2.customer_id = ${id} and t2.id <> t.id)
          order by t.occurred_at limit 1`,
    );
    const before = await ok('GET', `/customers/${id}/offers?limit=50`);
    expect(before.items.map((o: { productId: string }) => o.productId)).not.toContain(bought.product_id);
    await ok('POST', `/transactions/${bought.id}/returns`, {});
    const after = await ok('GET', `/customers/${id}/offers?limit=50`);
    expect(after.items.map((o: { productId: string }) => o.productId)).toContain(bought.product_id);
  });

  test('an offer becomes a task, or a place in the product offer segment (made once, reused)', async () => {
    const [a, b] = [await customerOf(5), await customerOf(9)];
    const offer = (await ok('GET', `/customers/${a}/offers`)).items[0];
    const task = await call('POST', `/customers/${a}/offers/${offer.productId}/task`, {
      assigneeId: ws.ownerId,
      dueOn: '2026-06-08',
    });
    expect(task.status).toBe(201);
    const made = await ok('GET', `/tasks?customerId=${a}`);
    expect(made.items[0]).toMatchObject({ id: task.body.taskId, source: 'offer', title: `Offer ${offer.name}` });
    expect(task.body.event).toMatchObject({ outcome: 'offered', channel: 'task', taskId: task.body.taskId });
    const first = await call('POST', `/customers/${a}/offers/${offer.productId}/campaign`);
    expect(first.status).toBe(201);
    const second = await call('POST', `/customers/${b}/offers/${offer.productId}/campaign`);
    expect(second.body.segmentId).toBe(first.body.segmentId);
    const preview = await ok('GET', `/segments/${first.body.segmentId}`);
    expect(preview.name).toBe(first.body.segmentName);
    const tagged = await ok('GET', `/customers/${b}`);
    expect(tagged.tags.some((x: string) => x.startsWith('offer:'))).toBe(true);
    const agent = await ws.token('agent');
    expect((await call('POST', `/customers/${b}/offers/${offer.productId}/campaign`, undefined, agent)).status).toBe(
      403,
    );
    expect(
      (await call('POST', `/customers/${b}/offers/${offer.productId}/task`, { assigneeId: ws.ownerId }, agent)).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `/customers/${b}/offers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/task`, {
          assigneeId: ws.ownerId,
        })
      ).status,
    ).toBe(404);
  });
});

test('the nightly run runs once per workspace and day, however many workers fire', async () => {
  const [x, y] = await Promise.all([runScheduledAffinity(t.deps, ws.id), runScheduledAffinity(t.deps, ws.id)]);
  expect([x, y].filter((r) => r !== null)).toHaveLength(1);
  expect((x ?? y)!.status).toBe('succeeded');
  expect(await runScheduledAffinity(t.deps, ws.id)).toBeNull();
});
