// Campaign actions through the API on the test database, with real email to a local SMTP server:
// a message, bonus points and a task per treatment member; nobody without marketing consent, over
// the frequency cap (counting another campaign's messages) or in quiet hours (deferred, then sent)
// gets a message; a customer with an open complaint gets nothing; a member without an address
// fails alone and visibly; execution stopped after one batch and resumed (and two batches at once)
// does each action for each member exactly once, with one ledger entry per member; costs per arm
// and ROI in the results; conflicting objectives flagged at launch; bad input 4xx.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type Smtp, startSmtp } from '../../../test/support/smtp.ts';
import { queryRows } from '../../db/client.ts';
import { silentLogger } from '../../logger.ts';
import { createSenders, type Senders, sendDueNotifications } from '../notifications/index.ts';
import { runDueExecutions, runExecutionBatch } from './index.ts';

let smtp: Smtp;
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let senders: Senders;

const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};

type Kind = 'ok' | 'noConsent' | 'tokyo' | 'noEmail' | 'complaint';
const people: { id: string; kind: Kind; email: string | null }[] = [];
const kinds: [Kind, number][] = [
  ['ok', 14],
  ['noConsent', 6],
  ['tokyo', 6],
  ['noEmail', 4],
  ['complaint', 4],
];
const arms = [
  { key: 'control', name: 'Control', share: 15, control: true },
  { key: 'treat', name: 'Treatment', share: 85 },
];
const message = (key: string, costMinor = 5) => ({
  key,
  arm: 'treat',
  name: 'We miss you',
  type: 'message',
  costMinor,
  templates: {
    en: { subject: 'We miss you, {{firstName}}', body: 'Come back, {{firstName}}: 100 points are waiting.' },
    'pt-BR': {
      subject: 'Sentimos sua falta, {{firstName}}',
      body: 'Volte, {{firstName}}: 100 pontos esperam por você.',
    },
  },
});

async function sendAll() {
  for (let i = 0; i < 20; i++) {
    const r = await sendDueNotifications({ ...t.deps, random: () => 0.5 }, senders);
    if (!r.more) return;
  }
}

async function membersOf(id: string) {
  const page = await ok('GET', `/campaigns/${id}/members?limit=1000`);
  return new Map<string, string>(page.items.map((m: { customerId: string; arm: string }) => [m.customerId, m.arm]));
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), MAIL_FROM: 'club@tenure.test' },
  });
  t.clock.set(new Date('2026-03-10T12:00:00Z'));
  ws = await t.workspace('Loja Campanha');
  senders = createSenders(t.deps.config, silentLogger);
  await ok('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
  await ok('POST', '/custom-fields', { key: 'time_zone', label: 'Time zone', type: 'text' });
  let i = 0;
  for (const [kind, n] of kinds)
    for (let k = 0; k < n; k++, i++) {
      const email = kind === 'noEmail' ? null : `c${i}-${kind.toLowerCase()}@example.com`;
      const c = await ok('POST', '/customers', {
        name: `Ana${i} Souza`,
        ...(email ? { email } : {}),
        tags: ['target'],
        locale: i % 2 ? 'pt-BR' : 'en',
        ...(kind === 'tokyo' ? { customFields: { time_zone: 'Asia/Tokyo' } } : {}),
      });
      if (kind !== 'noConsent')
        await ok('PUT', `/customers/${c.id}/consents`, {
          consents: [{ channel: 'email', purpose: 'marketing', granted: true }],
        });
      if (kind === 'complaint')
        await ok('POST', '/complaints', {
          customerId: c.id,
          category: 'billing',
          channel: 'phone',
          subject: 'Charged twice',
          description: 'Twice on my card',
        });
      people.push({ id: c.id, kind, email });
    }
  // Not in the segment: must never hear from the campaign.
  await ok('POST', '/customers', { name: 'Outsider', email: 'outsider@example.com' });
}, 120_000);
afterAll(async () => {
  senders?.email.close?.();
  await t?.close();
  await smtp?.close();
});

