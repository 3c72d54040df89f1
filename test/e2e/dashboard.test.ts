// The home dashboard, the analytics screen and the 360's value panel in Chromium, on demo data
// (whose seed gives complaints in every SLA state, a loyalty liability, and a scoring run with a
// fitted CLV model; the first checks say so, so no later check can pass on an empty screen).
// (a) The complaints SLA and loyalty liability cards. (b) The pyramid, RFM, CLV and value
// screens, checked against what the real analytics API answers for the seeded workspace, and
// again after a scoring run queued from the screen. No answer is canned: every request reaches
// the server. Screenshots go to .ci/artifacts/screenshots. Skips where Chromium is missing.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { loadDemo } from '../../src/workflows/demo/load-demo.ts';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';
import { rawCodes } from '../support/screen-checks.ts';

type BrowserRig = Awaited<ReturnType<typeof startBrowser>>;

/** Signs in from the login screen and waits for the signed-in shell. */
async function signInAs(page: Page, base: string, email: string, password: string) {
  await page.goto(base);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, name), fullPage: true });

describe.skipIf(!hasChromium)('dashboard and analytics in Chromium', () => {
  let t: TestApp;
  let rig: BrowserRig;
  let shop: Awaited<ReturnType<TestApp['workspace']>>;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    // Jobs run, so a scoring run queued from the screen is carried out.
    t = await createTestApp({ jobs: true });
    shop = await t.workspace('Casa Verde');
    await t.request('PATCH', '/api/v1/workspace', {
      token: shop.ownerToken,
      body: { currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    });
    const demo = await loadDemo(t.deps, { workspaceId: shop.id, customers: 80, seed: 11 });
    // The analytics checks below read the seed's scoring run and its fitted model.
    expect(demo.scoring?.modelConverged).toBe(true);
    [customer] = await queryRows<{ id: string; name: string }>(
      t.deps.db,
      sql`select c.id, c.name from customers c where c.workspace_id = ${shop.id}
          order by (select count(*) from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id) desc, c.id limit 1`,
    );
    rig = await startBrowser(t);
  }, 240_000);

  afterAll(async () => {
    await rig?.close();
    await t?.close();
  });

  const newPage = (width = 1366, height = 900) => rig.browser.newPage({ viewport: { width, height } });

  test('the home dashboard shows complaints by SLA state and the loyalty liability with its trend', async () => {
    const page = await newPage();
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    await page.getByRole('heading', { name: 'Welcome to Casa Verde' }).waitFor();
    const sla = page.getByTestId('dashboard-sla');
    await sla.getByTestId('sla-on_track').waitFor();
    // Each state's count is what the complaints list says; the demo seed has complaints in every state.
    for (const state of ['on_track', 'at_risk', 'breached', 'met']) {
      const listed = await t.request('GET', `/api/v1/complaints?slaState=${state}&limit=200`, {
        token: shop.ownerToken,
      });
      expect(listed.body.items.length, state).toBeGreaterThan(0);
      const expected = `${listed.body.items.length}${listed.body.nextCursor ? '+' : ''}`;
      await expect.poll(() => sla.getByTestId(`sla-${state}`).locator('p').last().textContent()).toBe(expected);
    }
    const kpis = await t.request('GET', '/api/v1/complaints/kpis', { token: shop.ownerToken });
    expect(kpis.body.overall.registered).toBeGreaterThan(0);
    expect(await sla.textContent()).toContain(`Registered${kpis.body.overall.registered}`);

    const loyalty = page.getByTestId('dashboard-loyalty');
    const overview = await t.request('GET', '/api/v1/loyalty/reports/overview', { token: shop.ownerToken });
    expect(overview.body.liabilityMinor).toBeGreaterThan(0);
    // Money in the workspace's currency and locale (BRL, pt-BR), whatever the screen language.
    const liability = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(
      overview.body.liabilityMinor / 100,
    );
    await expect.poll(() => loyalty.getByTestId('loyalty-liability').textContent()).toContain(liability);
    const chart = loyalty.getByTestId('earn-burn-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(/Points earned and burned per month over \d+ months/);
    await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // The SLA tiles are links to the inbox filtered by that state, reachable by keyboard.
    await sla.getByTestId('sla-breached').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).search).toBe('?slaState=breached');
    await page.goBack();
    await loyalty.getByTestId('loyalty-liability').waitFor();
    await screenshot(page, 'dashboard.png');
    await page.close();
  });

  test('the dashboard fits a 390 px phone and speaks Portuguese', async () => {
    const page = await newPage(390, 844);
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    await page.getByRole('textbox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Português (Brasil)' }).click();
    await page.getByTestId('dashboard-sla').getByText('SLA de reclamações').waitFor();
    await page.getByTestId('dashboard-loyalty').getByText('Passivo de fidelidade').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'dashboard-phone-pt-BR.png');
    await page.close();
  });

  test('in Portuguese no main screen shows a raw code (event types, categories, root causes, statuses)', async () => {
    const page = await newPage();
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    await page.evaluate("localStorage.setItem('tenure.lang', 'pt-BR')");
    const complaints = await t.request('GET', '/api/v1/complaints?limit=1', { token: shop.ownerToken });
    const screens: [string, string][] = [
      ['home', '/'],
      ['customers', '/customers'],
      ['customer-360', `/customers/${customer.id}`],
      ['complaints', '/complaints'],
      ['complaint', `/complaints/${complaints.body.items[0].id}`],
      ['analytics', '/analytics'],
      ['churn', '/churn'],
      ['campaigns', '/campaigns'],
      ['affinity', '/affinity'],
      ['kpis', '/kpis'],
      ['loyalty', '/loyalty'],
      ['surveys', '/surveys'],
      ['settings', '/settings'],
      ['my-tasks', '/my/tasks'],
      ['my-book', '/my/book'],
      ['scoreboard', '/people/scoreboard'],
      ['recognition', '/people/recognition'],
      ['privacy', '/privacy'],
      ['audit-log', '/settings/audit'],
    ];
    const found: string[] = [];
    for (const [name, url] of screens) {
      await page.goto(`${rig.base}${url}`);
      await page
        .locator('main h2, main h3')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      // Panels load on their own; a screen still loading after a while is checked as it stands.
      await expect
        .poll(() => page.locator('.mantine-Loader-root').count(), { timeout: 15_000 })
        .toBe(0)
        .catch(() => undefined);
      const codes = rawCodes(await page.locator('body').innerText());
      if (codes.length) console.log(`raw codes on ${name}: ${codes.join(', ')}`);
      for (const code of codes) found.push(`${name}: ${code}`);
      await page.screenshot({ path: path.join(shots, `pt-BR-${name}.png`) });
    }
    expect(found).toEqual([]);
    await page.close();
  }, 300_000);

  test('roles that may not see KPIs, program finances or analytics get no such cards', async () => {
    const agent = await shop.member('agent');
    const page = await newPage();
    await signInAs(page, rig.base, agent.email, agent.password);
    await page.getByRole('heading', { name: 'Welcome to Casa Verde' }).waitFor();
    await page.getByRole('link', { name: 'Customers', exact: true }).waitFor();
    expect(await page.getByTestId('dashboard-sla').count()).toBe(0);
    expect(await page.getByTestId('dashboard-loyalty').count()).toBe(0);
    // Agents do not read the analytics (analytics:read), so no pyramid, RFM or Analytics entry.
    expect(await page.getByTestId('dashboard-pyramid').count()).toBe(0);
    expect(await page.getByTestId('dashboard-rfm').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Analytics' }).count()).toBe(0);
    // Opened by address, the screen says why it shows nothing, and asks for no analytics.
    const analyticsCalls: string[] = [];
    page.on('request', (r) => r.url().includes('/api/v1/analytics/') && analyticsCalls.push(r.url()));
    await page.goto(`${rig.base}/analytics`);
    await page.getByText(en.analytics.notAllowedTitle).waitFor();
    expect(analyticsCalls).toEqual([]);
    await page.close();
  });

  /** The checks of the analytics screens, before and after a scoring run from the screen. */
  async function checkAnalyticsScreens(page: Page, prefix: string) {
    await page.goto(rig.base);
    const card = page.getByTestId('dashboard-pyramid');
    await card.getByTestId('pyramid').waitFor();
    for (const tier of ['platinum', 'gold', 'iron', 'lead'])
      expect(await card.getByTestId(`pyramid-${tier}`).getAttribute('aria-label')).toMatch(
        /customers \(.*% of customers\), .*% of profit/,
      );
    await page.getByTestId('dashboard-rfm').getByTestId('rfm-grid').waitFor();
    expect(await page.getByTestId('dashboard-rfm').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, `${prefix}dashboard.png`);

    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics', level: 2 }).waitFor();
    await page.getByTestId('pyramid-table').waitFor();
    await page.getByTestId('analytics-rfm').getByTestId('rfm-segments').waitFor();
    const clv = page.getByTestId('analytics-clv');
    await clv.getByTestId('clv-params').waitFor();
    expect(await clv.getByTestId('clv-params').locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    await clv.getByTestId('heatmap-expected').waitFor();
    await clv.getByTestId('heatmap-alive').waitFor();
    await expect.poll(() => clv.getByTestId('tracking-chart').locator('.recharts-line').count()).toBe(2);
    await page.getByTestId('analytics-runs').waitFor();
    await screenshot(page, `${prefix}analytics.png`);

    await page.goto(`${rig.base}/customers/${customer.id}`);
    const value = page.getByTestId('value-panel');
    // The customer with the most purchases: every scoring run gives them metrics.
    await value.getByTestId('value-metrics').waitFor();
    await screenshot(page, `${prefix}customer-360-value.png`);
    return value;
  }

  test('the analytics screens show what the API answers for the seeded workspace (pyramid, RFM, CLV diagnostics, value)', async () => {
    const get = async (path: string) => {
      // The screen is in English and says so (Accept-Language): the reasons it shows are worded in English.
      const res = await t.request('GET', `/api/v1${path}`, {
        token: shop.ownerToken,
        headers: { 'accept-language': 'en' },
      });
      expect(res.status, path).toBe(200);
      return res.body;
    };
    const [pyramid, model, v] = await Promise.all([
      get('/analytics/pyramid'),
      get('/analytics/clv/model'),
      get(`/customers/${customer.id}/value`),
    ]);
    // Numbers and money in the workspace's locale and currency (pt-BR, BRL), whatever the screen language.
    const number = (x: number, options: Intl.NumberFormatOptions) => new Intl.NumberFormat('pt-BR', options).format(x);
    const page = await newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    const value = await checkAnalyticsScreens(page, '');
    // The menu, cards and panels follow the role alone: the app never reads the OpenAPI document.
    expect(requested).toContain('/api/v1/analytics/pyramid');
    expect(requested).not.toContain('/openapi.json');
    // The customer with the most purchases has a tier, an RFM segment and a CLV in the seed's run.
    expect(v.tier).not.toBeNull();
    await value.getByTestId('tier-badge').waitFor();
    expect(await value.getByTestId('tier-badge').textContent()).toBe(
      en.analytics.tiers[v.tier.tier as keyof typeof en.analytics.tiers],
    );
    expect(await value.getByTestId('value-tier').textContent()).toContain(v.tier.reason);
    expect(await value.getByTestId('value-rfm').textContent()).toContain(
      en.analytics.segments[v.rfm.segment as keyof typeof en.analytics.segments],
    );
    const metrics = await value.getByTestId('value-metrics').textContent();
    expect(v.metrics.length).toBeGreaterThan(0);
    for (const m of v.metrics) expect(metrics).toContain(en.value.metrics[m.key as keyof typeof en.value.metrics]);
    const profit = v.metrics.find((m: { key: string }) => m.key === 'net_profit_minor');
    expect(await value.locator('[data-metric="net_profit_minor"]').textContent()).toBe(
      number(profit.value / 100, { style: 'currency', currency: 'BRL' }),
    );
    expect(await value.getByTestId('value-clv').textContent()).toContain(
      number(v.clv.pAlive, { style: 'percent', maximumFractionDigits: 1 }),
    );

    // Parameters as the model has them, and the fit's state.
    await page.goto(`${rig.base}/analytics`);
    const params = page.getByTestId('clv-params');
    await params.waitFor();
    for (const p of ['r', 'alpha', 'a', 'b'])
      expect(await params.textContent()).toContain(number(model.params[p], { maximumSignificantDigits: 4 }));
    expect(await page.getByTestId('clv-converged').textContent()).toBe('Converged');
    const platinum = pyramid.tiers.find((x: { tier: string }) => x.tier === 'platinum');
    expect(await page.getByTestId('pyramid-table').locator('tbody tr').first().textContent()).toContain(
      `${platinum.customers}`,
    );
    // The heatmaps are recomputed from the parameters when the horizon changes.
    const before = await page.getByTestId('heatmap-expected').textContent();
    await page.getByLabel('Horizon (weeks)').fill('10');
    await expect.poll(() => page.getByTestId('heatmap-expected').textContent()).not.toBe(before);

    // On a phone the analytics screen fits (tables scroll inside their cards).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('heatmap-alive').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'analytics-phone.png');
    await page.close();
  });

  test('the tier shares and CLV settings are edited in Settings, with errors beside their field', async () => {
    const page = await newPage();
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    await page.goto(`${rig.base}/settings/value`);
    const form = page.getByTestId('value-settings-form');
    await form.waitFor();
    const field = (name: string) => page.getByTestId(`value-${name}`);
    await field('platinumPercent').fill('40');
    await field('goldPercent').fill('70');
    await page.getByTestId('save-value-settings').click();
    await expect.poll(() => form.textContent()).toContain('the platinum and gold shares together must be at most 100%');
    expect((await t.request('GET', '/api/v1/analytics/settings', { token: shop.ownerToken })).body).toMatchObject({
      platinumShare: 0.05,
      goldShare: 0.15,
    });
    await field('platinumPercent').fill('10');
    await field('goldPercent').fill('20');
    await field('marginPercent').fill('35');
    await page.getByTestId('save-value-settings').click();
    await form.getByRole('status').waitFor();
    expect((await t.request('GET', '/api/v1/analytics/settings', { token: shop.ownerToken })).body).toMatchObject({
      platinumShare: 0.1,
      goldShare: 0.2,
      clvMargin: 0.35,
    });
    await screenshot(page, 'settings-value.png');
    // Back to the defaults, so the other tests see the usual pyramid.
    expect((await t.request('PUT', '/api/v1/analytics/settings', { token: shop.ownerToken, body: {} })).status).toBe(
      200,
    );
    await page.close();
  });

  test('with the analytics API: run scoring from the screen, then the pyramid, RFM, CLV and value panel show it', async () => {
    const page = await newPage();
    await signInAs(page, rig.base, shop.ownerEmail, shop.password);
    const runsBefore = (await t.request('GET', '/api/v1/analytics/score-runs', { token: shop.ownerToken })).body.items
      .length;
    await page.goto(`${rig.base}/analytics`);
    await page.getByTestId('run-scoring').click();
    // The run is followed until it ends, then the screens fetch the new scores.
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 120_000, interval: 1000 })
      .toBe('Scores updated.');
    const runs = (await t.request('GET', '/api/v1/analytics/score-runs', { token: shop.ownerToken })).body.items;
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', customersScored: 80, converged: true });
    expect((await t.request('GET', '/api/v1/analytics/clv/model', { token: shop.ownerToken })).status).toBe(200);
    await checkAnalyticsScreens(page, 'rescored-');

    // A tier in the pyramid opens the customers list filtered to it.
    const pyramid = (await t.request('GET', '/api/v1/analytics/pyramid', { token: shop.ownerToken })).body;
    const platinum = pyramid.tiers.find((x: { tier: string }) => x.tier === 'platinum').customers as number;
    expect(platinum).toBeGreaterThan(0);
    await page.goto(`${rig.base}/analytics`);
    await page.getByTestId('pyramid-table').getByRole('link', { name: 'Platinum' }).first().click();
    await page.waitForURL(/\/customers\?tier=platinum/);
    await expect
      .poll(() => page.getByTestId('customer-table').locator('tbody tr').count())
      .toBe(Math.min(platinum, 50));
    await page.close();
  }, 240_000);
});
