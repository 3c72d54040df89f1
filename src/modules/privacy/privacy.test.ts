// The data-subject request register through the API: deadlines by law, the status machine with
// its 409s and required proof, the overdue flag driven by the injected clock, cursor paging,
// bad input (422) and who may act (owners and admins only).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { newId } from '../../ids.ts';

let t: TestApp;
let w: Awaited<ReturnType<TestApp['workspace']>>;
let customerId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-03-02T09:00:00Z'));
  w = await t.workspace('Privacy');
  const c = await t.request('POST', '/api/v1/customers', { token: w.ownerToken, body: { name: 'Paula Reis' } });
  customerId = c.body.id;
});
afterAll(() => t.close());

const call = (method: string, path: string, body?: unknown, token = w.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });

describe('the law and the deadline', () => {
  test('an English workspace follows GDPR by default (one month); choosing LGPD gives 15 days to new requests', async () => {
    expect((await call('GET', '/privacy/settings')).body).toMatchObject({ law: 'gdpr', chosen: false });
    const gdpr = await call('POST', '/privacy/requests', { customerId, kind: 'access' });
    expect(gdpr.status).toBe(201);
    expect(gdpr.body).toMatchObject({
      status: 'received',
      law: 'gdpr',
      dueAt: '2026-04-02T09:00:00.000Z',
      overdue: false,
    });

    const set = await call('PUT', '/privacy/settings', { law: 'lgpd' });
    expect(set.body).toMatchObject({ law: 'lgpd', chosen: true });
    const lgpd = await call('POST', '/privacy/requests', {
      customerId,
      kind: 'portability',
      receivedAt: '2026-03-01T09:00:00Z',
    });
    expect(lgpd.body).toMatchObject({ law: 'lgpd', dueAt: '2026-03-16T09:00:00.000Z' });
    // The first request keeps its deadline.
    expect((await call('GET', `/privacy/requests/${gdpr.body.id}`)).body.dueAt).toBe('2026-04-02T09:00:00.000Z');
    await call('PUT', '/privacy/settings', { law: 'gdpr' });
  });
});

describe('the status machine', () => {
  test('received → in progress → completed with proof; closed requests do not move; rejection needs a reason', async () => {
    const r = (await call('POST', '/privacy/requests', { customerId, kind: 'rectification', note: 'By letter' })).body;
    const skip = await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'completed', actions: 'x' });
    expect(skip.status).toBe(409);
    expect(skip.body.detail).toContain('in_progress or rejected');
    expect((await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'in_progress' })).body).toMatchObject({
      status: 'in_progress',
      startedAt: '2026-03-02T09:00:00.000Z',
    });
    const noProof = await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'completed' });
    expect(noProof.status).toBe(422);
    expect(noProof.body.errors[0].path).toBe('actions');
    t.clock.advance(DAY);
    const done = await call('POST', `/privacy/requests/${r.id}/transitions`, {
      to: 'completed',
      actions: 'Corrected the postal address',
      exportSha256: 'a'.repeat(64),
    });
    expect(done.body).toMatchObject({
      status: 'completed',
      closedAt: '2026-03-03T09:00:00.000Z',
      proof: {
        actions: 'Corrected the postal address',
        completedAt: '2026-03-03T09:00:00.000Z',
        exportSha256: 'a'.repeat(64),
      },
    });
    expect(done.body.proof.completedBy).toMatch(/^(token|user):/);
    expect((await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'rejected', reason: 'x' })).status).toBe(
      409,
    );

    const other = (await call('POST', '/privacy/requests', { customerId, kind: 'objection' })).body;
    expect((await call('POST', `/privacy/requests/${other.id}/transitions`, { to: 'rejected' })).status).toBe(422);
    expect(
      (await call('POST', `/privacy/requests/${other.id}/transitions`, { to: 'rejected', reason: 'Not our customer' }))
        .body,
    ).toMatchObject({ status: 'rejected', rejectionReason: 'Not our customer' });
  });
});

