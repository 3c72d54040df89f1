// A test app served on a free port and Debian's Chromium driven by playwright-core, for the
// browser tests (test/e2e). Screenshots go to .ci/artifacts/screenshots, which .ci/run keeps.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { buildWebIfMissing } from '../../src/http/web.ts';
import { webDist } from '../../src/paths.ts';
import type { TestApp } from './app.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(chromiumPath);
if (!hasChromium) console.warn(`skipping browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

export const shots = path.resolve(import.meta.dirname, '../../.ci/artifacts/screenshots');

/** Builds the web app if there is no build, serves `t` and starts a headless Chromium. */
export async function startBrowser(
  t: TestApp,
): Promise<{ base: string; browser: Browser; close: () => Promise<void> }> {
  await buildWebIfMissing({ info: () => {}, error: (o, m) => console.error(m, o) });
  if (!fs.existsSync(path.join(webDist, 'index.html'))) throw new Error('the web app did not build');
  fs.mkdirSync(shots, { recursive: true });
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
