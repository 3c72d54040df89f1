// Contracts and subscriptions through the real HTTP layer on a real database: starting one
// (once per external id), reading and paging, the status rules, cancellation, the timeline,
// and the refusals — bad fields (each with its problem's code), other workspaces' rows, roles that
// may only read.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const start = (body: Record<string, unknown> = {}) =>
  call('POST', '/contracts', {
    customerId,
    plan: 'Basic',
    startedAt: '2026-01-01T00:00:00Z',
    monthlyValueMinor: 1990,
    ...body,
  });
const stored = async () =>
  (
    await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int n from contracts where workspace_id = ${ws.id}`)
  )[0].n;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Telecom');
  await call('PATCH', '/workspace', { currency: 'EUR' });
  customerId = (await call('POST', '/customers', { name: 'Subscriber' })).body.id;
});
afterAll(() => t.close());

describe('contracts', () => {
  test('start once per external id, in the workspace currency, and read back as sent', async () => {
    const body = {
      externalId: 'sub-1',
      plan: 'Fibre 1G',
      status: 'pending',
      startedAt: '2026-02-01T00:00:00Z',
      endsAt: '2028-02-01T00:00:00Z',
      renewsAt: '2027-02-01T00:00:00Z',
      monthlyValueMinor: 4990,
    };
    const first = await start(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      customerId,
      externalId: 'sub-1',
      plan: 'Fibre 1G',
      status: 'pending',
      startedAt: '2026-02-01T00:00:00.000Z',
      endsAt: '2028-02-01T00:00:00.000Z',
      renewsAt: '2027-02-01T00:00:00.000Z',
      monthlyValueMinor: 4990,
      currency: 'EUR',
      cancelledAt: null,
      cancellationReason: null,
    });
    const again = await Promise.all([start(body), start(body)]);
    expect(again.map((r) => [r.status, r.body.id])).toEqual([
      [200, first.body.id],
      [200, first.body.id],
    ]);
    expect((await call('GET', `/contracts/${first.body.id}`)).body).toEqual({ ...first.body, changes: [] });
    // Without an external id every call is a new contract; status defaults to active.
    const plain = await start();
    expect(plain.body).toMatchObject({ status: 'active', externalId: null, endsAt: null, renewsAt: null });
  });

  test('carry the term and payment method the churn model uses, changeable while live', async () => {
    const made = await start({ termMonths: 12, paymentMethod: 'direct_debit' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ termMonths: 12, paymentMethod: 'direct_debit' });
    expect((await start()).body).toMatchObject({ termMonths: null, paymentMethod: null });
    const changed = await call('PATCH', `/contracts/${made.body.id}`, { termMonths: 24, paymentMethod: 'pix' });
    expect(changed.body).toMatchObject({ termMonths: 24, paymentMethod: 'pix' });
    const cleared = await call('PATCH', `/contracts/${made.body.id}`, { paymentMethod: null });
    expect(cleared.body).toMatchObject({ termMonths: 24, paymentMethod: null });
    for (const bad of [{ termMonths: 0 }, { termMonths: 121 }, { termMonths: 1.5 }, { paymentMethod: 'bitcoin' }]) {
      const res = await start(bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.body.errors[0].path).toBe(Object.keys(bad)[0]);
    }
  });

  test('list newest first, filtered by customer and status, in pages without gaps', async () => {
    const other = (await call('POST', '/customers', { name: 'Pager' })).body.id;
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push((await start({ customerId: other, plan: `Plan ${i}`, status: i % 2 ? 'pending' : 'active' })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call('GET', `/contracts?customerId=${other}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const pending = (await call('GET', `/contracts?customerId=${other}&status=pending`)).body.items;
    expect(pending.map((c: { plan: string }) => c.plan)).toEqual(['Plan 3', 'Plan 1']);
    expect((await call('GET', `/contracts?customerId=${other}&status=cancelled`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  test('move through legal states only, and show on the timeline', async () => {
    const created = await call('POST', '/contracts', {
      customerId,
      plan: 'Mobile 20GB',
      status: 'pending',
      startedAt: '2026-01-01T00:00:00Z',
      renewsAt: '2027-01-01T00:00:00Z',
      monthlyValueMinor: 4990,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call('PATCH', `/contracts/${id}`, { status: 'active' })).body.status).toBe('active');
    expect((await call('PATCH', `/contracts/${id}`, { status: 'pending' })).status).toBe(409);
    const cancelled = await call('POST', `/contracts/${id}/cancel`, {
      reason: 'competitor offer',
      cancelledAt: '2026-09-01T00:00:00Z',
    });
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'competitor offer',
      cancelledAt: '2026-09-01T00:00:00.000Z',
    });
    expect((await call('POST', `/contracts/${id}/cancel`, { reason: 'again' })).status).toBe(409);
    expect((await call('PATCH', `/contracts/${id}`, { plan: 'x' })).status).toBe(409);
    const badDates = await call('POST', '/contracts', {
      customerId,
      plan: 'X',
      startedAt: '2026-01-01T00:00:00Z',
      endsAt: '2025-01-01T00:00:00Z',
      monthlyValueMinor: 1,
    });
    // The schema's own rule answers its problem's code and values, for a client to word it.
    expect(badDates.body.errors).toEqual([
      { path: 'endsAt', code: 'after', params: { other: 'startedAt' }, message: 'must be after startedAt' },
    ]);
    const types = (await call('GET', `/customers/${customerId}/timeline`)).body.items.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(expect.arrayContaining(['contract.started', 'contract.cancelled', 'customer.created']));
  });

  test('change plan, value and dates while live; expired and cancelled ones are final', async () => {
    const id = (await start({ plan: 'Start', renewsAt: '2027-01-01T00:00:00Z' })).body.id;
    const changed = await call('PATCH', `/contracts/${id}`, {
      plan: 'Premium',
      monthlyValueMinor: 5990,
      renewsAt: null,
      endsAt: '2027-06-30T00:00:00Z',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      plan: 'Premium',
      monthlyValueMinor: 5990,
      renewsAt: null,
      endsAt: '2027-06-30T00:00:00.000Z',
      status: 'active',
    });
    expect((await call('PATCH', `/contracts/${id}`, {})).body).toMatchObject({
      plan: 'Premium',
      monthlyValueMinor: 5990,
    });
    expect((await call('PATCH', `/contracts/${id}`, { status: 'expired' })).body.status).toBe('expired');
    const refused = await call('PATCH', `/contracts/${id}`, { monthlyValueMinor: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('A expired contract cannot be changed');
    expect((await call('POST', `/contracts/${id}/cancel`, { reason: 'too late' })).status).toBe(409);
    expect((await call('GET', `/contracts/${id}`)).body).toMatchObject({
      status: 'expired',
      monthlyValueMinor: 5990,
      cancelledAt: null,
    });
    // A pending contract cannot expire before it ever ran; it may be cancelled.
    const pending = (await start({ status: 'pending' })).body.id;
    expect((await call('PATCH', `/contracts/${pending}`, { status: 'expired' })).status).toBe(409);
    const dropped = await call('POST', `/contracts/${pending}/cancel`, { reason: 'never activated' });
    expect(dropped.body).toMatchObject({ status: 'cancelled', cancelledAt: t.clock.now().toISOString() });
  });

  test('refuse bad fields with a 422 naming each, and write nothing', async () => {
    const before = await stored();
    const cases: [Record<string, unknown>, string][] = [
      [{ customerId: 'not-a-uuid' }, 'customerId'],
      [{ customerId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }, 'customerId'],
      [{ plan: '  ' }, 'plan'],
      [{ plan: 'x'.repeat(121) }, 'plan'],
      [{ status: 'cancelled' }, 'status'],
      [{ startedAt: '2026-01-01' }, 'startedAt'],
      [{ endsAt: '2026-01-01T00:00:00Z' }, 'endsAt'],
      [{ monthlyValueMinor: -1 }, 'monthlyValueMinor'],
      [{ monthlyValueMinor: 19.9 }, 'monthlyValueMinor'],
      [{ monthlyValueMinor: '1990' }, 'monthlyValueMinor'],
      [{ externalId: '' }, 'externalId'],
    ];
    for (const [body, field] of cases) {
      const res = await start(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    // Someone else's customer is no customer here.
    const other = await t.workspace('Elsewhere');
    const theirs = (await t.request('POST', '/api/v1/customers', { token: other.ownerToken, body: { name: 'Theirs' } }))
      .body.id;
    expect((await start({ customerId: theirs })).body.errors).toEqual([
      { path: 'customerId', code: 'no_such_customer', message: 'no such customer in this workspace' },
    ]);
    expect(await stored()).toBe(before);

    const id = (await start({ startedAt: '2026-03-01T00:00:00Z' })).body.id;
    for (const [patch, field] of [
      [{ status: 'cancelled' }, 'status'],
      [{ plan: '' }, 'plan'],
      [{ monthlyValueMinor: -5 }, 'monthlyValueMinor'],
      [{ renewsAt: 'soon' }, 'renewsAt'],
      [{ endsAt: '2026-02-01T00:00:00Z' }, 'endsAt'],
    ] as const) {
      const res = await call('PATCH', `/contracts/${id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(patch),
      ).toContain(field);
    }
    const early = await call('POST', `/contracts/${id}/cancel`, {
      reason: 'backdated',
      cancelledAt: '2026-02-01T00:00:00Z',
    });
    expect(early.status).toBe(422);
    // A service's refusal of a field answers its code and values too, as does the same rule on a change.
    expect(early.body.errors).toEqual([
      {
        path: 'cancelledAt',
        code: 'not_before',
        params: { other: 'startedAt' },
        message: 'must not be before startedAt',
      },
    ]);
    expect((await call('PATCH', `/contracts/${id}`, { endsAt: '2026-02-01T00:00:00Z' })).body.errors).toEqual([
      { path: 'endsAt', code: 'after', params: { other: 'startedAt' }, message: 'must be after startedAt' },
    ]);
    expect((await start({ colour: 'red' })).body.errors).toEqual([
      {
        path: 'colour',
        code: 'unknown_fields',
        params: { fields: 'colour', count: 1 },
        message: 'unknown field: colour',
      },
    ]);
    expect((await call('POST', `/contracts/${id}/cancel`, { reason: ' ' })).body.errors[0].path).toBe('reason');
    expect((await call('POST', `/contracts/${id}/cancel`, {})).body.errors[0].path).toBe('reason');
    expect((await call('GET', `/contracts/${id}`)).body).toMatchObject({
      status: 'active',
      endsAt: null,
      cancelledAt: null,
    });

    for (const query of [
      'limit=0',
      'limit=501',
      'status=paused',
      'customerId=nope',
      `cursor=${'x'.repeat(301)}`,
      'cursor=not-a-cursor',
    ]) {
      const res = await call('GET', `/contracts?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.errors[0].path, query).toMatch(/^query\./);
    }
  });

  test('belong to their workspace; readers may not write', async () => {
    const id = (await start({ plan: 'Private' })).body.id;
    const other = await t.workspace('Snoop');
    const theirs = (path: string, method = 'GET', body?: unknown) =>
      t.request(method, `/api/v1${path}`, { token: other.ownerToken, body });
    expect((await theirs(`/contracts/${id}`)).status).toBe(404);
    expect((await theirs(`/contracts/${id}`, 'PATCH', { plan: 'Stolen' })).status).toBe(404);
    expect((await theirs(`/contracts/${id}/cancel`, 'POST', { reason: 'mischief' })).status).toBe(404);
    expect((await theirs(`/contracts?customerId=${customerId}`)).body.items).toEqual([]);
    expect((await call('GET', '/contracts/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11')).status).toBe(404);
    expect((await call('GET', `/contracts/${id}`)).body).toMatchObject({ plan: 'Private', status: 'active' });

    const agent = await ws.token('agent');
    expect((await call('GET', `/contracts/${id}`, undefined, agent)).status).toBe(200);
    expect((await call('PATCH', `/contracts/${id}`, { plan: 'Agent plan' }, agent)).status).toBe(403);
    expect((await call('POST', `/contracts/${id}/cancel`, { reason: 'agent' }, await ws.token('analyst'))).status).toBe(
      403,
    );
    expect(
      (await call('PATCH', `/contracts/${id}`, { plan: 'Managed' }, await ws.token('account_manager'))).body.plan,
    ).toBe('Managed');
    expect((await t.request('GET', `/api/v1/contracts/${id}`)).status).toBe(401);
  });
});
