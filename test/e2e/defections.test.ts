// The defection register in a real browser: a customer who left answers the exit survey in their
// own language (Spanish) through the link, once; staff see the reason worded (never its code) on
// the customer 360, record a win-back there, and find the reasons in every language in Settings.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';

describe.skipIf(!hasChromium)('defections in Chromium', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let base: string;
  let browser: Browser;
  let close: () => Promise<void>;
  let customerId: string;
  let pagePath: string;
  const api = async (method: string, p: string, body?: unknown) => {
    const r = await t.request(method, `/api/v1${p}`, { token: ws.ownerToken, body });
    expect(r.status, r.text).toBeLessThan(300);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Tienda Sur');
    customerId = (await api('POST', '/customers', { name: 'Lucía Gómez', locale: 'es' })).id;
    pagePath = (await api('POST', `/customers/${customerId}/defections`, { channel: 'phone' })).exitSurvey.pagePath;
    ({ base, browser, close } = await startBrowser(t));
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await t?.close();
  });

  async function signedIn(page: Page) {
    await page.goto(base);
    await page.getByLabel(/email/i).fill(ws.ownerEmail);
    await page.getByLabel(/password/i).fill(ws.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  test("the exit survey speaks the customer's language and takes one answer", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}${pagePath}`);
    await page.getByRole('heading', { name: '¿Por qué dejó Tienda Sur?' }).waitFor();
    await page.getByRole('radio', { name: 'Precio' }).check();
    await page.getByLabel('¿Algo más que quiera agregar? (opcional)').fill('Encontré algo más barato');
    await page.screenshot({ path: path.join(shots, 'exit-survey.png'), fullPage: true });
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.getByText('Gracias por contarnos.').waitFor();
    const { items } = await api('GET', `/defections?customerId=${customerId}`);
    expect(items[0]).toMatchObject({ reasonCode: 'price', freeText: 'Encontré algo más barato' });
    await page.goto(`${base}${pagePath}`);
    // A spent link no longer says whose it is, so the page speaks the browser's language (or the picker's).
    await page.getByText(/^(This link is not valid any more|Este enlace ya no es válido)/).waitFor();
    await page.close();
  });

  test('the 360 shows the defection worded, records a win-back, and Settings lists the reasons', async () => {
    const page = await browser.newPage();
    await signedIn(page);
    await page.goto(`${base}/customers/${customerId}`);
    const panel = page.getByTestId('defections-panel');
    await panel.getByTestId('defection').getByText('Price', { exact: true }).waitFor();
    expect(await panel.textContent()).not.toContain('price');
    await panel.getByRole('button', { name: 'Record win-back' }).click();
    await panel.getByTestId('reactivation').waitFor();
    await page.screenshot({ path: path.join(shots, 'defections-360.png'), fullPage: true });
    await page.goto(`${base}/settings/defections`);
    const reasons = page.getByTestId('defection-reasons');
    await reasons.getByRole('textbox', { name: 'Portuguese (Brazil)' }).first().waitFor();
    expect(await reasons.getByRole('textbox', { name: 'Portuguese (Brazil)' }).first().inputValue()).toBe('Preço');
    await page.close();
  });
});
