// The Churn page and the 360's churn-risk panel in Chromium, in Portuguese, on a simulated
// contract book (churn.simulate.testing.ts: invoice payers leave 2× as fast), after a real churn
// run. What the screen shows is checked against what the API answers for the same workspace,
// an at-risk customer is assigned as a task from the worklist, and no raw code reaches the
// screen. Screenshots go to .ci/artifacts/screenshots. Skips where Chromium is missing.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simulateContractBook } from '../../src/modules/churn/churn.simulate.testing.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';
import { waitFor } from '../support/wait.ts';

type BrowserRig = Awaited<ReturnType<typeof startBrowser>>;
// The real clock: the browser drops a session cookie whose expiry the server computed from a past date.
const asOf = new Date();
const ptNumber = (v: number, digits: number) =>
  new Intl.NumberFormat('pt-BR', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);

describe.skipIf(!hasChromium)('churn diagnostics in Chromium', () => {
  let t: TestApp;
  let rig: BrowserRig;
  let shop: Awaited<ReturnType<TestApp['workspace']>>;
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ jobs: true });
    shop = await t.workspace('Telco Sul');
    await api('PATCH', '/workspace', { currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    await simulateContractBook(t.deps.db, { workspaceId: shop.id, contracts: 1_200, asOf, seed: 5 });
    const queued = await api('POST', '/churn/model/runs', {});
    await waitFor(
      async () => {
        const runs = await api('GET', '/churn/model/runs');
        const run = runs.items.find((r: { id: string }) => r.id === queued.id);
        return run && run.status !== 'queued' && run.status !== 'running' ? run : undefined;
      },
      { what: 'the churn run to finish', timeoutMs: 120_000 },
    );
    rig = await startBrowser(t);
  }, 240_000);

  afterAll(async () => {
    await rig?.close();
    await t?.close();
  });

  async function signInInPortuguese(page: Page) {
    await page.goto(rig.base);
    await page.getByLabel(/email/i).fill(shop.ownerEmail);
    await page.getByLabel(/password/i).fill(shop.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('textbox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Português (Brasil)' }).click();
    await page.getByRole('button', { name: 'Sair' }).waitFor();
  }

  /** Codes the API sends that must reach the screen only as words. */
  const rawCodes = [
    'competitor_offer',
    'payment_method',
    'direct_debit',
    'bank_transfer',
    'invoice',
    'term_months',
    'tenure_months',
  ];

  test('the model card, drivers and worklist show what the API answers, worded in Portuguese', async () => {
    const card = await api('GET', '/churn/model');
    expect(card.run.status).toBe('succeeded');
    expect(card.auc.mean).toBeGreaterThan(card.baselineAuc.mean);
    const drivers = await api('GET', '/churn/drivers');
    expect(drivers.effects.length).toBeGreaterThan(0);
    const worklist = await api('GET', '/churn/worklist?limit=25');
    expect(worklist.items.length).toBeGreaterThan(0);

    // One customer who left says why: the reasons table beside the drivers shows it, in Portuguese.
    await api('POST', `/customers/${worklist.items.at(-1).customerId}/defections`, {
      reasonCode: 'competitor_offer',
      defectedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    });

    const page = await rig.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInInPortuguese(page);
    await page.goto(`${rig.base}/churn`);
    await page.getByRole('heading', { name: 'Diagnóstico de evasão' }).waitFor();

    const auc = page.getByTestId('churn-auc');
    await auc.waitFor();
    expect(await auc.textContent()).toContain(`${ptNumber(card.auc.mean, 3)} ± ${ptNumber(card.auc.sd, 3)}`);
    const effects = page.getByTestId('churn-drivers-table').locator('tbody tr');
    await expect.poll(() => effects.count()).toBe(Math.min(12, drivers.effects.length));
    const rows = page.getByTestId('churn-worklist-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(worklist.items.length);
    // Ranked by expected loss, as the API ranks it: the first row is the API's first customer.
    expect(await rows.first().textContent()).toContain(worklist.items[0].customerName);
    const reasons = page.getByTestId('churn-reasons-table');
    await reasons.waitFor();
    expect(await reasons.textContent()).toContain('Oferta da concorrência');
    expect(await reasons.textContent()).toContain(
      new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(1),
    );
    await page.getByTestId('churn-survival').waitFor();
    await page.getByTestId('churn-retention').waitFor();

    const text = (await page.locator('main').textContent()) ?? '';
    for (const code of rawCodes) expect(text, code).not.toContain(code);
    await page.screenshot({ path: path.join(shots, 'churn-pt-BR.png'), fullPage: true });

    // Assign the riskiest customer to the owner as a task, from the worklist.
    await rows.first().getByRole('button', { name: 'Atribuir' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Atribuir a' }).click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('button', { name: 'Criar tarefa' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const tasks = await waitFor(
      async () => {
        const list = await api('GET', '/tasks');
        return list.items.length ? list.items : undefined;
      },
      { what: 'the task made from the worklist' },
    );
    expect(tasks[0]).toMatchObject({
      customerId: worklist.items[0].customerId,
      status: 'open',
      source: 'churn_worklist',
    });
    await page.close();
  });

  test('the customer 360 shows the risk with its drivers in words', async () => {
    const [top] = (await api('GET', '/churn/worklist?limit=1')).items;
    const { risk } = await api('GET', `/customers/${top.customerId}/churn`);
    expect(risk.drivers.length).toBeGreaterThan(0);
    const page = await rig.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInInPortuguese(page);
    await page.goto(`${rig.base}/customers/${top.customerId}`);
    const panel = page.getByTestId('churn-panel');
    await panel.waitFor();
    await expect
      .poll(() => panel.textContent())
      .toContain(new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(risk.risk));
    const text = (await panel.textContent()) ?? '';
    for (const code of rawCodes) expect(text, code).not.toContain(code);
    await page.screenshot({ path: path.join(shots, 'customer-churn-pt-BR.png'), fullPage: true });
    await page.close();
  });
});
