// The domain event log through the real HTTP layer: recorded atomically with the caller's
// transaction, scoped by workspace, followed with a cursor, and shown on the timeline.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { recordEvents } from './index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const call = (method: string, path: string, token = ws.ownerToken) => t.request(method, `/api/v1${path}`, { token });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Events');
  customerId = (await t.request('POST', '/api/v1/customers', { token: ws.ownerToken, body: { name: 'Eva' } })).body.id;
});
afterAll(() => t.close());

describe('domain events', () => {
  test('are listed oldest first, filtered by type or prefix, and followed with `after`', async () => {
    await recordEvents(t.deps.db, t.deps, ws.id, [
      {
        type: 'customer.tier_changed',
        customerId,
        summary: 'Tier Iron → Gold',
        payload: { from: 'iron', to: 'gold' },
        occurredAt: new Date('2026-05-01T10:00:00Z'),
      },
      { type: 'loyalty.points_earned', customerId, summary: '120 points earned', payload: { points: 120 } },
      { type: 'customer.tier_changed', customerId: null, summary: 'not about one customer' },
    ]);
    const all = await call('GET', '/events?limit=2');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual([
      'customer.tier_changed',
      'loyalty.points_earned',
    ]);
    expect(all.body.items[0]).toMatchObject({
      customerId,
      payload: { from: 'iron', to: 'gold' },
      occurredAt: '2026-05-01T10:00:00.000Z',
    });
    const rest = await call('GET', `/events?after=${all.body.next}`);
    expect(rest.body.items.map((e: { summary: string }) => e.summary)).toEqual(['not about one customer']);
    expect(rest.body.next).toBeNull();
    expect((await call('GET', '/events?type=customer.')).body.items).toHaveLength(2);
    expect((await call('GET', '/events?type=loyalty.points_earned')).body.items).toHaveLength(1);
    expect((await call('GET', `/events?customerId=${customerId}`)).body.items).toHaveLength(2);
  });

  test('appear on the customer timeline with their summary', async () => {
    const timeline = await call('GET', `/customers/${customerId}/timeline`);
    const tier = timeline.body.items.find((e: { type: string }) => e.type === 'customer.tier_changed');
    expect(tier).toMatchObject({ title: 'Tier Iron → Gold', data: { from: 'iron', to: 'gold' } });
  });

  test('roll back with the transaction that emitted them', async () => {
    const before = (await call('GET', '/events?limit=500')).body.items.length;
    await expect(
      t.deps.db.transaction(async (tx) => {
        await recordEvents(tx, t.deps, ws.id, [
          { type: 'customer.tier_changed', customerId, summary: 'never happened' },
        ]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await call('GET', '/events?limit=500')).body.items.length).toBe(before);
  });

  test('stay inside their workspace, refuse bad input and need the right role', async () => {
    const other = await t.workspace('Other');
    expect((await call('GET', '/events', other.ownerToken)).body.items).toEqual([]);
    expect((await call('GET', '/events', await ws.token('agent'))).status).toBe(403);
    expect((await call('GET', '/events', await ws.token('analyst'))).status).toBe(200);
    for (const bad of [
      '/events?type=DROP%20TABLE',
      '/events?after=not-a-uuid',
      '/events?limit=0',
      '/events?limit=501',
      `/events?type=${'a'.repeat(101)}`,
    ]) {
      const res = await call('GET', bad);
      expect(res.status, bad).toBe(422);
      expect(res.body.code, bad).toBe('validation_failed');
    }
    await expect(recordEvents(t.deps.db, t.deps, ws.id, [{ type: 'Bad Type', summary: 'x' }])).rejects.toThrow();
  });
});
