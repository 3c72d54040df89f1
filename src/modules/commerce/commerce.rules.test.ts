// One set of transaction rules for every path: the API, the bulk import path and the database
// itself refuse a return beyond what was bought, and give the same answer to the same bad input.
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { importFile } from '../../workflows/import-file.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { columnOf } from './commerce.import.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const post = (path: string, body: unknown) => t.request('POST', `/api/v1${path}`, { token: ws.ownerToken, body });

const header =
  'external_id,customer_external_id,occurred_at,kind,original_external_id,original_line_no,sku,quantity,unit_price_minor,discount_minor,currency';
/** Imports transaction rows through the path `tenure import` takes; answers the summary. */
const importRows = (...rows: string[]) =>
  importFile(t.deps, {
    workspaceId: ws.id,
    entity: 'transactions',
    format: 'csv',
    input: Readable.from([[header, ...rows].join('\n') + '\n']),
  });
const returnedOf = async (originalId: string) =>
  (
    await queryRows<{ n: string | null }>(
      t.deps.db,
      sql`select sum(l.quantity)::text n from transactions r join transaction_lines l
            on l.workspace_id = r.workspace_id and l.transaction_id = r.id
          where r.workspace_id = ${ws.id} and r.original_transaction_id = ${originalId}`,
    )
  )[0].n;
