// The screen tour: every screen of the web app, in English, Portuguese and Spanish, at 1280 px or
// on a 390 px phone (one width per database, see `widths`), on one server with the demo data and
// one Chromium. Each screen is saved as .ci/artifacts/screenshots/<lang>-<width>-<screen>.png and
// checked: no raw code (snake_case, event types, i18n keys) and, in Portuguese and Spanish, no
// text of the app left in English.
// The list of screens comes from the router (web/src/App.tsx, the public pages' router and the
// Settings and Loyalty tabs): a route the tour does not visit fails the first test.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { loadDemo } from '../../src/workflows/demo/load-demo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testDriver } from '../support/database.ts';
import { hasChromium, shots, startBrowser } from '../support/browser.ts';
import { type Lang, rawCodes, untranslatedTexts, visibleTexts } from '../support/screen-checks.ts';

const web = path.resolve(import.meta.dirname, '../../web/src');
const read = (file: string) => fs.readFileSync(path.join(web, file), 'utf8');
const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);

/** Every screen the router can show: its routes, the public pages' routes, and each tab of a tabbed route. */
function routerScreens(): string[] {
  const app = read('App.tsx');
  const settingsTabs = all(read('pages/Settings.tsx'), /<Tabs\.Tab value="([^"]+)"/g);
  const loyaltyTabs = all(
    /const tabs = \[([^\]]+)\]/.exec(read('pages/loyalty/LoyaltyPage.tsx'))?.[1] ?? '',
    /'(\w+)'/g,
  );
  const tabbed: Record<string, string[]> = {
    '/settings/*': settingsTabs.map((t) => `/settings/${t}`),
    '/loyalty/*': loyaltyTabs.map((t) => `/loyalty/${t}`),
  };
  const routes = [
    ...all(app, /<Route path="([^"]+)"/g),
    // Pages App chooses by pathname before the router: the sign-in, invitation and reset pages.
    ...all(app, /pathname === '([^']+)'/g),
    ...all(read('pages/public/PublicApp.tsx'), /<Route path="([^"]+)"/g).map((p) => (p === '*' ? '/p/*' : p)),
  ];
  return routes.flatMap((r) => tabbed[r] ?? [r]);
}

/** A screen's address, or one per language where the page speaks its reader's language (survey links). */
type Screen = { name: string; route: string; url: string | Record<Lang, string>; signedIn: boolean };

const langs: Lang[] = ['en', 'pt-BR', 'es'];
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
/**
 * Every language on both databases, one width on each: the desktop with `npm test` (PGlite), the
 * phone with `npm run test:pg`, so CI's two phases together save every screen at both widths in
 * half the time. TENURE_SCREEN_TOUR=all takes both widths in one run.
 */
const widths =
  process.env.TENURE_SCREEN_TOUR === 'all' ? [desktop, phone] : testDriver() === 'pg' ? [phone] : [desktop];
/** Pages open at once: the machine has two cores, and the server answers in the same process. */
const parallel = 3;

