// Surveys end to end through the real HTTP stack: settings → automatic sends (NPS sample, CSAT
// after a contact, reminders) → the outbox → real email to a local SMTP server, in the customer's
// language, only with consent → answered through the emailed link, once → a detractor's task and
// complaint; hostile input on the public page; NPS and CSAT computed from the raw answers.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type Smtp, startSmtp } from '../../../test/support/smtp.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { queryRows } from '../../db/client.ts';
import { silentLogger } from '../../logger.ts';
import { surveyMoments } from '../../workflows/survey-moments.ts';
import { createSenders, type Senders, sendDueNotifications } from '../notifications/index.ts';
import { runSurveyWork } from './index.ts';

let smtp: Smtp;
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let senders: Senders;
let ipSeq = 0;
const nextIp = () => `198.51.100.${++ipSeq % 250}`;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'care@tenure.test',
      PUBLIC_URL: 'https://crm.example.com',
      PUBLIC_FORM_MAX_PER_IP: '2',
    },
  });
  t.clock.set(new Date('2026-03-10T09:00:00Z'));
  ws = await t.workspace('Loja Pesquisa');
  senders = createSenders(t.deps.config, silentLogger);
});
afterAll(async () => {
  senders?.email.close?.();
  await t?.close();
  await smtp?.close();
});

async function ok(method: string, path: string, body?: unknown) {
  const r = await t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}
async function customer(body: Record<string, unknown>, consent = true) {
  const id = (await ok('POST', '/customers', body)).id as string;
  if (consent)
    await ok('PUT', `/customers/${id}/consents`, {
      consents: [{ channel: 'email', purpose: 'service', granted: true }],
    });
  return id;
}
const pub = (token: string) => `/api/v1/public/surveys/${token}`;
const show = (token: string, ip = nextIp()) => t.request('GET', pub(token), { headers: { 'x-forwarded-for': ip } });
const answer = (token: string, body: unknown, ip = nextIp()) =>
  t.request('POST', pub(token), { body, headers: { 'x-forwarded-for': ip } });
const work = () => runSurveyWork(t.deps, surveyMoments);
const linkIn = (text: string | undefined) => {
  const m = /https:\/\/crm\.example\.com\/p\/survey\/([A-Za-z0-9_-]{64})/.exec(text ?? '');
  return m?.[1];
};
/** Sends the outbox until `address` has `n` emails; returns them. */
async function mailsTo(address: string, n: number) {
  await waitFor(
    async () => {
      await sendDueNotifications({ ...t.deps, random: () => 0.5 }, senders);
      return smtp.to(address).length >= n;
    },
    { what: `${n} email(s) to ${address}` },
  );
  return smtp.to(address);
}
const surveysOf = async (customerId: string) => (await ok('GET', `/surveys?customerId=${customerId}`)).items as any[];