describe('campaign actions', () => {
  let segmentId: string;
  let first: string;
  let treated: typeof people;

  beforeAll(async () => {
    segmentId = (
      await ok('POST', '/segments', { name: 'Targets', definition: { all: [{ field: 'tags', any: ['target'] }] } })
    ).id;
  });

  test('bad actions are 422; wrong moves 409', async () => {
    const draft = await ok('POST', '/campaigns', { name: 'Bad', objective: 'retain', segmentId, arms, seed: 'x' });
    const put = (body: unknown) => call('PUT', `/campaigns/${draft.id}/actions`, body);
    for (const actions of [
      [{ ...message('m'), arm: 'control' }],
      [{ ...message('m'), arm: 'nope' }],
      [message('m'), message('m')],
      [{ ...message('m'), costMinor: -1 }],
      [{ ...message('m'), templates: { 'pt-BR': message('m').templates['pt-BR'] } }],
      [{ key: 'p', arm: 'treat', name: 'P', type: 'points', points: 0 }],
      [{ key: 'v', arm: 'treat', name: 'V', type: 'voucher' }],
      [{ key: 'Bad Key', arm: 'treat', name: 'T', type: 'task', title: 'Call' }],
    ]) {
      const res = await put({ actions });
      expect(res.status, JSON.stringify(actions)).toBe(422);
    }
    const quiet = await put({
      actions: [],
      eligibility: { frequencyCap: null, quietHours: { start: 8, end: 8 }, excludeOpenComplaints: true },
    });
    expect(quiet.status).toBe(422);
    expect((await call('POST', `/campaigns/${draft.id}/execute`)).status).toBe(409);
    await ok('POST', `/campaigns/${draft.id}/launch`);
    expect((await call('POST', `/campaigns/${draft.id}/execute`)).status).toBe(409); // no actions
    expect((await put({ actions: [message('m')] })).status).toBe(409);
    await ok('POST', `/campaigns/${draft.id}/finish`);

    // Points need a loyalty program.
    const other = await t.workspace('No loyalty');
    const seg = await t.request('POST', '/api/v1/segments', {
      token: other.ownerToken,
      body: { name: 'All', definition: { all: [] } },
    });
    const c = await t.request('POST', '/api/v1/campaigns', {
      token: other.ownerToken,
      body: { name: 'P', objective: 'retain', segmentId: seg.body.id, arms },
    });
    const points = await t.request('PUT', `/api/v1/campaigns/${c.body.id}/actions`, {
      token: other.ownerToken,
      body: { actions: [{ key: 'p', arm: 'treat', name: 'P', type: 'points', points: 10 }] },
    });
    expect(points.status).toBe(422);
    const viewer = await ws.token('analyst');
    expect((await call('PUT', `/campaigns/${draft.id}/actions`, { actions: [] }, viewer)).status).toBe(403);
  });

  test('one batch, then the job resumes: each action once per member; eligibility respected', async () => {
    const draft = await ok('POST', '/campaigns', {
      name: 'Win back',
      objective: 'win_back',
      segmentId,
      arms,
      seed: 'actions-1',
      // Exact shares (5 of the 34 in control): by each member's own hash, with fresh customer ids
      // every run, all 34 drew the treatment arm one run in ~250 (0.85^34) and this test failed.
      stratifyByTier: true,
      ownerId: ws.ownerId,
    });
    const saved = await ok('PUT', `/campaigns/${draft.id}/actions`, {
      actions: [
        message('mail'),
        { key: 'bonus', arm: 'treat', name: '100 points', type: 'points', points: 100, costMinor: 50 },
        {
          key: 'call',
          arm: 'treat',
          name: 'Call',
          type: 'task',
          title: 'Call {{firstName}}',
          dueInDays: 3,
          costMinor: 200,
        },
      ],
    });
    expect(saved.actions).toHaveLength(3);
    expect(saved.eligibility).toEqual({
      frequencyCap: { max: 3, days: 7 },
      quietHours: { start: 21, end: 8 },
      excludeOpenComplaints: true,
    });
    first = draft.id;
    await ok('POST', `/campaigns/${first}/launch`);
    const arm = await membersOf(first);
    treated = people.filter((p) => arm.get(p.id) === 'treat');
    const treatedOf = (k: Kind) => treated.filter((p) => p.kind === k).length;
    expect(treated.length).toBe(people.length - 5);

    const started = await ok('POST', `/campaigns/${first}/execute`);
    expect(started).toMatchObject({
      status: 'running',
      total: treated.length * 3,
      done: 0,
      pending: treated.length * 3,
    });

    // "Killed" after one batch of 7 members: then the job picks up where it stopped, and two
    // batches at once share the rest without doing anything twice.
    const one = await ok('POST', `/campaigns/${first}/execution/batch`, { limit: 7 });
    expect(one.pending).toBe((treated.length - 7) * 3);
    await Promise.all([
      runExecutionBatch(t.deps, ws.id, first, { limit: 5 }),
      runExecutionBatch(t.deps, ws.id, first, { limit: 5 }),
    ]);
    for (let i = 0; i < 20 && (await runDueExecutions(t.deps, { limit: 4 })).more; i++);
    await runDueExecutions(t.deps);

    const p = await ok('GET', `/campaigns/${first}/execution`);
    expect(p.pending).toBe(0);
    expect(p.status).toBe('running'); // Tokyo's messages wait for the morning
    expect(p.deferred).toBe(treatedOf('tokyo'));
    expect(p.skippedByReason).toEqual({
      no_consent: treatedOf('noConsent'),
      open_complaint: treatedOf('complaint') * 3,
    });
    expect(p.failedByReason).toEqual({ no_contact: treatedOf('noEmail') });
    expect(p.failures.map((f: { customerId: string }) => f.customerId).sort()).toEqual(
      treated
        .filter((x) => x.kind === 'noEmail')
        .map((x) => x.id)
        .sort(),
    );
    const getting = treated.filter((x) => x.kind !== 'complaint');
    expect(p.done).toBe(treatedOf('ok') + getting.length * 2);

    const [deferred] = await queryRows<{ not_before: Date }>(
      t.deps.db,
      sql`select not_before from campaign_action_executions where workspace_id = ${ws.id} and status = 'deferred' limit 1`,
    );
    // 21:00 in Tokyo; allowed again at 08:00 Tokyo = 23:00 UTC.
    expect(new Date(deferred.not_before).toISOString()).toBe('2026-03-10T23:00:00.000Z');

    await sendAll();
    const okMail = treated.filter((x) => x.kind === 'ok');
    for (const x of people) {
      const expected = okMail.includes(x) ? 1 : 0;
      if (x.email) expect(smtp.to(x.email), `${x.kind} ${arm.get(x.id)}`).toHaveLength(expected);
    }
    expect(smtp.to('outsider@example.com')).toHaveLength(0);
    const pt = okMail.find((x) => smtp.to(x.email!)[0].subject?.startsWith('Sentimos'));
    expect(pt).toBeDefined();
    expect(smtp.to(okMail[0].email!)[0].text).toContain('Ana');

    // Morning in Tokyo: the deferred messages go, nothing else repeats.
    t.clock.set(new Date('2026-03-10T23:05:00Z'));
    await runDueExecutions(t.deps);
    const after = await ok('GET', `/campaigns/${first}/execution`);
    expect(after).toMatchObject({ status: 'done', deferred: 0, done: p.done + treatedOf('tokyo') });
    await sendAll();
    for (const x of treated.filter((y) => y.kind === 'tokyo')) expect(smtp.to(x.email!)).toHaveLength(1);
    await runDueExecutions(t.deps);
    expect((await ok('GET', `/campaigns/${first}/execution`)).done).toBe(after.done);

    // Exactly one ledger entry and one task per member who got them.
    const entries = await queryRows<{ customer_id: string; n: number; points: number }>(
      t.deps.db,
      sql`select customer_id, count(*)::int n, sum(points)::int points from loyalty_entries
          where workspace_id = ${ws.id} and idempotency_key like ${`%campaign:${first}:%`} group by customer_id`,
    );
    expect(entries.map((e) => e.customer_id).sort()).toEqual(getting.map((x) => x.id).sort());
    expect(entries.every((e) => Number(e.n) === 1 && Number(e.points) === 100)).toBe(true);
    const tasks = await queryRows<{ customer_id: string; n: number }>(
      t.deps.db,
      sql`select customer_id, count(*)::int n from tasks where workspace_id = ${ws.id} and created_by = ${`campaign:${first}`}
          group by customer_id`,
    );
    expect(tasks.map((e) => e.customer_id).sort()).toEqual(getting.map((x) => x.id).sort());
    expect(tasks.every((e) => Number(e.n) === 1)).toBe(true);

    // Costs per arm and ROI net of them (nobody bought: the incremental margin is 0, ROI −1).
    const cost = (treatedOf('ok') + treatedOf('tokyo')) * 5 + getting.length * 250;
    expect(after.costMinorByArm).toEqual({ treat: cost });
    const results = await ok('GET', `/campaigns/${first}/results?days=30`);
    expect(results.arms.find((a: { arm: string }) => a.arm === 'treat').costMinor).toBe(cost);
    expect(results.arms.find((a: { arm: string }) => a.arm === 'control').costMinor).toBe(0);
    expect(results.comparisons[0]).toMatchObject({ arm: 'treat', costMinor: cost, incrementalMarginMinor: 0, roi: -1 });
    expect(results.byTier).toHaveLength(1);
    expect(results.byTier[0]).toMatchObject({ tier: null });
    expect(results.byTier[0].comparisons[0].costMinor).toBe(cost);
  });

  test('the frequency cap counts other campaigns; conflicting objectives are flagged', async () => {
    const draft = await ok('POST', '/campaigns', {
      name: 'Upsell',
      objective: 'upsell',
      segmentId,
      arms,
      seed: 'actions-2',
    });
    await ok('PUT', `/campaigns/${draft.id}/actions`, {
      actions: [message('again', 3)],
      eligibility: { frequencyCap: { max: 1, days: 7 }, quietHours: null, excludeOpenComplaints: false },
    });
    const launched = await ok('POST', `/campaigns/${draft.id}/launch`);
    const arm = await membersOf(draft.id);
    // Everyone is also in the running win-back campaign: win back and upsell conflict.
    expect(launched.conflicts).toBe(arm.size);
    const conflicts = await ok('GET', `/campaigns/${draft.id}/conflicts`);
    expect(conflicts.count).toBe(arm.size);
    expect(conflicts.items[0]).toMatchObject({ campaignId: first, objective: 'win_back' });

    const before = new Map(people.filter((x) => x.email).map((x) => [x.id, smtp.to(x.email!).length]));
    await ok('POST', `/campaigns/${draft.id}/execute`);
    for (let i = 0; i < 10 && (await runDueExecutions(t.deps)).more; i++);
    const p = await ok('GET', `/campaigns/${draft.id}/execution`);
    expect(p.status).toBe('done');
    await sendAll();
    const firstArm = await membersOf(first);
    for (const x of people.filter((y) => y.email && arm.get(y.id) === 'treat')) {
      const hadOne = firstArm.get(x.id) === 'treat' && (x.kind === 'ok' || x.kind === 'tokyo');
      const got = smtp.to(x.email!).length - before.get(x.id)!;
      // Over the cap (one campaign message in 7 days) or without consent: nothing.
      expect(got, x.kind).toBe(!hadOne && x.kind !== 'noConsent' ? 1 : 0);
    }
    expect(p.skippedByReason.frequency_cap).toBeGreaterThan(0);
  });
});
