// API answers (JSON) and pages leave gzip-compressed when the client accepts it, and stay plain otherwise.
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

test('JSON is gzipped for a client that accepts it', async () => {
  const gz = await t.app.request('/openapi.json', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(gz.status).toBe(200);
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(gz.headers.get('vary')).toMatch(/accept-encoding/i);
  const sent = Buffer.from(await gz.arrayBuffer());
  const body = zlib.gunzipSync(sent);
  expect(JSON.parse(body.toString('utf8')).openapi).toBe('3.1.0');
  const plain = await t.app.request('/openapi.json');
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(body.length).toBe((await plain.arrayBuffer()).byteLength);
  expect(sent.length).toBeLessThan(body.length / 4);
});

test('an API list is gzipped too', async () => {
  const ws = await t.workspace('Compress');
  for (let i = 0; i < 30; i++) {
    await t.request('POST', '/api/v1/customers', { token: ws.ownerToken, body: { name: `Customer number ${i}` } });
  }
  const res = await t.app.request('/api/v1/customers?limit=50', {
    headers: { authorization: `Bearer ${ws.ownerToken}`, 'accept-encoding': 'gzip' },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-encoding')).toBe('gzip');
  expect(JSON.parse(zlib.gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).items).toHaveLength(30);
});

test('a client that sends no Accept-Encoding gets the body plain, with the Vary a cache needs', async () => {
  const res = await t.app.request('/openapi.json');
  expect(res.headers.get('content-encoding')).toBeNull();
  expect(res.headers.get('vary')).toBe('Accept-Encoding');
  expect(JSON.parse(await res.text()).openapi).toBe('3.1.0');
});