describe('the register', () => {
  test('overdue requests are flagged and filtered as the clock passes their deadline; pages follow the cursor', async () => {
    const ws = await t.workspace('Register');
    const c = await t.request('POST', '/api/v1/customers', { token: ws.ownerToken, body: { name: 'Rui Gomes' } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.request('POST', '/api/v1/privacy/requests', {
        token: ws.ownerToken,
        body: {
          customerId: c.body.id,
          kind: 'access',
          receivedAt: new Date(t.clock.now().getTime() - i * DAY).toISOString(),
        },
      });
      ids.push(r.body.id);
    }
    const list = (q: string) => t.request('GET', `/api/v1/privacy/requests${q}`, { token: ws.ownerToken });
    expect((await list('?overdue=true')).body.items).toEqual([]);
    t.clock.advance(31 * DAY);
    // One month from each arrival: all five are now late, except the closed one.
    await t.request('POST', `/api/v1/privacy/requests/${ids[0]}/transitions`, {
      token: ws.ownerToken,
      body: { to: 'rejected', reason: 'Duplicate' },
    });
    const overdue = (await list('?overdue=true')).body.items;
    expect(overdue.map((r: { id: string }) => r.id).sort()).toEqual(ids.slice(1).sort());
    expect(overdue.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect((await list('?overdue=false')).body.items.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect((await list('?status=rejected')).body.items).toHaveLength(1);

    const first = (await list('?limit=2')).body;
    expect(first.items.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    const second = (await list(`?limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.items.map((r: { id: string }) => r.id)).toEqual(ids.slice(2, 4));
    const third = (await list(`?limit=2&cursor=${second.nextCursor}`)).body;
    expect(third.items.map((r: { id: string }) => r.id)).toEqual([ids[4]]);
    expect(third.nextCursor).toBeNull();
    t.clock.set(new Date('2026-03-03T09:00:00Z'));
  });

  test('bad input is a 4xx naming the field', async () => {
    const bad = async (body: unknown, path: string) => {
      const res = await call('POST', '/privacy/requests', body);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad({ customerId, kind: 'deletion' }, 'kind');
    await bad({ customerId: 'nope', kind: 'access' }, 'customerId');
    await bad({ customerId: newId(), kind: 'access' }, 'customerId');
    await bad({ customerId, kind: 'access', receivedAt: '2030-01-01T00:00:00Z' }, 'receivedAt');
    await bad({ customerId, kind: 'access', extra: 1 }, 'extra');
    expect((await call('GET', '/privacy/requests?status=lost')).status).toBe(422);
    expect((await call('GET', '/privacy/requests?cursor=bogus')).status).toBe(422);
    expect((await call('GET', `/privacy/requests/${newId()}`)).status).toBe(404);
    expect((await call('PUT', '/privacy/settings', { law: 'ccpa' })).status).toBe(422);
    const r = (await call('POST', '/privacy/requests', { customerId, kind: 'access' })).body;
    expect((await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'received' })).status).toBe(422);
    expect(
      (await call('POST', `/privacy/requests/${r.id}/transitions`, { to: 'in_progress', exportSha256: 'xyz' })).status,
    ).toBe(422);
  });

  test('only owners and admins see or act on the register', async () => {
    const admin = await w.token('admin');
    expect((await call('GET', '/privacy/requests', undefined, admin)).status).toBe(200);
    for (const role of ['manager', 'account_manager', 'agent', 'analyst'] as const) {
      const token = await w.token(role);
      expect((await call('GET', '/privacy/requests', undefined, token)).status, role).toBe(403);
      expect((await call('POST', '/privacy/requests', { customerId, kind: 'access' }, token)).status, role).toBe(403);
      expect((await call('GET', '/privacy/settings', undefined, token)).status, role).toBe(403);
    }
    const member = await w.member('agent');
    const { cookie } = await t.signIn(member.email, member.password);
    expect((await t.request('GET', '/api/v1/privacy/requests', { cookie })).status).toBe(403);
  });
});
