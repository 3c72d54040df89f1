// The optional second factor through the real HTTP layer: setting it up with an authenticator
// code, signing in with codes (each once) and recovery codes (each once), turning it off.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { base32Decode, hotp, totpStep } from '../src/lib/totp.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** What an authenticator app shows for the key, `offset` steps from the test clock's now. */
const codeFor = (secret: string, offset = 0) => hotp(base32Decode(secret), totpStep(t.clock.now()) + offset);

async function withSecondFactor() {
  const ws = await t.workspace();
  const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
  const call = (method: string, path: string, body?: unknown) =>
    t.request(method, `/api/v1/auth/second-factor${path}`, { cookie, body });
  const begun = await call('POST', '');
  expect(begun.status).toBe(201);
  const secret = begun.body.secret as string;
  expect(begun.body.otpauthUrl).toBe(
    `otpauth://totp/${encodeURIComponent(`Tenure:${ws.ownerEmail}`)}?secret=${secret}&issuer=Tenure&digits=6&period=30`,
  );
  expect((await call('GET', '')).body).toEqual({ enabled: false, recoveryCodesLeft: 0 });
  const wrong = await call('POST', '/confirm', { code: codeFor(secret, 5) });
  expect(wrong.status).toBe(422);
  const confirmed = await call('POST', '/confirm', { code: codeFor(secret) });
  expect(confirmed.status).toBe(200);
  const recoveryCodes = confirmed.body.recoveryCodes as string[];
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  expect((await call('GET', '')).body).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  return { ws, cookie, call, secret, recoveryCodes };
}

const login = (email: string, password: string, code?: string, ip = '198.51.100.9') =>
  t.request('POST', '/api/v1/auth/login', {
    body: { email, password, ...(code === undefined ? {} : { code }) },
    headers: { 'x-forwarded-for': ip },
  });

describe('second factor', () => {
  test('once on, sign-in needs a current code, and each code works once', async () => {
    const { ws, secret } = await withSecondFactor();
    const bare = await login(ws.ownerEmail, ws.password);
    expect(bare.status).toBe(401);
    expect(bare.body.code).toBe('second_factor_required');
    expect(bare.headers.get('set-cookie')).toBeNull();
    // A wrong password still says only that the email or password is wrong.
    const badPassword = await login(ws.ownerEmail, 'not-the-password', codeFor(secret));
    expect(badPassword.body.code).toBe('unauthenticated');

    t.clock.advance(60_000);
    try {
      const code = codeFor(secret);
      expect((await login(ws.ownerEmail, ws.password, '000000')).status).toBe(401);
      expect((await login(ws.ownerEmail, ws.password, code)).status).toBe(200);
      const replay = await login(ws.ownerEmail, ws.password, code);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('unauthenticated');
      // An older step than the one used is refused too; the next one works.
      expect((await login(ws.ownerEmail, ws.password, codeFor(secret, -1))).status).toBe(401);
      expect((await login(ws.ownerEmail, ws.password, codeFor(secret, 1))).status).toBe(200);
    } finally {
      t.clock.set(new Date());
    }
  });

  test('a recovery code signs in once, in any case and with or without its dash', async () => {
    const { ws, call, recoveryCodes } = await withSecondFactor();
    const [first, second] = recoveryCodes;
    expect((await login(ws.ownerEmail, ws.password, first.toUpperCase().replace('-', ''))).status).toBe(200);
    expect((await login(ws.ownerEmail, ws.password, first)).status).toBe(401);
    expect((await login(ws.ownerEmail, ws.password, second)).status).toBe(200);
    expect((await call('GET', '')).body).toEqual({ enabled: true, recoveryCodesLeft: 8 });
  });

  test('wrong codes count as failed sign-ins', async () => {
    const { ws } = await withSecondFactor();
    const ip = '203.0.113.90';
    for (let i = 0; i < t.config.login.failuresBeforeBackoff; i++)
      expect((await login(ws.ownerEmail, ws.password, String(100000 + i), ip)).status).toBe(401);
    expect((await login(ws.ownerEmail, ws.password, '123456', ip)).status).toBe(429);
  });

  test('setting up again while on is refused; turning it off needs the password', async () => {
    const { ws, call } = await withSecondFactor();
    expect((await call('POST', '')).status).toBe(409);
    const wrong = await call('POST', '/disable', { password: 'not-the-password' });
    expect(wrong.status).toBe(422);
    expect((await call('GET', '')).body.enabled).toBe(true);
    expect((await call('POST', '/disable', { password: ws.password })).status).toBe(204);
    expect((await call('GET', '')).body).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect((await login(ws.ownerEmail, ws.password)).status).toBe(200);
    expect((await call('POST', '/disable', { password: ws.password })).status).toBe(404);
  });

  test('a pending key does not change sign-in; tokens cannot touch it; bad bodies get a 4xx', async () => {
    const ws = await t.workspace();
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    expect((await t.request('POST', '/api/v1/auth/second-factor', { cookie })).status).toBe(201);
    expect((await login(ws.ownerEmail, ws.password)).status).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/second-factor', { token: ws.ownerToken })).status).toBe(403);
    for (const body of [{}, { code: '' }, { code: 'x'.repeat(21) }, { code: 123456 }]) {
      const res = await t.request('POST', '/api/v1/auth/second-factor/confirm', { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await login(ws.ownerEmail, ws.password, 'y'.repeat(21))).status).toBe(422);
  });
});
