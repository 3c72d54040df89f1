// Cross-site request forgery against browser sessions, and the security headers of every kind
// of response, through the real HTTP stack.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let cookie: string;
let hook: { id: string; secret: string };

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://crm.example.com' } });
  ws = await t.workspace('CSRF');
  cookie = (await t.signIn(ws.ownerEmail, ws.password)).cookie;
  hook = (
    await t.request('POST', '/api/v1/webhooks', {
      token: ws.ownerToken,
      body: { url: 'https://hooks.example.com/in', eventTypes: ['*'] },
    })
  ).body;
});
afterAll(() => t.close());

/** A raw request as a browser would send it: exactly these headers, no helper defaults. */
const raw = (method: string, path: string, headers: Record<string, string>, body?: string) =>
  t.app.request(path, { method, headers, body });
const rotate = (headers: Record<string, string>) => raw('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, headers);
const secretNow = async () => (await t.request('GET', `/api/v1/webhooks/${hook.id}`, { token: ws.ownerToken })).body;

describe('state-changing requests authenticated by the session cookie', () => {
  test('a cross-site form POST with no body (rotate a webhook secret) is refused and changes nothing', async () => {
    const before = await secretNow();
    const forged = await rotate({
      cookie,
      origin: 'https://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '0',
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { detail: string }).detail).toMatch(/own pages.*evil\.example.*API token/);
    expect(await secretNow()).toEqual(before);
  });

  test('the Referer stands in for a missing Origin; neither, a foreign one or Origin: null → 403', async () => {
    expect((await rotate({ cookie, referer: 'https://evil.example/page' })).status).toBe(403);
    expect((await rotate({ cookie })).status).toBe(403);
    expect((await rotate({ cookie, origin: 'null', referer: 'http://localhost/settings' })).status).toBe(403);
    expect((await rotate({ cookie, origin: 'http://localhost.evil.example' })).status).toBe(403);
    expect(
      (await raw('DELETE', `/api/v1/webhooks/${hook.id}`, { cookie, origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (
        await raw(
          'PATCH',
          `/api/v1/webhooks/${hook.id}`,
          { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
          '{"active":false}',
        )
      ).status,
    ).toBe(403);
    expect((await secretNow()).active).toBe(true);
    expect((await rotate({ cookie, referer: 'http://localhost/settings/webhooks' })).status).toBe(200);
  });

  test('our own origin passes: as the request reached us, as PUBLIC_URL, or as a trusted proxy forwarded it', async () => {
    expect((await rotate({ cookie, origin: 'http://localhost' })).status).toBe(200);
    expect((await rotate({ cookie, origin: 'https://crm.example.com' })).status).toBe(200);
    expect(
      (
        await rotate({
          cookie,
          origin: 'https://tenure.internal',
          'x-forwarded-host': 'tenure.internal',
          'x-forwarded-proto': 'https',
        })
      ).status,
    ).toBe(200);
  });

  test('API tokens, safe methods and the public complaint form are not affected', async () => {
    expect((await rotate({ authorization: `Bearer ${ws.ownerToken}`, origin: 'https://evil.example' })).status).toBe(
      200,
    );
    expect((await raw('GET', '/api/v1/auth/me', { cookie, origin: 'https://evil.example' })).status).toBe(200);
    // A shop's own site posts the public form without our cookie (CORS without credentials).
    expect(
      (
        await t.request('PATCH', '/api/v1/complaint-settings', {
          token: ws.ownerToken,
          body: { publicFormEnabled: true },
        })
      ).status,
    ).toBe(200);
    const slug = (await t.request('GET', '/api/v1/workspace', { token: ws.ownerToken })).body.slug;
    const form = {
      name: 'Ana',
      email: 'ana@example.com',
      category: 'product',
      subject: 'Broken',
      description: 'It broke.',
    };
    const submitted = await raw(
      'POST',
      `/api/v1/public/workspaces/${slug}/complaints`,
      { origin: 'https://shop.example', 'content-type': 'application/json' },
      JSON.stringify(form),
    );
    expect(submitted.status).toBe(201);
  });
});

describe('security headers', () => {
  const expectCommon = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  };

  test('pages (the web app, /docs) get a script-only-from-self policy', async () => {
    for (const path of ['/', '/customers/123', '/p/demo/complaints/new', '/docs', '/docs/assets/start.js']) {
      const res = await t.app.request(path);
      expectCommon(res);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const docs = await (await t.app.request('/docs')).text();
    expect(docs).not.toMatch(/<script>/);
  });

  test('API answers, including errors, load nothing at all', async () => {
    const answers = [
      await t.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${ws.ownerToken}` } }),
      await t.app.request('/api/v1/auth/me'),
      await t.app.request('/api/v1/nowhere'),
      await t.app.request('/openapi.json'),
      await t.app.request('/healthz'),
      await rotate({ cookie, origin: 'https://evil.example' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200, 200, 403]);
    for (const res of answers) {
      expectCommon(res);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });
});
