// The loyalty screens and the settings screens in a real browser (Debian's Chromium driven by
// playwright-core): the program's rules, rewards, levels and reports on a demo workspace; a
// program set up from its empty state; a reward redeemed from the customer 360 (voucher shown,
// balance down, checked against the API) and the insufficient-points error; a parked purchase
// shown to an admin and retried; the SLA matrix, cost rates and webhooks saved; Portuguese and
// Spanish; the 360 loyalty panel on a 390 px phone.
// Screenshots go to .ci/artifacts/screenshots. Skips with a message where Chromium is missing.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { loadDemo } from '../../src/workflows/demo/load-demo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';

describe.skipIf(!hasChromium)('loyalty and settings screens in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let stop: () => Promise<void>;
  /** A shop with the demo's living loyalty program. */
  let shop: Awaited<ReturnType<TestApp['workspace']>>;
  /** The member with the most spendable points. */
  let member: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    shop = await t.workspace('Café Aurora');
    const demo = await loadDemo(t.deps, { workspaceId: shop.id, customers: 60, seed: 7 });
    expect(demo.loyalty?.earned).toBeGreaterThan(0);
    [member] = await queryRows<{ id: string; name: string }>(
      t.deps.db,
      sql`select c.id, c.name from customers c join loyalty_lots l on l.workspace_id = c.workspace_id and l.customer_id = c.id
          where c.workspace_id = ${shop.id} and l.remaining > 0 and l.available_at <= now() and (l.expires_at is null or l.expires_at > now())
          group by c.id, c.name order by sum(l.remaining) desc, c.id limit 1`,
    );
    ({ base, browser, close: stop } = await startBrowser(t));
  }, 240_000);

  afterAll(async () => {
    await stop?.();
    await t?.close();
  });

  async function signedIn(page: Page, email: string, password: string, at = '/') {
    // What the browser showed when a step failed, next to the other screenshots.
    onTestFailed(async ({ task }) => {
      if (!page.isClosed())
        await page.screenshot({
          path: path.join(shots, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`),
          fullPage: true,
        });
    });
    await page.goto(`${base}${at}`);
    await page.getByLabel(/email/i).fill(email);
    await page.getByLabel(/password/i).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function pick(page: Page, label: string | RegExp, option: string) {
    await page.getByRole('textbox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
    return res;
  };
  const account = async () =>
    (await api('GET', `/customers/${member.id}/loyalty`)).body as { spendable: number; balance: number };
  const spendableOnScreen = async (page: Page) =>
    Number(await page.getByTestId('loyalty-spendable').getAttribute('data-value'));

  test('the program, rewards, levels and reports screens show the demo program; a bad rate is refused beside its field', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.getByRole('link', { name: 'Loyalty' }).click();
    await page.getByRole('heading', { name: 'Tenure Rewards' }).waitFor();
    const rate = page.getByRole('textbox', { name: /Points per USD spent/ });
    expect(await rate.inputValue()).toBe('1');
    expect(
      await page.getByRole('group', { name: 'By product category' }).getByRole('textbox').first().inputValue(),
    ).toBe('Coffee');
    await page.getByRole('heading', { name: 'Bonus promotions' }).waitFor();
    await page.getByRole('cell', { name: 'Double points week', exact: true }).waitFor();
    await page.screenshot({ path: path.join(shots, 'loyalty-program.png'), fullPage: true });

    // Checked in the screen's language before asking the server; nothing is saved.
    await rate.fill('one and a half');
    await page.getByTestId('save-program').click();
    await page.getByText('Use a number such as 1 or 1.5').waitFor();
    // A valid change is saved: the pending period goes from 14 to 10 days.
    await rate.fill('1');
    await page.getByRole('textbox', { name: 'Days before points can be spent' }).fill('10');
    await page.getByTestId('save-program').click();
    await expect.poll(async () => (await api('GET', '/loyalty/program')).body.pendingDays).toBe(10);
    expect((await api('GET', '/loyalty/program')).body.pointsPerUnit).toBe('1');

    await page.getByRole('tab', { name: 'Rewards' }).click();
    await page.getByRole('cell', { name: 'Barista masterclass', exact: true }).waitFor();
    expect(await page.getByTestId('reward-row').count()).toBe(6);
    // Add a reward with stock, a per-customer limit and a level.
    await page.getByRole('button', { name: 'Add a reward' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /^Reward/ }).fill('Tote bag');
    await dialog.getByRole('textbox', { name: 'Price in points' }).fill('700');
    await dialog.getByRole('textbox', { name: 'Stock' }).fill('25');
    await dialog.getByRole('textbox', { name: 'Per-customer limit' }).fill('2');
    await pick(page, 'Loyalty level needed', 'Regular');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Tote bag', exact: true }).waitFor();
    const tote = (
      (await api('GET', '/loyalty/rewards')).body.items as {
        name: string;
        stock: number;
        perCustomerLimit: number;
        minLevelId: string | null;
        pointsPrice: number;
      }[]
    ).find((r) => r.name === 'Tote bag');
    expect(tote).toMatchObject({ stock: 25, perCustomerLimit: 2, pointsPrice: 700 });
    expect(tote?.minLevelId).toBeTruthy();
    await page.screenshot({ path: path.join(shots, 'loyalty-rewards.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Loyalty levels' }).click();
    await expect.poll(() => page.getByTestId('level-card').count()).toBe(4);
    await page.screenshot({ path: path.join(shots, 'loyalty-levels.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Reports' }).click();
    await page.getByTestId('liability').waitFor();
    await page.getByTestId('earn-burn-chart').waitFor();
    const overview = (await api('GET', '/loyalty/reports/overview')).body as {
      outstanding: number;
      membersPerLevel: { members: number }[];
    };
    await page.getByText('All time', { exact: true }).click();
    await expect
      .poll(async () => (await page.getByTestId('liability').textContent()) ?? '')
      .toContain(new Intl.NumberFormat('en').format(overview.outstanding));
    expect(await page.getByTestId('members-per-level').locator('> div').count()).toBe(overview.membersPerLevel.length);
    await page.screenshot({ path: path.join(shots, 'loyalty-reports.png'), fullPage: true });
    await page.close();
  });

  test('an admin sees a parked purchase above the tabs, with its error as technical detail, and retries it', async () => {
    const [tx] = await queryRows<{ id: string; customer_id: string }>(
      t.deps.db,
      sql`select id, customer_id from transactions where workspace_id = ${shop.id} order by id limit 1`,
    );
    // Only the earning workflow parks a purchase (after failing three times: loyalty-earning.test.ts); here it is written directly.
    await t.deps.database.executeSql(
      `insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions, attempts, last_error, failed_at, customer_id, parked_at)
       values ($1, gen_random_uuid(), $2, $2, 1, 3, 'time zone displacement out of range: "+010000-12-31T23:59:59.000Z" (SQLSTATE 22009)', now(), $3, now())`,
      [shop.id, tx.id, tx.customer_id],
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password, '/loyalty/levels');
    const parked = page.getByTestId('parked-earnings');
    await parked.getByText('1 purchase could not earn points').waitFor();
    await parked.getByText(/time zone displacement out of range/).waitFor();
    expect(await parked.getByRole('link', { name: 'Open customer' }).getAttribute('href')).toBe(
      `/customers/${tx.customer_id}`,
    );
    await page.screenshot({ path: path.join(shots, 'loyalty-parked.png'), fullPage: true });
    await parked.getByRole('button', { name: 'Retry' }).click();
    await parked.waitFor({ state: 'detached' });
    expect((await api('GET', '/loyalty/earn-queue/parked')).body).toEqual({ items: [], total: 0 });
    await page.close();
  });

  test('a workspace without a program is taught to set one up, and can', async () => {
    const fresh = await t.workspace('Nova Loja');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, fresh.ownerEmail, fresh.password, '/loyalty');
    await page.getByRole('heading', { name: 'No loyalty program yet' }).waitFor();
    await page.getByTestId('create-program').click();
    await page.getByRole('textbox', { name: 'Program name' }).fill('Club Nova');
    await page.getByRole('button', { name: 'Create the program' }).click();
    await page.getByRole('heading', { name: 'Club Nova' }).waitFor();
    const program = await t.request('GET', '/api/v1/loyalty/program', { token: fresh.ownerToken });
    expect(program.body).toMatchObject({ name: 'Club Nova', pointsPerUnit: '1', status: 'active' });
    await page.getByRole('tab', { name: 'Rewards' }).click();
    await page.getByRole('heading', { name: 'No rewards yet' }).waitFor();
    await page.close();
  });

  test('a reward is redeemed from the customer 360: the voucher code shows and the balance drops; too few points is a clear error', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password, `/customers/${member.id}`);
    const panel = page.getByTestId('loyalty-panel');
    await panel.getByTestId('loyalty-spendable').waitFor();
    const before = await account();
    expect(before.spendable).toBeGreaterThanOrEqual(300);
    expect(await spendableOnScreen(page)).toBe(before.spendable);
    // The statement explains an earn entry (older pages hold the purchases of a quiet member).
    const earned = panel.getByTestId('loyalty-entry').and(page.locator('[data-kind="earn"]'));
    for (let i = 0; i < 20 && (await earned.count()) === 0; i++)
      await panel.getByRole('button', { name: 'Show older entries' }).click();
    await earned.first().getByRole('button').click();
    await panel
      .getByTestId('loyalty-why')
      .first()
      .getByText(/eligible spend/)
      .waitFor();

    await panel.getByTestId('redeem-button').click();
    const dialog = page.getByRole('dialog', { name: 'Redeem a reward' });
    await dialog.getByRole('radio', { name: 'Free coffee' }).click();
    await dialog.getByTestId('redeem-next').click();
    await dialog.getByText('Spend 300 points on Free coffee?').waitFor();
    await dialog.getByTestId('redeem-confirm-button').click();
    const code = ((await panel.getByTestId('voucher-code').textContent()) ?? '').trim();
    expect(code.length).toBeGreaterThan(5);
    const voucher = await api('GET', `/vouchers/${encodeURIComponent(code)}`);
    expect(voucher.status).toBe(200);
    expect(voucher.body).toMatchObject({ status: 'issued', customerId: member.id, reward: { name: 'Free coffee' } });
    expect((await account()).spendable).toBe(before.spendable - 300);
    await expect.poll(() => spendableOnScreen(page)).toBe(before.spendable - 300);
    await page.screenshot({ path: path.join(shots, 'loyalty-360-redeemed.png'), fullPage: true });

    // The points go elsewhere while the agent is confirming: the server refuses, the screen says why.
    await panel.getByTestId('redeem-button').click();
    await dialog.getByRole('radio', { name: 'Free coffee' }).click();
    await dialog.getByTestId('redeem-next').click();
    const coffee = ((await api('GET', '/loyalty/rewards')).body.items as { id: string; name: string }[]).find(
      (r) => r.name === 'Free coffee',
    );
    for (let i = 0; (await account()).spendable >= 300; i++) {
      expect(
        (
          await api('POST', `/customers/${member.id}/loyalty/redemptions`, {
            rewardId: coffee?.id,
            idempotencyKey: `drain-${i}`,
          })
        ).status,
      ).toBe(201);
    }
    const drained = (await account()).spendable;
    await dialog.getByTestId('redeem-confirm-button').click();
    await expect
      .poll(async () => (await dialog.getByTestId('redeem-error').textContent()) ?? '')
      .toContain('Not enough spendable points');
    expect((await account()).spendable).toBe(drained);
    // Back in the list, the reward now says how many points are missing and cannot be chosen.
    await dialog.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => dialog.getByRole('radio', { name: 'Free coffee' }).isDisabled()).toBe(true);
    await dialog
      .getByText(/Needs \d+ more point/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(shots, 'loyalty-redeem-error.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A manager-level correction (owners may adjust) lands in the statement and the balance.
    await panel.getByTestId('adjust-button').click();
    const adjust = page.getByRole('dialog', { name: 'Adjust points' });
    await adjust.getByRole('textbox', { name: /^Points/ }).fill('500');
    await adjust.getByRole('textbox', { name: 'Reason' }).fill('Missed purchase at the till');
    await adjust.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => spendableOnScreen(page)).toBe(drained + 500);
    await panel.getByText('Missed purchase at the till').first().waitFor();
    await page.close();
  });

  test('an agent may redeem but not correct balances; the 360 loyalty panel fits a 390 px phone', async () => {
    const agent = await shop.member('agent');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signedIn(page, agent.email, agent.password, `/customers/${member.id}`);
    const panel = page.getByTestId('loyalty-panel');
    await panel.getByTestId('loyalty-statement').waitFor();
    await panel.getByTestId('redeem-button').waitFor();
    expect(await panel.getByTestId('adjust-button').count()).toBe(1); // agents may grant goodwill points
    await panel.getByTestId('adjust-button').click();
    expect(await page.getByRole('dialog').getByRole('radio', { name: 'Correction' }).count()).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await panel.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);
    const box = await panel.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await panel.screenshot({ path: path.join(shots, 'loyalty-360-phone.png') });
    // No loyalty configuration and no webhooks for agents; the SLA is read-only.
    await page.goto(`${base}/settings/sla`);
    await page.getByRole('textbox', { name: 'Hours for Critical complaints from Platinum customers' }).waitFor();
    expect(
      await page.getByRole('textbox', { name: 'Hours for Critical complaints from Platinum customers' }).isDisabled(),
    ).toBe(true);
    expect(await page.getByTestId('save-sla').count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'Webhooks' }).count()).toBe(0);
    await page.close();
  });

  test('settings: an SLA hour, a cost rate and a webhook are saved; the webhook secret is shown once', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'SLA' }).click();
    const cell = page.getByRole('textbox', { name: 'Hours for Critical complaints from Platinum customers' });
    await cell.fill('6');
    await page.getByRole('textbox', { name: 'Saturday' }).fill('10:00-14:00');
    await page.getByTestId('save-sla').click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const sla = (await api('GET', '/complaint-settings')).body;
    expect(sla.slaMatrix.critical.platinum).toBe(6);
    expect(sla.weeklyHours.sat).toEqual([['10:00', '14:00']]);
    // Hours that are not hours are refused beside the day, before asking the server.
    await page.getByRole('textbox', { name: 'Sunday' }).fill('all day');
    await page.getByTestId('save-sla').click();
    await page.getByText('Write hours as 09:00-18:00').waitFor();
    await page.getByRole('textbox', { name: 'Sunday' }).fill('');
    await page.screenshot({ path: path.join(shots, 'settings-sla.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Cost rates' }).click();
    await page.getByRole('textbox', { name: 'Cost per contact by Phone call' }).fill('2.5');
    await page.getByTestId('save-cost-rates').click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const rates = (await api('GET', '/cost-rates')).body.items as { channel: string; perContactMinor: number }[];
    expect(rates.find((r) => r.channel === 'phone')?.perContactMinor).toBe(250);
    await page.screenshot({ path: path.join(shots, 'settings-cost-rates.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await page.getByRole('heading', { name: 'No custom fields' }).waitFor();

    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'No webhook endpoints' }).waitFor();
    await page.getByRole('textbox', { name: 'Address (URL)' }).fill('https://hooks.example.com/tenure');
    const events = page.getByRole('textbox', { name: 'Events' });
    await events.fill('complaint.');
    await events.press('Enter');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = ((await page.getByTestId('new-webhook-secret').textContent()) ?? '').trim();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    const hooks = (await api('GET', '/webhooks')).body.items as {
      url: string;
      eventTypes: string[];
      secretHint: string;
    }[];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ url: 'https://hooks.example.com/tenure', eventTypes: ['complaint.'] });
    expect(secret.endsWith(hooks[0].secretHint.replace('…', ''))).toBe(true);
    await page.getByRole('cell', { name: 'https://hooks.example.com/tenure', exact: true }).waitFor();
    await page.screenshot({ path: path.join(shots, 'settings-webhooks.png'), fullPage: true });
    await page.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByRole('dialog').getByText('Nothing sent yet.').waitFor();
    await page.keyboard.press('Escape');
    // The secret is never shown again.
    await page.reload();
    await page.getByRole('cell', { name: 'https://hooks.example.com/tenure', exact: true }).waitFor();
    expect(await page.getByTestId('new-webhook-secret').count()).toBe(0);
    await page.close();
  });

  test('the loyalty screens speak Portuguese and Spanish', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signedIn(page, shop.ownerEmail, shop.password, '/loyalty/rewards');
    await page.getByRole('cell', { name: 'Barista masterclass', exact: true }).waitFor();
    await pick(page, 'Language', 'Português (Brasil)');
    await page.getByRole('tab', { name: 'Recompensas' }).waitFor();
    await page.getByRole('columnheader', { name: 'Preço em pontos' }).waitFor();
    expect(await page.getByRole('link', { name: 'Fidelidade' }).count()).toBe(1);
    await page.screenshot({ path: path.join(shots, 'loyalty-rewards-pt-BR.png'), fullPage: true });

    await pick(page, 'Idioma', 'Español');
    await page.goto(`${base}/customers/${member.id}`);
    const panel = page.getByTestId('loyalty-panel');
    await panel.getByText('Extracto').waitFor();
    await panel.getByRole('button', { name: 'Canjear recompensa' }).waitFor();
    await page.getByRole('link', { name: 'Fidelización' }).click();
    await page.getByRole('tab', { name: 'Reglas del programa' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'loyalty-program-es.png'), fullPage: true });
    await page.close();
  });
});
