import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { loadDemo } from './load-demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const counts = async (ws: string) =>
  (await queryRows<Record<string, number>>(
    t.deps.db,
    sql`select (select count(*)::int from customers where workspace_id = ${ws}) customers,
               (select count(*)::int from transactions where workspace_id = ${ws}) transactions,
               (select count(*)::int from transactions where workspace_id = ${ws} and kind = 'return') returns,
               (select count(*)::int from transaction_lines where workspace_id = ${ws}) lines,
               (select count(*)::int from interactions where workspace_id = ${ws}) interactions,
               (select count(*)::int from contracts where workspace_id = ${ws}) contracts`,
  ))[0];

test('the demo loads a living business, and loading it again changes nothing', async () => {
  const ws = await t.workspace('Demo');
  const end = new Date('2026-11-01T00:00:00Z');
  const first = await loadDemo(t.deps, { workspaceId: ws.id, customers: 300, seed: 5, end });
  const after = await counts(ws.id);
  expect(after.customers).toBe(300);
  expect(after.transactions).toBe(first.transactions);
  expect(after.transactions).toBeGreaterThan(600);
  expect(after.returns).toBeGreaterThan(0);
  expect(after.lines).toBeGreaterThan(after.transactions);
  expect(after.interactions).toBeGreaterThan(300);
  await loadDemo(t.deps, { workspaceId: ws.id, customers: 300, seed: 5, end });
  expect(await counts(ws.id)).toEqual(after);

  const customer = (await t.request('GET', '/api/v1/customers?limit=1&sort=name', { token: ws.ownerToken })).body.items[0];
  const overview = await t.request('GET', `/api/v1/customers/${customer.id}/overview`, { token: ws.ownerToken });
  expect(overview.body.timeline.items.some((e: { type: string }) => e.type === 'transaction.purchased')).toBe(true);
});
