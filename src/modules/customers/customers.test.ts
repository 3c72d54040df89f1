// Customers through the real HTTP layer on a real database (PGlite or PostgreSQL).
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const post = (path: string, body: unknown, token = ws.ownerToken) =>
  t.request('POST', `/api/v1${path}`, { token, body });
const get = (path: string, token = ws.ownerToken) => t.request('GET', `/api/v1${path}`, { token });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Customers');
  await t.request('PATCH', '/api/v1/workspace', { token: ws.ownerToken, body: { currency: 'BRL' } });
});
afterAll(() => t.close());

describe('creating and changing customers', () => {
  test('a name and an email make a person', async () => {
    const res = await post('/customers', { name: 'Ana Souza', email: 'Ana@Example.com' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Ana Souza',
      email: 'ana@example.com',
      kind: 'person',
      status: 'active',
      tags: [],
    });
    expect((await get(`/customers/${res.body.id}`)).body.id).toBe(res.body.id);
  });

  test('phones are normalised to E.164 with the workspace country code', async () => {
    const res = await post('/customers', { name: 'Bruno', phone: '(11) 91234-5678', otherPhones: ['+1 415 555 0100'] });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+5511912345678');
    expect(res.body.otherPhones).toEqual(['+14155550100']);
    const bad = await post('/customers', {
      name: 'Bad',
      phone: '12',
      email: 'not-an-email',
      birthDate: '2999-01-01',
      declaredWalletMinor: 1.5,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'birthDate',
      'declaredWalletMinor',
      'email',
    ]);
    const badPhone = await post('/customers', { name: 'Bad phone', phone: '12' });
    expect(badPhone.body.errors).toEqual([
      { path: 'phone', code: 'phone_digits', message: expect.stringMatching(/8 to 15 digits/) },
    ]);
  });

  test('external ids are unique; PUT by external id is idempotent', async () => {
    expect((await post('/customers', { name: 'C1', externalId: 'crm-1' })).status).toBe(201);
    const dup = await post('/customers', { name: 'C2', externalId: 'crm-1' });
    expect(dup.status).toBe(409);
    const first = await t.request('PUT', '/api/v1/customers/by-external-id/erp-77', {
      token: ws.ownerToken,
      body: { name: 'Carla', tags: ['VIP', 'vip'] },
    });
    expect(first.status).toBe(201);
    expect(first.body.tags).toEqual(['vip']);
    for (let i = 0; i < 3; i++) {
      const again = await t.request('PUT', '/api/v1/customers/by-external-id/erp-77', {
        token: ws.ownerToken,
        body: { name: 'Carla Dias' },
      });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
    }
    const rows = await queryRows(
      t.deps.db,
      sql`select count(*)::int n from customers where workspace_id = ${ws.id} and external_id = 'erp-77'`,
    );
    expect(rows[0].n).toBe(1);
  });

  test('an account manager must be a member; defection needs its date', async () => {
    const manager = await ws.member('account_manager');
    const ok = await post('/customers', { name: 'Managed', accountManagerId: manager.id });
    expect(ok.status).toBe(201);
    const stranger = await post('/customers', { name: 'Managed', accountManagerId: newId() });
    expect(stranger.body.errors[0].path).toBe('accountManagerId');
    const defected = await t.request('PATCH', `/api/v1/customers/${ok.body.id}`, {
      token: ws.ownerToken,
      body: { status: 'defected' },
    });
    expect(defected.status).toBe(422);
    const withDate = await t.request('PATCH', `/api/v1/customers/${ok.body.id}`, {
      token: ws.ownerToken,
      body: { status: 'defected', defectedAt: '2026-10-01T00:00:00Z', defectionReason: 'price' },
    });
    expect(withDate.body).toMatchObject({ status: 'defected', defectionReason: 'price' });
  });

  test('deleted customers disappear from reads and lists', async () => {
    const c = (await post('/customers', { name: 'Gone Soon' })).body;
    expect((await t.request('DELETE', `/api/v1/customers/${c.id}`, { token: ws.ownerToken })).status).toBe(204);
    expect((await get(`/customers/${c.id}`)).status).toBe(404);
    expect((await get('/customers?q=gone soon')).body.items).toHaveLength(0);
    expect((await t.request('DELETE', `/api/v1/customers/${c.id}`, { token: await ws.token('agent') })).status).toBe(
      403,
    );
  });
});

