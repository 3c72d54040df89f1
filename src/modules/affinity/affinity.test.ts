// Product affinity through the API on a simulated shop with a planted bundle (Kettle → Teapot;
// affinity.simulate.testing.ts): a run on a worker stores rules at product and category level,
// from baskets and from portfolios, paged and filtered; the same data gives the same rules; the
// offline evaluation of the next-best offers beats the popularity baseline; a customer's offers
// leave out what they hold and explain themselves by code; hostile input and roles get 4xx.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { queryRows } from '../../db/client.ts';
import { sql } from 'drizzle-orm';
import { forEachPurchaseBatch, productFacts, type PurchasePageRow } from '../commerce/index.ts';
import { readRunData } from './affinity.read.ts';
import { runAffinityNow } from './affinity.runs.ts';
import { simulateShop } from './affinity.simulate.testing.ts';

const end = new Date('2026-06-01T12:00:00Z');
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let products: Map<string, string>;
let runId: string;

const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
type Rule = {
  rank: number;
  antecedent: { key: string; label: string }[];
  consequent: { key: string; label: string }[];
  lift: number;
  confidence: number;
  count: number;
  marginValue: number | null;
};

beforeAll(async () => {
  t = await createTestApp({ jobs: true });
  t.clock.set(end);
  ws = await t.workspace('Affinity shop');
  const [w] = await queryRows<{ currency: string }>(
    t.deps.db,
    sql`select currency from workspaces where id = ${ws.id}`,
  );
  ({ products } = await simulateShop(t.deps.db, {
    workspaceId: ws.id,
    currency: w.currency,
    customers: 800,
    seed: 5,
    end,
  }));
  const noRun = await call('GET', '/affinity/model');
  expect(noRun.status).toBe(404);
  expect(noRun.body.code).toBe('no_model');
  const queued = await call('POST', '/affinity/runs', { minSupport: 0.01, minConfidence: 0.1, maxLen: 3 });
  expect(queued.status).toBe(202);
  runId = queued.body.id;
  await waitFor(
    async () => {
      const run = (await ok('GET', '/affinity/runs')).items.find((r: { id: string }) => r.id === runId);
      return run && (run.status === 'succeeded' || run.status === 'failed') ? run : null;
    },
    { what: `affinity run ${runId} to finish`, timeoutMs: 60_000 },
  );
}, 180_000);
afterAll(() => t.close());

