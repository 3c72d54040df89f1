// A campaign's SMS, voucher and task actions through the API on the test database, SMS going to a
// local HTTP receiver through the webhook sender: stopped after one batch and resumed (two batches
// at once, then the job), each treated member gets exactly one voucher (no points spent, stock
// taken once), one task and — only with SMS marketing consent — one signed SMS; costs recorded
// (the voucher's from its reward); a reward that cannot be given fails its members visibly.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type Receiver, startReceiver } from '../../../test/support/receiver.ts';
import { queryRows } from '../../db/client.ts';
import { silentLogger } from '../../logger.ts';
import { createSenders, sendDueNotifications } from '../notifications/index.ts';
import { runDueExecutions, runExecutionBatch } from './index.ts';

const SECRET = 'sms-secret-0123456789abcdef';
let rx: Receiver;
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const people: { id: string; consent: boolean }[] = [];

const ok = async (method: string, path: string, body?: unknown) => {
  const res = await t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const count = async (q: ReturnType<typeof sql>) =>
  (await queryRows<{ customer_id: string; n: number }>(t.deps.db, q)).map((r) => [r.customer_id, Number(r.n)]);

beforeAll(async () => {
  rx = await startReceiver();
  t = await createTestApp({ env: { SMS_WEBHOOK_URL: rx.url('/sms'), SMS_WEBHOOK_SECRET: SECRET } });
  t.clock.set(new Date('2026-03-10T12:00:00Z'));
  ws = await t.workspace('Loja SMS');
  await ok('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
  for (let i = 0; i < 30; i++) {
    const c = await ok('POST', '/customers', {
      name: `Bia${i} Lima`,
      phone: `+55119${String(10000000 + i)}`,
      tags: ['sms'],
      preferredChannels: ['sms'],
    });
    const consent = i % 3 !== 0;
    if (consent)
      await ok('PUT', `/customers/${c.id}/consents`, {
        consents: [{ channel: 'sms', purpose: 'marketing', granted: true }],
      });
    people.push({ id: c.id, consent });
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
  await rx?.close();
});

test('SMS, voucher and task: killed after a batch, resumed, each exactly once; SMS signed and only with consent', async () => {
  const reward = await ok('POST', '/loyalty/rewards', {
    name: 'Free coffee',
    kind: 'gift',
    pointsPrice: 80,
    stock: 100,
    costMinor: 150,
  });
  const segment = await ok('POST', '/segments', {
    name: 'SMS',
    definition: { all: [{ field: 'tags', any: ['sms'] }] },
  });
  const draft = await ok('POST', '/campaigns', {
    name: 'Coffee',
    objective: 'loyalty_activation',
    segmentId: segment.id,
    seed: 'sms-1',
    ownerId: ws.ownerId,
    arms: [
      { key: 'control', name: 'Control', share: 20, control: true },
      { key: 'treat', name: 'Treatment', share: 80 },
    ],
  });
  const bad = await t.request('PUT', `/api/v1/campaigns/${draft.id}/actions`, {
    token: ws.ownerToken,
    body: { actions: [{ key: 'v', arm: 'treat', name: 'V', type: 'voucher', rewardId: draft.id }] },
  });
  expect(bad.status).toBe(422);
  const saved = await ok('PUT', `/campaigns/${draft.id}/actions`, {
    actions: [
      {
        key: 'sms',
        arm: 'treat',
        name: 'Coffee SMS',
        type: 'message',
        costMinor: 7,
        templates: { en: { subject: 'Coffee', body: 'Long text', short: 'Hi {{firstName}}, a coffee is on us' } },
      },
      { key: 'coffee', arm: 'treat', name: 'Coffee voucher', type: 'voucher', rewardId: reward.id },
      { key: 'call', arm: 'treat', name: 'Call', type: 'task', title: 'Call {{firstName}}', costMinor: 300 },
    ],
    eligibility: { frequencyCap: null, quietHours: null, excludeOpenComplaints: true },
  });
  expect(saved.actions[1].costMinor).toBe(150); // the reward's cost
  await ok('POST', `/campaigns/${draft.id}/launch`);
  const page = await ok('GET', `/campaigns/${draft.id}/members?limit=1000`);
  const treated = new Set<string>(
    page.items.filter((m: { arm: string }) => m.arm === 'treat').map((m: { customerId: string }) => m.customerId),
  );
  expect(treated.size).toBeGreaterThan(15);

  await ok('POST', `/campaigns/${draft.id}/execute`);
  const one = await ok('POST', `/campaigns/${draft.id}/execution/batch`, { limit: 6 });
  expect(one.pending).toBe((treated.size - 6) * 3);
  await Promise.all([
    runExecutionBatch(t.deps, ws.id, draft.id, { limit: 4 }),
    runExecutionBatch(t.deps, ws.id, draft.id, { limit: 4 }),
  ]);
  for (let i = 0; i < 20 && (await runDueExecutions(t.deps, { limit: 5 })).more; i++);
  await runDueExecutions(t.deps);
  const p = await ok('GET', `/campaigns/${draft.id}/execution`);
  const consenting = people.filter((x) => treated.has(x.id) && x.consent);
  expect(p).toMatchObject({ status: 'done', pending: 0, failed: 0 });
  expect(p.skippedByReason).toEqual({ no_consent: treated.size - consenting.length });
  expect(p.costMinorByArm).toEqual({ treat: consenting.length * 7 + treated.size * (150 + 300) });

  const senders = createSenders(t.deps.config, silentLogger);
  for (let i = 0; i < 10 && (await sendDueNotifications({ ...t.deps, random: () => 0.5 }, senders)).more; i++);
  const got = rx.on('/sms').map((r) => ({ r, body: JSON.parse(r.body) }));
  const phoneOf = new Map(
    (await ok('GET', '/customers?limit=100')).items.map((c: { id: string; phone: string }) => [c.phone, c.id]),
  );
  expect(got.map((g) => phoneOf.get(g.body.to)).sort()).toEqual(consenting.map((x) => x.id).sort());
  for (const { r, body } of got) {
    expect(body.text).toMatch(/^Hi Bia\d+, a coffee is on us$/);
    const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(r.headers['tenure-signature']))!;
    expect(createHmac('sha256', SECRET).update(`${ts}.${r.body}`).digest('hex')).toBe(v1);
  }

  const vouchers = await count(
    sql`select customer_id, count(*)::int n from loyalty_redemptions
        where workspace_id = ${ws.id} and issue_key like ${`campaign:${draft.id}:%`} and points = 0 group by customer_id`,
  );
  expect(vouchers.map(([id]) => id).sort()).toEqual([...treated].sort());
  expect(vouchers.every(([, n]) => n === 1)).toBe(true);
  const tasks = await count(
    sql`select customer_id, count(*)::int n from tasks
        where workspace_id = ${ws.id} and created_by = ${`campaign:${draft.id}`} group by customer_id`,
  );
  expect(tasks.map(([id]) => id).sort()).toEqual([...treated].sort());
  expect(tasks.every(([, n]) => n === 1)).toBe(true);
  expect((await ok('GET', `/loyalty/rewards/${reward.id}`)).stock).toBe(100 - treated.size);
  const ledger = await count(
    sql`select customer_id, count(*)::int n from loyalty_entries where workspace_id = ${ws.id} group by customer_id`,
  );
  expect(ledger).toEqual([]); // a given voucher spends no points

  // Running again changes nothing.
  await runDueExecutions(t.deps);
  expect((await ok('GET', `/campaigns/${draft.id}/execution`)).done).toBe(p.done);
});

test('vouchers beyond the stock: the batch falls back member by member; the stock goes out, the rest fail visibly', async () => {
  const reward = await ok('POST', '/loyalty/rewards', {
    name: 'Last two mugs',
    kind: 'gift',
    pointsPrice: 10,
    stock: 2,
  });
  const segment = await ok('POST', '/segments', {
    name: 'All SMS',
    definition: { all: [{ field: 'tags', any: ['sms'] }] },
  });
  const draft = await ok('POST', '/campaigns', {
    name: 'Mugs',
    objective: 'loyalty_activation',
    segmentId: segment.id,
    seed: 'mugs-1',
    arms: [
      { key: 'control', name: 'Control', share: 20, control: true },
      { key: 'treat', name: 'Treatment', share: 80 },
    ],
  });
  await ok('PUT', `/campaigns/${draft.id}/actions`, {
    actions: [{ key: 'mug', arm: 'treat', name: 'Mug', type: 'voucher', rewardId: reward.id }],
  });
  await ok('POST', `/campaigns/${draft.id}/launch`);
  await ok('POST', `/campaigns/${draft.id}/execute`);
  await runExecutionBatch(t.deps, ws.id, draft.id, { limit: 100 });
  const p = await ok('GET', `/campaigns/${draft.id}/execution`);
  expect(p.total).toBeGreaterThan(2);
  expect(p).toMatchObject({ pending: 0, done: 2, failed: p.total - 2 });
  expect(p.failedByReason).toEqual({ reward_unavailable: p.total - 2 });
  expect((await ok('GET', `/loyalty/rewards/${reward.id}`)).stock).toBe(0);
});
