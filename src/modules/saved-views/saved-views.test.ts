// Saved views through the real HTTP layer on a real database: CRUD, ownership per person and
// token, filters checked against the customers list, and hostile input.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { MAX_VIEWS_PER_LIST } from './saved-views.dto.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = (
  method: string,
  path: string,
  body?: unknown,
  auth: { token?: string; cookie?: string } = { token: ws.ownerToken },
) => t.request(method, `/api/v1${path}`, { ...auth, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Views');
});
afterAll(() => t.close());

describe('saved views', () => {
  test('are created, listed by name, renamed, refiltered and deleted', async () => {
    const b = await call('POST', '/saved-views', {
      list: 'customers',
      name: 'b: lapsed',
      filters: { status: 'defected', sort: 'name' },
    });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({
      list: 'customers',
      name: 'b: lapsed',
      filters: { status: 'defected', sort: 'name' },
    });
    const a = await call('POST', '/saved-views', {
      list: 'customers',
      name: 'A: VIPs',
      filters: { tag: 'vip', q: '  ana ' },
    });
    // Normalised as the list endpoint reads them: trimmed, default sort filled in.
    expect(a.body.filters).toEqual({ tag: 'vip', q: 'ana', sort: '-createdAt' });
    const list = await call('GET', '/saved-views?list=customers');
    expect(list.body.items.map((v: { name: string }) => v.name)).toEqual(['A: VIPs', 'b: lapsed']);

    const renamed = await call('PATCH', `/saved-views/${a.body.id}`, { name: 'VIPs' });
    expect(renamed.body).toMatchObject({ name: 'VIPs', filters: a.body.filters });
    const refiltered = await call('PATCH', `/saved-views/${a.body.id}`, {
      filters: { tag: 'vip,gold', createdFrom: '2026-01-01T00:00:00Z', q: '' },
    });
    expect(refiltered.body.filters).toEqual({
      tag: 'vip,gold',
      createdFrom: '2026-01-01T00:00:00Z',
      sort: '-createdAt',
    });
    expect((await call('GET', `/saved-views/${a.body.id}`)).body.name).toBe('VIPs');

    expect((await call('DELETE', `/saved-views/${a.body.id}`)).status).toBe(204);
    expect((await call('GET', `/saved-views/${a.body.id}`)).status).toBe(404);
    expect((await call('DELETE', `/saved-views/${a.body.id}`)).status).toBe(404);
  });

  test('a saved filter set opens as a valid customers query', async () => {
    await call('POST', '/customers', { name: 'Vera Vip', tags: ['vip'] });
    await call('POST', '/customers', { name: 'Norma Normal' });
    const view = (
      await call('POST', '/saved-views', {
        list: 'customers',
        name: 'Round trip',
        filters: { tag: 'VIP', sort: '-name' },
      })
    ).body;
    const res = await call('GET', `/customers?${new URLSearchParams(view.filters)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Vera Vip']);
  });

  test('belong to their owner: other people and tokens of the same workspace see 404', async () => {
    const mine = (await call('POST', '/saved-views', { list: 'customers', name: 'Private' })).body;
    const agent = await ws.member('agent');
    const { cookie } = await t.signIn(agent.email, agent.password);
    const manager = { token: await ws.token('manager') };
    for (const who of [{ cookie }, manager]) {
      expect((await call('GET', `/saved-views/${mine.id}`, undefined, who)).status).toBe(404);
      expect((await call('PATCH', `/saved-views/${mine.id}`, { name: 'Taken' }, who)).status).toBe(404);
      expect((await call('DELETE', `/saved-views/${mine.id}`, undefined, who)).status).toBe(404);
      expect((await call('GET', '/saved-views', undefined, who)).body.items).toEqual([]);
    }
    // The same name is free for someone else, and a signed-in person keeps their views.
    const theirs = await call(
      'POST',
      '/saved-views',
      { list: 'customers', name: 'Private', filters: { status: 'active' } },
      { cookie },
    );
    expect(theirs.status).toBe(201);
    expect(
      (await call('GET', '/saved-views', undefined, { cookie })).body.items.map((v: { id: string }) => v.id),
    ).toEqual([theirs.body.id]);
    expect((await call('GET', `/saved-views/${mine.id}`)).body.name).toBe('Private');
  });

  test('names are unique per owner and list, case-insensitively', async () => {
    await call('POST', '/saved-views', { list: 'customers', name: 'Unique one' });
    const other = (await call('POST', '/saved-views', { list: 'customers', name: 'Unique two' })).body;
    const dup = await call('POST', '/saved-views', { list: 'customers', name: 'UNIQUE ONE' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('conflict');
    const rename = await call('PATCH', `/saved-views/${other.id}`, { name: 'unique one' });
    expect(rename.status).toBe(409);
    expect((await call('GET', `/saved-views/${other.id}`)).body.name).toBe('Unique two');
  });

  test('bad filters are named one by one and nothing is saved', async () => {
    const before = (await call('GET', '/saved-views')).body.items.length;
    const res = await call('POST', '/saved-views', {
      list: 'customers',
      name: 'Broken',
      filters: {
        status: 'sleeping',
        accountManagerId: 'bob',
        createdFrom: 'last week',
        sort: 'random',
        limit: '5',
        nope: 'x',
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'filters.accountManagerId',
      'filters.createdFrom',
      'filters.limit',
      'filters.nope',
      'filters.sort',
      'filters.status',
    ]);
    const typed = await call('POST', '/saved-views', {
      list: 'customers',
      name: 'Typed',
      filters: { status: 1, tag: ['a'] },
    });
    expect(typed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['filters.status', 'filters.tag']);
    expect((await call('POST', '/saved-views', { list: 'orders', name: 'x' })).body.errors[0].path).toBe('list');
    const view = (
      await call('POST', '/saved-views', { list: 'customers', name: 'Keep filters', filters: { status: 'active' } })
    ).body;
    const patch = await call('PATCH', `/saved-views/${view.id}`, { name: 'Renamed too', filters: { status: 'gone' } });
    expect(patch.body.errors[0].path).toBe('filters.status');
    expect((await call('GET', `/saved-views/${view.id}`)).body).toMatchObject({
      name: 'Keep filters',
      filters: { status: 'active' },
    });
    expect((await call('GET', '/saved-views')).body.items.length).toBe(before + 1);
  });

  test('hostile and oversize input: stored as plain text or refused', async () => {
    const hostile = await call('POST', '/saved-views', {
      list: 'customers',
      name: `<img src=x onerror=alert(1)> '; drop table saved_views; --`,
      filters: { q: "'); drop table customers; --" },
    });
    expect(hostile.status).toBe(201);
    expect(hostile.body.name).toBe(`<img src=x onerror=alert(1)> '; drop table saved_views; --`);
    expect((await call('GET', `/customers?q=${encodeURIComponent(hostile.body.filters.q)}`)).status).toBe(200);
    const proto = await call('POST', '/saved-views', {
      list: 'customers',
      name: 'proto',
      filters: JSON.parse('{"__proto__": "x", "constructor": "y"}'),
    });
    expect(proto.status).toBe(422);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    for (const body of [
      { list: 'customers', name: 'x'.repeat(81) },
      { list: 'customers', name: '   ' },
      {
        list: 'customers',
        name: 'many',
        filters: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])),
      },
      { list: 'customers', name: 'long', filters: { q: 'x'.repeat(501) } },
      { list: 'customers', name: 'nul', filters: { q: 'x'.repeat(201) } },
    ]) {
      const res = await call('POST', '/saved-views', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
    expect((await call('GET', '/saved-views?list=nope')).status).toBe(422);
  });

  test(`at most ${MAX_VIEWS_PER_LIST} per owner and list`, async () => {
    const owner = { token: await ws.token('analyst') };
    for (let i = 0; i < MAX_VIEWS_PER_LIST; i++)
      expect((await call('POST', '/saved-views', { list: 'customers', name: `View ${i}` }, owner)).status).toBe(201);
    const over = await call('POST', '/saved-views', { list: 'customers', name: 'One too many' }, owner);
    expect(over.status).toBe(409);
    expect(over.body.detail).toMatch(/delete one first/);
    expect((await call('GET', '/saved-views', undefined, owner)).body.items).toHaveLength(MAX_VIEWS_PER_LIST);
  });
});