describe('rules', () => {
  test('the planted bundle is the strongest basket rule, at product level', async () => {
    const run = (await ok('GET', '/affinity/runs')).items[0];
    expect(run).toMatchObject({ id: runId, status: 'succeeded', customers: 800, products: 16, error: null });
    expect(run.baskets).toBeGreaterThan(2_000);
    const page = await ok('GET', '/affinity/rules?level=product&source=basket&limit=500');
    expect(page.runId).toBe(runId);
    const pair = page.items.filter((r: Rule) => r.antecedent.length + r.consequent.length === 2)[0] as Rule;
    expect([pair.antecedent[0].label, pair.consequent[0].label].sort()).toEqual(['Kettle', 'Teapot']);
    expect(pair.lift).toBeGreaterThan(4);
    const kt = page.items.find(
      (r: Rule) =>
        r.antecedent.length === 1 &&
        r.consequent.length === 1 &&
        r.antecedent[0].label === 'Kettle' &&
        r.consequent[0].label === 'Teapot',
    ) as Rule;
    expect(kt.antecedent[0].key).toBe(products.get('KETTLE'));
    expect(kt.confidence).toBeGreaterThan(0.6);
    expect(kt.marginValue).toBeGreaterThan(0);
    // Ranks run 1, 2, … in falling lift.
    expect(page.items.map((r: Rule) => r.rank)).toEqual(page.items.map((_: Rule, i: number) => i + 1));
    for (let i = 1; i < page.items.length; i++) expect(page.items[i].lift).toBeLessThanOrEqual(page.items[i - 1].lift);
  });

  test('category level and portfolios: customers with a taste hold its category together', async () => {
    const cat = await ok('GET', '/affinity/rules?level=category&source=portfolio&limit=50');
    expect(cat.items.length).toBeGreaterThan(0);
    for (const r of cat.items as Rule[]) expect(r.consequent).toHaveLength(1);
    for (const r of cat.items as Rule[]) expect(['Kitchen', 'Garden', 'Books', 'Toys']).toContain(r.consequent[0].key);
    const held = await ok('GET', '/affinity/rules?level=product&source=portfolio&limit=50');
    expect(held.items[0].lift).toBeGreaterThan(1);
  });

  test('pages by cursor, filters by item, lift and confidence', async () => {
    const first = await ok('GET', '/affinity/rules?limit=3');
    expect(first.items).toHaveLength(3);
    const second = await ok('GET', `/affinity/rules?limit=3&cursor=${first.nextCursor}`);
    expect(second.items[0].rank).toBe(4);
    const kettle = products.get('KETTLE')!;
    const about = await ok('GET', `/affinity/rules?item=${kettle}&limit=500`);
    expect(about.items.length).toBeGreaterThan(0);
    for (const r of about.items as Rule[])
      expect([...r.antecedent, ...r.consequent].map((x) => x.key)).toContain(kettle);
    const strong = await ok('GET', '/affinity/rules?minLift=3&minConfidence=0.5&limit=500');
    for (const r of strong.items as Rule[]) {
      expect(r.lift).toBeGreaterThanOrEqual(3);
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    }
    const bad = await call('GET', '/affinity/rules?cursor=bm90LW91cnM');
    expect(bad.status).toBe(422);
    expect((await call('GET', '/affinity/rules?level=brand')).status).toBe(422);
  });

  test('the read through the cursor gives the same arrays whatever its batch size', async () => {
    const facts = await productFacts(t.deps.db, ws.id);
    const whole = await readRunData(t.deps.db, ws.id, facts);
    // 7 transactions a fetch: customers go on from one batch into the next.
    const small = await readRunData(t.deps.db, ws.id, facts, 7);
    expect(whole.customers.length).toBe(800);
    expect(whole.orders.offsets.length - 1).toBeGreaterThan(1600);
    expect(small.customers.slice()).toEqual(whole.customers.slice());
    expect(whole.customers.get(0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(small.orders).toEqual(whole.orders);
    expect(small.orderCustomer).toEqual(whole.orderCustomer);
    expect(small.held).toEqual(whole.held);
    expect(small.spend).toEqual(whole.spend);
    expect(small.value).toEqual(whole.value);
  });

  test("the read gives each transaction's product lines in line order, and leaves out lines and transactions without a product", async () => {
    const other = await t.workspace('Line order');
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const [a, b, c, customer, order, free] = [1, 2, 3, 4, 5, 6].map(id);
    const db = t.deps.db;
    for (const [pid, sku] of [
      [a, 'A'],
      [b, 'B'],
      [c, 'C'],
    ])
      await db.execute(sql`insert into products (workspace_id, id, sku, name, category, list_price_minor, unit_cost_minor, currency)
        values (${other.id}, ${pid}, ${sku}, ${sku}, 'Tea', 1000, 400, 'USD')`);
    await db.execute(sql`insert into customers (workspace_id, id, name, created_at, updated_at)
      values (${other.id}, ${customer}, 'Line order', now(), now())`);
    for (const [tid, at] of [
      [order, '2026-05-01T10:00:00Z'],
      [free, '2026-05-02T10:00:00Z'],
    ])
      await db.execute(sql`insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor)
        values (${other.id}, ${tid}, ${customer}, 'purchase', ${at}, 'USD', 6000, 2400)`);
    // Stored out of line order (3, 1, 4, 2), so the table's own order is not the lines' order.
    const lines: [string, number, string | null, string, number][] = [
      [order, 3, c, '1', 1000],
      [order, 1, b, '2', 2000],
      [order, 4, null, '1', 1000],
      [order, 2, a, '3', 3000],
      [free, 1, null, '1', 1000],
    ];
    for (const [tid, no, pid, qty, total] of lines)
      await db.execute(sql`insert into transaction_lines (workspace_id, transaction_id, line_no, product_id, sku, quantity, unit_price_minor, total_minor)
        values (${other.id}, ${tid}, ${no}, ${pid}, 'X', ${qty}, 1000, ${total})`);
    const rows: PurchasePageRow[] = [];
    await forEachPurchaseBatch(db, other.id, 10, (batch) => rows.push(...batch));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customer_id: customer, kind: 'purchase' });
    // index (products in id order: a 0, b 1, c 2) and quantity of lines 1, 2 and 3.
    expect(rows[0].lines.split(',').map((l) => l.split(':').slice(0, 2).map(Number))).toEqual([
      [1, 2],
      [0, 3],
      [2, 1],
    ]);
  });

  test('the same data gives the same rules', async () => {
    const again = await runAffinityNow(t.deps, ws.id, 'api', { minSupport: 0.01, minConfidence: 0.1, maxLen: 3 });
    expect(again.status).toBe('succeeded');
    const strip = (items: Rule[]) => items.map((r) => JSON.stringify(r));
    const now = await ok('GET', '/affinity/rules?limit=500');
    expect(now.runId).toBe(again.id);
    const before = await queryRows<{ n: string }>(
      t.deps.db,
      sql`select count(*) as n from affinity_rules where workspace_id = ${ws.id} and run_id = ${runId}`,
    );
    expect(Number(before[0].n)).toBe(again.rules);
    const rows = await queryRows<{ run_id: string; body: string }>(
      t.deps.db,
      sql`select run_id, string_agg(concat_ws('|', level, source, rank, antecedent::text, consequent::text, count, support, confidence, lift), ';' order by level, source, rank) as body
          from affinity_rules where workspace_id = ${ws.id} group by run_id`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].body).toBe(rows[1].body);
    expect(strip(now.items).length).toBeGreaterThan(0);
  });
});

