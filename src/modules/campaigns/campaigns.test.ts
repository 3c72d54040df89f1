// Segments and campaigns through the API on the test database: a segment's live count and preview
// over tags and consents, versions with a 409 for a stale edit, the global holdout, a campaign's
// lifecycle draft → launched → finished with 409s for wrong moves, a member list frozen at launch
// (later edits and customers do not change it), reproducible assignment from the seed, the
// sample-ratio check stored with the launch, and bad input answered 4xx, never 5xx.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { assignArms, inGlobalHoldout } from './campaigns.assignment.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const CUSTOMERS = 300;

const call = async (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};

const arms = [
  { key: 'control', name: 'Control', share: 20, control: true },
  { key: 'offer', name: 'Offer', share: 80 },
];
const vip = { all: [{ field: 'tags', any: ['vip'] }] };

async function members(campaignId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page = await ok('GET', `/campaigns/${campaignId}/members?limit=100${q}`);
    for (const m of page.items) out.set(m.customerId, m.arm);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Campaigns');
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = await ok('POST', '/customers', { name: `Customer ${i}`, tags: i % 2 === 0 ? ['vip'] : [] });
    if (i % 3 === 0)
      await ok('PUT', `/customers/${c.id}/consents`, {
        consents: [{ channel: 'email', purpose: 'marketing', granted: true }],
      });
  }
}, 120_000);
afterAll(() => t.close());

