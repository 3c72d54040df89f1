// The public exit survey through the real HTTP layer, with hostile input: reasons in the
// customer's language, one answer per link, the same 404 for malformed, guessed, expired and used
// tokens, NUL characters and oversize text, a honeypot, bursts over the rate limit.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { queryRows } from '../../db/client.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let ipSeq = 0;
/** Every request speaks from its own address unless a test says otherwise, so limits do not leak. */
const nextIp = () => `203.0.113.${++ipSeq % 250}`;
const survey = (token: string) => `/api/v1/public/exit-survey/${token}`;
const show = (token: string, ip = nextIp()) => t.request('GET', survey(token), { headers: { 'x-forwarded-for': ip } });
const answer = (token: string, body: unknown, ip = nextIp()) =>
  t.request('POST', survey(token), { body, headers: { 'x-forwarded-for': ip } });
async function ok(method: string, path: string, body?: unknown) {
  const r = await t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}
async function leaver(name: string, locale?: string) {
  const c = (await ok('POST', '/customers', { name, ...(locale ? { locale } : {}) })).id as string;
  const r = await ok('POST', `/customers/${c}/defections`, { freeText: 'Called to cancel' });
  return { customerId: c, defectionId: r.defection.id as string, token: r.exitSurvey.token as string };
}
const defection = async (id: string) =>
  (await ok('GET', `/defections?limit=500`)).items.find((d: { id: string }) => d.id === id);

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_FORM_MAX_PER_IP: '2' } });
  t.clock.set(new Date('2026-06-01T12:00:00Z'));
  ws = await t.workspace('Survey Shop');
});
afterAll(() => t.close());

describe('exit survey', () => {
  test("shows the active reasons in the customer's language, answers once, and fills in the defection", async () => {
    await ok('PATCH', '/defection-reasons/access_convenience', { active: false });
    const l = await leaver('Paula', 'pt-BR');
    const page = await show(l.token);
    expect(page.status, page.text).toBe(200);
    expect(page.body.workspace).toEqual({ name: 'Survey Shop' });
    expect(page.body.locale).toBe('pt-BR');
    expect(page.body.reasons[0]).toEqual({ code: 'price', label: 'Preço' });
    expect(page.body.reasons.map((r: { code: string }) => r.code)).not.toContain('access_convenience');
    const sent = await answer(l.token, { reasonCode: 'service_failure', freeText: 'Ninguém respondeu' });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toEqual({ answered: true });
    expect(await defection(l.defectionId)).toMatchObject({
      reasonCode: 'service_failure',
      freeText: 'Called to cancel\n\nNinguém respondeu',
      surveyAnsweredAt: '2026-06-01T12:00:00.000Z',
      source: 'manual',
    });
    const events = await queryRows<{ payload: Record<string, unknown> }>(
      t.deps.db,
      sql`select payload from domain_events where workspace_id = ${ws.id} and type = 'customer.exit_survey_answered'
          and customer_id = ${l.customerId}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ defectionId: l.defectionId, reasonCode: 'service_failure' });
    // Single use: the page and a second answer are gone.
    expect((await show(l.token)).status).toBe(404);
    expect((await answer(l.token, { reasonCode: 'price' })).status).toBe(404);
    expect((await defection(l.defectionId)).reasonCode).toBe('service_failure');
  });

  test('a link made for a customer records a new defection from the answer', async () => {
    const c = (await ok('POST', '/customers', { name: 'Quiet leaver' })).id;
    const link = await ok('POST', `/customers/${c}/exit-survey-link`);
    expect(link.pagePath).toBe(`/p/exit-survey/${link.token}`);
    expect((await show(link.token)).body.locale).toBe('en');
    expect((await answer(link.token, { reasonCode: 'price' })).status).toBe(200);
    const { items } = await ok('GET', `/defections?customerId=${c}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      source: 'exit_survey',
      reasonCode: 'price',
      recordedBy: 'customer',
      channel: 'web',
    });
  });

  test('malformed, guessed, expired and used tokens all get the same 404', async () => {
    const l = await leaver('Expiring');
    const guessed = `${l.token.slice(0, 22)}${'A'.repeat(42)}`;
    const answers = [];
    for (const token of ['short', 'x'.repeat(64), guessed, '..%2F..%2Fetc'])
      answers.push(await show(token), await answer(token, { reasonCode: 'price' }));
    t.clock.advance(31 * 86_400_000);
    answers.push(await show(l.token), await answer(l.token, { reasonCode: 'price' }));
    t.clock.advance(-31 * 86_400_000);
    for (const r of answers) {
      expect(r.status, r.text).toBe(404);
      expect(r.body.detail).toBe('Exit survey not found');
    }
    // Still good before it expires: expiry, not the failed attempts, closed it.
    expect((await show(l.token)).status).toBe(200);
  });

  test('hostile input: NUL, oversize text and bodies, unknown reasons, extra fields', async () => {
    const l = await leaver('Hostile');
    const nul = await answer(l.token, { reasonCode: 'price', freeText: 'a\u0000b' });
    expect(nul.status).toBe(422);
    expect(nul.body.errors[0].path).toBe('freeText');
    expect((await show('a%00b')).status).toBe(422);
    const long = await answer(l.token, { reasonCode: 'price', freeText: 'x'.repeat(2001) });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].path).toBe('freeText');
    expect((await answer(l.token, { reasonCode: 'price', freeText: 'x'.repeat(20_000) })).status).toBe(413);
    const unknown = await answer(l.token, { reasonCode: 'no_such_reason' });
    expect(unknown.status).toBe(422);
    expect((await answer(l.token, { reasonCode: 'price', admin: true })).status).toBe(422);
    expect((await answer(l.token, { reasonCode: 'Price; drop table' })).status).toBe(422);
    expect(
      (await t.request('POST', survey(l.token), { raw: '{"reasonCode":', headers: { 'x-forwarded-for': nextIp() } }))
        .status,
    ).toBe(400);
    // None of that spent the link.
    expect((await answer(l.token, { reasonCode: 'price' })).status).toBe(200);
  });

  test('a filled honeypot is answered like a real answer, stores nothing and leaves the link good', async () => {
    const l = await leaver('Botted');
    const bot = await answer(l.token, { reasonCode: 'price', freeText: 'spam', website: 'http://spam.example' });
    expect(bot.status).toBe(200);
    expect(bot.body).toEqual({ answered: true });
    expect(await defection(l.defectionId)).toMatchObject({ reasonCode: null, surveyAnsweredAt: null });
    expect((await answer(l.token, { reasonCode: 'moved_or_no_need' })).status).toBe(200);
    expect((await defection(l.defectionId)).reasonCode).toBe('moved_or_no_need');
  });

  test('bursts over the rate limit get 429 with Retry-After; another address is served', async () => {
    const l = await leaver('Limited');
    const ip = '192.0.2.77';
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await show(l.token, ip)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    const limited = await show(l.token, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await show(l.token, '192.0.2.78')).status).toBe(200);
  });
});
