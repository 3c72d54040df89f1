// One's own account security through the real HTTP layer: changing the password (checked,
// throttled like sign-in, ending the other sessions) and listing and ending one's sessions.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const signInFrom = async (email: string, password: string, userAgent: string, ip = '198.51.100.20') => {
  const res = await t.request('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'user-agent': userAgent, 'x-forwarded-for': ip },
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
};

describe('changing one’s password', () => {
  test('checks the current password and the new one, then ends the other sessions only', async () => {
    const ws = await t.workspace();
    const here = await signInFrom(ws.ownerEmail, ws.password, 'Firefox on laptop');
    const there = await signInFrom(ws.ownerEmail, ws.password, 'Safari on phone');
    const change = (body: unknown) => t.request('POST', '/api/v1/auth/password', { cookie: here, body });

    const wrong = await change({ currentPassword: 'not-the-password', newPassword: 'a much better secret 42' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', code: 'incorrect', message: 'is incorrect' }]);
    const weak = await change({ currentPassword: ws.password, newPassword: 'password123' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].path).toBe('newPassword');
    const same = await change({ currentPassword: ws.password, newPassword: ws.password });
    expect(same.status).toBe(422);
    expect(same.body.errors).toEqual([
      { path: 'newPassword', code: 'password_same', message: 'must differ from the current one' },
    ]);
    const personal = await change({ currentPassword: ws.password, newPassword: ws.ownerEmail });
    expect(personal.status).toBe(422);
    expect(personal.body.errors[0].path).toBe('newPassword');
    // Nothing changed so far: both sessions still open.
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: there })).status).toBe(200);

    const done = await change({ currentPassword: ws.password, newPassword: 'a much better secret 42' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ endedSessions: 1 });
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: there })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: here })).status).toBe(200);

    const login = (password: string) =>
      t.request('POST', '/api/v1/auth/login', { body: { email: ws.ownerEmail, password } });
    expect((await login(ws.password)).status).toBe(401);
    expect((await login('a much better secret 42')).status).toBe(200);
  });

  test('wrong current passwords are throttled like failed sign-ins', async () => {
    const ws = await t.workspace();
    const ip = '203.0.113.77';
    const cookie = await signInFrom(ws.ownerEmail, ws.password, 'Chrome', ip);
    const change = (currentPassword: string) =>
      t.request('POST', '/api/v1/auth/password', {
        cookie,
        body: { currentPassword, newPassword: 'a much better secret 42' },
        headers: { 'x-forwarded-for': ip },
      });
    for (let i = 0; i < t.config.login.failuresBeforeBackoff; i++)
      expect((await change('guess-' + i)).status).toBe(422);
    const held = await change('guess-more');
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    // Held even with the right one: guessing through this route is no faster than the login form.
    expect((await change(ws.password)).status).toBe(429);
  });

  test('an API token cannot change a password or see sessions', async () => {
    const ws = await t.workspace();
    const asToken = await t.request('POST', '/api/v1/auth/password', {
      token: ws.ownerToken,
      body: { currentPassword: ws.password, newPassword: 'a much better secret 42' },
    });
    expect(asToken.status).toBe(403);
    expect((await t.request('GET', '/api/v1/auth/sessions', { token: ws.ownerToken })).status).toBe(403);
  });

  test('bad bodies get a 4xx', async () => {
    const ws = await t.workspace();
    const cookie = await signInFrom(ws.ownerEmail, ws.password, 'Chrome');
    for (const body of [{}, { currentPassword: ws.password }, { currentPassword: 1, newPassword: 2 }, []]) {
      const res = await t.request('POST', '/api/v1/auth/password', { cookie, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
  });
});

describe('one’s sessions', () => {
  test('lists them with where they were opened, ends one, then all the others', async () => {
    const ws = await t.workspace();
    const laptop = await signInFrom(ws.ownerEmail, ws.password, 'Firefox on laptop', '198.51.100.1');
    const phone = await signInFrom(ws.ownerEmail, ws.password, 'Safari on phone', '198.51.100.2');
    const tablet = await signInFrom(ws.ownerEmail, ws.password, 'Chrome on tablet', '198.51.100.3');

    const list = await t.request('GET', '/api/v1/auth/sessions', { cookie: laptop });
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; current: boolean; ip: string; userAgent: string }[];
    expect(items.map((s) => s.userAgent).sort()).toEqual(['Chrome on tablet', 'Firefox on laptop', 'Safari on phone']);
    expect(items.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Firefox on laptop']);
    expect(items.find((s) => s.userAgent === 'Safari on phone')?.ip).toBe('198.51.100.2');
    expect(JSON.stringify(list.body)).not.toMatch(/token/i);

    const phoneId = items.find((s) => s.userAgent === 'Safari on phone')?.id as string;
    expect((await t.request('DELETE', `/api/v1/auth/sessions/${phoneId}`, { cookie: laptop })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: phone })).status).toBe(401);
    expect((await t.request('DELETE', `/api/v1/auth/sessions/${phoneId}`, { cookie: laptop })).status).toBe(404);

    const others = await t.request('POST', '/api/v1/auth/sessions/end-others', { cookie: laptop });
    expect(others.body).toEqual({ endedSessions: 1 });
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: tablet })).status).toBe(401);

    const mine = (await t.request('GET', '/api/v1/auth/sessions', { cookie: laptop })).body.items;
    expect(mine).toHaveLength(1);
    const out = await t.request('DELETE', `/api/v1/auth/sessions/${mine[0].id}`, { cookie: laptop });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie') ?? '').toMatch(/tenure_session=;/);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: laptop })).status).toBe(401);
  });

  test("nobody ends another person's session, in their workspace or not", async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const aCookie = await signInFrom(a.ownerEmail, a.password, 'A');
    const bCookie = await signInFrom(b.ownerEmail, b.password, 'B');
    const bSession = (await t.request('GET', '/api/v1/auth/sessions', { cookie: bCookie })).body.items[0];
    expect((await t.request('DELETE', `/api/v1/auth/sessions/${bSession.id}`, { cookie: aCookie })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie: bCookie })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/auth/sessions/not-a-uuid', { cookie: aCookie })).status).toBe(422);
  });
});
