// Webhooks through the real HTTP layer and a real local receiver: endpoints CRUD and its
// refusals, signed deliveries checked with the snippet from docs/webhooks.md, retries with
// backoff on an injected clock, the delivery log, the SSRF policy, and two workers at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';
import { importDocSnippet } from '../../../test/support/doc-snippet.ts';
import { consumerPassed } from '../../../test/support/events.ts';
import { type Receiver, startReceiver } from '../../../test/support/receiver.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { AppError } from '../../errors.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { startJobQueue } from '../../jobs/queue.ts';
import { type NewEvent, recordEvents } from '../events/index.ts';
import { webhookConsumer } from './webhooks.dispatch.ts';
import { networkProblem, postJson } from './webhooks.http.ts';
import {
  createWebhook,
  deliverDueWebhooks,
  dispatchWebhookEvents,
  purgeOldDeliveries,
  webhookUrlProblem,
} from './index.ts';

type Verify = (
  raw: string,
  header: string | string[] | undefined,
  secret: string,
  options?: { toleranceSeconds?: number; now?: number },
) => boolean;

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let rx: Receiver;
let verify: Verify;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOKS_RETRY_BASE_SECONDS: '10',
      WEBHOOKS_MAX_ATTEMPTS: '3',
      WEBHOOKS_TIMEOUT_MS: '10000',
      OUTBOX_POLL_SECONDS: '0.2',
    },
  });
  ws = await t.workspace('Hooks');
  rx = await startReceiver();
  verify = (
    await importDocSnippet<{ verifyTenureSignature: Verify }>('docs/webhooks.md', '// verify-tenure-webhook.mjs')
  ).verifyTenureSignature;
});
afterAll(async () => {
  await rx.close();
  await t.close();
});

const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
/**
 * Jitter pinned to the middle: each backoff is 3/4 of its exponential delay. The timeout is
 * generous: the receiver shares this process with PGlite, so on a loaded machine it can answer
 * late, and a retry would wait for a clock that does not move. `hasty()` is for timing out on purpose.
 */
const ctx = () => ({ ...t.deps, random: () => 0.5 });
const hasty = () => ({
  ...ctx(),
  config: { ...t.deps.config, webhooks: { ...t.deps.config.webhooks, timeoutMs: 400 } },
});

async function endpoint(path: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/webhooks', { url: rx.url(path), eventTypes, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; secret: string };
}

const complaint = (type: string, payload: Record<string, unknown> = {}): NewEvent => ({
  type,
  customerId: null,
  summary: `Complaint RC-1 ${type}`,
  payload: {
    complaintId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
    reference: 'RC-1',
    category: 'billing',
    severity: 'high',
    ...payload,
  },
});

const record = (...events: NewEvent[]) => recordEvents(t.deps.db, t.deps, ws.id, events);

/** Dispatches and delivers until `done()` (events can be held back briefly by other transactions on a shared server). */
async function pumpUntil(what: string, done: () => boolean, deliverCtx = ctx()) {
  await waitFor(
    async () => {
      await dispatchWebhookEvents(t.deps);
      await deliverDueWebhooks(deliverCtx);
      return done();
    },
    { what },
  );
}

/**
 * Dispatches until the dispatcher has passed `eventId`, then delivers until nothing is due: after
 * it, every delivery that event and those before it led to has been made (or scheduled later).
 */
async function drain(eventId: string) {
  await waitFor(
    async () => {
      await dispatchWebhookEvents(t.deps);
      return consumerPassed(t.deps.db, ws.id, webhookConsumer.name, eventId);
    },
    { what: `the webhook dispatcher to pass event ${eventId}` },
  );
  await waitFor(async () => (await deliverDueWebhooks(ctx())).attempted === 0, {
    what: 'no webhook delivery left due',
  });
}

const deliveries = async (id: string, query = '') =>
  (await call('GET', `/webhooks/${id}/deliveries${query}`)).body.items as any[];

