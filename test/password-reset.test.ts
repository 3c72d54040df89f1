// Resetting a forgotten password by e-mail, end to end: the public request, the job sending a
// real e-mail to a local SMTP server, the single-use link, expiry, and the same answer whether or
// not an account has the address.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { silentLogger } from '../src/logger.ts';
import { sendDuePasswordResets } from '../src/modules/auth/index.ts';
import { createSenders, type Senders } from '../src/modules/notifications/index.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { type Smtp, startSmtp } from './support/smtp.ts';

let smtp: Smtp;
let t: TestApp;
let senders: Senders;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'no-reply@tenure.test',
      PUBLIC_URL: 'https://crm.example.com/',
      PUBLIC_FORM_MAX_PER_IP: '6',
    },
  });
  senders = createSenders(t.deps.config, silentLogger);
});
afterAll(async () => {
  senders?.email.close?.();
  await t?.close();
  await smtp?.close();
});

let ip = 0;
// Each test asks from its own address, so the per-address limit is only met where a test means to.
let from = '';
beforeEach(() => {
  from = `198.51.100.${++ip}`;
});

const ask = (email: string, language = 'en') =>
  t.request('POST', '/api/v1/auth/password-reset', {
    body: { email },
    headers: { 'accept-language': language, 'x-forwarded-for': from },
  });
const confirm = (token: string, newPassword: string) =>
  t.request('POST', '/api/v1/auth/password-reset/confirm', {
    body: { token, newPassword },
    headers: { 'x-forwarded-for': from },
  });
const send = () => sendDuePasswordResets({ ...t.deps, sender: senders.email });
const linkIn = (text: string) => {
  const m = /https:\/\/crm\.example\.com\/reset-password#([A-Za-z0-9_-]+)/.exec(text);
  expect(m, text).not.toBeNull();
  return (m as RegExpExecArray)[1];
};

describe('password reset by e-mail', () => {
  test('the link sets a new password once and ends every session', async () => {
    const ws = await t.workspace();
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    expect((await ask(ws.ownerEmail.toUpperCase())).status).toBe(202);
    expect(smtp.to(ws.ownerEmail)).toHaveLength(0);
    expect((await send()).handled).toBeGreaterThanOrEqual(1);
    const [mail] = smtp.to(ws.ownerEmail);
    expect(mail.subject).toBe('Reset your Tenure password');
    const token = linkIn(mail.text ?? '');

    const weak = await confirm(token, 'password123');
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].path).toBe('newPassword');
    const personal = await confirm(token, ws.ownerEmail);
    expect(personal.status).toBe(422);

    expect((await confirm(token, 'a brand new secret 77')).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
    expect((await t.signIn(ws.ownerEmail, ws.password)).res.status).toBe(401);
    expect((await t.signIn(ws.ownerEmail, 'a brand new secret 77')).res.status).toBe(200);

    const again = await confirm(token, 'another new secret 88');
    expect(again.status).toBe(404);
    expect((await t.signIn(ws.ownerEmail, 'a brand new secret 77')).res.status).toBe(200);
  });

  test('an unknown address gets the same answer and no e-mail', async () => {
    const ws = await t.workspace();
    const stranger = `nobody-${ws.id}@example.com`;
    const known = await ask(ws.ownerEmail);
    const unknown = await ask(stranger);
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    await send();
    expect(smtp.to(stranger)).toHaveLength(0);
    expect(smtp.to(ws.ownerEmail)).toHaveLength(1);
    const rows = await queryRows<{ status: string; token_hash: string | null }>(
      t.deps.db,
      sql`select status, token_hash from password_resets where email = ${stranger}`,
    );
    expect(rows).toEqual([{ status: 'no_account', token_hash: null }]);
  });

  test('a link expires after an hour, and a newer link retires the older one', async () => {
    const ws = await t.workspace();
    await ask(ws.ownerEmail);
    await send();
    const first = linkIn(smtp.to(ws.ownerEmail)[0].text ?? '');
    await ask(ws.ownerEmail);
    await send();
    const second = linkIn(smtp.to(ws.ownerEmail)[1].text ?? '');
    expect(second).not.toBe(first);
    expect((await confirm(first, 'a brand new secret 77')).status).toBe(404);

    t.clock.advance(61 * 60_000);
    try {
      expect((await confirm(second, 'a brand new secret 77')).status).toBe(404);
    } finally {
      t.clock.set(new Date());
    }
    expect((await t.signIn(ws.ownerEmail, ws.password)).res.status).toBe(200);
  });

  test('the e-mail is written in the language of the page it was asked from', async () => {
    const pt = await t.workspace();
    const es = await t.workspace();
    await ask(pt.ownerEmail, 'pt-BR,pt;q=0.9');
    await ask(es.ownerEmail, 'es-ES');
    await send();
    expect(smtp.to(pt.ownerEmail)[0].subject).toBe('Redefina sua senha do Tenure');
    expect(smtp.to(es.ownerEmail)[0].subject).toBe('Restablece tu contraseña de Tenure');
    expect(smtp.to(es.ownerEmail)[0].text).toMatch(/antes de 60 minutos/);
  });

  test('hostile input gets a 4xx and the routes are rate-limited per address', async () => {
    for (const body of [{}, { email: '' }, { email: 'x'.repeat(300) }, { email: 1 }, { email: 'a@b.c', more: 1 }]) {
      const res = await t.request('POST', '/api/v1/auth/password-reset', {
        body,
        headers: { 'x-forwarded-for': from },
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    from = '203.0.113.200';
    for (const token of ['', 'x'.repeat(201)]) expect((await confirm(token, 'a brand new secret 77')).status).toBe(422);
    // Refused bodies never reach the limiter; six guesses use the allowance (PUBLIC_FORM_MAX_PER_IP).
    for (let i = 0; i < 6; i++) expect((await confirm(`guess-${i}`, 'a brand new secret 77')).status).toBe(404);
    const limited = await confirm('guess-more', 'a brand new secret 77');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
