// The weekly KPI digest end to end on a real database and a local SMTP server: the scheduled job
// runs twice at once and once more, and each manager, admin and owner who has not opted out gets
// exactly one e-mail for the week, in their own language, with the week's figures against the
// week before counted by hand below; the opted-out manager and the agent get none.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { type Smtp, startSmtp } from '../../../test/support/smtp.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { kpisDigest } from '../../jobs/definitions.ts';
import { silentLogger } from '../../logger.ts';
import { createSenders, type Senders, sendDueNotifications } from '../notifications/index.ts';

let smtp: Smtp;
let t: TestApp;
let senders: Senders;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const people: Record<string, { email: string; password: string }> = {};

const ok = async (method: string, path: string, body?: unknown, cookie?: string) => {
  const r = await t.request(method, `/api/v1${path}`, cookie ? { cookie, body } : { token: ws.ownerToken, body });
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 300)}`).toBeLessThan(300);
  return r.body;
};
const runJob = () => kpisDigest.handler({}, { ...t.deps, jobId: 'test', signal: new AbortController().signal });
const sendAll = () => sendDueNotifications({ ...t.deps, random: () => 0.5 }, senders);

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'kpis@tenure.test',
      PUBLIC_URL: 'https://crm.example.com',
    },
  });
  senders = createSenders(t.deps.config, silentLogger);
  t.clock.set(new Date('2026-11-20T12:00:00Z'));
  ws = await t.workspace('Digest');
  await ok('PATCH', '/workspace', { timeZone: 'America/Sao_Paulo' });
  people.owner = { email: ws.ownerEmail, password: ws.password };
  for (const [name, role] of [
    ['managerPt', 'manager'],
    ['managerOut', 'manager'],
    ['adminEs', 'admin'],
    ['agent', 'agent'],
  ] as const)
    people[name] = await ws.member(role);
  const me = async (name: string, body: Record<string, unknown>) => {
    const { cookie } = await t.signIn(people[name].email, people[name].password);
    return ok('PATCH', '/auth/me', body, cookie);
  };
  expect((await me('managerPt', { locale: 'pt-BR' })).preferences).toEqual({ locale: 'pt-BR', kpiDigest: true });
  expect((await me('managerOut', { kpiDigest: false })).preferences).toEqual({ locale: null, kpiDigest: false });
  await me('adminEs', { locale: 'es' });

  // Week 2026-W49 in São Paulo: Mon 30 Nov – Sun 6 Dec; W48: 23–29 Nov.
  // P1 buys 2 and 3 Dec; P2 buys 25 Nov and 4 Dec; P3 buys 6 Dec 23:30 local (7 Dec 02:30 UTC: still W49).
  // W49: purchasers P1, P2, P3 = 3; twice or more: P1 = 1; of W48's purchasers (P2) again: 1 of 1.
  // W48: purchasers P2 = 1; twice: 0; of W47's (none): 0 of 0.
  const customer = async (name: string) => (await ok('POST', '/customers', { name })).id as string;
  const [p1, p2, p3] = [await customer('P1'), await customer('P2'), await customer('P3')];
  for (const [c, at] of [
    [p1, '2026-12-02T15:00:00Z'],
    [p1, '2026-12-03T15:00:00Z'],
    [p2, '2026-11-25T15:00:00Z'],
    [p2, '2026-12-04T15:00:00Z'],
    [p3, '2026-12-07T02:30:00Z'],
  ])
    await ok('POST', '/transactions', { customerId: c, occurredAt: at, lines: [{ quantity: 1, unitPriceMinor: 500 }] });
  // A compliment on 1 Dec (W49).
  await ok('POST', '/feedback', {
    kind: 'compliment',
    customerId: p1,
    body: 'Great',
    occurredAt: '2026-12-01T12:00:00Z',
  });
});
afterAll(async () => {
  senders?.email.close?.();
  await t?.close();
  await smtp?.close();
});

describe('weekly KPI digest', () => {
  test('one e-mail per manager and week in their language, none before Monday 07:00 local or when opted out', async () => {
    // Monday 7 Dec 09:00 UTC is 06:00 in São Paulo: not yet.
    t.clock.set(new Date('2026-12-07T09:00:00Z'));
    await runJob();
    await sendAll();
    expect(smtp.mails).toHaveLength(0);

    t.clock.set(new Date('2026-12-07T10:30:00Z'));
    await Promise.all([runJob(), runJob()]);
    await runJob();
    const expected = ['owner', 'managerPt', 'adminEs'];
    await waitFor(
      async () => {
        await sendAll();
        return expected.every((n) => smtp.to(people[n].email).length > 0);
      },
      { what: 'the digests' },
    );
    await runJob();
    await sendAll();
    for (const n of expected) expect(smtp.to(people[n].email), n).toHaveLength(1);
    expect(smtp.to(people.managerOut.email)).toHaveLength(0);
    expect(smtp.to(people.agent.email)).toHaveLength(0);
    expect(smtp.mails).toHaveLength(3);

    const [en] = smtp.to(people.owner.email);
    expect(en.subject).toBe('Retention KPIs, week 2026-W49');
    expect(en.text).toContain('from 2026-11-30 to 2026-12-06');
    expect(en.text).toContain('- Customers purchasing: 3 (1)');
    expect(en.text).toContain('- Of them, purchasing twice or more: 1 (0)');
    expect(en.text).toContain('- Customers of the week before who purchased again: 1 of 1 (0 of 0)');
    expect(en.text).toContain('- Compliments: 1 (0)');
    expect(en.text).toContain('https://crm.example.com/kpis');
    expect(smtp.to(people.managerPt.email)[0].subject).toBe('KPIs de retenção, semana 2026-W49');
    expect(smtp.to(people.managerPt.email)[0].text).toContain('- Clientes que compraram: 3 (1)');
    expect(smtp.to(people.adminEs.email)[0].subject).toBe('KPI de retención, semana 2026-W49');

    // The next week's digest is a new one.
    t.clock.set(new Date('2026-12-14T11:00:00Z'));
    await runJob();
    await waitFor(
      async () => {
        await sendAll();
        return smtp.to(people.owner.email).length === 2;
      },
      { what: 'the W50 digest' },
    );
    expect(smtp.to(people.owner.email)[1].subject).toBe('Retention KPIs, week 2026-W50');
  });
});
