// The first load: the web app as built now (into a temporary folder, so a stale web/dist cannot
// pass) keeps its initial JavaScript — the entry and what index.html preloads — under the budget,
// each page is a chunk of its own, and the server sends the assets brotli- or gzip-compressed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webRoutes } from '../src/http/web.ts';
import { webDist } from '../src/paths.ts';

/** Initial JavaScript, gzip-compressed: what a browser must fetch before the first screen. */
const BUDGET_GZIP_BYTES = 250_000;

describe('the built web app', { timeout: 600_000 }, () => {
  let out: string;
  let initial: string[];
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-web-'));
    const { build } = await import('vite');
    // Vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV: without this the test would
    // measure React's development build (about a third larger) instead of what `npm install` builds.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.resolve(webDist, '../vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    initial = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map(
      (m) => m[1],
    );
  }, 600_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test(`initial JavaScript is under ${BUDGET_GZIP_BYTES / 1000} kB gzip`, () => {
    expect(initial.length).toBeGreaterThan(0);
    const sizes = initial.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(out, f)), { level: 9 }).length]);
    const total = sizes.reduce((sum, [, n]) => sum + Number(n), 0);
    expect(total, `initial chunks: ${JSON.stringify(sizes)}`).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  test('pages and languages are chunks of their own, fetched when needed', () => {
    const chunks = fs.readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
    for (const name of ['CustomersPage', 'Customer360Page', 'LoyaltyPage', 'Settings', 'en', 'pt-BR', 'es']) {
      const chunk = chunks.find((f) => f.startsWith(`${name}-`));
      expect(chunk, `${name} chunk in ${chunks.join(' ')}`).toBeDefined();
      expect(initial).not.toContain(`assets/${chunk}`);
    }
  });

  test('assets leave brotli- or gzip-compressed, as the browser accepts', async () => {
    const web = webRoutes(out);
    const entry = initial[0];
    const raw = fs.readFileSync(path.join(out, entry));
    const br = await web.request(`/${entry}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(raw)).toBe(true);
    const gz = await web.request(`/${entry}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(raw)).toBe(true);
    const plain = await web.request(`/${entry}`);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(raw)).toBe(true);
  });
});
