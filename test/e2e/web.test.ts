// The web app in a real browser (Debian's Chromium driven by playwright-core): sign in,
// manage people and tokens, switch workspace and language. Screenshots of each main screen
// go to .ci/artifacts/screenshots. Skips with a message where Chromium is not installed.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWebIfMissing, webDist } from '../../src/http/web.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromiumPath);
if (!hasChromium) console.warn(`skipping browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

const shots = path.resolve(import.meta.dirname, '../../.ci/artifacts/screenshots');

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;

  beforeAll(async () => {
    await buildWebIfMissing({ info: () => {}, error: (o, m) => console.error(m, o) });
    expect(fs.existsSync(path.join(webDist, 'index.html'))).toBe(true);
    fs.mkdirSync(shots, { recursive: true });
    t = await createTestApp();
    ws = await t.workspace('Loja Centro');
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(base);
    await page.getByLabel(/email/i).fill(email);
    await page.getByLabel(/password/i).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function pick(page: Page, label: string | RegExp, option: string) {
    await page.getByRole('textbox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  test('a wrong password shows a clear error; the right one opens the workspace', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ws.ownerEmail, 'wrong-password-here');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('incorrect');
    await page.screenshot({ path: path.join(shots, 'login.png') });
    await page.getByLabel(/password/i).fill(ws.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome to Loja Centro' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'home.png'), fullPage: true });
    await page.close();
  });

  test('an owner adds a person and creates an API token shown once', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ws.ownerEmail, ws.password);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Add person' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/email/i).fill('bia@example.com');
    await dialog.getByLabel(/^name/i).fill('Bia Lima');
    await dialog.getByLabel(/initial password/i).fill('bia-password-123');
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('cell', { name: 'bia@example.com' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'settings-people.png'), fullPage: true });

    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByLabel('What it is for').fill('ERP integration');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()) ?? '';
    expect(token).toMatch(/^tnr_/);
    const me = await t.request('GET', '/api/v1/auth/me', { token });
    expect(me.body.role).toBe('analyst');
    await page.screenshot({ path: path.join(shots, 'settings-tokens.png'), fullPage: true });
    await page.close();
  });

  test('the language switches to Portuguese and Spanish, and the workspace switcher works', async () => {
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    await t.request('POST', '/api/v1/workspaces', { cookie, body: { name: 'Filial Norte', currency: 'BRL', locale: 'pt-BR' } });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ws.ownerEmail, ws.password);
    await page.getByRole('heading', { name: 'Welcome to Loja Centro' }).waitFor();

    await pick(page, 'Language', 'Português (Brasil)');
    await page.getByRole('heading', { name: 'Bem-vindo a Loja Centro' }).waitFor();
    expect(await page.getByRole('link', { name: 'Configurações' }).count()).toBe(1);
    await page.screenshot({ path: path.join(shots, 'home-pt-BR.png'), fullPage: true });

    await pick(page, 'Idioma', 'Español');
    await page.getByRole('heading', { name: 'Bienvenido a Loja Centro' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'home-es.png'), fullPage: true });

    await pick(page, 'Espacio de trabajo', 'Filial Norte');
    await page.getByRole('heading', { name: 'Bienvenido a Filial Norte' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Bienvenido a Filial Norte' }).waitFor();
    await page.close();
  });

  test('the agent screens fit a 390 px phone', async () => {
    const agent = await ws.member('agent');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, agent.email, agent.password);
    await page.getByRole('heading', { name: /Loja Centro/ }).waitFor();
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
    expect(signOut && signOut.x + signOut.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'home-phone.png'), fullPage: true });
    await page.close();
  });
});
