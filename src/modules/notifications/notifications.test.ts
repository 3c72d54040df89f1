// The notifications outbox end to end: complaint events → outbox → real email to a local SMTP
// server (smtp-server), in the customer's language, only with consent, with every decision
// recorded and readable through the API.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';
import { type Smtp, startSmtp } from '../../../test/support/smtp.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { silentLogger } from '../../logger.ts';
import { recordEvents } from '../events/index.ts';
import { createSenders, enqueueFromEvents, enqueueNotification, type Senders, sendDueNotifications } from './index.ts';

let smtp: Smtp;
let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let slug: string;
let senders: Senders;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'care@tenure.test',
      PUBLIC_URL: 'https://crm.example.com/',
      NOTIFICATIONS_MAX_ATTEMPTS: '3',
      NOTIFICATIONS_RETRY_BASE_SECONDS: '60',
    },
  });
  ws = await t.workspace('Loja Exemplo');
  slug = (await call('GET', '/workspace')).body.slug;
  senders = createSenders(t.deps.config, silentLogger);
});
afterAll(async () => {
  senders?.email.close?.();
  await t?.close();
  await smtp?.close();
});

function call(method: string, path: string, body?: unknown, token = ws.ownerToken) {
  return t.request(method, `/api/v1${path}`, { token, body });
}

type Consent = [channel: string, purpose: string];
async function customer(body: Record<string, unknown>, consents: Consent[] = [['email', 'service']]) {
  const created = await call('POST', '/customers', body);
  expect(created.status, created.text).toBe(201);
  if (consents.length) {
    const res = await call('PUT', `/customers/${created.body.id}/consents`, {
      consents: consents.map(([channel, purpose]) => ({ channel, purpose, granted: true })),
    });
    expect(res.status, res.text).toBe(200);
  }
  return created.body.id as string;
}

let seq = 100;
async function complaintEvent(
  type: string,
  customerId: string | null,
  payload: Record<string, unknown> = {},
  withLink = true,
) {
  const reference = `RC-${++seq}`;
  const [id] = await recordEvents(t.deps.db, t.deps, ws.id, [
    {
      type,
      customerId,
      summary: `Complaint ${reference} ${type}`,
      payload: {
        complaintId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11',
        reference,
        category: 'billing',
        severity: 'high',
        ...payload,
      },
      secrets: withLink ? { statusToken: `tok-${seq}` } : undefined,
    },
  ]);
  return { id, reference, token: `tok-${seq}` };
}

const ctx = () => ({ ...t.deps, random: () => 0.5 });

/** Follows the log and sends until `done()` (the horizon can lag briefly on a shared server). */
async function deliver(what: string, done: () => boolean | Promise<boolean>) {
  await waitFor(
    async () => {
      await enqueueFromEvents(t.deps);
      await sendDueNotifications(ctx(), senders);
      return done();
    },
    { what },
  );
}

const messages = async (customerId: string) =>
  (await call('GET', `/notifications?customerId=${customerId}`)).body.items as any[];
const settled =
  (customerId: string, n = 1) =>
  async () =>
    (await messages(customerId)).filter((m) => !['pending', 'sending'].includes(m.status)).length >= n;