describe('webhook endpoints', () => {
  test('show the secret once, then only a hint; can be changed, re-keyed and removed', async () => {
    const created = await call('POST', '/webhooks', {
      url: 'https://hooks.example.com/crm',
      eventTypes: ['complaint.', 'complaint.resolved', 'complaint.'],
      categories: ['billing'],
      description: 'Billing',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[\w-]{40,}$/);
    expect(created.body).toMatchObject({
      url: 'https://hooks.example.com/crm',
      eventTypes: ['complaint.', 'complaint.resolved'],
      categories: ['billing'],
      active: true,
      secretHint: `…${created.body.secret.slice(-4)}`,
    });
    const id = created.body.id;

    const read = await call('GET', `/webhooks/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect(read.text).not.toContain(created.body.secret);
    expect((await call('GET', '/webhooks')).text).not.toContain(created.body.secret);

    const patched = await call('PATCH', `/webhooks/${id}`, { active: false, description: null, eventTypes: ['*'] });
    expect(patched.body).toMatchObject({ active: false, description: null, eventTypes: ['*'] });

    const rotated = await call('POST', `/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);

    // Loyalty facts can be followed too, by prefix or by exact type.
    const loyalty = await call('POST', '/webhooks', {
      url: 'https://hooks.example.com/loyalty',
      eventTypes: ['loyalty.', 'complaint.compensation_approved'],
    });
    expect(loyalty.status).toBe(201);
    await call('DELETE', `/webhooks/${loyalty.body.id}`);
    const own = await call('POST', '/webhooks', {
      url: 'https://hooks.example.com/own',
      eventTypes: ['*'],
      secret: 'my-own-secret-of-24-chars!!',
    });
    expect(own.body.secret).toBe('my-own-secret-of-24-chars!!');

    expect((await call('DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await call('GET', `/webhooks/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/webhooks/${id}`)).status).toBe(404);
    await call('DELETE', `/webhooks/${own.body.id}`);
  });

  test('list the event types they can subscribe to', async () => {
    const res = await call('GET', '/webhooks/event-types');
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['complaint.registered', 'complaint.breached', 'complaint.resolved']),
    );
  });

  test('refuse bad input with a 422 naming the field, and write nothing', async () => {
    const before = (await call('GET', '/webhooks')).body.items.length;
    const ok = { url: 'https://hooks.example.com/x', eventTypes: ['complaint.'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, url: 'not a url' }, 'url'],
      [{ ...ok, url: 'ftp://files.example.com/drop' }, 'url'],
      [{ ...ok, url: 'javascript:alert(1)' }, 'url'],
      [{ ...ok, url: 'file:///etc/passwd' }, 'url'],
      [{ ...ok, url: 'https://user:pass@hooks.example.com/x' }, 'url'],
      [{ ...ok, url: `https://hooks.example.com/${'a'.repeat(2100)}` }, 'url'],
      [{ ...ok, secret: 'x'.repeat(100_000) }, 'secret'],
      [{ ...ok, secret: 'too-short' }, 'secret'],
      [{ ...ok, secret: 'has spaces in it and is long enough' }, 'secret'],
      [{ ...ok, eventTypes: ['complaint.exploded'] }, 'eventTypes.0'],
      [{ ...ok, eventTypes: ['nothing.'] }, 'eventTypes.0'],
      [{ ...ok, eventTypes: ['loyalty.points_stolen'] }, 'eventTypes.0'],
      [{ ...ok, eventTypes: ["complaint.'; drop table webhook_endpoints; --"] }, 'eventTypes.0'],
      [{ ...ok, eventTypes: [] }, 'eventTypes'],
      [{ ...ok, eventTypes: 'complaint.' }, 'eventTypes'],
      [{ ...ok, categories: Array.from({ length: 51 }, (_, i) => `c${i}`) }, 'categories'],
      [{ ...ok, active: 'yes' }, 'active'],
      [{ url: ok.url }, 'eventTypes'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/webhooks', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.body.code).toBe('validation_failed');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body).slice(0, 80),
      ).toContain(field);
    }
    const target = await endpoint('/patch-target', ['complaint.']);
    const patch = await call('PATCH', `/webhooks/${target.id}`, { url: 'gopher://old.example.com' });
    expect(patch.status).toBe(422);
    expect((await call('GET', `/webhooks/${target.id}`)).body.url).toBe(rx.url('/patch-target'));
    expect((await call('GET', '/webhooks')).body.items.length).toBe(before + 1);
    await call('DELETE', `/webhooks/${target.id}`);
  });

  test('belong to their workspace and to admins', async () => {
    const mine = await endpoint('/mine', ['complaint.']);
    const other = await t.workspace('Other');
    expect((await call('GET', `/webhooks/${mine.id}`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('GET', `/webhooks/${mine.id}/deliveries`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('PATCH', `/webhooks/${mine.id}`, { active: false }, other.ownerToken)).status).toBe(404);
    expect((await call('POST', `/webhooks/${mine.id}/rotate-secret`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('DELETE', `/webhooks/${mine.id}`, undefined, other.ownerToken)).status).toBe(404);
    expect((await call('GET', '/webhooks', undefined, other.ownerToken)).body.items).toEqual([]);
    expect((await call('GET', '/webhooks', undefined, await ws.token('manager'))).status).toBe(403);
    expect(
      (await call('POST', '/webhooks', { url: 'https://x.example.com', eventTypes: ['*'] }, await ws.token('agent')))
        .status,
    ).toBe(403);
    expect((await call('GET', '/webhooks', undefined, await ws.token('admin'))).status).toBe(200);
    expect((await t.request('GET', '/api/v1/webhooks')).status).toBe(401);
    expect((await call('GET', `/webhooks/${mine.id}`)).status).toBe(200);
    await call('DELETE', `/webhooks/${mine.id}`);
  });
});

describe('address policy', () => {
  test('refuses private, loopback and link-local addresses unless allowed', async () => {
    const strict = { allowPrivateAddresses: false };
    for (const url of [
      'http://127.0.0.1/x',
      'http://localhost:8080/x',
      'http://api.localhost/x',
      'http://10.1.2.3/x',
      'http://172.16.0.1/x',
      'http://192.168.1.10/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/x',
      'http://0.0.0.0/x',
      'http://[::1]/x',
      'http://[fd00::1]/x',
      'http://[fe80::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://2130706433/x',
    ]) {
      expect(webhookUrlProblem(url, strict), url).toMatch(/private|loopback|link-local/);
      expect(webhookUrlProblem(url, { allowPrivateAddresses: true }), url).toBeUndefined();
    }
    for (const url of ['https://hooks.example.com/x', 'http://93.184.216.34/x', 'https://[2606:4700::1111]/x'])
      expect(webhookUrlProblem(url, strict), url).toBeUndefined();
    const strictCtx = {
      ...t.deps,
      config: { ...t.deps.config, webhooks: { ...t.deps.config.webhooks, allowPrivateAddresses: false } },
    };
    await expect(
      createWebhook(strictCtx, ws.id, { url: 'http://169.254.169.254/', eventTypes: ['*'] }),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'validation_failed');
  });

  test('checks the resolved address at delivery time, so a name pointing inside is refused', async () => {
    const outcome = await postJson(
      rx.url('/dns').replace('127.0.0.1', 'localhost'),
      '{}',
      {},
      { timeoutMs: 2000, allowPrivateAddresses: false },
    );
    // The reason is told in words, never with the address the name resolved to.
    expect(outcome).toMatchObject({
      kind: 'error',
      reason: 'blocked',
      message: 'refused: the address resolves to a private network address, which is not allowed',
    });
    expect(rx.on('/dns')).toHaveLength(0);
    const allowed = await postJson(
      rx.url('/dns').replace('127.0.0.1', 'localhost'),
      '{}',
      {},
      { timeoutMs: 2000, allowPrivateAddresses: true },
    );
    expect(allowed).toMatchObject({ kind: 'response', status: 204 });
  });
});

describe('delivery errors name no internal address', () => {
  test('a refused connection says so in words; other messages lose their addresses', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const outcome = await postJson(
      `http://localhost:${port}/x`,
      '{}',
      {},
      { timeoutMs: 2000, allowPrivateAddresses: true },
    );
    expect(outcome).toMatchObject({ kind: 'error', reason: 'network', message: 'the connection was refused' });
    expect(
      networkProblem(Object.assign(new Error('connect EPROTO 10.20.30.40:443 and [fd00::7]:8443'), { code: 'EPROTO' })),
    ).toBe('connect EPROTO [address] and [[address]]:8443');
    expect(networkProblem(new Error('socket hang up at 12:30:45'))).toBe('socket hang up at 12:30:45');
  });
});

describe('deliveries', () => {
  test('are signed, filtered by type and category, and logged', async () => {
    const billing = await endpoint('/billing', ['complaint.'], { categories: ['billing'] });
    const resolved = await endpoint('/resolved', ['complaint.resolved']);
    const all = await endpoint('/all', ['*']);
    const paused = await endpoint('/paused', ['*'], { active: false });
    const ids = await record(
      complaint('complaint.registered'),
      complaint('complaint.registered', { category: 'delivery', reference: 'RC-2' }),
      complaint('complaint.resolved'),
      { type: 'loyalty.points_earned', customerId: null, summary: '120 points', payload: { points: 120 } },
    );
    await pumpUntil(
      '4 deliveries at /all, 2 at /billing, 1 at /resolved',
      () => rx.on('/all').length === 4 && rx.on('/billing').length === 2 && rx.on('/resolved').length === 1,
    );
    // Everything these events led to has been sent, so what did not arrive never will.
    await drain(ids[3]);

    // Sent several at a time, so they may arrive in any order.
    const idsAt = (path: string) =>
      rx
        .on(path)
        .map((r) => JSON.parse(r.body).id as string)
        .sort();
    expect(idsAt('/billing')).toEqual([ids[0], ids[2]].sort());
    expect(idsAt('/resolved')).toEqual([ids[2]]);
    expect(idsAt('/all')).toEqual([...ids].sort());
    expect(rx.on('/paused')).toHaveLength(0);

    const now = t.clock.now().getTime();
    for (const r of rx.on('/all')) {
      const body = JSON.parse(r.body);
      expect(r.headers['tenure-event-id']).toBe(body.id);
      expect(r.headers['tenure-event-type']).toBe(body.type);
      expect(r.headers['content-type']).toBe('application/json');
      expect(verify(r.body, r.headers['tenure-signature'], all.secret, { now }), 'documented verifier accepts').toBe(
        true,
      );
      expect(verify(r.body, r.headers['tenure-signature'], billing.secret, { now }), 'another secret').toBe(false);
      expect(verify(`${r.body} `, r.headers['tenure-signature'], all.secret, { now }), 'tampered body').toBe(false);
      expect(
        verify(r.body, r.headers['tenure-signature'], all.secret, { now: now + 10 * 60_000 }),
        'replayed 10 minutes later',
      ).toBe(false);
      expect(verify(r.body, undefined, all.secret, { now }), 'no header').toBe(false);
    }
    expect(JSON.parse(rx.on('/all').find((r) => r.headers['tenure-event-id'] === ids[0])?.body ?? '{}')).toMatchObject({
      type: 'complaint.registered',
      workspaceId: ws.id,
      data: { reference: 'RC-1', category: 'billing' },
    });

    const log = await deliveries(all.id);
    expect(log).toHaveLength(4);
    for (const d of log) {
      expect(d).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        responseCode: 204,
        error: null,
        nextAttemptAt: null,
      });
      expect(d.durationMs).toBeGreaterThanOrEqual(0);
      expect(d.attemptLog).toHaveLength(1);
      expect(d.deliveredAt).toBeTruthy();
    }
    expect(log.map((d) => d.eventId)).toEqual([...ids].reverse());
    expect(await deliveries(paused.id)).toEqual([]);
    expect(await deliveries(resolved.id, '?status=failed')).toEqual([]);
    const page = await call('GET', `/webhooks/${all.id}/deliveries?limit=3`);
    expect(page.body.items).toHaveLength(3);
    expect(
      (await call('GET', `/webhooks/${all.id}/deliveries?before=${page.body.next}`)).body.items.map(
        (d: { eventId: string }) => d.eventId,
      ),
    ).toEqual([ids[0]]);
    for (const e of [billing, resolved, all, paused]) await call('DELETE', `/webhooks/${e.id}`);
  });

  test('an event that cannot be dispatched is logged as a failed delivery, and the events after it are delivered', async () => {
    const hook = await endpoint('/stuck', ['complaint.']);
    const [bad] = await record(complaint('complaint.registered', { reference: 'RC-BAD' }));
    const heal = await failWrites(
      t,
      'webhook_deliveries',
      'INSERT',
      `new.event_id = '${bad}' and new.status = 'pending'`,
    );
    let good: string[] = [];
    try {
      good = await record(complaint('complaint.validated'), complaint('complaint.resolved'));
      await pumpUntil('the two good events at /stuck', () => rx.on('/stuck').length === 2);
    } finally {
      await heal();
    }
    expect(
      rx
        .on('/stuck')
        .map((r) => r.headers['tenure-event-id'])
        .sort(),
    ).toEqual([...good].sort());
    const log = await deliveries(hook.id);
    expect(log.find((d) => d.eventId === bad)).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: 'could not be dispatched: simulated failure (SQLSTATE P0001)',
    });
    expect(
      log
        .filter((d) => d.status === 'succeeded')
        .map((d) => d.eventId)
        .sort(),
    ).toEqual([...good].sort());
    await call('DELETE', `/webhooks/${hook.id}`);
  });

  test('a receiver that fails twice gets three attempts, with growing backoff, then success', async () => {
    rx.script('/flaky', [500, 500, 200]);
    const flaky = await endpoint('/flaky', ['complaint.breached']);
    const [eventId] = await record(complaint('complaint.breached'));
    await pumpUntil('the first attempt at /flaky', () => rx.on('/flaky').length === 1);
    let [d] = await deliveries(flaky.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseCode: 500, error: 'answered HTTP 500' });
    // First retry: 10 s · 2^0, jittered to 3/4.
    expect(Date.parse(d.nextAttemptAt) - t.clock.now().getTime()).toBe(7_500);

    expect((await deliverDueWebhooks(ctx())).attempted).toBe(0);
    t.clock.advance(7_500);
    await deliverDueWebhooks(ctx());
    [d] = await deliveries(flaky.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, responseCode: 500 });
    expect(Date.parse(d.nextAttemptAt) - t.clock.now().getTime()).toBe(15_000);

    t.clock.advance(14_999);
    expect((await deliverDueWebhooks(ctx())).attempted).toBe(0);
    t.clock.advance(1);
    await deliverDueWebhooks(ctx());
    [d] = await deliveries(flaky.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, responseCode: 200, error: null });
    expect(d.attemptLog.map((a: { responseCode: number }) => a.responseCode)).toEqual([500, 500, 200]);

    const got = rx.on('/flaky');
    expect(got).toHaveLength(3);
    expect(got.map((r) => r.headers['tenure-event-id'])).toEqual([eventId, eventId, eventId]);
    expect(got.map((r) => r.headers['tenure-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(
      got.every((r) => verify(r.body, r.headers['tenure-signature'], flaky.secret, { now: t.clock.now().getTime() })),
    ).toBe(true);
    await call('DELETE', `/webhooks/${flaky.id}`);
  });

  test('gives up after the last attempt; a 4xx fails at once; timeouts and refused connections are retried', async () => {
    rx.script('/down', [503]);
    rx.script('/gone', [410]);
    rx.script('/slow', ['hang']);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));

    const down = await endpoint('/down', ['complaint.escalated']);
    const gone = await endpoint('/gone', ['complaint.escalated']);
    const slow = await endpoint('/slow', ['complaint.escalated']);
    const dead = (
      await call('POST', '/webhooks', { url: `http://127.0.0.1:${deadPort}/x`, eventTypes: ['complaint.escalated'] })
    ).body;
    await record(complaint('complaint.escalated'));
    await pumpUntil(
      'a first attempt at /down, /gone and /slow',
      () => rx.on('/down').length === 1 && rx.on('/gone').length === 1 && rx.on('/slow').length === 1,
      hasty(),
    );

    expect((await deliveries(gone.id))[0]).toMatchObject({ status: 'failed', attempts: 1, responseCode: 410 });
    expect((await deliveries(slow.id))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      responseCode: null,
      error: 'no answer within 400 ms',
    });
    expect((await deliveries(dead.id))[0]).toMatchObject({ status: 'pending', attempts: 1, responseCode: null });
    expect((await deliveries(dead.id))[0].error).toBe('the connection was refused');

    for (let i = 0; i < 3; i++) {
      t.clock.advance(10 * 60_000);
      await deliverDueWebhooks(hasty());
    }
    expect((await deliveries(down.id))[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      responseCode: 503,
      error: 'answered HTTP 503',
    });
    expect((await deliveries(gone.id))[0].attempts).toBe(1);
    expect(rx.on('/down')).toHaveLength(3);
    expect(rx.on('/gone')).toHaveLength(1);
    expect((await deliveries(slow.id))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    for (const e of [down, gone, slow, dead]) await call('DELETE', `/webhooks/${e.id}`);
  });

  test('an endpoint gets only events from its creation on; a paused one resumes with new events only', async () => {
    const [before] = await record(complaint('complaint.closed', { reference: 'RC-before' }));
    const late = await endpoint('/late', ['complaint.closed']);
    await call('PATCH', `/webhooks/${late.id}`, { active: false });
    const [whilePaused] = await record(complaint('complaint.closed', { reference: 'RC-paused' }));
    // A pass while it is paused (it may find the event still held back; either way it sends nothing).
    await dispatchWebhookEvents(t.deps);
    await deliverDueWebhooks(ctx());
    await call('PATCH', `/webhooks/${late.id}`, { active: true });
    const [after] = await record(complaint('complaint.closed', { reference: 'RC-after' }));
    // Past the last of the three events, with nothing left due: whatever was going to reach /late has.
    await drain(after);
    expect(rx.on('/late').map((r) => JSON.parse(r.body).id)).toEqual([after]);
    expect((await deliveries(late.id)).map((d) => d.eventId)).toEqual([after]);
    expect([before, whilePaused]).not.toContain(after);
    await call('DELETE', `/webhooks/${late.id}`);
  });

  test('after rotation, deliveries are signed with the new secret only', async () => {
    const e = await endpoint('/rotated', ['complaint.satisfaction_rated']);
    const { secret } = (await call('POST', `/webhooks/${e.id}/rotate-secret`)).body;
    await record(complaint('complaint.satisfaction_rated'));
    await pumpUntil('a delivery at /rotated', () => rx.on('/rotated').length === 1);
    const [r] = rx.on('/rotated');
    const now = t.clock.now().getTime();
    expect(verify(r.body, r.headers['tenure-signature'], secret, { now })).toBe(true);
    expect(verify(r.body, r.headers['tenure-signature'], e.secret, { now })).toBe(false);
    await call('DELETE', `/webhooks/${e.id}`);
  });

  test('a delivery to an address the policy refuses fails at once without a request', async () => {
    const e = await endpoint('/refused', ['complaint.at_risk']);
    await record(complaint('complaint.at_risk'));
    const strict = {
      ...ctx(),
      config: { ...t.deps.config, webhooks: { ...t.deps.config.webhooks, allowPrivateAddresses: false } },
    };
    await waitFor(
      async () => {
        await dispatchWebhookEvents(t.deps);
        return (await deliveries(e.id)).length > 0;
      },
      { what: 'a delivery for the refused endpoint' },
    );
    await deliverDueWebhooks(strict);
    expect((await deliveries(e.id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await deliveries(e.id))[0].error).toMatch(/^refused: .*private/);
    expect(rx.on('/refused')).toHaveLength(0);
    await call('DELETE', `/webhooks/${e.id}`);
  });

  test('two dispatchers and two deliverers at once deliver each event exactly once', async () => {
    const e = await endpoint('/race', ['complaint.validated']);
    const ids: string[] = [];
    for (let batch = 0; batch < 4; batch++)
      ids.push(
        ...(await record(
          ...Array.from({ length: 10 }, (_, i) => complaint('complaint.validated', { reference: `RC-${batch}-${i}` })),
        )),
      );
    // Like a real worker: a pass, then a short pause (which also lets the receiver, in this process, answer).
    // Generous: each pass is quick, but a loaded machine can stall the loop for seconds.
    const worker = () =>
      waitFor(
        async () => {
          await dispatchWebhookEvents(t.deps);
          await deliverDueWebhooks(ctx());
          return rx.on('/race').length >= ids.length;
        },
        {
          what: () => `${ids.length} deliveries at /race (got ${rx.on('/race').length})`,
          timeoutMs: 45_000,
          intervalMs: 5,
        },
      );
    await Promise.all([worker(), worker()]);
    // Nothing left to dispatch or deliver, so no duplicate can still be on its way.
    await drain(ids.at(-1) as string);
    const got = rx.on('/race').map((r) => r.headers['tenure-event-id']);
    expect(got.length).toBe(ids.length);
    expect(new Set(got)).toEqual(new Set(ids));
    const log = (await call('GET', `/webhooks/${e.id}/deliveries?limit=200`)).body.items;
    expect(log).toHaveLength(ids.length);
    expect(log.every((d: { status: string; attempts: number }) => d.status === 'succeeded' && d.attempts === 1)).toBe(
      true,
    );
    await call('DELETE', `/webhooks/${e.id}`);
  });

  test('finished deliveries leave the log after the retention; open ones stay', async () => {
    rx.script('/retention-down', [503]);
    const ok = await endpoint('/retention-ok', ['complaint.closed']);
    const down = await endpoint('/retention-down', ['complaint.closed']);
    await record(complaint('complaint.closed'));
    await pumpUntil(
      'a delivery at /retention-ok and /retention-down',
      () => rx.on('/retention-ok').length === 1 && rx.on('/retention-down').length === 1,
    );
    expect(await purgeOldDeliveries(t.deps)).toBe(0);
    t.clock.advance(31 * 86_400_000);
    expect(await purgeOldDeliveries(t.deps, { batch: 1 })).toBeGreaterThanOrEqual(1);
    expect(await deliveries(ok.id)).toEqual([]);
    expect((await deliveries(down.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    for (const e of [ok, down]) await call('DELETE', `/webhooks/${e.id}`);
  });

  test('a running worker dispatches and delivers on its own', async () => {
    const e = await endpoint('/worker', ['complaint.registered']);
    const queue = await startJobQueue(t.deps, { definitions: jobDefinitions, work: true, pollingIntervalSeconds: 0.5 });
    try {
      const [id] = await record(complaint('complaint.registered', { reference: 'RC-worker' }));
      await waitFor(() => rx.on('/worker').length > 0, {
        what: 'the worker to deliver to /worker',
        timeoutMs: 45_000,
        intervalMs: 100,
      });
      expect(rx.on('/worker').map((r) => r.headers['tenure-event-id'])).toEqual([id]);
    } finally {
      await queue.stop();
    }
    await call('DELETE', `/webhooks/${e.id}`);
  });
});
