// Interactions and contracts through the real HTTP layer on a real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) => t.request(method, `/api/v1${path}`, { token, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Service');
  customerId = (await call('POST', '/customers', { name: 'Caller' })).body.id;
});
afterAll(() => t.close());

describe('interactions', () => {
  test('cost to serve comes from the channel rate: per contact plus started minutes', async () => {
    expect((await call('PUT', '/cost-rates', { rates: [{ channel: 'phone', perContactMinor: 50, perMinuteMinor: 120 }] }, await ws.token('manager'))).status).toBe(403);
    const rates = await call('PUT', '/cost-rates', { rates: [{ channel: 'phone', perContactMinor: 50, perMinuteMinor: 120 }] });
    expect(rates.body.items.find((r: { channel: string }) => r.channel === 'phone')).toEqual({ channel: 'phone', perContactMinor: 50, perMinuteMinor: 120 });
    const agent = await ws.member('agent');
    const res = await call('POST', '/interactions', { customerId, occurredAt: '2026-06-01T09:00:00Z', channel: 'phone', direction: 'inbound', type: 'support', durationSeconds: 61, employeeId: agent.id, summary: 'Billing question' }, await ws.token('agent'));
    expect(res.status).toBe(201);
    expect(res.body.costMinor).toBe(50 + 2 * 120);
    const email = await call('POST', '/interactions', { customerId, occurredAt: '2026-06-01T10:00:00Z', channel: 'email', direction: 'outbound', type: 'follow-up' });
    expect(email.body.costMinor).toBe(0);
  });

  test('external ids make retries safe; bad references are named', async () => {
    const body = { customerId, externalId: 'call-1', occurredAt: '2026-06-02T09:00:00Z', channel: 'whatsapp', direction: 'inbound', type: 'question' };
    const first = await call('POST', '/interactions', body);
    const again = await call('POST', '/interactions', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const bad = await call('POST', '/interactions', { ...body, externalId: undefined, customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', employeeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e12', channel: 'fax' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('channel');
    const bad2 = await call('POST', '/interactions', { ...body, externalId: undefined, customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', employeeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e12' });
    expect(bad2.body.errors.map((e: { path: string }) => e.path)).toEqual(['customerId', 'employeeId']);
  });
});

describe('contracts', () => {
  test('move through legal states only, and show on the timeline', async () => {
    const created = await call('POST', '/contracts', { customerId, plan: 'Mobile 20GB', status: 'pending', startedAt: '2026-01-01T00:00:00Z', renewsAt: '2027-01-01T00:00:00Z', monthlyValueMinor: 4990 });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call('PATCH', `/contracts/${id}`, { status: 'active' })).body.status).toBe('active');
    expect((await call('PATCH', `/contracts/${id}`, { status: 'pending' })).status).toBe(409);
    const cancelled = await call('POST', `/contracts/${id}/cancel`, { reason: 'competitor offer', cancelledAt: '2026-09-01T00:00:00Z' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'competitor offer' });
    expect((await call('POST', `/contracts/${id}/cancel`, { reason: 'again' })).status).toBe(409);
    expect((await call('PATCH', `/contracts/${id}`, { plan: 'x' })).status).toBe(409);
    const badDates = await call('POST', '/contracts', { customerId, plan: 'X', startedAt: '2026-01-01T00:00:00Z', endsAt: '2025-01-01T00:00:00Z', monthlyValueMinor: 1 });
    expect(badDates.body.errors[0].path).toBe('endsAt');
    const types = (await call('GET', `/customers/${customerId}/timeline`)).body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['contract.started', 'contract.cancelled', 'interaction', 'customer.created']));
  });
});
