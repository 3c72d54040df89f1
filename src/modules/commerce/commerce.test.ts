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
    expect(
      (await t.request('PATCH', `/api/v1/products/${mug.id}`, { token: ws.ownerToken, body: { active: false } })).body
        .active,
    ).toBe(false);
    expect((await get('/products?active=true')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['TEA']);
  });

  test('the product list pages by SKU through the shared cursor codec; a tampered cursor is a 422 on query.cursor', async () => {
    const first = await get('/products?limit=1');
    expect(first.body.items.map((p: { sku: string }) => p.sku)).toEqual(['MUG']);
    const next = await get(`/products?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((p: { sku: string }) => p.sku)).toEqual(['TEA']);
    for (const cursor of [
      'not-a-cursor',
      Buffer.from('{"sku":1}').toString('base64url'),
      Buffer.from('"a\\u0000"').toString('base64url'),
    ]) {
      const bad = await get(`/products?cursor=${cursor}`);
      expect(bad.status, cursor).toBe(422);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.cursor']);
    }
  });
});

describe('transactions', () => {
  test('totals and margin are derived exactly from the lines', async () => {
    const res = await post('/transactions', {
      customerId,
      occurredAt: '2026-03-01T12:00:00Z',
      lines: [
        { sku: 'TEA', quantity: 3, discountMinor: 99 },
        { sku: 'MUG', quantity: '0.5' },
      ],
    });
    expect(res.status).toBe(201);
    // 3 × 3333 − 99 = 9900; 0.5 × 1250 = 625 → 10525; cost 3000 + 250
    expect(res.body).toMatchObject({
      totalMinor: 10525,
      discountMinor: 99,
      costMinor: 3250,
      grossMarginMinor: 7275,
      itemCount: 4,
      kind: 'purchase',
    });
    expect(res.body.lines.map((l: { totalMinor: number }) => l.totalMinor)).toEqual([9900, 625]);
  });

  test('the same externalId sent five times records one transaction', async () => {
    const body = {
      customerExternalId: 'buyer-1',
      externalId: 'order-5x',
      occurredAt: '2026-03-02T12:00:00Z',
      lines: [{ sku: 'TEA', quantity: 1 }],
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => post('/transactions', body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows = await queryRows(
      t.deps.db,
      sql`select count(*)::int n from transactions where workspace_id = ${ws.id} and external_id = 'order-5x'`,
    );
    expect(rows[0].n).toBe(1);
    const changed = await post('/transactions', { ...body, lines: [{ sku: 'TEA', quantity: 2 }] });
    expect(changed.status).toBe(422);
    expect(changed.body.errors[0].path).toBe('externalId');
  });

  test('unknown customers and products are named by path; nothing is written', async () => {
    const before = await queryRows(
      t.deps.db,
      sql`select count(*)::int n from transactions where workspace_id = ${ws.id}`,
    );
    const res = await post('/transactions', {
      customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
      occurredAt: '2026-03-01T12:00:00Z',
      currency: 'EUR',
      lines: [{ sku: 'TEA', quantity: 1 }, { sku: 'NOPE', quantity: 1 }, { quantity: 1 }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'currency',
      'customerId',
      'lines.1.sku',
      'lines.2.unitPriceMinor',
    ]);
    const after = await queryRows(
      t.deps.db,
      sql`select count(*)::int n from transactions where workspace_id = ${ws.id}`,
    );
    expect(after[0].n).toBe(before[0].n);
  });

  test('returns are negative, linked, and never exceed what was bought', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        externalId: 'order-r',
        occurredAt: '2026-03-03T12:00:00Z',
        lines: [
          { sku: 'TEA', quantity: 4, discountMinor: 400 },
          { sku: 'MUG', quantity: 1 },
        ],
      })
    ).body;
    const partial = await post(`/transactions/${order.id}/returns`, {
      externalId: 'ret-1',
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({
      kind: 'return',
      originalTransactionId: order.id,
      totalMinor: -(3333 - 100),
      costMinor: -1000,
    });
    expect(
      (await post(`/transactions/${order.id}/returns`, { externalId: 'ret-1', lines: [{ lineNo: 1, quantity: 1 }] }))
        .status,
    ).toBe(200);
    const over = await post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 1, quantity: 4 }] });
    expect(over.status).toBe(409);
    expect(over.body.errors[0]).toMatchObject({
      path: 'lines.0.quantity',
      code: 'left_to_return',
      message: 'only 3 left to return',
    });
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
      {
        customerExternalId: 'ghost',
        externalId: 'b-3',
        occurredAt: '2026-04-01T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 1 }],
      },
      'not an object',
    ];
    const res = await post('/transactions/batch', { items });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { status: string }) => i.status)).toEqual([
      'created',
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(res.body.items[1].errors[0].path).toBe('occurredAt');
    const again = await post('/transactions/batch', { items: [items[0]] });
    expect(again.body.items[0]).toMatchObject({ status: 'existing', id: res.body.items[0].id });
    expect((await post('/transactions/batch', { items: Array.from({ length: 1001 }, () => ({})) })).status).toBe(422);
  });

  test('the customer timeline merges purchases with the customer’s own events, paged without gaps', async () => {
    const c = (await post('/customers', { name: 'Timeline' })).body.id;
    for (let d = 1; d <= 7; d++)
      await post('/transactions', {
        customerId: c,
        occurredAt: `2026-05-0${d}T10:00:00Z`,
        lines: [{ sku: 'TEA', quantity: d }],
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/customers/${c}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(
        ...page.body.items.map((e: { type: string; occurredAt: string }) => `${e.type}@${e.occurredAt.slice(0, 10)}`),
      );
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
    const a = (
      await post('/transactions', {
        customerId: c,
        occurredAt: '2026-02-01T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 3, discountMinor: 99 }],
      })
    ).body;
    await post('/transactions', {
      customerId: c,
      occurredAt: '2026-02-10T10:00:00Z',
      lines: [{ sku: 'MUG', quantity: 2 }],
    });
    await post(`/transactions/${a.id}/returns`, {
      occurredAt: '2026-02-20T10:00:00Z',
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    // Someone else's purchase is not counted.
    await post('/transactions', {
      customerId,
      occurredAt: '2026-02-11T10:00:00Z',
      lines: [{ sku: 'MUG', quantity: 9 }],
    });
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
    const theirs = (await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Theirs' } }))
      .body.id;
    expect((await get(`/transactions/summary?customerId=${theirs}`)).status).toBe(404);
    expect(
      (
        await t.request('GET', `/api/v1/transactions/summary?customerId=${customerId}`, {
          token: await ws.token('analyst'),
        })
      ).status,
    ).toBe(200);
  });
});

describe('the catalogue', () => {
  test('a product reads back, changes (its SKU does not), and the list pages by SKU and matches by prefix', async () => {
    const created = await post('/products', { sku: 'CUP-100', name: 'Paper cup', listPriceMinor: 50 });
    expect(created.body).toMatchObject({
      sku: 'CUP-100',
      category: null,
      unitCostMinor: 0,
      active: true,
      currency: 'USD',
    });
    expect((await get(`/products/${created.body.id}`)).body).toEqual(created.body);
    const patch = (body: unknown) =>
      t.request('PATCH', `/api/v1/products/${created.body.id}`, { token: ws.ownerToken, body });
    const changed = await patch({
      name: 'Paper cup 100%',
      category: 'disposables',
      listPriceMinor: 60,
      unitCostMinor: 20,
    });
    expect(changed.body).toMatchObject({
      sku: 'CUP-100',
      name: 'Paper cup 100%',
      category: 'disposables',
      listPriceMinor: 60,
      unitCostMinor: 20,
    });
    expect((await patch({ category: null })).body.category).toBeNull();
    for (const [body, field] of [
      [{ sku: 'CUP-200' }, 'sku'],
      [{ name: '' }, 'name'],
      [{ listPriceMinor: -1 }, 'listPriceMinor'],
      [{ unitCostMinor: 1.5 }, 'unitCostMinor'],
      [{ active: 'no' }, 'active'],
    ] as const) {
      const res = await patch(body);
      expect(res.status, field).toBe(422);
      expect(res.body.errors[0].path, field).toBe(field);
    }
    expect((await get(`/products/${created.body.id}`)).body).toMatchObject({
      sku: 'CUP-100',
      name: 'Paper cup 100%',
      listPriceMinor: 60,
    });

    const skus: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      skus.push(...page.body.items.map((p: { sku: string }) => p.sku));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(skus).toEqual(['CUP-100', 'MUG', 'TEA']);
    // Name prefixes match in any case and accent, SKU prefixes as written; % and _ are plain characters.
    expect((await get('/products?q=PAPER')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['CUP-100']);
    expect((await get('/products?q=P%C3%81PER')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['CUP-100']);
    expect((await get('/products?q=CUP')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['CUP-100']);
    expect((await get('/products?q=%25')).body.items).toEqual([]);
    expect((await get('/products?q=_')).body.items).toEqual([]);
  });

  test('products belong to their workspace; only managers and up change the catalogue', async () => {
    const tea = (await get('/products?q=TEA')).body.items[0];
    const other = await t.workspace('Other shop');
    expect((await t.request('GET', `/api/v1/products/${tea.id}`, { token: other.ownerToken })).status).toBe(404);
    expect(
      (await t.request('PATCH', `/api/v1/products/${tea.id}`, { token: other.ownerToken, body: { name: 'Mine now' } }))
        .status,
    ).toBe(404);
    expect((await t.request('GET', '/api/v1/products', { token: other.ownerToken })).body.items).toEqual([]);
    // The same SKU is free in another workspace.
    expect(
      (
        await t.request('POST', '/api/v1/products', {
          token: other.ownerToken,
          body: { sku: 'TEA', name: 'Their tea', listPriceMinor: 1 },
        })
      ).status,
    ).toBe(201);
    expect((await get('/products/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11')).status).toBe(404);
    const agent = await ws.token('agent');
    expect((await t.request('GET', `/api/v1/products/${tea.id}`, { token: agent })).status).toBe(200);
    expect(
      (
        await t.request('POST', '/api/v1/products', {
          token: agent,
          body: { sku: 'NEW', name: 'New', listPriceMinor: 1 },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.request('PATCH', `/api/v1/products/${tea.id}`, { token: agent, body: { listPriceMinor: 1 } })).status,
    ).toBe(403);
    expect((await get(`/products/${tea.id}`)).body).toMatchObject({ name: 'Tea', listPriceMinor: 3333 });
  });
});

describe('reading transactions', () => {
  test('one reads back with its lines; the list filters by customer, kind and dates, newest first, in pages', async () => {
    const c = (await post('/customers', { name: 'Reader' })).body.id;
    const made = (
      await post('/transactions', {
        customerId: c,
        externalId: 'read-1',
        occurredAt: '2026-08-01T10:00:00Z',
        channel: 'web',
        location: 'Lisbon',
        lines: [
          { sku: 'TEA', quantity: 2 },
          { unitPriceMinor: 500, quantity: 1 },
        ],
      })
    ).body;
    expect((await get(`/transactions/${made.id}`)).body).toEqual(made);
    expect(made).toMatchObject({ channel: 'web', location: 'Lisbon', totalMinor: 2 * 3333 + 500, itemCount: 3 });
    expect(made.lines.map((l: { lineNo: number; sku: string | null }) => [l.lineNo, l.sku])).toEqual([
      [1, 'TEA'],
      [2, null],
    ]);
    for (let d = 2; d <= 4; d++)
      await post('/transactions', {
        customerId: c,
        occurredAt: `2026-08-0${d}T10:00:00Z`,
        lines: [{ sku: 'MUG', quantity: 1 }],
      });
    const ret = (
      await post(`/transactions/${made.id}/returns`, {
        occurredAt: '2026-08-05T10:00:00Z',
        lines: [{ lineNo: 2, quantity: 1 }],
      })
    ).body;

    const dates = (path: string) =>
      get(path).then((r) => r.body.items.map((x: { occurredAt: string }) => x.occurredAt.slice(0, 10)));
    expect(await dates(`/transactions?customerId=${c}`)).toEqual([
      '2026-08-05',
      '2026-08-04',
      '2026-08-03',
      '2026-08-02',
      '2026-08-01',
    ]);
    expect(await dates(`/transactions?customerId=${c}&kind=return`)).toEqual(['2026-08-05']);
    expect(await dates(`/transactions?customerId=${c}&from=2026-08-02T00:00:00Z&to=2026-08-04T10:00:00Z`)).toEqual([
      '2026-08-03',
      '2026-08-02',
    ]);
    const listed = (await get(`/transactions?customerId=${c}&kind=return`)).body.items[0];
    expect(listed).toMatchObject({ id: ret.id, kind: 'return', totalMinor: -500, originalTransactionId: made.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/transactions?customerId=${c}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    for (const query of ['cursor=garbage', 'kind=refund', 'from=yesterday', 'limit=501', 'customerId=nope']) {
      const res = await get(`/transactions?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.errors[0].path, query).toMatch(/^query\./);
    }
  });

  test('the CSV export has every transaction once, for the roles that may export', async () => {
    const other = await t.workspace('Exporter');
    const c = (
      await t.request('POST', '/api/v1/customers', {
        token: other.ownerToken,
        body: { name: 'Exported', externalId: 'ext-c' },
      })
    ).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await t.request('POST', '/api/v1/transactions', {
            token: other.ownerToken,
            body: {
              customerId: c,
              externalId: `x-${i}`,
              occurredAt: '2026-08-10T10:00:00Z',
              lines: [{ unitPriceMinor: 100 * (i + 1), quantity: 1 }],
            },
          })
        ).body.id,
      );
    const res = await t.request('GET', '/api/v1/transactions/export.csv', { token: await other.token('analyst') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = res.text.trim().split(/\r?\n/);
    expect(header.split(',')).toEqual([
      'id',
      'external_id',
      'customer_id',
      'customer_external_id',
      'kind',
      'original_transaction_id',
      'occurred_at',
      'channel',
      'location',
      'currency',
      'total_minor',
      'discount_minor',
      'cost_minor',
      'gross_margin_minor',
      'item_count',
    ]);
    expect(rows.map((r) => r.split(',')[0])).toEqual(ids);
    expect(rows[2].split(',').slice(1, 5)).toEqual(['x-2', c, 'ext-c', 'purchase']);
    expect(rows[2].split(',')[10]).toBe('300');
    expect(
      (await t.request('GET', '/api/v1/transactions/export.csv', { token: await other.token('agent') })).status,
    ).toBe(403);
  });
});