describe('complaint emails', () => {
  test('go out in the customer’s language, from the workspace, with the status link', async () => {
    const ana = await customer({ name: 'Ana Souza', email: 'ana@example.com', locale: 'pt-BR' });
    const elena = await customer({ name: 'Elena Ruiz', email: 'elena@example.com', locale: 'es' });
    const john = await customer(
      { name: 'John Smith', email: 'john@example.com', phone: '+14155550100', preferredChannels: ['sms', 'email'] },
      [
        ['sms', 'service'],
        ['email', 'service'],
      ],
    );
    const a = await complaintEvent('complaint.registered', ana);
    const e = await complaintEvent('complaint.registered', elena);
    const j = await complaintEvent('complaint.registered', john);
    await deliver('three emails', () => smtp.mails.length >= 3);

    const [pt] = smtp.to('ana@example.com');
    expect(pt.subject).toBe(`Recebemos sua reclamação ${a.reference}`);
    expect(pt.text).toContain('Olá, Ana Souza,');
    expect(pt.text).toContain(`Registramos sua reclamação com o protocolo ${a.reference}`);
    expect(pt.text).toContain(`Acompanhe o andamento aqui: https://crm.example.com/p/${slug}/complaints/${a.token}`);
    expect(pt.text).toContain('Atenciosamente,\nLoja Exemplo');
    expect(pt.from?.value[0]).toEqual({ name: 'Loja Exemplo', address: 'care@tenure.test' });
    expect(pt.html).toBe(false);

    const [es] = smtp.to('elena@example.com');
    expect(es.subject).toBe(`Hemos recibido su reclamación ${e.reference}`);
    expect(es.text).toContain('Hola, Elena Ruiz:');
    expect(es.text).toContain(`Puede seguir su estado aquí: https://crm.example.com/p/${slug}/complaints/${e.token}`);

    // Prefers SMS, but no SMS provider is configured: the consented email goes instead.
    const [en] = smtp.to('john@example.com');
    expect(en.subject).toBe(`We have received your complaint ${j.reference}`);
    expect(en.text).toContain('Hello John Smith,');

    const [logged] = await messages(ana);
    expect(logged).toMatchObject({
      status: 'sent',
      channel: 'email',
      purpose: 'service',
      locale: 'pt-BR',
      templateKey: 'complaint.registered',
      recipient: 'ana@example.com',
      attempts: 1,
      error: null,
      sourceEventId: a.id,
    });
    expect(logged.providerMessageId).toBeTruthy();
    expect(logged.sentAt).toBeTruthy();
  });

  test('without consent are not sent, and why is recorded', async () => {
    const nina = await customer({ name: 'Nina', email: 'nina@example.com' }, []);
    const paula = await customer({ name: 'Paula', email: 'paula@example.com' }, [['email', 'marketing']]);
    const omar = await customer({ name: 'Omar', phone: '+14155550101' }, [['sms', 'service']]);
    const nadia = await customer({ name: 'Nadia' }, [['email', 'service']]);
    for (const id of [nina, paula, omar, nadia]) await complaintEvent('complaint.registered', id);
    await deliver('a settled message for each of the four', async () =>
      (await Promise.all([nina, paula, omar, nadia].map((id) => settled(id)()))).every(Boolean),
    );

    expect((await messages(nina))[0]).toMatchObject({
      status: 'skipped_no_consent',
      channel: null,
      error: 'no service consent on email, sms, whatsapp',
    });
    expect((await messages(paula))[0]).toMatchObject({ status: 'skipped_no_consent', channel: null });
    expect((await messages(omar))[0]).toMatchObject({
      status: 'skipped',
      channel: 'sms',
      error: 'sms_not_configured',
      recipient: null,
    });
    expect((await messages(nadia))[0]).toMatchObject({ status: 'skipped', channel: 'email' });
    expect((await messages(nadia))[0].error).toMatch(/^no_contact/);
    expect(smtp.to('nina@example.com')).toHaveLength(0);
    expect(smtp.to('paula@example.com')).toHaveLength(0);
  });

  test('consent withdrawn after the message was queued stops it', async () => {
    const wendy = await customer({ name: 'Wendy', email: 'wendy@example.com', locale: 'es' });
    await complaintEvent('complaint.registered', wendy);
    await waitFor(
      async () => {
        await enqueueFromEvents(t.deps);
        return (await messages(wendy)).length > 0;
      },
      { what: 'a message queued for Wendy' },
    );
    expect((await messages(wendy))[0].status).toBe('pending');
    await call('PUT', `/customers/${wendy}/consents`, {
      consents: [{ channel: 'email', purpose: 'service', granted: false }],
    });
    await sendDueNotifications(ctx(), senders);
    expect((await messages(wendy))[0]).toMatchObject({
      status: 'skipped_no_consent',
      error: 'service consent on email was withdrawn before sending',
    });
    expect(smtp.to('wendy@example.com')).toHaveLength(0);
  });

  test('use the language of the event, then of the workspace, when the customer has none', async () => {
    const lia = await customer({ name: 'Lia', email: 'lia@example.com' });
    await complaintEvent('complaint.registered', lia, { customerLocale: 'es' });
    await deliver('an email to Lia', () => smtp.to('lia@example.com').length === 1);
    expect(smtp.to('lia@example.com')[0].subject).toMatch(/^Hemos recibido su reclamación/);

    expect((await call('PATCH', '/workspace', { locale: 'pt-BR' })).status).toBe(200);
    const rui = await customer({ name: 'Rui', email: 'rui@example.com' });
    await complaintEvent('complaint.registered', rui, { customerLocale: 'klingon' });
    await deliver('an email to Rui', () => smtp.to('rui@example.com').length === 1);
    expect(smtp.to('rui@example.com')[0].subject).toMatch(/^Recebemos sua reclamação/);
    expect((await messages(rui))[0].locale).toBe('pt-BR');
    await call('PATCH', '/workspace', { locale: 'en' });
  });

  test('cover the decision, the resolution with its survey link and the breach apology; customer text stays text', async () => {
    const bea = await customer({ name: 'Beatriz', email: 'bea@example.com', locale: 'pt-BR' });
    const tom = await customer({ name: 'Tom <b>O’Brien</b> & Co', email: 'tom@example.com', locale: 'en' });
    const hostile = '<script>alert("x")</script> & {{secret}} ${process.env}';
    const valid = await complaintEvent('complaint.validated', bea, { reason: 'Cobrança duplicada confirmada' });
    const invalid = await complaintEvent('complaint.invalidated', tom, { reason: hostile });
    const resolved = await complaintEvent('complaint.resolved', tom);
    const breached = await complaintEvent('complaint.breached', bea, {}, false);
    await deliver(
      'two emails each to Beatriz and Tom',
      () => smtp.to('bea@example.com').length === 2 && smtp.to('tom@example.com').length === 2,
    );

    const bySubject = (address: string, ref: string) => smtp.to(address).find((m) => m.subject?.includes(ref));
    const v = bySubject('bea@example.com', valid.reference);
    expect(v?.subject).toBe(`Estamos tratando sua reclamação ${valid.reference}`);
    expect(v?.text).toContain('Nossa avaliação: Cobrança duplicada confirmada');

    const i = bySubject('tom@example.com', invalid.reference);
    expect(i?.subject).toBe(`About your complaint ${invalid.reference}`);
    expect(i?.text).toContain(`Reason: ${hostile}`);
    expect(i?.text).toContain('Hello Tom <b>O’Brien</b> & Co,');
    expect(i?.html).toBe(false);

    const r = bySubject('tom@example.com', resolved.reference);
    expect(r?.subject).toBe(`Your complaint ${resolved.reference} has been resolved`);
    expect(r?.text).toContain(
      `Please tell us how satisfied you are with the solution: https://crm.example.com/p/${slug}/complaints/${resolved.token}/satisfaction`,
    );

    const b = bySubject('bea@example.com', breached.reference);
    expect(b?.subject).toBe(`Pedimos desculpas pela demora com sua reclamação ${breached.reference}`);
    expect(b?.text).toContain('Lamentamos');
    expect(b?.text, 'no link line without a status token').not.toContain('Acompanhe');
  });

  test('each event gives one message however often the log is read; the outbox joins the caller’s transaction', async () => {
    const ida = await customer({ name: 'Ida', email: 'ida@example.com' });
    const ev = await complaintEvent('complaint.registered', ida);
    await deliver('a settled message for Ida', settled(ida));
    for (let k = 0; k < 3; k++) await enqueueFromEvents(t.deps);
    expect((await messages(ida)).filter((m) => m.sourceEventId === ev.id)).toHaveLength(1);
    expect(smtp.to('ida@example.com')).toHaveLength(1);

    const input = {
      customerId: ida,
      purpose: 'service' as const,
      templateKey: 'complaint.resolved',
      vars: { reference: 'RC-manual' },
      dedupeKey: 'manual-1',
    };
    const first = await enqueueNotification(t.deps.db, t.deps, ws.id, input);
    const second = await enqueueNotification(t.deps.db, t.deps, ws.id, input);
    expect(second.id).toBe(first.id);

    const before = (await messages(ida)).length;
    await expect(
      t.deps.db.transaction(async (tx) => {
        await enqueueNotification(tx, t.deps, ws.id, { ...input, dedupeKey: 'manual-2' });
        throw new Error('the complaint change failed');
      }),
    ).rejects.toThrow('the complaint change failed');
    expect((await messages(ida)).length).toBe(before);
    await expect(
      enqueueNotification(t.deps.db, t.deps, ws.id, { ...input, templateKey: 'no.such_template' }),
    ).rejects.toThrow(/no message template/);
  });

  test('an event whose message cannot be written is recorded as failed, with the error, and the messages after it go out', async () => {
    const jon = await customer({ name: 'Jon', email: 'jon@example.com' });
    const kai = await customer({ name: 'Kai', email: 'kai@example.com' });
    const bad = await complaintEvent('complaint.registered', jon);
    const good = await complaintEvent('complaint.registered', kai);
    const heal = await failWrites(
      t,
      'notifications',
      'INSERT',
      `new.source_event_id = '${bad.id}' and new.status <> 'failed'`,
    );
    try {
      await deliver(
        "Kai's message sent and Jon's recorded",
        async () => (await settled(kai)()) && (await messages(jon)).length > 0,
      );
    } finally {
      await heal();
    }
    expect(smtp.to('kai@example.com')).toHaveLength(1);
    expect((await messages(kai)).find((m) => m.sourceEventId === good.id)).toMatchObject({ status: 'sent' });
    expect(await messages(jon)).toMatchObject([
      { sourceEventId: bad.id, status: 'failed', error: 'could not be prepared: simulated failure (SQLSTATE P0001)' },
    ]);
    // Passed for good: reading the log again neither retries it nor sends it.
    await deliver('the outbox read again', async () => true);
    expect(smtp.to('jon@example.com')).toHaveLength(0);
    expect(await messages(jon)).toHaveLength(1);
  });

  test('a refused address fails at once; a busy mailbox is retried with backoff', async () => {
    const bounce = await customer({ name: 'Bounce', email: 'bounce@example.com' });
    const busy = await customer({ name: 'Busy', email: 'busy@example.com' });
    await complaintEvent('complaint.registered', bounce);
    await complaintEvent('complaint.registered', busy);
    await deliver(
      'the bounce settled and a first attempt for the busy mailbox',
      async () => (await settled(bounce)()) && (await messages(busy))[0]?.attempts === 1,
    );

    expect((await messages(bounce))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await messages(bounce))[0].error).toMatch(/refused the message \(550\)/);

    const [pending] = await messages(busy);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.error).toMatch(/busy/i);
    expect((await sendDueNotifications(ctx(), senders)).attempted).toBe(0);
    t.clock.advance(45_000); // 60 s base, jitter pinned to 3/4
    await sendDueNotifications(ctx(), senders);
    expect((await messages(busy))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.to('busy@example.com')).toHaveLength(1);
  });

  test('a pass records its outcomes in groups: each message its own, none over a claim another worker took', async () => {
    // 45 messages: two groups of 20 and a last one; every ninth address refused; the 30th message's
    // claim taken over while it is being sent (as by a second worker after the lease ran out).
    const people: string[] = [];
    for (let i = 0; i < 45; i++) {
      const id = await customer({ name: `Group ${i}`, email: `${i % 9 === 0 ? 'bounce' : 'group'}-${i}@example.com` });
      await enqueueNotification(t.deps.db, t.deps, ws.id, {
        customerId: id,
        purpose: 'service',
        templateKey: 'complaint.resolved',
        vars: { reference: `RC-G${i}` },
        dedupeKey: `group-${i}`,
      });
      people.push(id);
    }
    let n = 0;
    let taken = '';
    const stealing: Senders = {
      ...senders,
      email: {
        ...senders.email,
        send: async (message) => {
          if (++n === 30) {
            taken = message.id;
            await t.deps.database.executeSql('update notifications set attempts = attempts + 1 where id = $1', [
              message.id,
            ]);
          }
          return senders.email.send(message);
        },
      },
    };
    expect((await sendDueNotifications(ctx(), stealing, { limit: 100 })).attempted).toBe(45);
    for (const [i, id] of people.entries()) {
      const [m] = await messages(id);
      if (m.id === taken) {
        expect(m).toMatchObject({ status: 'sending', attempts: 2, recipient: null, sentAt: null });
      } else if (i % 9 === 0) {
        expect(m).toMatchObject({ status: 'failed', attempts: 1, recipient: null, sentAt: null });
        expect(m.error).toMatch(/refused the message \(550\)/);
      } else {
        expect(m).toMatchObject({ status: 'sent', attempts: 1, recipient: `group-${i}@example.com`, error: null });
        expect(m.sentAt).not.toBeNull();
      }
    }
    expect(taken).not.toBe('');
  });
});

