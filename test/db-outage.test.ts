// A database failure is never answered as bad input: where a service asks "is this a member / a
// customer?", only "not found" means no; a lost connection is a 503 to retry, not a 422.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { failReads } from './support/faults.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let agentId: string;
let customerId: string;
const call = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Outage');
  agentId = (await ws.member('agent')).id;
  customerId = (await call('POST', '/customers', { name: 'Managed', accountManagerId: agentId })).body.id;
});
afterAll(() => t.close());

/** Runs `fn` while every read of the agent's membership fails as a lost connection would. */
async function withMembershipsDown<T>(fn: () => Promise<T>): Promise<T> {
  const restore = await failReads(t, 'memberships', `r.user_id = '${agentId}'`);
  try {
    return await fn();
  } finally {
    await restore();
  }
}

describe('a lost database while checking a reference', () => {
  test('is a 503 with Retry-After, never the 422 of a reference that does not exist', async () => {
    const interaction = (employeeId: string) => ({
      customerId,
      occurredAt: '2026-06-01T10:00:00Z',
      channel: 'phone',
      direction: 'inbound',
      type: 'support',
      employeeId,
    });
    // The same requests with the database up: a member is accepted, a stranger is a 422.
    const stranger = '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11';
    expect((await call('POST', '/customers', { name: 'A', accountManagerId: stranger })).status).toBe(422);
    expect((await call('POST', '/interactions', interaction(stranger))).status).toBe(422);
    expect((await call('GET', `/customers/${customerId}/overview`)).body.accountManager.id).toBe(agentId);

    const down = await withMembershipsDown(async () => ({
      customer: await call('POST', '/customers', { name: 'B', accountManagerId: agentId }),
      interaction: await call('POST', '/interactions', interaction(agentId)),
      overview: await call('GET', `/customers/${customerId}/overview`),
    }));
    for (const [what, res] of Object.entries(down)) {
      expect(res.status, what).toBe(503);
      expect(res.headers.get('retry-after'), what).toBe('5');
    }
    // Back up: the same requests succeed.
    expect((await call('POST', '/customers', { name: 'C', accountManagerId: agentId })).status).toBe(201);
    expect((await call('POST', '/interactions', interaction(agentId))).status).toBe(201);
  });
});