describe('transaction refusals', () => {
  test('reads, returns and writes of another workspace’s transaction, or by roles that may not, are refused', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        occurredAt: '2026-08-20T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 1 }],
      })
    ).body;
    const other = await t.workspace('Prying');
    expect((await t.request('GET', `/api/v1/transactions/${order.id}`, { token: other.ownerToken })).status).toBe(404);
    expect(
      (await t.request('POST', `/api/v1/transactions/${order.id}/returns`, { token: other.ownerToken, body: {} }))
        .status,
    ).toBe(404);
    expect(
      (await t.request('GET', `/api/v1/transactions?customerId=${customerId}`, { token: other.ownerToken })).body.items,
    ).toEqual([]);
    expect((await post('/transactions/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11/returns', {})).status).toBe(404);
    const analyst = await ws.token('analyst');
    expect((await t.request('GET', `/api/v1/transactions/${order.id}`, { token: analyst })).status).toBe(200);
    expect(
      (
        await t.request('POST', '/api/v1/transactions', {
          token: analyst,
          body: { customerId, occurredAt: '2026-08-20T10:00:00Z', lines: [{ sku: 'TEA', quantity: 1 }] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.request('POST', `/api/v1/transactions/${order.id}/returns`, { token: analyst, body: {} })).status,
    ).toBe(403);
    const agent = await t.request('POST', `/api/v1/transactions/${order.id}/returns`, {
      token: await ws.token('agent'),
      body: { externalId: 'agent-ret' },
    });
    expect(agent.status).toBe(201);
  });

  test('a return names lines of its purchase; bad quantities, discounts and external ids are refused', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        externalId: 'order-x',
        occurredAt: '2026-08-21T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: '1.5' }],
      })
    ).body;
    const noLine = await post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 2, quantity: 1 }] });
    expect(noLine.status).toBe(409);
    expect(noLine.body.errors).toEqual([
      { path: 'lines.0.lineNo', code: 'no_line', message: 'no such line in the original transaction' },
    ]);
    for (const [lines, field] of [
      [[{ lineNo: 1, quantity: 0 }], 'lines.0.quantity'],
      [[{ lineNo: 1, quantity: '0.0001' }], 'lines.0.quantity'],
      [[{ lineNo: 0, quantity: 1 }], 'lines.0.lineNo'],
      [[], 'lines'],
    ] as const) {
      const res = await post(`/transactions/${order.id}/returns`, { lines });
      expect(res.status, field).toBe(422);
      expect(res.body.errors[0].path, field).toBe(field);
    }
    // Its own external id is taken by the purchase itself.
    const reused = await post(`/transactions/${order.id}/returns`, { externalId: 'order-x' });
    expect(reused.status).toBe(409);
    const half = await post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 1, quantity: '0.5' }] });
    expect(half.body).toMatchObject({ totalMinor: -Math.round(3333 / 2), itemCount: -1 });
    const tooMuch = await post('/transactions', {
      customerId,
      occurredAt: '2026-08-21T10:00:00Z',
      lines: [{ sku: 'MUG', quantity: 1, discountMinor: 1251 }],
    });
    // A rule's refusal names its code (src/lib/problems.ts), which the web app says in the reader's language.
    expect(tooMuch.body.errors).toEqual([
      { path: 'lines.0.discountMinor', code: 'discount', message: 'cannot exceed the line amount' },
    ]);
    expect(
      (await post('/transactions', { customerId, occurredAt: '2026-08-21T10:00:00Z', lines: [] })).body.errors[0],
    ).toEqual({ path: 'lines', message: 'needs at least one line' });
  });

  test('the same return sent twice at once records one return, and no line without its transaction', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        occurredAt: '2026-08-22T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 3 }],
      })
    ).body;
    const body = { externalId: 'twice-at-once', lines: [{ lineNo: 1, quantity: 1 }] };
    const both = await Promise.all([
      post(`/transactions/${order.id}/returns`, body),
      post(`/transactions/${order.id}/returns`, body),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0].body.id).toBe(both[1].body.id);
    const [{ returns, orphans }] = await queryRows<{ returns: number; orphans: number }>(
      t.deps.db,
      sql`select (select count(*)::int from transactions where workspace_id = ${ws.id} and original_transaction_id = ${order.id}) returns,
                 (select count(*)::int from transaction_lines l where l.workspace_id = ${ws.id}
                    and not exists (select 1 from transactions x where x.workspace_id = l.workspace_id and x.id = l.transaction_id)) orphans`,
    );
    expect({ returns, orphans }).toEqual({ returns: 1, orphans: 0 });
  });
});