describe('the outbox API', () => {
  test('is scoped to the workspace, filtered, paged, on the timeline, and closed to analysts', async () => {
    const kim = await customer({ name: 'Kim', email: 'kim@example.com' });
    await complaintEvent('complaint.registered', kim);
    await complaintEvent('complaint.breached', kim);
    await deliver('two settled messages for Kim', settled(kim, 2));

    const page = await call('GET', `/notifications?customerId=${kim}&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].templateKey).toBe('complaint.breached');
    const rest = await call('GET', `/notifications?customerId=${kim}&before=${page.body.next}`);
    expect(rest.body.items.map((m: { templateKey: string }) => m.templateKey)).toEqual(['complaint.registered']);
    expect(rest.body.next).toBeNull();
    const skipped = (await call('GET', '/notifications?status=skipped_no_consent&limit=200')).body.items;
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((m: { status: string }) => m.status === 'skipped_no_consent')).toBe(true);

    const timeline = await call('GET', `/customers/${kim}/timeline`);
    expect(
      timeline.body.items
        .filter((e: { type: string }) => e.type === 'notification')
        .map((e: { data: { status: string } }) => e.data.status),
    ).toEqual(['sent', 'sent']);

    const other = await t.workspace('Other');
    expect((await call('GET', `/notifications?customerId=${kim}`, undefined, other.ownerToken)).body.items).toEqual([]);
    expect((await call('GET', '/notifications', undefined, await ws.token('agent'))).status).toBe(200);
    expect((await call('GET', '/notifications', undefined, await ws.token('analyst'))).status).toBe(403);
    for (const bad of ['?status=delivered', '?customerId=nope', '?limit=0', '?limit=201', '?before=1', '?extra=1']) {
      const res = await call('GET', `/notifications${bad}`);
      expect(res.status, bad).toBe(422);
    }
  });
});