const idOf = async (externalId: string) =>
  (
    await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from transactions where workspace_id = ${ws.id} and external_id = ${externalId}`,
    )
  )[0]?.id;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Rules');
  customerId = (await post('/customers', { name: 'Buyer', externalId: 'c-1' })).body.id;
  await post('/customers', { name: 'Other', externalId: 'c-2' });
  await post('/products', { sku: 'TEA', name: 'Tea', listPriceMinor: 1000, unitCostMinor: 400 });
  await post('/products', { sku: 'MUG', name: 'Mug', listPriceMinor: 500 });
});
afterAll(() => t.close());

describe('the import path', () => {
  test('refuses a return beyond what was bought, row by row, and imports the rest', async () => {
    const first = await importRows(
      'p-1,c-1,2026-03-01,purchase,,,TEA,3,,,',
      'p-1,c-1,2026-03-01,purchase,,,MUG,1,,,',
      'r-1,c-1,2026-03-02,return,p-1,,TEA,2,,,',
      // Only 1 TEA is left once r-1 (same batch) is counted.
      'r-2,c-1,2026-03-03,return,p-1,,TEA,2,,,',
      'r-3,c-1,2026-03-03,return,p-1,,MUG,1,,,',
      'r-4,c-1,2026-03-03,return,p-1,,CAKE-NOT-BOUGHT,1,100,,',
      'r-5,c-2,2026-03-03,return,p-1,,TEA,1,,,',
      'r-7,c-1,2026-03-03,return,p-1,9,,1,100,,',
    );
    expect(first.errors.map((e) => [e.rowNumber, e.column, e.message])).toEqual([
      [4, 'quantity', 'only 1 left to return'],
      [6, 'sku', 'no product with SKU "CAKE-NOT-BOUGHT"'],
      [7, 'customer_external_id', 'must be the customer of the purchase it returns'],
      [8, 'original_line_no', 'no such line in the original transaction'],
    ]);
    expect(first.rowsCommitted).toBe(4);
    const p1 = await idOf('p-1');
    expect(await returnedOf(p1)).toBe('3.000');

    // A later file: recorded returns count, a re-import of r-1 is skipped, not refused.
    const second = await importRows(
      'r-1,c-1,2026-03-02,return,p-1,,TEA,2,,,',
      'r-8,c-1,2026-03-04,return,p-1,1,TEA,2,,,',
      'r-9,c-1,2026-03-04,return,p-1,1,TEA,1,,,',
      'r-10,c-1,2026-03-04,return,r-1,,TEA,1,,,',
      'r-11,c-1,2026-03-04,return,p-404,,TEA,1,,,',
    );
    expect(second.errors.map((e) => [e.rowNumber, e.column, e.message])).toEqual([
      [2, 'quantity', 'only 1 left to return'],
      [4, 'original_external_id', 'only a purchase can be returned'],
      [5, 'original_external_id', 'no purchase with that external id'],
    ]);
    expect(await returnedOf(p1)).toBe('4.000');
    // The API now finds nothing left.
    const api = await post(`/transactions/${p1}/returns`, {});
    expect(api.status).toBe(409);
  });
});

describe('the database', () => {
  test('refuses a direct insert of a return line beyond what was bought, or one that names no purchase line', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        occurredAt: '2026-04-01T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 2 }],
      })
    ).body;
    const insertReturn = async (lines: { originalLineNo: number | null; quantity: string; total: number }[]) => {
      const id = newId();
      await t.deps.db.transaction(async (tx) => {
        await tx.execute(sql`insert into transactions (workspace_id, id, customer_id, kind, original_transaction_id, occurred_at, currency, total_minor, gross_margin_minor)
          values (${ws.id}, ${id}, ${customerId}, 'return', ${order.id}, now(), 'USD', -1000, -1000)`);
        for (const [i, l] of lines.entries())
          await tx.execute(sql`insert into transaction_lines (workspace_id, transaction_id, line_no, sku, quantity, unit_price_minor, total_minor, original_line_no)
            values (${ws.id}, ${id}, ${i + 1}, 'TEA', ${l.quantity}, 1000, ${l.total}, ${l.originalLineNo})`);
      });
    };
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'stored',
        (err: Error & { cause?: { constraint?: string; code?: string } }) => {
          const e = (err.cause ?? err) as { constraint?: string; code?: string };
          return `${e.code} ${e.constraint}`;
        },
      );
    expect(await refusal(insertReturn([{ originalLineNo: 1, quantity: '3', total: -3000 }]))).toBe(
      '23514 transaction_lines_return_within_purchase',
    );
    // Two lines that each fit but together do not.
    expect(
      await refusal(
        insertReturn([
          { originalLineNo: 1, quantity: '1.5', total: -1500 },
          { originalLineNo: 1, quantity: '1', total: -1000 },
        ]),
      ),
    ).toBe('23514 transaction_lines_return_within_purchase');
    expect(await refusal(insertReturn([{ originalLineNo: null, quantity: '3', total: -3000 }]))).toBe(
      '23514 transaction_lines_return_names_line',
    );
    expect(await refusal(insertReturn([{ originalLineNo: 2, quantity: '1', total: -1000 }]))).toBe(
      '23514 transaction_lines_return_names_line',
    );
    expect(await returnedOf(order.id)).toBeNull();
    // Within what was bought, it is stored; and the API sees what is left.
    expect(await refusal(insertReturn([{ originalLineNo: 1, quantity: '1.5', total: -1500 }]))).toBe('stored');
    const over = await post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 1, quantity: 1 }] });
    expect(over.body.errors).toEqual([
      {
        path: 'lines.0.quantity',
        code: 'left_to_return',
        params: { quantity: '0.5' },
        message: 'only 0.5 left to return',
      },
    ]);
  });
});

describe('the API and the import', () => {
  test('give the same answer for the same bad input', async () => {
    const order = (
      await post('/transactions', {
        customerId,
        occurredAt: '2026-05-01T10:00:00Z',
        lines: [{ sku: 'TEA', quantity: 3 }],
      })
    ).body;
    await importRows(`p-5,c-1,2026-05-01,purchase,,,TEA,3,,,`);
    const p5 = await idOf('p-5');
    const inAYear = new Date(t.clock.now().getTime() + 400 * 86_400_000).toISOString();
    const cases: { api: () => Promise<{ body: { errors: { path: string; message: string }[] } }>; row: string }[] = [
      {
        api: () => post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 1, quantity: 4 }] }),
        row: 'x-1,c-1,2026-05-02,return,p-5,1,TEA,4,,,',
      },
      {
        api: () => post(`/transactions/${order.id}/returns`, { lines: [{ lineNo: 2, quantity: 1 }] }),
        row: 'x-2,c-1,2026-05-02,return,p-5,2,TEA,1,,,',
      },
      {
        api: () => post('/transactions', { customerId, occurredAt: inAYear, lines: [{ sku: 'TEA', quantity: 1 }] }),
        row: `x-3,c-1,${inAYear},purchase,,,TEA,1,,,`,
      },
      {
        api: () =>
          post('/transactions', {
            customerId,
            occurredAt: '2026-05-02T10:00:00Z',
            lines: [{ sku: 'TEA', quantity: 1, discountMinor: 1001 }],
          }),
        row: 'x-4,c-1,2026-05-02,purchase,,,TEA,1,,1001,',
      },
      {
        api: () =>
          post('/transactions', {
            customerId,
            occurredAt: '2026-05-02T10:00:00Z',
            currency: 'EUR',
            lines: [{ sku: 'TEA', quantity: 1 }],
          }),
        row: 'x-5,c-1,2026-05-02,purchase,,,TEA,1,,,EUR',
      },
      {
        api: () =>
          post('/transactions', {
            customerId,
            occurredAt: '2026-05-02T10:00:00Z',
            lines: [{ quantity: 1, unitPriceMinor: 10_000_000_000_001 }],
          }),
        row: 'x-6,c-1,2026-05-02,purchase,,,,1,10000000000001,,',
      },
    ];
    for (const c of cases) {
      const api = (await c.api()).body.errors.map((e) => ({ column: columnOf(e.path), message: e.message }));
      const imported = (await importRows(c.row)).errors.map((e) => ({ column: e.column, message: e.message }));
      expect(imported, c.row).toEqual(api);
      expect(api.length, c.row).toBe(1);
    }
    expect(await returnedOf(order.id)).toBeNull();
    expect(await returnedOf(p5)).toBeNull();
  });
});
