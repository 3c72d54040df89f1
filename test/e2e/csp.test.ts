// The security headers in a real browser: the web app and the API reference (/docs) run under
// their Content-Security-Policy without a single violation, and the app's own cookie-authenticated
// writes carry the Origin the CSRF check expects. Skips with a message where Chromium is missing.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';

type BrowserRig = Awaited<ReturnType<typeof startBrowser>>;

/** A page that records every CSP violation (the listener is injected by the browser, outside the policy). */
async function watchedPage(rig: BrowserRig): Promise<{ page: Page; violations: string[] }> {
  const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
  });
  return { page, violations };
}

describe.skipIf(!hasChromium)('security headers in Chromium', () => {
  let t: TestApp;
  let rig: BrowserRig;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Headers Shop');
    rig = await startBrowser(t);
  }, 180_000);
  afterAll(async () => {
    await rig?.close();
    await t?.close();
  });

  test('the web app signs in, writes with its session and signs out with no CSP violation', async () => {
    const { page, violations } = await watchedPage(rig);
    await page.goto(rig.base);
    await page.getByLabel(/email/i).fill(ws.ownerEmail);
    await page.getByLabel(/password/i).fill(ws.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${rig.base}/settings/webhooks`);
    await page.getByText('Tenure sends signed HTTP POSTs').waitFor();
    // A write through the session cookie, as the app's own code sends it.
    const status = await page.evaluate(() =>
      fetch('/api/v1/saved-views', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ list: 'customers', name: 'From the browser', filters: {} }),
      }).then((r) => r.status),
    );
    expect(status).toBe(201);
    await page.screenshot({ path: path.join(shots, 'csp-settings.png') });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  test('/docs renders Swagger UI and runs a request with no CSP violation', async () => {
    const { page, violations } = await watchedPage(rig);
    await page.goto(`${rig.base}/docs`);
    const health = page.locator('#operations-Operations-getHealthz');
    await health.waitFor();
    await health.locator('.opblock-summary').click();
    await page.getByRole('button', { name: 'Try it out' }).click();
    await page.getByRole('button', { name: 'Execute' }).click();
    await expect
      .poll(() => page.locator('.live-responses-table tbody .response-col_status').first().textContent())
      .toContain('200');
    await page.screenshot({ path: path.join(shots, 'csp-docs.png') });
    expect(violations).toEqual([]);
    await page.close();
  });
});
