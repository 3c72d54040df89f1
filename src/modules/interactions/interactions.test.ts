// Interactions and channel cost rates through the real HTTP layer on a real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Service');
  customerId = (await call('POST', '/customers', { name: 'Caller' })).body.id;
});
afterAll(() => t.close());

describe('interactions', () => {
  test('cost to serve comes from the channel rate: per contact plus started minutes', async () => {
    expect(
      (
        await call(
          'PUT',
          '/cost-rates',
          { rates: [{ channel: 'phone', perContactMinor: 50, perMinuteMinor: 120 }] },
          await ws.token('manager'),
        )
      ).status,
    ).toBe(403);
    const rates = await call('PUT', '/cost-rates', {
      rates: [{ channel: 'phone', perContactMinor: 50, perMinuteMinor: 120 }],
    });
    expect(rates.body.items.find((r: { channel: string }) => r.channel === 'phone')).toEqual({
      channel: 'phone',
      perContactMinor: 50,
      perMinuteMinor: 120,
    });
    const agent = await ws.member('agent');
    const res = await call(
      'POST',
      '/interactions',
      {
        customerId,
        occurredAt: '2026-06-01T09:00:00Z',
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
        durationSeconds: 61,
        employeeId: agent.id,
        summary: 'Billing question',
      },
      await ws.token('agent'),
    );
    expect(res.status).toBe(201);
    expect(res.body.costMinor).toBe(50 + 2 * 120);
    const email = await call('POST', '/interactions', {
      customerId,
      occurredAt: '2026-06-01T10:00:00Z',
      channel: 'email',
      direction: 'outbound',
      type: 'follow-up',
    });
    expect(email.body.costMinor).toBe(0);
  });

  test('external ids make retries safe; bad references are named', async () => {
    const body = {
      customerId,
      externalId: 'call-1',
      occurredAt: '2026-06-02T09:00:00Z',
      channel: 'whatsapp',
      direction: 'inbound',
      type: 'question',
    };
    const first = await call('POST', '/interactions', body);
    const again = await call('POST', '/interactions', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const bad = await call('POST', '/interactions', {
      ...body,
      externalId: undefined,
      customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
      employeeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e12',
      channel: 'fax',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('channel');
    const bad2 = await call('POST', '/interactions', {
      ...body,
      externalId: undefined,
      customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
      employeeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e12',
    });
    expect(bad2.body.errors.map((e: { path: string }) => e.path)).toEqual(['customerId', 'employeeId']);
  });
});

describe('reading and correcting interactions', () => {
  test('one reads back as recorded; only its type and summary can be corrected', async () => {
    const made = (
      await call('POST', '/interactions', {
        customerId,
        occurredAt: '2026-06-03T09:00:00Z',
        channel: 'store_visit',
        direction: 'inbound',
        type: 'visit',
        durationSeconds: 900,
        summary: 'Asked about prices',
      })
    ).body;
    expect((await call('GET', `/interactions/${made.id}`)).body).toEqual(made);
    const fixed = await call('PATCH', `/interactions/${made.id}`, { type: 'complaint', summary: null });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toEqual({ ...made, type: 'complaint', summary: null });
    for (const [patch, field] of [
      [{ type: ' ' }, 'type'],
      [{ summary: 'x'.repeat(10_001) }, 'summary'],
      [{ costMinor: 0 }, 'costMinor'],
      [{ occurredAt: '2026-01-01T00:00:00Z' }, 'occurredAt'],
    ] as const) {
      const res = await call('PATCH', `/interactions/${made.id}`, patch);
      expect(res.status, field).toBe(422);
      expect(res.body.errors[0].path, field).toBe(field);
    }
    expect((await call('GET', `/interactions/${made.id}`)).body).toEqual(fixed.body);
    expect((await call('PATCH', '/interactions/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', { type: 'x' })).status).toBe(404);
  });

  test('list newest first, by customer and channel, in pages without gaps; a made-up cursor is a 422', async () => {
    const c = (await call('POST', '/customers', { name: 'Chatty' })).body.id;
    for (let d = 1; d <= 5; d++)
      await call('POST', '/interactions', {
        customerId: c,
        occurredAt: `2026-07-0${d}T10:00:00Z`,
        channel: d % 2 ? 'email' : 'sms',
        direction: 'outbound',
        type: 'reminder',
      });
    // Two at the same instant are still ordered, and paged, without loss.
    await call('POST', '/interactions', {
      customerId: c,
      occurredAt: '2026-07-05T10:00:00Z',
      channel: 'email',
      direction: 'inbound',
      type: 'reply',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call('GET', `/interactions?customerId=${c}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(
        ...page.body.items.map((i: { occurredAt: string; type: string }) => `${i.occurredAt.slice(0, 10)} ${i.type}`),
      );
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      '2026-07-05 reply',
      '2026-07-05 reminder',
      '2026-07-04 reminder',
      '2026-07-03 reminder',
      '2026-07-02 reminder',
      '2026-07-01 reminder',
    ]);
    const sms = (await call('GET', `/interactions?customerId=${c}&channel=sms`)).body.items;
    expect(sms.map((i: { occurredAt: string }) => i.occurredAt.slice(0, 10))).toEqual(['2026-07-04', '2026-07-02']);
    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('["2026-07-01","nope"]').toString('base64url')}`,
      'channel=fax',
      'limit=0',
      'customerId=nope',
    ]) {
      const res = await call('GET', `/interactions?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.errors[0].path, query).toMatch(/^query\./);
    }
  });

  test('belong to their workspace; analysts read but do not record', async () => {
    const made = (
      await call('POST', '/interactions', {
        customerId,
        occurredAt: '2026-06-04T09:00:00Z',
        channel: 'meeting',
        direction: 'outbound',
        type: 'review',
      })
    ).body;
    const other = await t.workspace('Other service');
    expect((await call('GET', `/interactions/${made.id}`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('PATCH', `/interactions/${made.id}`, { type: 'hijacked' }, other.ownerToken)).status).toBe(404);
    expect(
      (await call('GET', `/interactions?customerId=${customerId}`, undefined, other.ownerToken)).body.items,
    ).toEqual([]);
    // Their people are not our employees, nor their customers ours.
    const stranger = await other.member('agent');
    const theirCustomer = (await call('POST', '/customers', { name: 'Theirs' }, other.ownerToken)).body.id;
    const bad = await call('POST', '/interactions', {
      customerId: theirCustomer,
      occurredAt: '2026-06-04T09:00:00Z',
      channel: 'phone',
      direction: 'inbound',
      type: 'x',
      employeeId: stranger.id,
    });
    expect(bad.body.errors).toEqual([
      { path: 'customerId', code: 'no_such_customer', message: 'no such customer in this workspace' },
      { path: 'employeeId', code: 'not_a_member', message: 'must be a member of this workspace' },
    ]);
    const analyst = await ws.token('analyst');
    expect((await call('GET', `/interactions/${made.id}`, undefined, analyst)).status).toBe(200);
    expect(
      (
        await call(
          'POST',
          '/interactions',
          { customerId, occurredAt: '2026-06-04T09:00:00Z', channel: 'phone', direction: 'inbound', type: 'x' },
          analyst,
        )
      ).status,
    ).toBe(403);
    expect((await call('PATCH', `/interactions/${made.id}`, { type: 'x' }, analyst)).status).toBe(403);
    expect((await call('GET', `/interactions/${made.id}`)).body.type).toBe('review');
  });
});

describe('channel cost rates', () => {
  test('every channel has a rate (nothing until set); a change costs only contacts recorded after it', async () => {
    const other = await t.workspace('Fresh rates');
    const fresh = (await call('GET', '/cost-rates', undefined, other.ownerToken)).body.items;
    expect(fresh.map((r: { channel: string }) => r.channel)).toEqual([
      'phone',
      'email',
      'sms',
      'whatsapp',
      'web',
      'store_visit',
      'meeting',
      'social',
    ]);
    expect(
      fresh.every(
        (r: { perContactMinor: number; perMinuteMinor: number }) => r.perContactMinor === 0 && r.perMinuteMinor === 0,
      ),
    ).toBe(true);

    await call('PUT', '/cost-rates', { rates: [{ channel: 'whatsapp', perContactMinor: 30, perMinuteMinor: 0 }] });
    const before = (
      await call('POST', '/interactions', {
        customerId,
        occurredAt: '2026-06-05T09:00:00Z',
        channel: 'whatsapp',
        direction: 'inbound',
        type: 'chat',
        durationSeconds: 600,
      })
    ).body;
    expect(before.costMinor).toBe(30);
    const raised = await call('PUT', '/cost-rates', {
      rates: [{ channel: 'whatsapp', perContactMinor: 45, perMinuteMinor: 5 }],
    });
    expect(raised.body.items.find((r: { channel: string }) => r.channel === 'whatsapp')).toEqual({
      channel: 'whatsapp',
      perContactMinor: 45,
      perMinuteMinor: 5,
    });
    // Other channels keep their rates; another workspace's stay its own.
    expect(raised.body.items.find((r: { channel: string }) => r.channel === 'phone')).toEqual({
      channel: 'phone',
      perContactMinor: 50,
      perMinuteMinor: 120,
    });
    expect((await call('GET', '/cost-rates', undefined, other.ownerToken)).body.items).toEqual(fresh);
    const after = (
      await call('POST', '/interactions', {
        customerId,
        occurredAt: '2026-06-05T10:00:00Z',
        channel: 'whatsapp',
        direction: 'inbound',
        type: 'chat',
        durationSeconds: 600,
      })
    ).body;
    expect(after.costMinor).toBe(45 + 10 * 5);
    expect((await call('GET', `/interactions/${before.id}`)).body.costMinor).toBe(30);
  });

  test('bad rates are refused whole, each field named', async () => {
    const current = (await call('GET', '/cost-rates')).body.items;
    const cases: [unknown, string][] = [
      [{ rates: [] }, 'rates'],
      [{ rates: [{ channel: 'fax', perContactMinor: 1, perMinuteMinor: 1 }] }, 'rates.0.channel'],
      [{ rates: [{ channel: 'email', perContactMinor: -1, perMinuteMinor: 0 }] }, 'rates.0.perContactMinor'],
      [{ rates: [{ channel: 'email', perContactMinor: 0, perMinuteMinor: 0.5 }] }, 'rates.0.perMinuteMinor'],
      [{ rates: [{ channel: 'email', perContactMinor: 0 }] }, 'rates.0.perMinuteMinor'],
      [
        {
          rates: [
            { channel: 'email', perContactMinor: 7, perMinuteMinor: 0 },
            { channel: 'sms', perContactMinor: 'free', perMinuteMinor: 0 },
          ],
        },
        'rates.1.perContactMinor',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await call('PUT', '/cost-rates', body);
      expect(res.status, field).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        field,
      ).toContain(field);
    }
    expect((await call('GET', '/cost-rates')).body.items).toEqual(current);
    expect((await call('GET', '/cost-rates', undefined, await ws.token('agent'))).body.items).toEqual(current);
    expect(
      (
        await call(
          'PUT',
          '/cost-rates',
          { rates: [{ channel: 'email', perContactMinor: 1, perMinuteMinor: 0 }] },
          await ws.token('admin'),
        )
      ).status,
    ).toBe(200);
  });
});