describe('relationship NPS', () => {
  let ana: string;
  let bob: string;
  let token: string;

  test('the daily sample emails consented customers in their language, and nobody without consent', async () => {
    ana = await customer({ name: 'Ana Souza', email: 'ana@example.com', locale: 'pt-BR' });
    bob = await customer({ name: 'Bob Stone', email: 'bob@example.com' }, false);
    const elena = await customer({ name: 'Elena Ruiz', email: 'elena@example.com', locale: 'es' });
    // Dora has left: a customer who defected is not asked how likely she is to recommend us.
    const dora = await customer({ name: 'Dora Lima', email: 'dora@example.com', locale: 'pt-BR' });
    await ok('POST', `/customers/${dora}/defections`, { defectedAt: '2026-03-01T00:00:00Z', reasonCode: 'price' });
    await ok('PATCH', '/survey-settings', { npsEnabled: true, npsSamplePerDay: 10, csatTriggers: [] });
    expect((await work()).nps).toBe(3);
    expect(await surveysOf(dora)).toEqual([]);
    const [toAna] = await mailsTo('ana@example.com', 1);
    expect(toAna.subject).toBe('Qual a probabilidade de você recomendar Loja Pesquisa?');
    token = linkIn(toAna.text) as string;
    expect(token).toBeDefined();
    const [toElena] = await mailsTo('elena@example.com', 1);
    expect(toElena.subject).toMatch(/^¿Qué probabilidad/);
    // Bob has no consent: a survey row says so, and no message exists for him.
    const [bobs] = await surveysOf(bob);
    expect(bobs).toMatchObject({ kind: 'nps', trigger: 'relationship', deliveryStatus: 'skipped_no_consent' });
    await sendDueNotifications({ ...t.deps, random: () => 0.5 }, senders);
    expect(smtp.to('bob@example.com')).toHaveLength(0);
    expect((await surveysOf(elena))[0].locale).toBe('es');
    // Once a day, and never again within the minimum interval.
    expect((await work()).nps).toBe(0);
    t.clock.advance(86_400_000);
    expect((await work()).nps).toBe(0);
    expect(await surveysOf(ana)).toHaveLength(1);
  });

  test('answered through the emailed link, once; a detractor gets a task and the complaint asked for', async () => {
    const page = await show(token);
    expect(page.status, page.text).toBe(200);
    expect(page.body).toEqual({
      workspace: { name: 'Loja Pesquisa' },
      locale: 'pt-BR',
      kind: 'nps',
      trigger: 'relationship',
    });
    const sent = await answer(token, { score: 3, comment: 'Demorou demais para entregar', openComplaint: true });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.complaintReference).toMatch(/^C-2026-/);
    const again = await answer(token, { score: 10 });
    expect(again.status).toBe(409);
    expect((await show(token)).status).toBe(409);
    const [s] = await surveysOf(ana);
    expect(s).toMatchObject({ score: 3, comment: 'Demorou demais para entregar' });
    expect(s.followUpTaskId).not.toBeNull();
    const task = await ok('GET', `/tasks/${s.followUpTaskId}`);
    expect(task).toMatchObject({ customerId: ana, source: 'survey_detractor', assigneeId: ws.ownerId, status: 'open' });
    const complaint = await ok('GET', `/complaints/${s.complaintId}`);
    expect(complaint).toMatchObject({ customerId: ana, description: 'Demorou demais para entregar' });
    const events = await queryRows<{ payload: Record<string, unknown> }>(
      t.deps.db,
      sql`select payload from domain_events where workspace_id = ${ws.id} and type = 'survey.answered' and customer_id = ${ana}`,
    );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ kind: 'nps', score: 3, category: 'detractors', hasComment: true }),
    ]);
  });

  test('a reminder carries a new link to the same survey; either link answers it once', async () => {
    const carl = await customer({ name: 'Carl', email: 'carl@example.com' });
    const sent = await ok('POST', '/surveys', { customerId: carl, kind: 'nps' });
    const first = linkIn((await mailsTo('carl@example.com', 1))[0].text) as string;
    expect(sent.pagePath).toBe(`/p/survey/${first}`);
    t.clock.advance(2 * 86_400_000);
    await work(); // reminds the earlier sample's unanswered surveys, not Carl's yet
    expect((await surveysOf(carl))[0].remindersSent).toBe(0);
    t.clock.advance(86_400_000 + 1);
    expect((await work()).reminders).toBe(1);
    expect((await work()).reminders).toBe(0);
    const mails = await mailsTo('carl@example.com', 2);
    expect(mails[1].subject).toBe('A minute for Loja Pesquisa?');
    const second = linkIn(mails[1].text) as string;
    expect(second).not.toBe(first);
    expect((await answer(second, { score: 9 })).status).toBe(200);
    expect((await answer(first, { score: 2 })).status).toBe(409);
    expect((await surveysOf(carl))[0]).toMatchObject({ score: 9, remindersSent: 1, followUpTaskId: null });
  });
});

