// Products and transactions through the real HTTP layer on a real database.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const post = (path: string, body: unknown) => t.request('POST', `/api/v1${path}`, { token: ws.ownerToken, body });
const get = (path: string) => t.request('GET', `/api/v1${path}`, { token: ws.ownerToken });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Shop');
  customerId = (await post('/customers', { name: 'Buyer', externalId: 'buyer-1' })).body.id;
  await post('/products', { sku: 'TEA', name: 'Tea', category: 'drinks', listPriceMinor: 3333, unitCostMinor: 1000 });
  await post('/products', { sku: 'MUG', name: 'Mug', category: 'home', listPriceMinor: 1250, unitCostMinor: 500 });
});
afterAll(() => t.close());

describe('products', () => {
  test('SKUs are unique, prices whole minor units, retiring keeps the row', async () => {
    expect((await post('/products', { sku: 'TEA', name: 'Again', listPriceMinor: 1 })).status).toBe(409);
    const bad = await post('/products', { sku: 'X', name: 'X', listPriceMinor: 9.99 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('listPriceMinor');
    const list = await get('/products?category=drinks');
    expect(list.body.items.map((p: { sku: string }) => p.sku)).toEqual(['TEA']);
    const mug = (await get('/products?q=mu')).body.items[0];
    expect((await t.request('PATCH', `/api/v1/products/${mug.id}`, { token: ws.ownerToken, body: { active: false } })).body.active).toBe(false);
    expect((await get('/products?active=true')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['TEA']);
  });
});

describe('transactions', () => {
  test('totals and margin are derived exactly from the lines', async () => {
    const res = await post('/transactions', { customerId, occurredAt: '2026-03-01T12:00:00Z', lines: [{ sku: 'TEA', quantity: 3, discountMinor: 99 }, { sku: 'MUG', quantity: '0.5' }] });
    expect(res.status).toBe(201);
    // 3 × 3333 − 99 = 9900; 0.5 × 1250 = 625 → 10525; cost 3000 + 250
    expect(res.body).toMatchObject({ totalMinor: 10525, discountMinor: 99, costMinor: 3250, grossMarginMinor: 7275, itemCount: 4, kind: 'purchase' });
    expect(res.body.lines.map((l: { totalMinor: number }) => l.totalMinor)).toEqual([9900, 625]);
  });

  test('the same externalId sent five times records one transaction', async () => {
    const body = { customerExternalId: 'buyer-1', externalId: 'order-5x', occurredAt: '2026-03-02T12:00:00Z', lines: [{ sku: 'TEA', quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 5 }, () => post('/transactions', body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows = await queryRows(t.deps.db, sql`select count(*)::int n from transactions where workspace_id = ${ws.id} and external_id = 'order-5x'`);
    expect(rows[0].n).toBe(1);
    const changed = await post('/transactions', { ...body, lines: [{ sku: 'TEA', quantity: 2 }] });
    expect(changed.status).toBe(422);
    expect(changed.body.errors[0].path).toBe('externalId');
  });

  test('unknown customers and products are named by path; nothing is written', async () => {
    const before = await queryRows(t.deps.db, sql`select count(*)::int n from transactions where workspace_id = ${ws.id}`);
    const res = await post('/transactions', { customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', occurredAt: '2026-03-01T12:00:00Z', currency: 'EUR', lines: [{ sku: 'TEA', quantity: 1 }, { sku: 'NOPE', quantity: 1 }, { quantity: 1 }] });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['currency', 'customerId', 'lines.1.sku', 'lines.2.unitPriceMinor']);
    const after = await queryRows(t.deps.db, sql`select count(*)::int n from transactions where workspace_id = ${ws.id}`);
    expect(after[0].n).toBe(before[0].n);
  });

  test('returns are negative, linked, and never exceed what was bought', async () => {
    const order = (await post('/transactions', { customerId, externalId: 'order-r', occurredAt: '2026-03-03T12:00:00Z', lines: [{ sku: 'TEA', quantity: 4, discountMinor: 400 }, { sku: 'MUG', quantity: 1 }] })).body;
    const partial = await post(`/transactions/${order.id}/returns`, { externalId: 'ret-1', lines: [{ lineNo: 1, quantity: 1 }] });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ kind: 'return', originalTransactionId: order.id, totalMinor: -(3333 - 100), costMinor: -1000 });
    expect((await post(`/transactions/${order.id}/returns`, { externalId: 'ret-1', lines: [{ lineNo: 1, quantity: 1 }] })).status).toBe(200);
    const over = await post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 1, quantity: 4 }] });
    expect(over.status).toBe(409);
    expect(over.body.errors[0]).toMatchObject({ path: 'lines.0.quantity', message: 'only 3 left to return' });
    const rest = await post(`/transactions/${order.id}/returns`, {});
    expect(rest.body.totalMinor).toBe(-(order.totalMinor - (3333 - 100)));
    expect((await post(`/transactions/${order.id}/returns`, {})).status).toBe(409);
    expect((await post(`/transactions/${rest.body.id}/returns`, {})).status).toBe(409);
  });

  test('a batch commits the valid items and reports the rest', async () => {
    const items = [
      { customerId, externalId: 'b-1', occurredAt: '2026-04-01T10:00:00Z', lines: [{ sku: 'TEA', quantity: 1 }] },
      { customerId, externalId: 'b-2', occurredAt: 'yesterday', lines: [{ sku: 'TEA', quantity: 1 }] },
      { customerId, externalId: 'b-1', occurredAt: '2026-04-01T10:00:00Z', lines: [{ sku: 'TEA', quantity: 1 }] },
      { customerExternalId: 'ghost', externalId: 'b-3', occurredAt: '2026-04-01T10:00:00Z', lines: [{ sku: 'TEA', quantity: 1 }] },
      'not an object',
    ];
    const res = await post('/transactions/batch', { items });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { status: string }) => i.status)).toEqual(['created', 'error', 'error', 'error', 'error']);
    expect(res.body.items[1].errors[0].path).toBe('occurredAt');
    const again = await post('/transactions/batch', { items: [items[0]] });
    expect(again.body.items[0]).toMatchObject({ status: 'existing', id: res.body.items[0].id });
    expect((await post('/transactions/batch', { items: Array.from({ length: 1001 }, () => ({})) })).status).toBe(422);
  });

  test('the customer timeline merges purchases with the customer’s own events, paged without gaps', async () => {
    const c = (await post('/customers', { name: 'Timeline' })).body.id;
    for (let d = 1; d <= 7; d++) await post('/transactions', { customerId: c, occurredAt: `2026-05-0${d}T10:00:00Z`, lines: [{ sku: 'TEA', quantity: d }] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/customers/${c}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((e: { type: string; occurredAt: string }) => `${e.type}@${e.occurredAt.slice(0, 10)}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.slice(1)).toEqual(Array.from({ length: 7 }, (_, i) => `transaction.purchased@2026-05-0${7 - i}`));
    expect(seen[0]).toMatch(/^customer.created@/);
  });
});

describe('transaction summary', () => {
  test("totals one customer's purchases and returns exactly", async () => {
    const c = (await post('/customers', { name: 'Summed' })).body.id;
    const empty = await get(`/transactions/summary?customerId=${c}`);
    expect(empty.body).toEqual({ customerId: c, items: [] });
    const a = (await post('/transactions', { customerId: c, occurredAt: '2026-02-01T10:00:00Z', lines: [{ sku: 'TEA', quantity: 3, discountMinor: 99 }] })).body;
    await post('/transactions', { customerId: c, occurredAt: '2026-02-10T10:00:00Z', lines: [{ sku: 'MUG', quantity: 2 }] });
    await post(`/transactions/${a.id}/returns`, { occurredAt: '2026-02-20T10:00:00Z', lines: [{ lineNo: 1, quantity: 1 }] });
    // Someone else's purchase is not counted.
    await post('/transactions', { customerId, occurredAt: '2026-02-11T10:00:00Z', lines: [{ sku: 'MUG', quantity: 9 }] });
    const res = await get(`/transactions/summary?customerId=${c}`);
    expect(res.status).toBe(200);
    // 3 × 3333 − 99 = 9900 and 2 × 1250 = 2500; the return refunds 3333 − 33 = 3300.
    expect(res.body.items[0]).toEqual({
      currency: 'USD',
      purchases: 2,
      returns: 1,
      grossRevenueMinor: 12_400,
      returnedMinor: 3300,
      netRevenueMinor: 9100,
      grossMarginMinor: 12_400 - 3000 - 1000 - (3300 - 1000),
      firstPurchaseAt: '2026-02-01T10:00:00.000Z',
      lastPurchaseAt: '2026-02-10T10:00:00.000Z',
    });
    expect(res.body.items).toHaveLength(1);
  });

  test('needs a customer of this workspace', async () => {
    expect((await get('/transactions/summary')).body.errors[0].path).toBe('query.customerId');
    expect((await get('/transactions/summary?customerId=nope')).status).toBe(422);
    const other = await t.workspace('Elsewhere');
    const theirs = (await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Theirs' } })).body.id;
    expect((await get(`/transactions/summary?customerId=${theirs}`)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/transactions/summary?customerId=${customerId}`, { token: await ws.token('analyst') })).status).toBe(200);
  });
});