describe('custom fields', () => {
  test('values are validated against the definitions', async () => {
    expect(
      (await post('/custom-fields', { key: 'plan', label: 'Plan', type: 'select', options: ['basic', 'pro'] })).status,
    ).toBe(201);
    expect((await post('/custom-fields', { key: 'score', label: 'Score', type: 'number' })).status).toBe(201);
    expect((await post('/custom-fields', { key: 'plan', label: 'Again', type: 'text' })).status).toBe(409);
    expect((await post('/custom-fields', { key: 'Bad Key', label: 'x', type: 'select' })).status).toBe(422);
    const ok = await post('/customers', { name: 'Fielded', customFields: { plan: 'pro', score: 7 } });
    expect(ok.body.customFields).toEqual({ plan: 'pro', score: 7 });
    const bad = await post('/customers', { name: 'Fielded', customFields: { plan: 'gold', score: 'high', nope: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'customFields.nope',
      'customFields.plan',
      'customFields.score',
    ]);
    const filtered = await get('/customers?cf=plan:pro');
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([ok.body.id]);
  });
});

describe('consents', () => {
  test('are recorded with a history of who, when and where', async () => {
    const c = (await post('/customers', { name: 'Consenting' })).body;
    const agent = await ws.token('agent');
    const set = await t.request('PUT', `/api/v1/customers/${c.id}/consents`, {
      token: agent,
      body: {
        consents: [
          { channel: 'email', purpose: 'marketing', granted: true, source: 'web form' },
          { channel: 'sms', purpose: 'service', granted: true },
        ],
      },
    });
    expect(set.status).toBe(200);
    t.clock.advance(60_000);
    await t.request('PUT', `/api/v1/customers/${c.id}/consents`, {
      token: agent,
      body: { consents: [{ channel: 'email', purpose: 'marketing', granted: false, source: 'unsubscribe link' }] },
    });
    const now = (await get(`/customers/${c.id}/consents`)).body.items;
    expect(now.find((x: { channel: string }) => x.channel === 'email')).toMatchObject({
      granted: false,
      source: 'unsubscribe link',
    });
    const history = (await get(`/customers/${c.id}/consents/history`)).body.items;
    expect(history).toHaveLength(3);
    expect(history[0]).toMatchObject({ channel: 'email', granted: false, changedBy: expect.stringMatching(/^token:/) });
    const bad = await t.request('PUT', `/api/v1/customers/${c.id}/consents`, {
      token: agent,
      body: { consents: [{ channel: 'pigeon', purpose: 'marketing', granted: true }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('consents.0.channel');
  });
});

describe('listing and search', () => {
  test('pages cover every customer once, in order, with filters', async () => {
    const other = await t.workspace('Paging');
    for (let i = 0; i < 23; i++) {
      await t.request('POST', '/api/v1/customers', {
        token: other.ownerToken,
        body: { name: `Person ${String(i).padStart(2, '0')}`, tags: i % 2 ? ['odd'] : ['even'] },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.request(
        'GET',
        `/api/v1/customers?sort=name&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        { token: other.ownerToken },
      );
      seen.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `Person ${String(i).padStart(2, '0')}`));
    const odd = await t.request('GET', '/api/v1/customers?tag=odd&limit=200', { token: other.ownerToken });
    expect(odd.body.items).toHaveLength(11);
    const bad = await t.request('GET', '/api/v1/customers?cursor=garbage', { token: other.ownerToken });
    expect(bad.status).toBe(422);
  });
});

describe('duplicates and merge', () => {
  test('likely duplicates are found by email, phone and name', async () => {
    const d = await t.workspace('Dupes');
    const mk = (body: object) =>
      t.request('POST', '/api/v1/customers', { token: d.ownerToken, body }).then((r) => r.body);
    const a = await mk({ name: 'Maria Oliveira', email: 'maria@example.com' });
    const b = await mk({ name: 'M. Oliveira', email: 'MARIA@example.com' });
    const c = await mk({ name: 'João Pereira', phone: '+5511988887777' });
    const e = await mk({ name: 'Joao P.', phone: '+55 11 98888-7777' });
    const f = await mk({ name: 'Fernanda Albuquerque Lima' });
    const g = await mk({ name: 'Fernanda Albuquerque Lima.' });
    const h = await mk({ name: 'Roberto Carlos Nascimento' });
    const i = await mk({ name: 'roberto carlos nacimento' });
    await mk({ name: 'Roberto Nunes' });
    const res = await t.request('GET', '/api/v1/customers/duplicates', { token: d.ownerToken });
    const pairs = res.body.items.map((p: any) => [[p.a.id, p.b.id].sort().join(), p.reason]);
    expect(pairs).toContainEqual([[a.id, b.id].sort().join(), 'email']);
    expect(pairs).toContainEqual([[c.id, e.id].sort().join(), 'phone']);
    expect(pairs).toContainEqual([[f.id, g.id].sort().join(), 'name']);
    const typo = res.body.items.find((p: any) => [p.a.id, p.b.id].sort().join() === [h.id, i.id].sort().join());
    expect(typo).toMatchObject({ reason: 'name', score: 0.81 });
    expect(res.body.items).toHaveLength(4);
  });

  test('merge moves the history to the survivor, atomically, and is recorded', async () => {
    const survivor = (await post('/customers', { name: 'Survivor', email: 's@example.com', tags: ['a'] })).body;
    const merged = (
      await post('/customers', { name: 'Merged', phone: '+5511911112222', externalId: 'm-1', tags: ['b'] })
    ).body;
    const txId = newId();
    await t.deps.db.execute(
      sql`insert into transactions (workspace_id, id, customer_id, occurred_at, currency, total_minor, gross_margin_minor) values (${ws.id}, ${txId}, ${merged.id}, now(), 'BRL', 1000, 400)`,
    );
    await t.request('PUT', `/api/v1/customers/${merged.id}/consents`, {
      token: ws.ownerToken,
      body: { consents: [{ channel: 'sms', purpose: 'marketing', granted: true }] },
    });

    const res = await post(`/customers/${survivor.id}/merge`, { mergeId: merged.id });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({
      id: survivor.id,
      email: 's@example.com',
      phone: '+5511911112222',
      externalId: 'm-1',
      tags: ['a', 'b'],
    });
    expect(res.body.moved).toMatchObject({ transactions: 1, consent_changes: 1 });
    const owner = await queryRows(
      t.deps.db,
      sql`select customer_id from transactions where workspace_id = ${ws.id} and id = ${txId}`,
    );
    expect(owner[0].customer_id).toBe(survivor.id);
    expect((await get(`/customers/${merged.id}`)).status).toBe(404);
    expect((await get(`/customers/${survivor.id}/consents`)).body.items).toHaveLength(1);
    const timeline = (await get(`/customers/${survivor.id}/timeline`)).body.items.map((e: { type: string }) => e.type);
    expect(timeline).toContain('customer.merged');

    expect((await post(`/customers/${survivor.id}/merge`, { mergeId: merged.id })).status).toBe(409);
    expect((await post(`/customers/${survivor.id}/merge`, { mergeId: survivor.id })).status).toBe(422);
    expect(
      (await post(`/customers/${survivor.id}/merge`, { mergeId: merged.id }, await ws.token('agent'))).status,
    ).toBe(403);
  });

  test('a merge that fails at its last step leaves nothing changed', async () => {
    const survivor = (await post('/customers', { name: 'Keeps', tags: ['x'] })).body;
    const other = (
      await post('/customers', { name: 'Goes', email: 'goes@example.com', externalId: 'goes-1', tags: ['y'] })
    ).body;
    const txId = newId();
    await t.deps.db.execute(
      sql`insert into transactions (workspace_id, id, customer_id, occurred_at, currency, total_minor, gross_margin_minor) values (${ws.id}, ${txId}, ${other.id}, now(), 'BRL', 500, 100)`,
    );
    await t.request('PUT', `/api/v1/customers/${other.id}/consents`, {
      token: ws.ownerToken,
      body: { consents: [{ channel: 'email', purpose: 'service', granted: true }] },
    });
    const snapshot = () =>
      queryRows(
        t.deps.db,
        sql`select c.id, c.email, c.external_id, c.tags, c.deleted_at, c.merged_into_id, (select count(*)::int from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id) tx,
        (select count(*)::int from consent_changes x where x.workspace_id = c.workspace_id and x.customer_id = c.id) cc, (select count(*)::int from customer_consents x where x.workspace_id = c.workspace_id and x.customer_id = c.id) consents
        from customers c where c.workspace_id = ${ws.id} and c.id in (${survivor.id}, ${other.id}) order by c.id`,
      );
    const before = await snapshot();
    // Fails the merge workflow's final write (its record), after every domain moved its rows and
    // the customers were updated.
    const heal = await failWrites(t, 'customer_merges', 'INSERT', 'true');
    try {
      const res = await post(`/customers/${survivor.id}/merge`, { mergeId: other.id });
      expect(res.status).toBe(500);
    } finally {
      await heal();
    }
    expect(await snapshot()).toEqual(before);
    expect((await post(`/customers/${survivor.id}/merge`, { mergeId: other.id })).status).toBe(200);
    // Merging into a deleted survivor is refused before anything is written.
    await t.request('DELETE', `/api/v1/customers/${survivor.id}`, { token: ws.ownerToken });
    const third = (await post('/customers', { name: 'Third' })).body;
    expect((await post(`/customers/${survivor.id}/merge`, { mergeId: third.id })).status).toBe(404);
    expect((await get(`/customers/${third.id}`)).status).toBe(200);
  });
});

describe('customer 360 and export', () => {
  test('overview returns profile, consents, manager and the latest events', async () => {
    const manager = await ws.member('account_manager');
    const c = (await post('/customers', { name: 'Full View', accountManagerId: manager.id })).body;
    const res = await get(`/customers/${c.id}/overview`);
    expect(res.status).toBe(200);
    expect(res.body.accountManager.name).toBe(manager.name);
    expect(res.body.timeline.items[0]).toMatchObject({ type: 'customer.created', title: 'Full View' });
  });

  test('export streams CSV with custom fields, quoting and formula neutralising', async () => {
    const e = await t.workspace('Export');
    await t.request('POST', '/api/v1/custom-fields', {
      token: e.ownerToken,
      body: { key: 'note', label: 'Note', type: 'text' },
    });
    await t.request('POST', '/api/v1/customers', {
      token: e.ownerToken,
      body: { name: 'Smith, "Jo"', customFields: { note: '=cmd|calc' }, tags: ['x', 'y'] },
    });
    const res = await t.request('GET', '/api/v1/customers/export.csv', { token: e.ownerToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, row] = parse(res.text);
    expect(header).toContain('cf_note');
    expect(row[header.indexOf('name')]).toBe('Smith, "Jo"');
    expect(row[header.indexOf('cf_note')]).toBe("'=cmd|calc");
    expect(row[header.indexOf('tags')]).toBe('x|y');
    expect((await t.request('GET', '/api/v1/customers/export.csv', { token: await e.token('agent') })).status).toBe(
      403,
    );
  });
});