describe('transactional CSAT', () => {
  test('follows a contact once, only after the trigger is on, and not twice within the interval', async () => {
    const dora = await customer({ name: 'Dora', email: 'dora@example.com' });
    const contact = (at: Date) =>
      ok('POST', '/interactions', {
        customerId: dora,
        occurredAt: at.toISOString(),
        channel: 'phone',
        direction: 'inbound',
        type: 'support',
      });
    await contact(new Date(t.clock.now().getTime() - 3_600_000));
    await ok('PATCH', '/survey-settings', { csatTriggers: ['contact'] });
    expect((await work()).csat).toBe(0); // the contact came before the trigger was turned on
    t.clock.advance(60_000);
    const later = await contact(t.clock.now());
    t.clock.advance(60_000);
    expect((await work()).csat).toBe(1);
    expect((await work()).csat).toBe(0);
    await contact(t.clock.now());
    t.clock.advance(60_000);
    expect((await work()).csat).toBe(0); // within csatMinIntervalDays
    const [s] = (await surveysOf(dora)).filter((x) => x.kind === 'csat');
    expect(s).toMatchObject({ trigger: 'contact', subjectId: later.id });
    const [mail] = await mailsTo('dora@example.com', 1);
    expect(mail.subject).toBe('How did we do?');
    const token = linkIn(mail.text) as string;
    expect((await answer(token, { score: 0 })).status).toBe(422); // CSAT is 1–5
    expect((await answer(token, { score: 6 })).status).toBe(422);
    expect((await answer(token, { score: 4, comment: 'Resolved on the first call' })).status).toBe(200);
    await ok('PATCH', '/survey-settings', { csatTriggers: [] });
  });
});

describe('the public page under hostile input', () => {
  async function fresh(name: string) {
    const c = await customer({ name, email: `${name.toLowerCase()}@example.com` });
    const s = await ok('POST', '/surveys', { customerId: c, kind: 'nps' });
    return { customerId: c, token: (s.pagePath as string).split('/').at(-1) as string };
  }

  test('malformed, guessed and expired tokens get the same 404', async () => {
    const s = await fresh('Expiring');
    const guessed = `${s.token.slice(0, 22)}${'A'.repeat(42)}`;
    const calls = [];
    for (const token of ['short', 'x'.repeat(64), guessed, '..%2F..%2Fetc'])
      calls.push(await show(token), await answer(token, { score: 5 }));
    t.clock.advance(15 * 86_400_000);
    calls.push(await show(s.token), await answer(s.token, { score: 5 }));
    t.clock.advance(-15 * 86_400_000);
    for (const r of calls) {
      expect(r.status, r.text).toBe(404);
      expect(r.body.detail).toBe('Survey not found');
    }
    expect((await show(s.token)).status).toBe(200);
  });

  test('NUL, oversize text and bodies, scores off the scale, extra fields; none of it spends the link', async () => {
    const s = await fresh('Hostile');
    const nul = await answer(s.token, { score: 5, comment: 'a\u0000b' });
    expect(nul.status).toBe(422);
    expect(nul.body.errors[0].path).toBe('comment');
    expect((await answer(s.token, { score: 5, comment: 'x'.repeat(2001) })).body.errors[0].path).toBe('comment');
    expect((await answer(s.token, { score: 5, comment: 'x'.repeat(20_000) })).status).toBe(413);
    for (const score of [11, -1, 4.5, '9', null]) expect((await answer(s.token, { score })).status).toBe(422);
    expect((await answer(s.token, { score: 5, admin: true })).status).toBe(422);
    expect((await answer(s.token, { score: 9, openComplaint: true, comment: 'fine' })).status).toBe(422);
    expect((await answer(s.token, { score: 2, openComplaint: true })).body.errors[0].path).toBe('comment');
    const broken = await t.request('POST', pub(s.token), {
      raw: '{"score":',
      headers: { 'x-forwarded-for': nextIp() },
    });
    expect(broken.status).toBe(400);
    expect((await answer(s.token, { score: 8, comment: '<script>alert(1)</script>' })).status).toBe(200);
    expect((await surveysOf(s.customerId))[0]).toMatchObject({ score: 8, comment: '<script>alert(1)</script>' });
  });

  test('a filled honeypot is answered like a real answer and stores nothing', async () => {
    const s = await fresh('Botted');
    const bot = await answer(s.token, { score: 0, comment: 'spam', website: 'http://spam.example' });
    expect(bot.status).toBe(200);
    expect((await surveysOf(s.customerId))[0]).toMatchObject({ answeredAt: null, score: null });
    expect((await answer(s.token, { score: 10 })).status).toBe(200);
  });

  test('bursts over the rate limit get 429 with Retry-After; another address is served', async () => {
    const s = await fresh('Limited');
    const ip = '192.0.2.90';
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await show(s.token, ip)).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const limited = await show(s.token, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await show(s.token, '192.0.2.91')).status).toBe(200);
  });
});