describe('next-best offers', () => {
  test('the offline evaluation beats the popularity baseline and is shown on the model card', async () => {
    const card = await ok('GET', '/affinity/model');
    expect(card.evaluation.customers).toBeGreaterThan(400);
    expect(card.evaluation.beatsBaseline).toBe(true);
    expect(card.evaluation.model.precisionAt5).toBeGreaterThan(card.evaluation.popularity.precisionAt5);
    expect(card.evaluation.model.recallAt10).toBeGreaterThan(card.evaluation.popularity.recallAt10);
    expect(card.evaluation.model.hitRate).toBeGreaterThan(0.5);
  });

  test('a Kettle holder without a Teapot is offered the Teapot because of the Kettle; nothing held is offered', async () => {
    const kettle = products.get('KETTLE')!;
    const teapot = products.get('TEAPOT')!;
    const [holder] = await queryRows<{ customer_id: string }>(
      t.deps.db,
      sql`select t.customer_id from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
          where t.workspace_id = ${ws.id}
          group by t.customer_id
          having bool_or(l.product_id = ${kettle}) and not bool_or(l.product_id = ${teapot})
          order by t.customer_id limit 1`,
    );
    const res = await ok('GET', `/customers/${holder.customer_id}/offers?limit=10`);
    expect(res.items.length).toBeGreaterThan(0);
    const offer = res.items.find((o: { productId: string }) => o.productId === teapot);
    expect(offer).toBeDefined();
    expect(offer.explanation).toMatchObject({ code: 'holders_buy', productId: kettle, productName: 'Kettle' });
    expect(offer.explanation.lift).toBeGreaterThan(1);
    expect(offer.expectedMarginMinor).toBe(Math.round(offer.probability * offer.marginMinor));
    const held = await queryRows<{ product_id: string }>(
      t.deps.db,
      sql`select distinct l.product_id from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
          where t.workspace_id = ${ws.id} and t.customer_id = ${holder.customer_id}`,
    );
    const heldIds = new Set(held.map((h) => h.product_id));
    for (const o of res.items) expect(heldIds.has(o.productId)).toBe(false);
    const values = res.items.map((o: { expectedMarginMinor: number; explanation: { code: string } }) => o);
    const ranked = values.filter((o: { explanation: { code: string } }) => o.explanation.code === 'holders_buy');
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i].expectedMarginMinor).toBeLessThanOrEqual(ranked[i - 1].expectedMarginMinor + 1);
  });

  test('an unknown customer is 404; roles: an agent sees offers but cannot run or read rules', async () => {
    expect((await call('GET', '/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/offers')).status).toBe(404);
    expect((await call('GET', '/customers/not-a-uuid/offers')).status).toBe(422);
    const agent = await ws.token('agent');
    const [someone] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from customers where workspace_id = ${ws.id} limit 1`,
    );
    expect((await call('GET', `/customers/${someone.id}/offers`, undefined, agent)).status).toBe(200);
    expect((await call('POST', '/affinity/runs', {}, agent)).status).toBe(403);
    expect((await call('GET', '/affinity/rules', undefined, agent)).status).toBe(403);
    expect((await call('POST', '/affinity/runs', { minSupport: 0 })).status).toBe(422);
    expect((await call('POST', '/affinity/runs', { maxLen: 9 })).status).toBe(422);
  });
});