describe.skipIf(!hasChromium)('screen tour in Chromium', () => {
  let t: TestApp;
  let rig: Awaited<ReturnType<typeof startBrowser>>;
  let screens: Screen[];
  let storage: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    t = await createTestApp();
    const shop = await t.workspace('Casa Verde');
    const api = async (method: string, url: string, body?: unknown) => {
      const res = await t.request(method, `/api/v1${url}`, { token: shop.ownerToken, body });
      expect(res.status, `${method} ${url}: ${res.text}`).toBeLessThan(300);
      return res.body;
    };
    await api('PATCH', '/workspace', { currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    await loadDemo(t.deps, { workspaceId: shop.id, customers: 80, seed: 11 });
    await api('PATCH', '/complaint-settings', { publicFormEnabled: true });
    // A person's name, not the fixture's "Owner" (a word the screens also use, for the role).
    const { cookie } = await t.signIn(shop.ownerEmail, shop.password);
    const renamed = await t.request('PATCH', '/api/v1/auth/me', { cookie, body: { name: 'Helena Prado' } });
    expect(renamed.status, renamed.text).toBe(200);
    const { slug } = await api('GET', '/workspace');
    // The customer with the most history, so the 360 shows every panel.
    const [star] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select c.id from customers c where c.workspace_id = ${shop.id} and c.email is not null
          order by (select count(*) from transactions x where x.workspace_id = c.workspace_id and x.customer_id = c.id) desc, c.id
          limit 1`,
    );
    const complaint = await api('POST', '/complaints', {
      customerId: star.id,
      category: 'delivery',
      channel: 'email',
      subject: 'Pedido atrasado',
      description: 'O pedido chegou com dez dias de atraso.',
    });
    // Links the customer opens: a survey, and the exit survey of a customer who left.
    // Links a customer opens, which speak the customer's language: one customer per language.
    const links = { survey: {} as Record<Lang, string>, exit: {} as Record<Lang, string> };
    for (const lang of langs) {
      const [asker, leaver] = await Promise.all(
        ['Marta', 'Rita'].map((name) =>
          api('POST', '/customers', { name: `${name} ${lang}`, email: `${name}.${lang}@example.com`, locale: lang }),
        ),
      );
      await api('PUT', `/customers/${asker.id}/consents`, {
        consents: [{ channel: 'email', purpose: 'service', granted: true }],
      });
      links.survey[lang] = (await api('POST', '/surveys', { customerId: asker.id, kind: 'nps' })).pagePath;
      links.exit[lang] = (
        await api('POST', `/customers/${leaver.id}/defections`, { channel: 'phone' })
      ).exitSurvey.pagePath;
    }
    const campaigns = await api('GET', '/campaigns');
    const statusPage = `/p/${slug}/complaints/${encodeURIComponent(complaint.statusToken)}`;

    const urls: Record<string, (Omit<Screen, 'route' | 'signedIn'> & { signedIn?: false })[]> = {
      '/': [{ name: 'home', url: '/' }],
      '/analytics': [{ name: 'analytics', url: '/analytics' }],
      '/churn': [{ name: 'churn', url: '/churn' }],
      '/campaigns': [
        { name: 'campaigns', url: '/campaigns' },
        { name: 'campaign', url: `/campaigns?id=${campaigns.items[0].id}` },
      ],
      '/campaigns/new': [{ name: 'campaign-new', url: '/campaigns/new' }],
      '/affinity': [{ name: 'affinity', url: '/affinity' }],
      '/kpis': [{ name: 'kpis', url: '/kpis' }],
      '/customers': [{ name: 'customers', url: '/customers' }],
      '/customers/duplicates': [{ name: 'duplicates', url: '/customers/duplicates' }],
      '/customers/:id': [{ name: 'customer-360', url: `/customers/${star.id}` }],
      '/complaints': [{ name: 'complaints', url: '/complaints' }],
      '/complaints/:id': [{ name: 'complaint', url: `/complaints/${complaint.id}` }],
      '/surveys': [{ name: 'surveys', url: '/surveys' }],
      '/products': [{ name: 'products', url: '/products' }],
      '/imports': [{ name: 'imports', url: '/imports' }],
      '/my/tasks': [{ name: 'my-tasks', url: '/my/tasks' }],
      '/my/book': [{ name: 'my-book', url: '/my/book' }],
      '/people/scoreboard': [{ name: 'scoreboard', url: '/people/scoreboard' }],
      '/people/recognition': [{ name: 'recognition', url: '/people/recognition' }],
      '/privacy': [{ name: 'privacy', url: '/privacy' }],
      // Any other address goes home; the tour visits it as the sign-in page, signed out.
      '*': [{ name: 'login', url: '/', signedIn: false }],
      '/invite': [{ name: 'invite-invalid', url: '/invite', signedIn: false }],
      '/reset-password': [{ name: 'reset-password', url: '/reset-password', signedIn: false }],
      '/p/:slug/complaints/new': [{ name: 'public-complaint-form', url: `/p/${slug}/complaints/new`, signedIn: false }],
      '/p/:slug/complaints/:token': [{ name: 'public-complaint-status', url: statusPage, signedIn: false }],
      '/p/:slug/complaints/:token/satisfaction': [
        { name: 'public-complaint-satisfaction', url: `${statusPage}/satisfaction`, signedIn: false },
      ],
      '/p/exit-survey/:token': [{ name: 'public-exit-survey', url: links.exit, signedIn: false }],
      '/p/survey/:token': [{ name: 'public-survey', url: links.survey, signedIn: false }],
      '/p/*': [{ name: 'public-not-found', url: '/p/nowhere', signedIn: false }],
    };
    for (const tab of routerScreens().filter((r) => /^\/(settings|loyalty)\//.test(r)))
      urls[tab] = [{ name: tab.slice(1).replace('/', '-'), url: tab }];
    screens = Object.entries(urls).flatMap(([route, list]) =>
      list.map((s) => ({ ...s, route, signedIn: s.signedIn ?? true })),
    );

    rig = await startBrowser(t);
    const page = await rig.browser.newPage();
    await page.goto(rig.base);
    await page.getByLabel(/email/i).fill(shop.ownerEmail);
    await page.getByLabel(/password/i).fill(shop.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    storage = await page.context().storageState();
    await page.close();
  }, 300_000);

  afterAll(async () => {
    await rig?.close();
    await t?.close();
  });

  test('the tour visits every route of the web app', () => {
    const routes = routerScreens();
    // The parse found the router (a renamed file or a new way of writing routes must not pass quietly).
    expect(routes).toEqual(expect.arrayContaining(['/', '/customers/:id', '/settings/workspace', '/loyalty/rewards']));
    expect(routes.filter((r) => !screens.some((s) => s.route === r))).toEqual([]);
  });

  /** Waits until the screen has fetched what it shows: no request in flight, no loader or skeleton. */
  async function settle(page: Page, inFlight: () => number) {
    const quietFor = 300;
    const deadline = Date.now() + 15_000;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      const busy =
        inFlight() > 0 ||
        (await page.evaluate<boolean>(
          '!!document.querySelector(\'.mantine-Loader-root, .mantine-Skeleton-root[data-visible="true"]\')',
        ));
      if (busy) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietFor) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  test('every screen in every language and width: saved, no raw code, nothing left in English', async () => {
    const started = performance.now();
    const contexts = new Map<string, BrowserContext>();
    const context = async (lang: Lang, signedIn: boolean) => {
      const key = `${lang}:${signedIn}`;
      if (!contexts.has(key)) {
        const c = await rig.browser.newContext({
          storageState: signedIn ? storage : undefined,
          locale: lang,
        });
        // The user's chosen language, as the language picker keeps it.
        await c.addInitScript(`localStorage.setItem('tenure.lang', ${JSON.stringify(lang)})`);
        contexts.set(key, c);
      }
      return contexts.get(key) as BrowserContext;
    };
    // One run per language, width and sign-in: one page that moves from screen to screen as a
    // click on a link does (the code and answers fetched once stay), a fresh load for pages
    // signed out (public pages take their reader's language from what they load).
    const runs = langs.flatMap((lang) =>
      widths.flatMap((size) =>
        [true, false].map((signedIn) => ({
          lang,
          size,
          signedIn,
          list: screens.filter((s) => s.signedIn === signedIn),
        })),
      ),
    );
    const problems: string[] = [];
    const unsettled: string[] = [];
    let count = 0;

    async function tour({ lang, size, signedIn, list }: (typeof runs)[number]) {
      const page = await (await context(lang, signedIn)).newPage();
      await page.setViewportSize(size);
      let inFlight = 0;
      page.on('request', () => inFlight++);
      page.on('requestfinished', () => inFlight--);
      page.on('requestfailed', () => inFlight--);
      for (const [i, screen] of list.entries()) {
        const file = `${lang}-${size.width}-${screen.name}`;
        const url = typeof screen.url === 'string' ? screen.url : screen.url[lang];
        try {
          if (i === 0 || !signedIn) await page.goto(`${rig.base}${url}`);
          else
            await page.evaluate(`history.pushState(null, '', ${JSON.stringify(url)});
              dispatchEvent(new PopStateEvent('popstate'))`);
          if (!(await settle(page, () => inFlight))) unsettled.push(file);
          await page.screenshot({ path: path.join(shots, `${file}.png`), fullPage: true });
          count++;
          const texts = await page.evaluate<string[]>(visibleTexts);
          for (const code of rawCodes(texts.join('\n'))) problems.push(`${file}: raw code ${code}`);
          for (const text of untranslatedTexts(lang, texts)) problems.push(`${file}: English ${JSON.stringify(text)}`);
        } catch (e) {
          problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      await page.close();
    }
    const queue = [...runs];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let run = queue.shift(); run; run = queue.shift()) await tour(run);
      }),
    );
    for (const c of contexts.values()) await c.close();
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(
      `screen tour: ${count} screenshots in ${seconds} s; still loading after 15 s: ${unsettled.join(', ') || 'none'}`,
    );
    console.log(problems.join('\n'));
    expect(problems).toEqual([]);
    const saved = new Set(fs.readdirSync(shots));
    const expected = langs.flatMap((l) => widths.flatMap((w) => screens.map((s) => `${l}-${w.width}-${s.name}.png`)));
    expect(expected.filter((f) => !saved.has(f))).toEqual([]);
  }, 900_000);
});
