// PUT /customers/by-external-id/{externalId}: idempotent under concurrency (one statement), with
// the create and update rules it had before (201 vs 200, custom fields, defection, soft delete).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { testDriver } from '../../../test/support/database.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const put = (externalId: string, body: unknown) =>
  t.request('PUT', `/api/v1/customers/by-external-id/${externalId}`, { token: ws.ownerToken, body });
const holders = async (externalId: string) =>
  (
    await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int n from customers where workspace_id = ${ws.id} and external_id = ${externalId}`,
    )
  )[0].n;

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Upserts');
});
afterAll(() => t.close());

describe('PUT by external id', () => {
  // PGlite runs one statement at a time, but requests still interleave between statements.
  const parallel = testDriver() === 'pg' ? 200 : 50;
  test(`${parallel} calls at once with the same id: one creates (201), the others update (200), never 409`, async () => {
    const calls = await Promise.all(
      Array.from({ length: parallel }, (_, i) => put('erp-race', { name: `Racer ${i}`, tags: ['race'] })),
    );
    const statuses = calls.map((c) => c.status);
    expect(
      statuses.filter((s) => s !== 200 && s !== 201),
      JSON.stringify(calls.find((c) => c.status >= 300)?.body),
    ).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(new Set(calls.map((c) => c.body.id)).size).toBe(1);
    expect(await holders('erp-race')).toBe(1);
  });

  test('an update keeps what the body leaves out; a deleted customer is not revived (409)', async () => {
    const created = await put('erp-keep', { name: 'Keep', email: 'keep@example.com', tags: ['a'] });
    expect(created.status).toBe(201);
    const updated = await put('erp-keep', { name: 'Kept' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      name: 'Kept',
      email: 'keep@example.com',
      tags: ['a'],
      externalId: 'erp-keep',
    });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    expect((await t.request('DELETE', `/api/v1/customers/${created.body.id}`, { token: ws.ownerToken })).status).toBe(
      204,
    );
    const revived = await put('erp-keep', { name: 'Back' });
    expect(revived.status).toBe(409);
    expect(revived.body.detail).toMatch(/deleted or merged/);
    expect(await holders('erp-keep')).toBe(1);
  });

  test('a required custom field is needed to create, not to update; defection needs its date either way', async () => {
    const other = await t.workspace('Upserts with rules');
    const call = (externalId: string, body: unknown) =>
      t.request('PUT', `/api/v1/customers/by-external-id/${externalId}`, { token: other.ownerToken, body });
    expect((await call('r-1', { name: 'Before the rule' })).status).toBe(201);
    expect(
      (
        await t.request('POST', '/api/v1/custom-fields', {
          token: other.ownerToken,
          body: { key: 'segment', label: 'Segment', type: 'text', required: true },
        })
      ).status,
    ).toBe(201);

    const missing = await call('r-2', { name: 'New without it' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: 'customFields.segment', code: 'required', message: 'is required' }]);
    expect((await call('r-2', { name: 'New with it', customFields: { segment: 'b2b' } })).status).toBe(201);
    expect((await call('r-1', { name: 'Existing, updated without it' })).status).toBe(200);

    const undated = await call('r-3', { name: 'Gone', status: 'defected', customFields: { segment: 'b2c' } });
    expect(undated.status).toBe(422);
    expect(undated.body.errors[0].path).toBe('defectedAt');
    const dated = await call('r-3', {
      name: 'Gone',
      status: 'defected',
      defectedAt: '2026-01-01T00:00:00Z',
      customFields: { segment: 'b2c' },
    });
    expect(dated.status).toBe(201);
    // The stored date satisfies the rule, so the status alone may be sent again.
    expect((await call('r-3', { name: 'Gone again', status: 'defected' })).status).toBe(200);
    // An active customer cannot be made defected without the date.
    const r2 = await call('r-2', { name: 'Now gone', status: 'defected' });
    expect(r2.status).toBe(422);
    expect(r2.body.errors[0].path).toBe('defectedAt');
    const r2Now = await t.request('GET', `/api/v1/customers?q=r-2`, { token: other.ownerToken });
    expect(r2Now.body.items[0]).toMatchObject({ name: 'New with it', status: 'active' });
  });
});
