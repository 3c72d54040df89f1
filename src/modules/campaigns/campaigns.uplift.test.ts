// A campaign's after-the-fact learning through the API on the test database: results of an
// experiment run elsewhere uploaded as CSV (analysed like `tenure uplift`, stored, read again; bad
// files 4xx naming the line), and uplift targeting from a finished campaign — a planted effect that
// only engaged customers (contacts in the 90 days before launch, one of the churn model's features)
// answer is found by the T-learner (held-out Qini above random), and "the top 50 % by uplift" as a
// segment picks them for the next campaign. Also the queued path of a large campaign.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { executeCampaignUplift, requestCampaignUplift } from './campaigns.uplift.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const CUSTOMERS = 320;
const engaged = new Set<string>();

const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const upload = (campaignId: string, query: string, csv: string, type = 'text/csv', token = ws.ownerToken) =>
  t.request('POST', `/api/v1/campaigns/${campaignId}/results?${query}`, {
    token,
    raw: csv,
    headers: { 'content-type': type },
  });

async function members(campaignId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { items: { customerId: string; arm: string }[]; nextCursor: string | null } = await ok(
      'GET',
      `/campaigns/${campaignId}/members?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const m of page.items) out.set(m.customerId, m.arm);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const arms = [
  { key: 'control', name: 'Control', share: 50, control: true },
  { key: 'offer', name: 'Offer', share: 50 },
];
let everyone: { id: string };
let finished: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Uplift');
  t.clock.set(new Date('2026-02-01T09:00:00Z'));
  for (let i = 0; i < CUSTOMERS; i++) await ok('POST', '/customers', { name: `Customer ${i}` });
  everyone = await ok('POST', '/segments', { name: 'Everyone', definition: { all: [] } });
  t.clock.set(new Date('2026-03-01T09:00:00Z'));
  finished = await ok('POST', '/campaigns', {
    name: 'Spring offer',
    objective: 'retain',
    segmentId: everyone.id,
    arms,
    seed: 'uplift',
  });
  await ok('POST', `/campaigns/${finished.id}/launch`);
  // Every other member of each arm is engaged (a contact in January, before the launch): half of
  // each arm whatever the random ids drew, so the planted effect's size does not vary by run.
  const assigned = [...(await members(finished.id)).entries()];
  const seen = new Map<string, number>();
  for (const [customerId, arm] of assigned) {
    const n = seen.get(arm) ?? 0;
    seen.set(arm, n + 1);
    if (n % 2 !== 0) continue;
    engaged.add(customerId);
    await ok('POST', '/interactions', {
      customerId,
      occurredAt: '2026-01-20T10:00:00Z',
      channel: 'phone',
      direction: 'inbound',
      type: 'support',
    });
  }
  // Planted: an engaged member of the offer arm always buys; everyone else one time in four.
  let k = 0;
  const items = assigned.flatMap(([customerId, arm]) =>
    (arm === 'offer' && engaged.has(customerId)) || k++ % 4 === 0
      ? [
          {
            customerId,
            occurredAt: '2026-03-10T12:00:00Z',
            lines: [{ quantity: 1, unitPriceMinor: 3000, unitCostMinor: 1000 }],
          },
        ]
      : [],
  );
  const batch = await call('POST', '/transactions/batch', { items });
  expect(batch.status).toBeLessThan(300);
  t.clock.set(new Date('2026-04-15T00:00:00Z'));
}, 180_000);
afterAll(() => t.close());

describe('external results', () => {
  // 200 rows: the treatment arm repurchases at 50 %, the control at 25 %; revenue 10 more on average.
  const rows = Array.from({ length: 200 }, (_, i) => {
    const arm = i % 2 ? 'email' : 'holdout';
    const bought = arm === 'email' ? Number(i % 4 === 1) : Number(i % 8 === 0);
    return `${arm},${bought},${bought * 40 + (arm === 'email' ? 10 : 0) + (i % 5)}`;
  });
  const csv = `group,repurchased,revenue\n${rows.join('\n')}\n`;

  test('an upload is analysed like `tenure uplift`, stored with the campaign and read again', async () => {
    const res = await upload(finished.id, 'armCol=group&control=holdout&outcomes=repurchased,revenue', csv);
    expect(res.status, res.text).toBe(201);
    const a = res.body.analysis;
    expect(a.rows).toBe(200);
    expect(a.arms.map((x: { arm: string; n: number }) => [x.arm, x.n])).toEqual([
      ['holdout', 100],
      ['email', 100],
    ]);
    const [rate, revenue] = a.comparisons;
    expect(rate).toMatchObject({ arm: 'email', outcome: 'repurchased', kind: 'proportion' });
    expect(rate.method).toBe('newcombe-hybrid-score + pooled z');
    expect(rate.difference).toBeCloseTo(0.5 - 0.25, 12);
    expect(rate.ci[0]).toBeGreaterThan(0);
    expect(rate.p).toBeLessThan(0.01);
    expect(revenue).toMatchObject({ outcome: 'revenue', kind: 'mean', method: 'welch' });
    expect(revenue.difference).toBeGreaterThan(0);

    const list = await ok('GET', `/campaigns/${finished.id}/results/external`);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toEqual(res.body);
  });

  test('bad files are 4xx naming the line or the column; never 5xx', async () => {
    const q = 'armCol=group&control=holdout&outcomes=repurchased';
    const bad = await upload(finished.id, q, 'group,repurchased\nholdout,1\nemail,yes\n');
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toMatch(/line 3/);
    expect(bad.body.detail).not.toMatch(/tenure-results-/);
    const missing = await upload(finished.id, q, 'arm,repurchased\nholdout,1\n');
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toMatch(/Column "group"/);
    const noControl = await upload(finished.id, 'armCol=group&control=nobody&outcomes=repurchased', csv);
    expect(noControl.status).toBe(422);
    expect(noControl.body.detail).toMatch(/nobody/);
    expect((await upload(finished.id, q, '')).status).toBe(422);
    expect((await upload(finished.id, 'armCol=group', csv)).status).toBe(422);
    expect((await upload(finished.id, q, csv, 'application/json')).status).toBe(415);
    expect((await upload(finished.id, q, csv, 'multipart/form-data; boundary=x')).status).toBe(415);
    const huge = await t.request('POST', `/api/v1/campaigns/${finished.id}/results?${q}`, {
      token: ws.ownerToken,
      raw: csv,
      headers: { 'content-type': 'text/csv', 'content-length': String(64 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect((await upload('0190a0a0-0000-7000-8000-000000000001', q, csv)).status).toBe(404);
    const agent = await ws.token('agent');
    expect((await upload(finished.id, q, csv, 'text/csv', agent)).status).toBe(403);
    expect((await ok('GET', `/campaigns/${finished.id}/results/external`)).items).toHaveLength(1);
  });
});

describe('uplift targeting', () => {
  test('only a finished campaign is fitted; none yet is a 404', async () => {
    expect((await call('GET', `/campaigns/${finished.id}/uplift`)).status).toBe(404);
    expect((await call('POST', `/campaigns/${finished.id}/uplift`, { days: 30 })).status).toBe(409);
    expect((await call('POST', `/campaigns/${finished.id}/uplift`, { days: 0 })).status).toBe(422);
  });

  test('the T-learner finds the planted effect and "top 50 %" targets the engaged', async () => {
    await ok('POST', `/campaigns/${finished.id}/finish`);
    const fit = await ok('POST', `/campaigns/${finished.id}/uplift`, { days: 30 });
    expect(fit.status).toBe('done');
    const m = fit.model;
    expect(m.members).toBe(CUSTOMERS);
    expect(m.treated + m.control).toBe(CUSTOMERS);
    expect(m.features).toContain('contacts_90d');
    expect(m.curve).toHaveLength(101);
    expect(m.curve[0]).toEqual({ fraction: 0, gain: 0, random: 0 });
    // Treating everyone gains ~ half the engaged treated buyers' 3/4 extra chance; the curve rises
    // to its top near 25 % (the engaged treated) and the area beats random targeting. The held-out
    // Qini varies with the random assignment (above 0.03 in most runs; 0.025 and 0.028 seen); a model without the
    // signal scores about 0.
    expect(m.qini).toBeGreaterThan(0.015);
    expect(m.area).toBeGreaterThan(m.randomArea);
    expect(m.notes).toContain('members_without_contract');
    expect(m.notes).toContain('few_members');
    expect(m.notes).not.toContain('not_better_than_random');
    expect(await ok('GET', `/campaigns/${finished.id}/uplift`)).toEqual(fit);

    const top = await ok('POST', '/segments', {
      name: 'Best responders',
      definition: { all: [{ field: 'upliftTop', campaignId: finished.id, topPercent: 50 }] },
    });
    const preview = await ok('GET', `/segments/${top.id}/preview?limit=100`);
    expect(preview.count).toBe(CUSTOMERS / 2);
    const next = await ok('POST', '/campaigns', { name: 'Autumn offer', objective: 'retain', segmentId: top.id, arms });
    await ok('POST', `/campaigns/${next.id}/launch`);
    const chosen = [...(await members(next.id)).keys()];
    expect(chosen).toHaveLength(CUSTOMERS / 2);
    expect(chosen.filter((id) => engaged.has(id)).length).toBeGreaterThan(0.9 * chosen.length);
    const bad = { all: [{ field: 'upliftTop', campaignId: finished.id, topPercent: 0 }] };
    expect((await call('POST', '/segments', { name: 'None', definition: bad })).status).toBe(422);
  });

  test('a large campaign is queued and fitted by the job; a second request meanwhile is a 409', async () => {
    const queued = await requestCampaignUplift(t.deps, ws.id, finished.id, { days: 30 }, 0);
    expect(queued.queued).toBe(true);
    expect(queued.uplift.status).toBe('queued');
    expect((await call('POST', `/campaigns/${finished.id}/uplift`, { days: 30 })).status).toBe(409);
    const done = await executeCampaignUplift(t.deps, ws.id, finished.id);
    expect(done?.status).toBe('done');
    expect(done?.model?.qini).toBeGreaterThan(0.015);
    // Another worker finds nothing to claim.
    expect(await executeCampaignUplift(t.deps, ws.id, finished.id)).toBeNull();
  });

  test('erasing a customer drops its uplift score and keeps its membership', async () => {
    const id = [...engaged][0];
    const count = async (table: string) => {
      const [row] = await queryRows<{ n: number }>(
        t.deps.db,
        sql`select count(*)::int n from ${sql.identifier(table)} where workspace_id = ${ws.id} and customer_id = ${id}`,
      );
      return Number(row.n);
    };
    expect(await count('campaign_uplift_scores')).toBe(1);
    const memberships = await count('campaign_members');
    expect(memberships).toBeGreaterThan(0);
    await ok('POST', `/customers/${id}/erase`, { confirm: 'ERASE' });
    expect(await count('campaign_uplift_scores')).toBe(0);
    expect(await count('campaign_members')).toBe(memberships);
  });
});
