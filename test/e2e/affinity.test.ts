// The Affinity page and the 360's next-best offers in Chromium, in Portuguese, on a simulated shop
// with a planted bundle (affinity.simulate.testing.ts: Kettle → Teapot), after a real affinity
// run: the model card shows the evaluation the API answers with its verdict, the rules table
// starts with the planted pair, and an offer's reason is worded, not coded. Screenshots go to
// .ci/artifacts/screenshots. Skips where Chromium is missing.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { simulateShop } from '../../src/modules/affinity/affinity.simulate.testing.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';
import { waitFor } from '../support/wait.ts';

type BrowserRig = Awaited<ReturnType<typeof startBrowser>>;
const ptPercent = (v: number) =>
  new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(v);

describe.skipIf(!hasChromium)('product affinity in Chromium', () => {
  let t: TestApp;
  let rig: BrowserRig;
  let shop: Awaited<ReturnType<TestApp['workspace']>>;
  let products: Map<string, string>;
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ jobs: true });
    shop = await t.workspace('Loja Casa');
    await api('PATCH', '/workspace', { currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    ({ products } = await simulateShop(t.deps.db, {
      workspaceId: shop.id,
      currency: 'BRL',
      customers: 600,
      seed: 9,
      end: new Date(),
    }));
    const queued = await api('POST', '/affinity/runs', {});
    await waitFor(
      async () => {
        const runs = await api('GET', '/affinity/runs');
        const run = runs.items.find((r: { id: string }) => r.id === queued.id);
        return run && run.status !== 'queued' && run.status !== 'running' ? run : undefined;
      },
      { what: 'the affinity run to finish', timeoutMs: 120_000 },
    );
    rig = await startBrowser(t);
  }, 300_000);

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

  test('the model card and the rules show what the API answers, in Portuguese', async () => {
    const card = await api('GET', '/affinity/model');
    const rules = await api('GET', '/affinity/rules?limit=25');
    const page = await rig.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInInPortuguese(page);
    await page.goto(`${rig.base}/affinity`);
    await page.getByRole('heading', { name: 'Afinidade de produtos' }).waitFor();
    const evaluation = page.getByTestId('affinity-evaluation');
    await evaluation.waitFor();
    const text = (await evaluation.textContent()) ?? '';
    expect(text).toContain(ptPercent(card.evaluation.model.hitRate));
    expect(text).toContain(ptPercent(card.evaluation.popularity.hitRate));
    expect(await page.getByTestId('affinity-verdict').textContent()).toBe(
      card.evaluation.beatsBaseline
        ? 'As ofertas superam a referência de popularidade'
        : 'As ofertas não superam a referência de popularidade: use com cuidado',
    );
    const rows = page.getByTestId('affinity-rules').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(rules.items.length);
    const first = (await rows.first().textContent()) ?? '';
    expect(first).toContain(rules.items[0].antecedent[0].label);
    expect(first).toContain(rules.items[0].consequent[0].label);
    await page.screenshot({ path: path.join(shots, 'affinity-pt-BR.png'), fullPage: true });
    await page.close();
  });

  test('the customer 360 offers the Teapot to a Kettle holder, saying why', async () => {
    const [holder] = await queryRows<{ customer_id: string }>(
      t.deps.db,
      sql`select t.customer_id from transactions t join transaction_lines l on l.workspace_id = t.workspace_id and l.transaction_id = t.id
          where t.workspace_id = ${shop.id}
          group by t.customer_id
          having bool_or(l.product_id = ${products.get('KETTLE')!}) and not bool_or(l.product_id = ${products.get('TEAPOT')!})
          order by t.customer_id limit 1`,
    );
    const page = await rig.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signInInPortuguese(page);
    await page.goto(`${rig.base}/customers/${holder.customer_id}`);
    const panel = page.getByTestId('offers-panel');
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('Quem tem Kettle compra');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Teapot');
    expect(text).not.toContain('holders_buy');
    await page.screenshot({ path: path.join(shots, 'customer-offers-pt-BR.png'), fullPage: true });
    await page.close();
  });
});
