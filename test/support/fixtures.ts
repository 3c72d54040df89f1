// One of every kind of row in a workspace, so generic tests (tenant isolation) find something
// behind every route that takes an id. A domain that adds a route with an id adds a seed here.
import type { TestApp } from './app.ts';

type Workspace = Awaited<ReturnType<TestApp['workspace']>>;

export async function seedOneOfEverything(t: TestApp, ws: Workspace): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown) => {
    const res = await t.request('POST', path, { token: ws.ownerToken, body });
    if (res.status >= 300) throw new Error(`seed ${path} failed: ${res.status} ${res.text}`);
    return res.body;
  };
  await ws.member('agent');
  const customer = await post('/api/v1/customers', { name: 'Seed Customer', email: `seed-${ws.id.slice(0, 8)}@example.com`, externalId: `seed-${ws.id}` });
  const field = await post('/api/v1/custom-fields', { key: 'segment_code', label: 'Segment code', type: 'text' });
  const product = await post('/api/v1/products', { sku: 'SEED-1', name: 'Seed product', category: 'seed', listPriceMinor: 1000, unitCostMinor: 400 });
  const transaction = await post('/api/v1/transactions', { customerId: customer.id, externalId: 'seed-order', occurredAt: '2026-01-15T10:00:00Z', lines: [{ sku: 'SEED-1', quantity: 2 }] });
  const interaction = await post('/api/v1/interactions', { customerId: customer.id, occurredAt: '2026-01-16T10:00:00Z', channel: 'phone', direction: 'inbound', type: 'support', durationSeconds: 300 });
  const contract = await post('/api/v1/contracts', { customerId: customer.id, plan: 'Basic', startedAt: '2025-01-01T00:00:00Z', monthlyValueMinor: 2990 });
  return { customerId: customer.id, customFieldId: field.id, productId: product.id, transactionId: transaction.id, interactionId: interaction.id, contractId: contract.id };
}
