// Owns the process configuration: read from the environment once, validated, frozen.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseSecretKeys, type SecretBox, secretBox } from './lib/sealed.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TENURE_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFlag.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  COOKIE_SECURE: booleanFlag.optional(),
  TRUST_PROXY: booleanFlag.default(false),
  LOGIN_FAILURES_BEFORE_BACKOFF: z.coerce.number().int().min(1).default(5),
  LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOGIN_BACKOFF_MAX_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  PUBLIC_FORM_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  PUBLIC_FORM_WINDOW_MINUTES: z.coerce.number().int().min(1).default(10),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(2 * 1024 ** 3),
  IMPORT_STALL_SECONDS: z.coerce.number().int().min(1).default(120),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://crm.example.com' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  SMTP_HOST: z.string().min(1).max(253).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: booleanFlag.optional(),
  SMTP_REQUIRE_TLS: booleanFlag.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.email({ error: 'must be an email address, e.g. no-reply@example.com' }).optional(),
  NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  NOTIFICATIONS_RETRY_BASE_SECONDS: z.coerce.number().positive().max(86_400).default(60),
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOKS_RETRY_BASE_SECONDS: z.coerce.number().positive().max(86_400).default(30),
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: booleanFlag.default(false),
  OUTBOX_POLL_SECONDS: z.coerce.number().positive().max(3_600).default(2),
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of the SMS provider' }).optional(),
  SMS_WEBHOOK_SECRET: z.string().min(16).optional(),
  WHATSAPP_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL of the WhatsApp provider' })
    .optional(),
  WHATSAPP_WEBHOOK_SECRET: z.string().min(16).optional(),
  SECRETS_KEY: z.string().optional(),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logPretty: boolean;
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  /**
   * Sign-in throttling: one address may fail `failuresBeforeBackoff` times for one account, then
   * waits `backoffBaseSeconds`, doubling per further failure up to `backoffMaxMinutes`; and one
   * address may fail `maxFailuresPerIp` times in `windowMinutes` over all accounts.
   */
  login: Readonly<{
    failuresBeforeBackoff: number;
    backoffBaseSeconds: number;
    backoffMaxMinutes: number;
    maxFailuresPerIp: number;
    windowMinutes: number;
  }>;
  /** Public complaint form submissions per client address and window (status pages: ten times as many). */
  publicForm: Readonly<{ maxPerIp: number; windowMinutes: number }>;
  shutdownTimeoutMs: number;
  imports: Readonly<{ maxBytes: number; stallSeconds: number }>;
  nodeEnv: 'development' | 'production' | 'test';
  /** Base of links sent to customers (status pages, satisfaction survey), without a trailing slash. */
  publicUrl: string;
  /** Absent: email is not configured and email messages are skipped with that reason. */
  smtp:
    | Readonly<{
        host: string;
        port: number;
        secure: boolean;
        requireTls: boolean;
        user?: string;
        password?: string;
        from: string;
      }>
    | undefined;
  notifications: Readonly<{ maxAttempts: number; retryBaseSeconds: number }>;
  webhooks: Readonly<{
    maxAttempts: number;
    retryBaseSeconds: number;
    timeoutMs: number;
    allowPrivateAddresses: boolean;
  }>;
  /**
   * SMS and WhatsApp through a provider's webhook: each message POSTed as signed JSON to the URL
   * (notifications.webhook-sender.ts, docs/notifications.md). Absent: the channel is not configured.
   */
  messageWebhooks: Readonly<{
    sms?: Readonly<{ url: string; secret: string }>;
    whatsapp?: Readonly<{ url: string; secret: string }>;
  }>;
  /** How often a worker pumps the outboxes (webhook deliveries, notifications). */
  outboxPollSeconds: number;
  /** Seals and opens stored secrets (webhook signing secrets, authenticator keys): src/lib/sealed.ts. */
  secrets: SecretBox;
}>;

/**
 * The keys of stored secrets: SECRETS_KEY; else, in tests, one fixed key; else a key made once
 * and kept in the data folder (`secrets.key`, readable by its owner only), which suits the
 * embedded database — with PostgreSQL and several processes, set SECRETS_KEY on each.
 */
