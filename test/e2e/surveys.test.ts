// Surveys and feedback in a real browser: a customer answers an NPS survey on a phone-sized
// screen in their language (Portuguese) through the link, once, and asks for a complaint; staff
// see the answer and its comment on the Surveys page (search) and a compliment on the 360.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';

describe.skipIf(!hasChromium)('surveys in Chromium', () => {
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
    t = await createTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', MAIL_FROM: 'care@tenure.test' } });
    ws = await t.workspace('Loja Sul');
    customerId = (await api('POST', '/customers', { name: 'Marta Lima', email: 'marta@example.com', locale: 'pt-BR' }))
      .id;
    await api('PUT', `/customers/${customerId}/consents`, {
      consents: [{ channel: 'email', purpose: 'service', granted: true }],
    });
    pagePath = (await api('POST', '/surveys', { customerId, kind: 'nps' })).pagePath;
    await api('POST', '/feedback', {
      kind: 'compliment',
      customerId,
      employeeId: ws.ownerId,
      body: 'Atendimento ótimo',
    });
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

  test("the survey page fits a phone, speaks the customer's language and takes one answer", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${base}${pagePath}`);
    await page.getByRole('heading', { name: /recomendar Loja Sul/ }).waitFor();
    await page.getByRole('radio', { name: '3', exact: true }).click();
    await page.getByLabel('O que deu errado? (opcional)').fill('Entrega <b>atrasada</b>');
    await page.getByLabel('Registrar como reclamação para que alguém acompanhe').check();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'survey-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.getByText(/Registramos sua reclamação C-\d{4}-/).waitFor();
    const [s] = (await api('GET', `/surveys?customerId=${customerId}`)).items;
    expect(s).toMatchObject({ score: 3, comment: 'Entrega <b>atrasada</b>' });
    expect(s.complaintId).not.toBeNull();
    await page.goto(`${base}${pagePath}`);
    // An answered link no longer says whose it is, so the page speaks the browser's language (or the picker's).
    await page.getByText(/^(This survey has already been answered|Esta pesquisa já foi respondida)/).waitFor();
    await page.close();
  });

  test('staff find the answer by its comment on the Surveys page and the compliment on the 360', async () => {
    const page = await browser.newPage();
    await signedIn(page);
    await page.goto(`${base}/surveys`);
    await page
      .getByTestId('survey-nps')
      .getByText(/^-100 ± 0 \(n = 1\)$/)
      .waitFor();
    const answers = page.getByTestId('survey-answers');
    await answers.getByLabel('Search comments').fill('atrasada');
    await answers.getByText('Entrega <b>atrasada</b>').waitFor();
    await page.screenshot({ path: path.join(shots, 'surveys-page.png'), fullPage: true });
    await page.goto(`${base}/customers/${customerId}`);
    const panel = page.getByTestId('feedback-panel');
    await panel.getByText('Atendimento ótimo').waitFor();
    await panel.getByText('Praised: Owner').waitFor();
    await panel.getByTestId('feedback-survey').getByText('Entrega <b>atrasada</b>').waitFor();
    await page.close();
  });
});
