// The workspace through the real HTTP layer on a real database: reading it, changing its name,
// slug, currency, locale and time zone (admins only, every bad value named), slugs unique across
// workspaces even when asked for at the same moment, and starting a new workspace as a person.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Padaria Central');
});
afterAll(() => t.close());

describe('the current workspace', () => {
  test('every role reads its own, with defaults and a slug made from the name', async () => {
    const own = await call('GET', '/workspace');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: ws.id,
      name: 'Padaria Central',
      slug: 'padaria-central',
      currency: 'USD',
      locale: 'en',
      timeZone: 'UTC',
    });
    for (const role of ['admin', 'manager', 'account_manager', 'agent', 'analyst'] as const) {
      expect((await call('GET', '/workspace', undefined, await ws.token(role))).body.id, role).toBe(ws.id);
    }
    const other = await t.workspace('Padaria Central');
    const theirs = (await call('GET', '/workspace', undefined, other.ownerToken)).body;
    expect(theirs.id).toBe(other.id);
    // The same name elsewhere gets its own slug.
    expect(theirs.slug).toMatch(/^padaria-central-[0-9a-f]{6}$/);
    expect((await t.request('GET', '/api/v1/workspace')).status).toBe(401);
  });

  test('admins change its settings; each change reads back and moves updatedAt', async () => {
    const before = (await call('GET', '/workspace')).body;
    t.clock.advance(60_000);
    const changed = await call(
      'PATCH',
      '/workspace',
      { name: '  Padaria Central Ltda  ', currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
      await ws.token('admin'),
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...before,
      name: 'Padaria Central Ltda',
      currency: 'BRL',
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      updatedAt: t.clock.now().toISOString(),
    });
    expect((await call('GET', '/workspace')).body).toEqual(changed.body);
    // Keeping one's own slug is no clash; an empty patch changes nothing but the time.
    expect((await call('PATCH', '/workspace', { slug: before.slug })).status).toBe(200);
    expect((await call('PATCH', '/workspace', {})).body).toMatchObject({
      name: 'Padaria Central Ltda',
      slug: before.slug,
    });
    const renamed = await call('PATCH', '/workspace', { slug: 'padaria-2026' });
    expect(renamed.body.slug).toBe('padaria-2026');
    await call('PATCH', '/workspace', {
      slug: before.slug,
      currency: 'USD',
      locale: 'en',
      timeZone: 'UTC',
      name: 'Padaria Central',
    });
  });

  test('refuses bad values with a 422 naming each, and changes nothing', async () => {
    const before = (await call('GET', '/workspace')).body;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(121) }, 'name'],
      [{ currency: 'brl' }, 'currency'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ locale: 'fr' }, 'locale'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: '+03:00' }, 'timeZone'],
      [{ slug: 'ab' }, 'slug'],
      [{ slug: 'Padaria' }, 'slug'],
      [{ slug: '-padaria' }, 'slug'],
      [{ slug: 'padaria-' }, 'slug'],
      [{ slug: 'pa daria' }, 'slug'],
      [{ slug: 'p'.repeat(49) }, 'slug'],
      [{ id: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await call('PATCH', '/workspace', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toEqual([field]);
    }
    const several = await call('PATCH', '/workspace', { name: '', currency: 'usd', locale: 'de' });
    expect(several.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['currency', 'locale', 'name']);
    expect((await call('GET', '/workspace')).body).toEqual(before);
  });

  test('only owners and admins may change it', async () => {
    const before = (await call('GET', '/workspace')).body;
    for (const role of ['manager', 'account_manager', 'agent', 'analyst'] as const) {
      const res = await call('PATCH', '/workspace', { name: `Renamed by ${role}` }, await ws.token(role));
      expect(res.status, role).toBe(403);
    }
    expect((await call('GET', '/workspace')).body).toEqual(before);
  });

  test('a slug belongs to one workspace: taken is a 409, also when two ask at the same moment', async () => {
    const a = await t.workspace('Slug A');
    const b = await t.workspace('Slug B');
    const taken = await call(
      'PATCH',
      '/workspace',
      { slug: (await call('GET', '/workspace', undefined, a.ownerToken)).body.slug },
      b.ownerToken,
    );
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe('The slug "slug-a" is already taken');

    const [first, second] = await Promise.all([
      call('PATCH', '/workspace', { slug: 'wanted-by-both' }, a.ownerToken),
      call('PATCH', '/workspace', { slug: 'wanted-by-both' }, b.ownerToken),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const slugs = [
      (await call('GET', '/workspace', undefined, a.ownerToken)).body.slug,
      (await call('GET', '/workspace', undefined, b.ownerToken)).body.slug,
    ];
    expect(slugs.filter((s) => s === 'wanted-by-both')).toHaveLength(1);
  });
});

describe('starting a workspace', () => {
  test('a signed-in person starts one and owns it; an API token may not', async () => {
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    const created = await t.request('POST', '/api/v1/workspaces', { cookie, body: { name: 'Café São João' } });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({
      name: 'Café São João',
      slug: 'cafe-sao-joao',
      currency: 'USD',
      locale: 'en',
      timeZone: 'UTC',
    });
    const me = await t.request('GET', '/api/v1/auth/me', { cookie });
    expect(me.body.workspaces.find((w: { id: string }) => w.id === created.body.workspace.id)?.role).toBe('owner');

    const byToken = await call('POST', '/workspaces', { name: 'Robot shop' });
    expect(byToken.status).toBe(403);
    expect(byToken.body.detail).toMatch(/API tokens cannot/);
    expect((await t.request('POST', '/api/v1/workspaces', { body: { name: 'Nobody' } })).status).toBe(401);
  });

  test('a slug is checked like a change: bad values are a 422, a taken one a 409, and nothing is created', async () => {
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    const count = async () => (await t.request('GET', '/api/v1/auth/me', { cookie })).body.workspaces.length;
    const before = await count();
    const taken = await t.request('POST', '/api/v1/workspaces', {
      cookie,
      body: { name: 'Copycat', slug: 'cafe-sao-joao' },
    });
    expect(taken.status).toBe(409);
    const bad = await t.request('POST', '/api/v1/workspaces', { cookie, body: { name: '', slug: 'X', locale: 'fr' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['locale', 'name', 'slug']);
    // Two at once with one name: both are made, each with its own slug.
    const twins = await Promise.all(
      [0, 1].map(() => t.request('POST', '/api/v1/workspaces', { cookie, body: { name: 'Twin Bakery' } })),
    );
    expect(twins.map((r) => r.status)).toEqual([201, 201]);
    expect(new Set(twins.map((r) => r.body.workspace.slug)).size).toBe(2);
    expect(await count()).toBe(before + 2);
  });
});
