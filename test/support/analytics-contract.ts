// Responses shaped exactly like the analytics API contract the web app is built against
// (web/src/analytics-api.ts), for browser tests that check the screens before — or without —
// the analytics domain: served through Playwright's request interception.
import type { Page } from 'playwright-core';
import type { ClvModelDto, CustomerValueDto, PyramidDto, RfmDto, ScoreRunDto } from '../../web/src/analytics-types.ts';
import { frequencyRecencyGrid } from '../../web/src/lib/clvGrid.ts';

const computedAt = '2026-11-20T09:30:00.000Z';

export const pyramid: PyramidDto = {
  computedAt,
  runId: 'run-1',
  currency: 'BRL',
  windowMonths: 12,
  tiers: [
    { tier: 'platinum', customers: 8, customerShare: 0.1, revenueMinor: 9_800_000, revenueShare: 0.45, profitMinor: 3_900_000, profitShare: 0.62 },
    { tier: 'gold', customers: 16, customerShare: 0.2, revenueMinor: 6_100_000, revenueShare: 0.28, profitMinor: 1_700_000, profitShare: 0.27 },
    { tier: 'iron', customers: 44, customerShare: 0.55, revenueMinor: 5_200_000, revenueShare: 0.24, profitMinor: 900_000, profitShare: 0.14 },
    { tier: 'lead', customers: 12, customerShare: 0.15, revenueMinor: 650_000, revenueShare: 0.03, profitMinor: -190_000, profitShare: 0 },
  ],
  unscored: 3,
};

const segments = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export const rfm: RfmDto = {
  computedAt,
  cells: Array.from({ length: 25 }, (_, i) => ({ recency: (i % 5) + 1, frequency: Math.floor(i / 5) + 1, customers: ((i * 7) % 9) + (i % 5 === 4 ? 4 : 0), monetaryMinor: 10_000 * (i + 1) })),
  segments: segments.map((segment, i) => ({ segment, customers: 12 - i, revenueMinor: 400_000 - i * 30_000, customerShare: (12 - i) / 78 })),
};

export const clvModel: ClvModelDto = {
  runId: 'run-1',
  fittedAt: computedAt,
  model: 'bgnbd',
  customers: 2357,
  params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 },
  standardErrors: { r: 0.0126, alpha: 0.378, a: 0.185, b: 0.705 },
  logLikelihood: -9582.429,
  converged: true,
  reason: 'gradient below tolerance',
  spend: { p: 6.25, q: 3.74, gamma: 15.44, customers: 946, excluded: 0, converged: true, logLikelihood: -4081.4 },
  holdout: { customers: 2357, model: { mae: 0.72, rmse: 1.31 }, baseline: { mae: 0.95, rmse: 1.62 } },
  calibrationEnd: '1997-09-30',
  holdoutEnd: '1998-06-30',
  tracking: (() => {
    let actualCumulative = 0;
    let predictedCumulative = 0;
    return Array.from({ length: 78 }, (_, w) => {
      const period = new Date(Date.UTC(1997, 0, 7 + 7 * w)).toISOString().slice(0, 10);
      const predicted = Math.round((w < 12 ? 20 * (w + 1) : 240 + Math.sin(w) * 5 - (w - 12) * 0.8) * 10) / 10;
      const actual = Math.max(0, Math.round(predicted + Math.cos(w * 1.7) * 18));
      actualCumulative += actual;
      predictedCumulative += predicted;
      return { period, actual, predicted, actualCumulative, predictedCumulative, holdout: period > '1997-09-30' };
    });
  })(),
};

const run = { requestedBy: 'user:owner', asOf: null, tierChanges: null, timings: null, converged: null, error: null };
export const scoreRuns: ScoreRunDto[] = [
  { ...run, id: 'run-2', status: 'running', mode: 'incremental', queuedAt: '2026-11-21T09:00:00.000Z', startedAt: '2026-11-21T09:00:01.000Z', finishedAt: null, customersScored: null, modelVersion: null },
  { ...run, id: 'run-1', status: 'succeeded', mode: 'full', queuedAt: '2026-11-20T09:29:00.000Z', startedAt: '2026-11-20T09:29:01.000Z', finishedAt: computedAt, customersScored: 80, tierChanges: 12, modelVersion: 'bgnbd-2026.11', converged: true },
];

export function customerValue(customerId: string): CustomerValueDto {
  const grid = frequencyRecencyGrid(clvModel.params, { T: 38, horizon: 52, maxFrequency: 6, frequencySteps: 6, recencySteps: 1 });
  return {
    customerId,
    computedAt,
    modelVersion: 'bgnbd-2026.11',
    currency: 'BRL',
    locale: 'en',
    tier: { tier: 'platinum', since: '2026-08-01T00:00:00.000Z', reason: 'Top 10% of customers by net profit over 12 months (R$ 4.210,00).' },
    rfm: { recency: 5, frequency: 5, monetary: 4, segment: 'champions' },
    metrics: [
      { key: 'recency_days', value: 6, unit: 'days', explanation: 'Last purchase 6 days ago.' },
      { key: 'frequency', value: 14, unit: 'count', explanation: '14 purchases in the last 12 months.' },
      { key: 'monetary_minor', value: 30_071, unit: 'money', explanation: 'Average purchase value.' },
      { key: 'net_profit_minor', value: 421_000, unit: 'money', explanation: 'Revenue minus cost of goods and cost to serve.' },
      { key: 'cost_to_serve_minor', value: 12_500, unit: 'money', explanation: 'Interactions and complaints handled.' },
      { key: 'share_of_wallet', value: 0.42, unit: 'ratio', explanation: 'Current value over potential value.' },
    ],
    clv: { expectedPurchases: grid.expected[0][1] ?? 0, pAlive: 0.93, expectedSpendMinor: 29_850, clvMinor: 310_400, horizonWeeks: 52, explanation: 'Expected purchases in the next 52 weeks × expected spend, discounted.' },
  };
}

const contractPaths: Record<string, string[]> = {
  '/api/v1/analytics/pyramid': ['get'],
  '/api/v1/analytics/rfm': ['get'],
  '/api/v1/analytics/clv/model': ['get'],
  '/api/v1/analytics/score-runs': ['get', 'post'],
  '/api/v1/customers/{id}/value': ['get'],
};

/** Makes the page see the analytics API as the contract describes it, whatever the server has. */
export async function serveAnalyticsContract(page: Page) {
  await page.route('**/openapi.json', async (route) => {
    const doc = (await (await route.fetch()).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [p, methods] of Object.entries(contractPaths)) doc.paths[p] = { ...doc.paths[p], ...Object.fromEntries(methods.map((m) => [m, { responses: {} }])) };
    await route.fulfill({ json: doc });
  });
  const json = (body: unknown, status = 200) => ({ status, json: body });
  await page.route('**/api/v1/analytics/**', async (route) => {
    const url = new URL(route.request().url());
    const method = route.request().method();
    if (url.pathname.endsWith('/pyramid')) return route.fulfill(json(pyramid));
    if (url.pathname.endsWith('/rfm')) return route.fulfill(json(rfm));
    if (url.pathname.endsWith('/clv/model')) return route.fulfill(json(clvModel));
    if (url.pathname.endsWith('/score-runs')) return route.fulfill(method === 'POST' ? json(scoreRuns[0], 202) : json({ items: scoreRuns.slice(1) }));
    return route.fallback();
  });
  await page.route(/\/api\/v1\/customers\/[^/]+\/value$/, (route) => route.fulfill(json(customerValue(new URL(route.request().url()).pathname.split('/')[4]))));
}