describe('segments', () => {
  test('live count and preview over tags and consent; versions; a stale edit is a 409', async () => {
    const all = await ok('POST', '/segments/preview', { definition: { all: [] }, limit: 5 });
    expect(all.count).toBe(CUSTOMERS);
    expect(all.sample).toHaveLength(5);
    expect((await ok('POST', '/segments/preview', { definition: vip })).count).toBe(CUSTOMERS / 2);
    const consenting = {
      all: [...vip.all, { field: 'marketingConsent', channel: 'email' }],
    };
    // i even and i divisible by 3: i divisible by 6.
    expect((await ok('POST', '/segments/preview', { definition: consenting, limit: 0 })).count).toBe(CUSTOMERS / 6);
    const nobody = {
      all: [
        { field: 'loyaltyBalance', min: 1 },
        { field: 'openComplaints', max: 0 },
      ],
    };
    expect((await ok('POST', '/segments/preview', { definition: nobody })).count).toBe(0);
    const scoreless = {
      all: [
        { field: 'tier', in: ['gold'] },
        { field: 'pAlive', max: 0.5 },
      ],
    };
    expect((await ok('POST', '/segments/preview', { definition: scoreless })).count).toBe(0);

    const seg = await ok('POST', '/segments', { name: 'VIPs', definition: vip });
    expect(seg.version).toBe(1);
    const v2 = await ok('PUT', `/segments/${seg.id}`, { name: 'VIPs with email', definition: consenting, version: 1 });
    expect(v2.version).toBe(2);
    const stale = await call('PUT', `/segments/${seg.id}`, { name: 'x', definition: vip, version: 1 });
    expect(stale.status).toBe(409);
    const read = await ok('GET', `/segments/${seg.id}`);
    expect(read.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(read.versions[0].definition).toEqual(vip);
    expect((await ok('GET', `/segments/${seg.id}/preview?limit=3`)).count).toBe(CUSTOMERS / 6);
    expect((await ok('GET', '/segments')).items.some((s: { id: string }) => s.id === seg.id)).toBe(true);
  });

  test('bad definitions are 422, unknown segments 404', async () => {
    for (const definition of [
      { all: [{ field: 'tier' }] },
      { all: [{ field: 'pAlive' }] },
      { all: [{ field: 'pAlive', min: 0.9, max: 0.1 }] },
      { all: [{ field: 'nope', in: ['x'] }] },
      { all: [{ field: 'marketingConsent', channel: 'pigeon' }] },
      { any: [] },
    ]) {
      const res = await call('POST', '/segments/preview', { definition });
      expect(res.status, JSON.stringify(definition)).toBe(422);
    }
    expect((await call('GET', '/segments/0190a0a0-0000-7000-8000-000000000001')).status).toBe(404);
    expect((await call('GET', '/segments/not-a-uuid')).status).toBeGreaterThanOrEqual(400);
  });
});

describe('campaigns', () => {
  let segmentId: string;
  beforeAll(async () => {
    segmentId = (await ok('POST', '/segments', { name: 'Everyone', definition: { all: [] } })).id;
  });

  test('bad drafts are 422; roles without campaigns:write get 403', async () => {
    const base = { name: 'Win back', objective: 'win_back', segmentId, arms };
    const bad = [
      { ...base, arms: [arms[0]] },
      { ...base, arms: [arms[0], { ...arms[1], control: true }] },
      { ...base, arms: [arms[0], { ...arms[1], key: 'control' }] },
      { ...base, arms: [arms[0], { ...arms[1], share: 0 }] },
      { ...base, objective: 'world_domination' },
      { ...base, segmentId: '0190a0a0-0000-7000-8000-000000000001' },
      { ...base, ownerId: '0190a0a0-0000-7000-8000-000000000001' },
      { ...base, extra: true },
    ];
    for (const body of bad) expect((await call('POST', '/campaigns', body)).status, JSON.stringify(body)).toBe(422);
    const agent = await ws.token('agent');
    expect((await call('POST', '/campaigns', base, agent)).status).toBe(403);
    expect((await call('PUT', '/campaign-settings', { holdoutShare: 0.1 }, agent)).status).toBe(403);
    expect((await call('PUT', '/campaign-settings', { holdoutShare: 0.9 })).status).toBe(422);
  });

  test('lifecycle: holdout left out, members frozen, assignment reproducible from the seed, SRM stored', async () => {
    const settings = await ok('PUT', '/campaign-settings', { holdoutShare: 0.1 });
    expect(settings.holdoutShare).toBe(0.1);
    const draft = await ok('POST', '/campaigns', {
      name: 'Retain',
      objective: 'retain',
      segmentId,
      arms,
      seed: 'fixed-seed',
      stratifyByTier: true,
    });
    expect(draft).toMatchObject({ status: 'draft', segmentVersion: null, sampleRatio: null, seed: 'fixed-seed' });
    expect((await call('POST', `/campaigns/${draft.id}/finish`)).status).toBe(409);

    const launched = await ok('POST', `/campaigns/${draft.id}/launch`);
    expect(launched.status).toBe('launched');
    expect(launched.segmentVersion).toBe(1);
    expect(launched.heldOut).toBeGreaterThan(10);
    expect(launched.heldOut).toBeLessThan(60);
    const { counts } = launched.sampleRatio;
    expect(counts.control + counts.offer + launched.heldOut).toBe(CUSTOMERS);
    expect(launched.sampleRatio.mismatch).toBe(false);
    expect((await call('POST', `/campaigns/${draft.id}/launch`)).status).toBe(409);

    const first = await members(draft.id);
    expect(first.size).toBe(CUSTOMERS - launched.heldOut);
    expect([...first.values()].filter((a) => a === 'control').length).toBe(counts.control);
    // The launch's set-based SQL gives what the JS specification gives, holdout included.
    const { rows: stored } = await t.deps.database.executeSql(
      'select holdout_seed from campaign_settings where workspace_id = $1',
      [ws.id],
    );
    const { rows: everyone } = await t.deps.database.executeSql(
      'select id::text id from customers where workspace_id = $1',
      [ws.id],
    );
    const seed = String((stored[0] as { holdout_seed: string }).holdout_seed);
    const kept = (everyone as { id: string }[]).filter((c) => !inGlobalHoldout(seed, 0.1, c.id));
    const spec = assignArms(
      'fixed-seed',
      arms,
      kept.map((c) => ({ customerId: c.id, tier: null })),
      {
        stratifyByTier: true,
      },
    );
    expect(first).toEqual(new Map(spec.map((a) => [a.customerId, a.arm])));

    // The same seed over the same members gives the same arms; the holdout is the same customers.
    const twin = await ok('POST', '/campaigns', {
      name: 'Twin',
      objective: 'upsell',
      segmentId,
      arms,
      seed: 'fixed-seed',
      stratifyByTier: true,
    });
    await ok('POST', `/campaigns/${twin.id}/launch`);
    expect(await members(twin.id)).toEqual(first);

    // Frozen: a new customer and a new segment version change nothing of the launched list.
    await ok('POST', '/customers', { name: 'Late joiner' });
    await ok('PUT', `/segments/${segmentId}`, { name: 'Everyone', definition: vip, version: 1 });
    expect(await members(draft.id)).toEqual(first);
    expect((await ok('GET', `/campaigns/${draft.id}`)).segmentVersion).toBe(1);

    const finished = await ok('POST', `/campaigns/${draft.id}/finish`);
    expect(finished.status).toBe('finished');
    expect(finished.finishedAt).not.toBeNull();
    expect((await call('POST', `/campaigns/${draft.id}/finish`)).status).toBe(409);
    expect((await call('POST', `/campaigns/${draft.id}/launch`)).status).toBe(409);
    const list = await ok('GET', '/campaigns?status=finished');
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([draft.id]);
    expect((await call('GET', '/campaigns?status=paused')).status).toBe(422);
    expect((await call('GET', `/campaigns/${draft.id}/members?cursor=garbage`)).status).toBe(422);
    expect((await call('POST', '/campaigns/0190a0a0-0000-7000-8000-000000000001/launch')).status).toBe(404);
  });

  test('seeds drawn before migration 0044 keep their SHA-256 hash; a redrawn holdout takes the current one', async () => {
    const scheme = async () =>
      (
        await t.deps.database.executeSql(
          'select holdout_seed, hash_scheme from campaign_settings where workspace_id = $1',
          [ws.id],
        )
      ).rows[0] as { holdout_seed: string; hash_scheme: string };
    // A workspace's holdout and a draft as they were before the migration: both rows say 'sha256'.
    await ok('PUT', '/campaign-settings', { holdoutShare: 0.2, redraw: true });
    expect((await scheme()).hash_scheme).toBe('lookup3');
    await t.deps.database.executeSql("update campaign_settings set hash_scheme = 'sha256' where workspace_id = $1", [
      ws.id,
    ]);
    const all = await ok('POST', '/segments', { name: 'All of them', definition: { all: [] } });
    const old = await ok('POST', '/campaigns', {
      name: 'Old',
      objective: 'cross_sell',
      segmentId: all.id,
      arms,
      seed: 'old-seed',
    });
    await t.deps.database.executeSql("update campaigns set hash_scheme = 'sha256' where id = $1", [old.id]);
    await ok('POST', `/campaigns/${old.id}/launch`);

    const { rows } = await t.deps.database.executeSql('select id::text id from customers where workspace_id = $1', [
      ws.id,
    ]);
    const seed = (await scheme()).holdout_seed;
    const spec = (s: 'sha256' | 'lookup3') =>
      new Map(
        assignArms(
          'old-seed',
          arms,
          (rows as { id: string }[])
            .filter((c) => !inGlobalHoldout(seed, 0.2, c.id, s))
            .map((c) => ({ customerId: c.id, tier: null })),
          { scheme: s },
        ).map((a) => [a.customerId, a.arm]),
      );
    expect(await members(old.id)).toEqual(spec('sha256'));
    expect(spec('lookup3')).not.toEqual(spec('sha256'));

    // A new share keeps the holdout (and its hash); only a redraw moves it to the current hash.
    await ok('PUT', '/campaign-settings', { holdoutShare: 0.15 });
    expect(await scheme()).toEqual({ holdout_seed: seed, hash_scheme: 'sha256' });
    await ok('PUT', '/campaign-settings', { holdoutShare: 0.15, redraw: true });
    expect((await scheme()).hash_scheme).toBe('lookup3');
    await ok('PUT', '/campaign-settings', { holdoutShare: 0.1, redraw: true });
  });

  test('results: each arm against the control over a window, with "not enough data yet" said plainly', async () => {
    const launchAt = new Date('2026-03-01T09:00:00Z');
    t.clock.set(launchAt);
    const vips = await ok('POST', '/segments', { name: 'VIP measure', definition: vip });
    const draft = await ok('POST', '/campaigns', {
      name: 'Measured',
      objective: 'retain',
      segmentId: vips.id,
      arms: [
        { key: 'control', name: 'Control', share: 50, control: true },
        { key: 'offer', name: 'Offer', share: 50 },
      ],
      seed: 'measure',
    });
    expect((await call('GET', `/campaigns/${draft.id}/results`)).status).toBe(409);
    await ok('POST', `/campaigns/${draft.id}/launch`);
    const early = await ok('GET', `/campaigns/${draft.id}/results?days=30`);
    expect(early.enoughData).toBe(false);
    expect(early.notes).toContain('window_open');

    // Planted: every offer member buys once for 50.00; every fourth control member for 20.00.
    const assigned = [...(await members(draft.id)).entries()];
    let k = 0;
    const items = assigned.flatMap(([customerId, arm]) =>
      arm === 'offer' || k++ % 4 === 0
        ? [
            {
              customerId,
              occurredAt: '2026-03-10T12:00:00Z',
              lines: [{ quantity: 1, unitPriceMinor: arm === 'offer' ? 5000 : 2000, unitCostMinor: 0 }],
            },
          ]
        : [],
    );
    // One purchase after the window, which must not count.
    items.push({ ...items[0], occurredAt: '2026-05-01T12:00:00Z' });
    const batch = await call('POST', '/transactions/batch', { items });
    expect(batch.status).toBeLessThan(300);
    expect(batch.body.items.filter((i: { status: string }) => i.status === 'error')).toEqual([]);
    t.clock.set(new Date('2026-04-15T00:00:00Z'));
    const r = await ok('GET', `/campaigns/${draft.id}/results?days=30`);
    expect(r.enoughData).toBe(true);
    const [control, offer] = r.arms;
    expect(offer.repurchaseRate).toBe(1);
    expect(control.repurchaseRate).toBeCloseTo(Math.ceil(control.n / 4) / control.n, 12);
    expect(control.revenuePerMemberMinor).toBeCloseTo((2000 * Math.ceil(control.n / 4)) / control.n, 6);
    const [cmp] = r.comparisons;
    expect(cmp.repurchase.difference).toBeCloseTo(1 - control.repurchaseRate, 12);
    expect(cmp.repurchase.ci[0]).toBeLessThan(cmp.repurchase.difference);
    expect(cmp.repurchase.ci[1]).toBeLessThanOrEqual(1);
    expect(cmp.repurchase.p).toBeLessThan(0.001);
    expect(cmp.revenue.difference).toBeCloseTo(5000 - control.revenuePerMemberMinor, 6);
    expect(cmp.revenue.ci[0]).toBeGreaterThan(0);
    expect(cmp.repurchaseMde).toBeGreaterThan(0);
    expect((await call('GET', `/campaigns/${draft.id}/results?days=0`)).status).toBe(422);
  });

  test('planning: members needed for a rise and the rise that members detect', async () => {
    // The formula of sampleSizeProportions (checked in experiments.test.ts): 0.10 → 0.12 at 10/90
    // needs 2,186 control members (2,185.3 rounded up).
    const plan = await ok('POST', '/campaigns/plan', {
      baseline: 0.1,
      effect: 0.02,
      controlShare: 10,
      members: 21_860,
    });
    expect(plan.needed).toEqual({ control: 2186, treatment: 19674, total: 21860 });
    expect(plan.mde).toBeGreaterThan(0.019);
    expect(plan.mde).toBeLessThan(0.0201);
    expect((await call('POST', '/campaigns/plan', { baseline: 1.5 })).status).toBe(422);
    expect((await call('POST', '/campaigns/plan', { baseline: 0.95, effect: 0.1 })).body.needed).toBeNull();
  });
});
