import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  test('defaults to the embedded database in ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('names every bad variable with what it got', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/PORT: .*"70000"/);
      expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
      expect(msg).toMatch(/LOG_LEVEL/);
    }
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
});

describe('mail, links and outbox configuration', () => {
  test('email is off without SMTP_HOST; links default to this server', () => {
    const c = loadConfig({ PORT: '8080' });
    expect(c.smtp).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.webhooks).toEqual({
      maxAttempts: 8,
      retryBaseSeconds: 30,
      timeoutMs: 10_000,
      allowPrivateAddresses: false,
    });
  });

  test('SMTP settings are read, implicit TLS on port 465, and PUBLIC_URL loses its trailing slash', () => {
    const c = loadConfig({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'care@example.com',
      PUBLIC_URL: 'https://crm.example.com/',
    });
    expect(c.smtp).toEqual({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      requireTls: false,
      user: 'u',
      password: 'p',
      from: 'care@example.com',
    });
    expect(c.publicUrl).toBe('https://crm.example.com');
    expect(loadConfig({ SMTP_HOST: 'smtp.example.com', MAIL_FROM: 'a@example.com' }).smtp).toMatchObject({
      port: 587,
      secure: false,
    });
  });

  test('refuses incomplete or malformed mail and link settings', () => {
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.com' })).toThrow(/MAIL_FROM: required when SMTP_HOST is set/);
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.com', MAIL_FROM: 'a@example.com', SMTP_USER: 'u' })).toThrow(
      /SMTP_USER, SMTP_PASSWORD/,
    );
    expect(() => loadConfig({ MAIL_FROM: 'not-an-address' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://crm.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'maybe' })).toThrow(/WEBHOOKS_ALLOW_PRIVATE_ADDRESSES/);
    expect(() => loadConfig({ WEBHOOKS_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOKS_MAX_ATTEMPTS/);
  });
});
