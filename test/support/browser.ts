// Browser tests' shared set-up: Debian's Chromium through playwright-core, the test app served
// on a free port, sign-in, and where screenshots go (.ci/artifacts/screenshots).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildWebIfMissing, webDist } from '../../src/http/web.ts';
import type { TestApp } from './app.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(chromiumPath);
export const shots = path.resolve(import.meta.dirname, '../../.ci/artifacts/screenshots');

export type BrowserRig = { browser: Browser; base: string; close: () => Promise<void> };

/** Builds the web app if needed, serves `t` on a free port and launches Chromium. */
export async function startBrowser(t: TestApp): Promise<BrowserRig> {
  await buildWebIfMissing({ info: () => {}, error: (o, m) => console.error(m, o) });
  if (!fs.existsSync(path.join(webDist, 'index.html'))) throw new Error('the web app did not build');
  fs.mkdirSync(shots, { recursive: true });
  const server: ServerType = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    base,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Signs in from the login screen and waits for the signed-in shell. */
export async function signInAs(page: Page, base: string, email: string, password: string) {
  await page.goto(base);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, name), fullPage: true });