function secretKeys(e: { SECRETS_KEY?: string; NODE_ENV: string }, dataDir: string): () => Buffer[] {
  if (e.SECRETS_KEY) {
    const keys = parseSecretKeys(e.SECRETS_KEY);
    if (typeof keys === 'string')
      throw new ConfigError(`Invalid configuration in the environment:\n  SECRETS_KEY: ${keys}`);
    return () => keys;
  }
  if (e.NODE_ENV === 'test') return () => [createHash('sha256').update('tenure test secrets key').digest()];
  return () => {
    const file = path.join(dataDir, 'secrets.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      try {
        fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const keys = parseSecretKeys(fs.readFileSync(file, 'utf8'));
    if (typeof keys === 'string') throw new ConfigError(`The key file ${file} ${keys}`);
    return keys;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad variable is named in the error message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as shells and .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`,
    );
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mailProblems = [
    e.SMTP_HOST && !e.MAIL_FROM ? '  MAIL_FROM: required when SMTP_HOST is set (the sender address)' : '',
    Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASSWORD) ? '  SMTP_USER, SMTP_PASSWORD: set both or neither' : '',
    Boolean(e.SMS_WEBHOOK_URL) !== Boolean(e.SMS_WEBHOOK_SECRET)
      ? '  SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET: set both or neither'
      : '',
    Boolean(e.WHATSAPP_WEBHOOK_URL) !== Boolean(e.WHATSAPP_WEBHOOK_SECRET)
      ? '  WHATSAPP_WEBHOOK_URL, WHATSAPP_WEBHOOK_SECRET: set both or neither'
      : '',
  ].filter(Boolean);
  if (mailProblems.length)
    throw new ConfigError(`Invalid configuration in the environment:\n${mailProblems.join('\n')}`);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.TENURE_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? (Boolean(process.stdout.isTTY) && e.NODE_ENV !== 'production'),
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
    login: Object.freeze({
      failuresBeforeBackoff: e.LOGIN_FAILURES_BEFORE_BACKOFF,
      backoffBaseSeconds: e.LOGIN_BACKOFF_BASE_SECONDS,
      backoffMaxMinutes: e.LOGIN_BACKOFF_MAX_MINUTES,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowMinutes: e.LOGIN_WINDOW_MINUTES,
    }),
    publicForm: Object.freeze({ maxPerIp: e.PUBLIC_FORM_MAX_PER_IP, windowMinutes: e.PUBLIC_FORM_WINDOW_MINUTES }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    imports: Object.freeze({ maxBytes: e.IMPORT_MAX_BYTES, stallSeconds: e.IMPORT_STALL_SECONDS }),
    nodeEnv: e.NODE_ENV,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    smtp:
      e.SMTP_HOST && e.MAIL_FROM
        ? Object.freeze({
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE ?? e.SMTP_PORT === 465,
            requireTls: e.SMTP_REQUIRE_TLS,
            user: e.SMTP_USER,
            password: e.SMTP_PASSWORD,
            from: e.MAIL_FROM,
          })
        : undefined,
    notifications: Object.freeze({
      maxAttempts: e.NOTIFICATIONS_MAX_ATTEMPTS,
      retryBaseSeconds: e.NOTIFICATIONS_RETRY_BASE_SECONDS,
    }),
    webhooks: Object.freeze({
      maxAttempts: e.WEBHOOKS_MAX_ATTEMPTS,
      retryBaseSeconds: e.WEBHOOKS_RETRY_BASE_SECONDS,
      timeoutMs: e.WEBHOOKS_TIMEOUT_MS,
      allowPrivateAddresses: e.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES,
    }),
    messageWebhooks: Object.freeze({
      ...(e.SMS_WEBHOOK_URL && e.SMS_WEBHOOK_SECRET
        ? { sms: Object.freeze({ url: e.SMS_WEBHOOK_URL, secret: e.SMS_WEBHOOK_SECRET }) }
        : {}),
      ...(e.WHATSAPP_WEBHOOK_URL && e.WHATSAPP_WEBHOOK_SECRET
        ? { whatsapp: Object.freeze({ url: e.WHATSAPP_WEBHOOK_URL, secret: e.WHATSAPP_WEBHOOK_SECRET }) }
        : {}),
    }),
    outboxPollSeconds: e.OUTBOX_POLL_SECONDS,
    secrets: secretBox(secretKeys(e, path.resolve(e.TENURE_DATA_DIR))),
  });
}
