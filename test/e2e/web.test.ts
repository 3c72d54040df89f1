// The web app in a real browser (Debian's Chromium driven by playwright-core): sign in,
// manage people and tokens, switch workspace and language, find a customer and work their 360.
// Screenshots of each main screen go to .ci/artifacts/screenshots. Skips with a message where
// Chromium is not installed.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { buildWebIfMissing } from '../../src/http/web.ts';
import { webDist } from '../../src/paths.ts';
import { loadDemo } from '../../src/workflows/demo/load-demo.ts';
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
  /** A Brazilian shop with demo customers, and the customer the tests look for. */
  let shop: Awaited<ReturnType<TestApp['workspace']>>;
  let star: { id: string; name: string; email: string };

  beforeAll(async () => {
    await buildWebIfMissing({ info: () => {}, error: (o, m) => console.error(m, o) });
    expect(fs.existsSync(path.join(webDist, 'index.html'))).toBe(true);
    fs.mkdirSync(shots, { recursive: true });
    t = await createTestApp();
    ws = await t.workspace('Loja Centro');
    shop = await t.workspace('Casa Verde');
    await t.request('PATCH', '/api/v1/workspace', {
      token: shop.ownerToken,
      body: { currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    });
    await loadDemo(t.deps, { workspaceId: shop.id, customers: 80, seed: 11 });
    // The customer with the most purchases and contacts, given a contract and a consent too.
    [star] = await queryRows<{ id: string; name: string; email: string }>(
      t.deps.db,
      sql`select c.id, c.name, c.email from customers c
          where c.workspace_id = ${shop.id} and c.email is not null
          order by (select count(*) from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id)
                 + (select count(*) from interactions i where i.workspace_id = c.workspace_id and i.customer_id = c.id) desc, c.id
          limit 1`,
    );
    const seeded = [
      await t.request('POST', '/api/v1/contracts', {
        token: shop.ownerToken,
        body: {
          customerId: star.id,
          plan: 'Clube Verde Plus',
          startedAt: '2025-02-01T12:00:00Z',
          renewsAt: '2027-02-01T12:00:00Z',
          monthlyValueMinor: 4990,
        },
      }),
      await t.request('PUT', `/api/v1/customers/${star.id}/consents`, {
        token: shop.ownerToken,
        body: { consents: [{ channel: 'email', purpose: 'marketing', granted: true, source: 'site' }] },
      }),
    ];
    expect(seeded.map((r) => r.status)).toEqual([201, 200]);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
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

  /** Signs in and waits until the app shows the signed-in shell. */
  async function signedIn(page: Page, email: string, password: string) {
    await signIn(page, email, password);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
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

  test('an owner invites a person, who accepts through the link; tokens show who made them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, ws.ownerEmail, ws.password);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Invite person' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/email/i).fill('bia@example.com');
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const link = (await page.getByTestId('invitation-link').textContent()) ?? '';
    expect(link).toMatch(/\/invite#tiv_/);
    await page.screenshot({ path: path.join(shots, 'settings-invitation-link.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('pending-invitations').getByRole('cell', { name: 'bia@example.com' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'settings-people.png'), fullPage: true });

    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByLabel('What it is for').fill('ERP integration');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()) ?? '';
    expect(token).toMatch(/^tnr_/);
    const me = await t.request('GET', '/api/v1/auth/me', { token });
    expect(me.body.role).toBe('analyst');
    await page.getByTestId('token-list').getByText(ws.ownerEmail).first().waitFor();
    await page.screenshot({ path: path.join(shots, 'settings-tokens.png'), fullPage: true });
    await page.close();

    // The person invited opens the link in their own browser, new to Tenure.
    const invitee = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await invitee.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await invitee.getByRole('heading', { name: 'Join Loja Centro' }).waitFor();
    await invitee.getByText('I am new to Tenure').click();
    await invitee.getByLabel('Your name').fill('Bia Lima');
    await invitee.getByLabel('Choose a password').fill('bia-password-123');
    await invitee.screenshot({ path: path.join(shots, 'accept-invitation.png'), fullPage: true });
    await invitee.getByRole('button', { name: 'Accept and sign in' }).click();
    await invitee.getByRole('heading', { name: 'Welcome to Loja Centro' }).waitFor();
    // …and names themselves as they like.
    await invitee.getByRole('link', { name: 'Settings' }).click();
    await invitee.getByRole('tab', { name: 'Your profile' }).click();
    await invitee.getByLabel('Your name').fill('Beatriz Lima');
    await invitee.getByRole('button', { name: 'Save' }).click();
    await invitee.getByText('Saved').waitFor();
    const members = await t.request('GET', '/api/v1/users', { token: ws.ownerToken });
    expect(members.body.items).toContainEqual(
      expect.objectContaining({ email: 'bia@example.com', name: 'Beatriz Lima', role: 'agent' }),
    );
    // The link worked once.
    await invitee.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await invitee.getByTestId('invitation-invalid').waitFor();
    await invitee.close();
  });

  test('the language switches to Portuguese and Spanish, and the workspace switcher works', async () => {
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    await t.request('POST', '/api/v1/workspaces', {
      cookie,
      body: { name: 'Filial Norte', currency: 'BRL', locale: 'pt-BR' },
    });
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

  test('a file refused for its header says why in the reader’s language, not in the server’s English', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, ws.ownerEmail, ws.password);
    await page.goto(`${base}/imports`);
    await page.getByRole('heading', { name: 'Imports', exact: true }).waitFor();
    await pick(page, 'Language', 'Português (Brasil)');
    await page.getByRole('heading', { name: 'Importações', exact: true }).waitFor();
    const form = page.getByTestId('import-upload');
    await form.locator('input[type="file"]').setInputFiles({
      name: 'clientes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('external_id;name\nX1;Xavier\n'),
    });
    await form.getByRole('button', { name: 'Enviar' }).click();
    // The 422's code and values (missing_columns), said as web/src/locales/pt-BR.json words them.
    const alert = form.getByRole('alert');
    await alert.getByText(/^Faltam colunas obrigatórias: external_id, name\./).waitFor();
    expect(await alert.textContent()).toContain('O arquivo parece separado por Ponto e vírgula (;)');
    expect(await alert.textContent()).not.toMatch(/Missing required|delimiter=/);
    await page.screenshot({ path: path.join(shots, 'import-refused-pt-BR.png') });
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

  test('an owner searches a customer, opens the 360 and sees the timeline, purchases, contracts and consents', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    const rows = page.getByTestId('customer-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    // Each customer's value, the total, and sorting by a value column from its header.
    for (const name of ['Tier', 'Predicted CLV', 'P(alive)', 'Last purchase', 'Points'])
      expect(await page.getByRole('columnheader', { name }).count()).toBe(1);
    const listed = await t.request('GET', '/api/v1/customers?limit=1', { token: shop.ownerToken });
    expect(listed.body).toMatchObject({ estimated: false });
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe(`${listed.body.total} customers`);
    await page.screenshot({ path: path.join(shots, 'customers.png') });
    await page.getByRole('button', { name: 'Predicted CLV' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-predictedClv');
    const byClv = await t.request('GET', '/api/v1/customers?sort=-predictedClv&limit=3', { token: shop.ownerToken });
    const names = () => rows.locator('a[data-result]').allTextContents();
    await expect
      .poll(async () => (await names()).slice(0, 3))
      .toEqual(byClv.body.items.map((c: { name: string }) => c.name));
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Predicted CLV' }).getAttribute('aria-sort'))
      .toBe('descending');
    // Ticking rows offers the bulk actions.
    await rows.first().getByRole('checkbox').check();
    await expect.poll(() => page.getByTestId('bulk-bar').textContent()).toContain('1 selected');
    await page.goto(`${base}/customers`);
    await expect.poll(() => rows.count()).toBe(50);

    await page.getByTestId('customer-search').fill(star.email.toUpperCase().slice(0, -3));
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('link', { name: star.name }).click();
    await page.getByRole('heading', { name: star.name }).waitFor();
    const events = page.getByTestId('timeline').locator('.mantine-Timeline-item');
    await expect.poll(() => events.count()).toBeGreaterThan(3);
    expect(await page.locator('[data-type="transaction.purchased"]').count()).toBeGreaterThan(0);
    // Money in the workspace's currency and locale (BRL, pt-BR), whatever the screen language.
    await expect.poll(() => page.getByTestId('purchase-summary').textContent()).toMatch(/R\$\s?[\d.]+,\d{2}/);
    // Each panel loads on its own: wait for its rows, not for the purchases'.
    await expect.poll(() => page.getByTestId('contracts-panel').textContent()).toContain('Clube Verde Plus');
    await expect.poll(() => page.getByTestId('consent-grid').textContent()).toContain('Granted');
    // Every panel the owner may read is there; none waits for the API to list its route.
    await page.getByTestId('value-panel').waitFor();
    await page.getByTestId('loyalty-panel').waitFor();
    await page.screenshot({ path: path.join(shots, 'customer-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Show older events' }).click();
    await expect.poll(() => events.count()).toBeGreaterThan(50);
    // Contacts sit among purchases and the points they earned, further down the feed.
    expect(await page.locator('[data-type="interaction"]').count()).toBeGreaterThan(0);
    // The demo's namesakes are offered as possible duplicates, each side with its merge button.
    await page.goto(`${base}/customers/duplicates`);
    await page.getByTestId('duplicate-pair').first().getByRole('button', { name: 'Keep this one' }).first().waitFor();
    // The imports screen, and the demo's care team under Settings with its routing.
    await page.goto(`${base}/imports`);
    await page.getByRole('heading', { name: 'Imports', exact: true }).waitFor();
    await page.goto(`${base}/settings/complaint-teams`);
    await page.getByText('Customer care').first().waitFor();
    await page.close();
  });

  test('the list works from the keyboard: / to search, arrows to move, Enter to open', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.goto(`${base}/customers`);
    await page.getByTestId('customer-table').waitFor();
    await page.locator('body').press('/');
    await page.keyboard.type(star.name);
    await expect
      .poll(() => page.getByTestId('customer-table').locator('tbody tr').first().textContent())
      .toContain(star.name);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe(star.name);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: star.name }).waitFor();
    await page.close();
  });

  test('editing shows each problem beside its field and saves profile fields and tags', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.goto(`${base}/customers/${star.id}`);
    await page.getByTestId('edit-button').click();
    const form = page.getByTestId('edit-customer');
    await form.getByLabel('Email', { exact: true }).fill('not-an-email');
    await form.getByTestId('save-customer').click();
    await form.getByText('Enter an email address like ana@example.com').waitFor();
    // Checked by the server: an impossible phone number comes back on the phone field.
    await form.getByLabel('Email', { exact: true }).fill('star@example.com');
    await form.getByLabel('Phone', { exact: true }).fill('12');
    await form.getByTestId('save-customer').click();
    await form.getByText('Some fields need attention').waitFor();
    const phoneError = await page.locator('[id$="-error"]').allTextContents();
    expect(phoneError.join(' ')).toMatch(/digits/);
    await form.getByLabel('Phone', { exact: true }).fill('+55 11 98765-4321');
    await form.getByTestId('edit-tags').fill('vip-e2e');
    await form.getByTestId('edit-tags').press('Enter');
    await form.getByLabel('City').fill('Campinas');
    await form.getByTestId('save-customer').click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('profile-panel').getByText('Campinas').waitFor();
    const saved = await t.request('GET', `/api/v1/customers/${star.id}`, { token: shop.ownerToken });
    expect(saved.body).toMatchObject({
      email: 'star@example.com',
      phone: '+5511987654321',
      address: { city: 'Campinas' },
    });
    expect(saved.body.tags).toContain('vip-e2e');
    star.email = saved.body.email;
    await page.close();
  });

  test('a saved view keeps the filters and opens them again', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.goto(`${base}/customers`);
    await page.getByRole('button', { name: 'Filters' }).click();
    await pick(page, 'Status', 'Active');
    await page
      .getByRole('button', { name: 'Sort' })
      .or(page.getByRole('textbox', { name: 'Sort' }))
      .click();
    await page.getByRole('option', { name: 'Name A–Z' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?status=active&sort=name');
    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: 'Save as a new view…' }).click();
    await page.getByRole('dialog').getByLabel('View name').fill('Active A–Z');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('saved-views').textContent()).toBe('Active A–Z');
    const views = await t
      .signIn(shop.ownerEmail, shop.password)
      .then(({ cookie }) => t.request('GET', '/api/v1/saved-views?list=customers', { cookie }));
    expect(views.body.items).toEqual([
      expect.objectContaining({ name: 'Active A–Z', filters: { status: 'active', sort: 'name' } }),
    ]);

    await page.goto(`${base}/customers`);
    await page.getByTestId('saved-views').click();
    await page.getByRole('menuitem', { name: 'Active A–Z' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('name');
    // Sorted by name once the view's query has answered (initials compared: collations differ on accents).
    const initials = async () =>
      (await page.getByTestId('customer-table').locator('tbody tr a[data-result]').allTextContents())
        .map((n) => n[0])
        .join('');
    await expect.poll(async () => (await initials()) === [...(await initials())].sort().join('')).toBe(true);
    expect((await initials()).length).toBeGreaterThan(1);

    // Choice-type custom fields become filters.
    await t.request('POST', '/api/v1/custom-fields', {
      token: shop.ownerToken,
      body: { key: 'plan', label: 'Plan', type: 'select', options: ['basic', 'pro'] },
    });
    await t.request('PATCH', `/api/v1/customers/${star.id}`, {
      token: shop.ownerToken,
      body: { customFields: { plan: 'pro' } },
    });
    await page.goto(`${base}/customers`);
    await page.getByRole('button', { name: 'Filters' }).click();
    await pick(page, 'Plan', 'pro');
    await expect.poll(() => new URL(page.url()).searchParams.get('cf')).toBe('plan:pro');
    await expect
      .poll(() => page.getByTestId('customer-table').locator('tbody tr').allTextContents())
      .toEqual([expect.stringContaining(star.name)]);
    await page.close();
  });

  test('the customer screens speak Portuguese and Spanish', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.goto(`${base}/customers/${star.id}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await pick(page, 'Language', 'Português (Brasil)');
    await page.getByRole('heading', { name: 'Linha do tempo' }).waitFor();
    for (const text of ['Consentimentos', 'Compras', 'Contratos', 'Perfil'])
      expect(await page.getByRole('heading', { name: text }).count(), text).toBe(1);
    await page.screenshot({ path: path.join(shots, 'customer-360-pt-BR.png'), fullPage: true });
    await page.getByRole('link', { name: 'Clientes' }).first().click();
    await page.getByRole('heading', { name: 'Clientes' }).waitFor();
    await page.getByRole('button', { name: 'Filtros' }).waitFor();
    // The table comes with the list's first page, after the heading and the filters.
    await expect.poll(() => page.getByRole('columnheader', { name: 'Cliente desde' }).count()).toBe(1);

    await pick(page, 'Idioma', 'Español');
    await page.getByRole('button', { name: 'Vistas guardadas' }).waitFor();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Gestor de cuenta' }).count()).toBe(1);
    await page.screenshot({ path: path.join(shots, 'customers-es.png') });
    await page.getByTestId('customer-table').locator('tbody tr a[data-result]').first().click();
    await page.getByRole('heading', { name: 'Cronología' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Consentimientos' }).count()).toBe(1);
    await page.close();
  });

  test('on a 390 px phone the list becomes cards and the 360 fits', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.goto(`${base}/customers`);
    const cards = page.getByTestId('customer-cards').locator('a');
    await expect.poll(() => cards.count()).toBe(50);
    expect(await page.getByTestId('customer-table').count()).toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'customers-phone.png') });
    await page.getByTestId('customer-search').fill(star.email);
    await expect.poll(() => cards.count()).toBe(1);
    await cards.first().click();
    await page.getByRole('heading', { name: star.name }).waitFor();
    await page.getByTestId('timeline').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'customer-360-phone.png'), fullPage: true });
    await page.close();
  });

  test('an empty workspace teaches how to get customers in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signedIn(page, ws.ownerEmail, ws.password);
    await page.getByRole('heading', { name: /Loja Centro/ }).waitFor();
    await page.goto(`${base}/customers`);
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toContain(`npx tenure demo --workspace ${ws.id}`);
    await page.getByTestId('customer-search').fill('nobody at all');
    await page.getByRole('heading', { name: 'No customers match' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'customers-empty.png') });
    await page.goto(`${base}/customers/0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11`);
    await page.getByRole('heading', { name: 'Customer not found' }).waitFor();

    // The first customer, added by hand, opens in the 360 and then lists.
    await page.goto(`${base}/customers`);
    await page.getByRole('button', { name: 'New customer' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Primeira Cliente');
    await dialog.getByLabel('Email').fill('bad email');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.getByText('must be an email address').waitFor();
    await dialog.getByLabel('Email').fill('primeira@example.com');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Primeira Cliente' }).waitFor();
    await page.goto(`${base}/customers`);
    await expect.poll(() => page.getByTestId('customer-table').locator('tbody tr').count()).toBe(1);
    await page.close();
  });

  test('an agent registers a complaint with similar solutions shown, moves it to resolved, and the 360 lists it', async () => {
    // A closed complaint with its solution feeds the knowledge base.
    const api = (method: string, url: string, body?: unknown) =>
      t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
    const old = await api('POST', '/complaints', {
      customer: { name: 'Old Case', email: 'old-case@example.com' },
      category: 'billing',
      channel: 'email',
      subject: 'Charged twice for one order',
      description: 'The card shows two charges.',
    });
    for (const body of [
      { to: 'under_analysis' },
      { to: 'valid', severity: 'medium', reason: 'Two charges confirmed' },
      { to: 'in_resolution' },
      {
        to: 'resolved',
        solution: 'Refunded the duplicate charge within 24 hours, no questions asked',
        rootCause: 'billing_error',
      },
      { to: 'closed' },
    ]) {
      expect((await api('POST', `/complaints/${old.body.id}/transitions`, body)).status).toBe(200);
    }

    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.getByRole('link', { name: 'Complaints', exact: true }).click();
    await page.getByRole('heading', { name: 'Complaints' }).waitFor();
    await page.getByRole('button', { name: 'Register complaint' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Customer name/).fill(star.name);
    await dialog.getByLabel(/^Email/).fill(star.email);
    await pick(page, /^Category/, 'billing');
    await dialog.getByLabel(/^Subject/).fill('Charged twice on my card');
    await dialog.getByLabel(/^Description/).fill('Two charges for the same order <b>1042</b>.');
    await dialog.getByTestId('suggestion').filter({ hasText: 'no questions asked' }).waitFor();
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: 'Charged twice on my card' }).waitFor();
    // Text stays text: the markup the customer typed is shown, not rendered.
    expect(await page.getByTestId('complaint-description').textContent()).toContain('<b>1042</b>');
    const id = page.url().split('/').pop() as string;
    const status = () => page.getByTestId('complaint-status').first().textContent();

    await page.getByRole('button', { name: 'Start analysis' }).click();
    await expect.poll(status).toBe('Under analysis');
    await page.getByRole('button', { name: 'Accept as valid' }).click();
    await page.getByTestId('transition-form').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('transition-form').getByText('Some fields need attention').waitFor();
    await pick(page, /^Severity/, 'High');
    await page.getByLabel(/^Reason/).fill('The bank statement shows both charges');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(status).toBe('Valid');
    await expect.poll(() => page.getByTestId('sla').first().textContent()).toMatch(/On track.*due in/);
    await page.getByRole('button', { name: 'Start resolution' }).click();
    await expect.poll(status).toBe('In resolution');
    await page.getByRole('button', { name: 'Mark resolved' }).click();
    await page.getByLabel(/^Solution/).fill('Refunded the second charge');
    await pick(page, /^Root cause/, 'Billing error');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(status).toBe('Resolved');
    await expect.poll(() => page.getByTestId('complaint-history').locator('.mantine-Timeline-item').count()).toBe(5);
    // Moves are signed with the person's name, not an internal id.
    expect(await page.getByTestId('complaint-history').textContent()).not.toContain('user:');
    expect(await page.getByTestId('complaint-details').textContent()).toContain(star.name);
    await page.getByTestId('suggestion').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'complaint.png'), fullPage: true });
    const saved = await api('GET', `/complaints/${id}`);
    expect(saved.body).toMatchObject({
      customerId: star.id,
      status: 'resolved',
      severity: 'high',
      rootCause: 'billing_error',
      solution: 'Refunded the second charge',
      slaState: 'met',
    });

    await page.getByRole('link', { name: 'Complaints', exact: true }).first().click();
    const rows = page.getByTestId('complaint-table').locator('tbody tr');
    // The demo data brings complaints of its own: filters and search find ours.
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    // The demo's offers above the approval threshold wait for the owner above the inbox.
    await page.getByTestId('pending-compensation').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'complaints.png') });
    await pick(page, 'Status', 'Resolved');
    await page.getByTestId('complaint-search').fill('second charge');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Charged twice on my card')]);
    expect(new URL(page.url()).search).toBe('?status=resolved&q=second+charge');

    await page.goto(`${base}/customers/${star.id}`);
    const panel = page.getByTestId('complaints-panel');
    await panel.getByTestId('customer-complaint').first().waitFor();
    expect(await panel.textContent()).toMatch(/Charged twice on my card.*Resolved.*Met/);

    // In Portuguese, and on a 390 px phone the inbox scrolls inside its table, not the page.
    await pick(page, 'Language', 'Português (Brasil)');
    await panel.getByText('Resolvida').first().waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/complaints/${id}`);
    await page.getByRole('button', { name: 'Registrar satisfação' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.goto(`${base}/complaints`);
    await page.getByRole('heading', { name: 'Reclamações' }).waitFor();
    await page.getByTestId('complaint-table').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'complaints-phone-pt-BR.png') });
    await pick(page, 'Idioma', 'English');
    await page.close();
  });

  test('the public form registers a complaint in the browser’s language; the status and satisfaction pages follow it', async () => {
    const api = (method: string, url: string, body?: unknown) =>
      t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
    expect((await api('PATCH', '/complaint-settings', { publicFormEnabled: true })).status).toBe(200);
    const { slug } = (await api('GET', '/workspace')).body as { slug: string };
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'pt-BR' });
    await page.goto(`${base}/p/no-such-shop/complaints/new`);
    await page.getByText('Este formulário de reclamação não está disponível', { exact: false }).waitFor();

    await page.goto(`${base}/p/${slug}/complaints/new`);
    await page.getByRole('heading', { name: 'Conte o que deu errado' }).waitFor();
    // The honeypot is off-screen and out of the tab order.
    const trap = page.locator('input[name="website"]');
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    expect((await trap.boundingBox())?.x ?? 0).toBeLessThan(0);
    await page.getByRole('button', { name: 'Enviar reclamação' }).click();
    await page.getByRole('alert').waitFor();
    // The customer reads what to fix in their language, beside the field.
    await page.getByText('Informe seu nome.').waitFor();
    await page.getByLabel(/^Seu nome/).fill('Rita Publica');
    await page.getByLabel(/^E-mail/).fill('rita.publica@example.com');
    await pick(page, /^Categoria/, 'Entrega');
    await page.getByLabel(/^Assunto/).fill('<img src=x onerror=alert(1)> Entrega atrasada');
    await page.getByLabel(/^O que aconteceu/).fill('O pedido chegou com dez dias de atraso.');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, 'public-complaint-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Enviar reclamação' }).click();
    await page.getByTestId('public-registered').waitFor();
    await page.getByTestId('status-link').click();
    await page.getByTestId('public-status').waitFor();
    expect(await page.getByTestId('public-status-badge').textContent()).toBe('Registrada');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
      '<img src=x onerror=alert(1)> Entrega atrasada',
    );
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const token = decodeURIComponent(page.url().split('/').pop() as string);
    await page.screenshot({ path: path.join(shots, 'public-complaint-status.png'), fullPage: true });

    const found = await api('GET', '/complaints?q=atrasada');
    const complaint = found.body.items[0];
    expect(complaint).toMatchObject({ source: 'public_form', locale: 'pt-BR', status: 'registered' });
    for (const body of [
      { to: 'under_analysis' },
      { to: 'valid', severity: 'low', reason: 'Atraso confirmado' },
      { to: 'in_resolution' },
      { to: 'resolved', solution: 'Reembolsamos o frete', rootCause: 'delivery_delay' },
    ]) {
      expect((await api('POST', `/complaints/${complaint.id}/transitions`, body)).status).toBe(200);
    }
    await page.goto(`${base}/p/${slug}/complaints/${token}/satisfaction`);
    await page.getByTestId('rate-form').waitFor();
    await page.getByTestId('rate-form').getByRole('button', { name: 'Enviar avaliação' }).click();
    await page.getByText('Escolha de 1 a 5 estrelas.').waitFor();
    await page.getByTestId('rating').locator('label').last().click();
    await page.getByLabel(/^Comentário/).fill('Resolvido rápido');
    await page.getByRole('button', { name: 'Enviar avaliação' }).click();
    await page.getByText('Sua avaliação:').waitFor();
    expect(await page.getByTestId('public-solution').textContent()).toContain('Reembolsamos o frete');
    expect((await api('GET', `/complaints/${complaint.id}`)).body).toMatchObject({
      satisfactionScore: 5,
      satisfactionComment: 'Resolvido rápido',
    });
    await page.close();
  });
});
