// Owns the error responses: every error leaves as RFC 9457 problem+json with a stable code.
import { isTransient } from '../lib/failure.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ZodError, z } from 'zod';
import { AppError, type ErrorCode, errorStatus, type FieldError } from '../errors.ts';
import { issueProblem, problem } from '../lib/problems.ts';
import type { AppEnv } from './context.ts';

const titles: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  malformed_json: 'Malformed JSON',
  unauthenticated: 'Authentication required',
  second_factor_required: 'Second factor required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  insufficient_points: 'Not enough points',
  idempotency_conflict: 'Idempotency key reused',
  voucher_consumed: 'Voucher already used',
  voucher_expired: 'Voucher expired',
  reward_unavailable: 'Reward unavailable',
  reward_limit_reached: 'Reward limit reached',
  reward_not_eligible: 'Not eligible for this reward',
  loyalty_not_configured: 'No loyalty program',
  no_model: 'No CLV model yet',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

/** A field's problem as answered: path and English message, then its code and values where it has them. */
const fieldOut = ({ path, message, code, params }: FieldError) => ({
  path,
  message,
  ...(code ? { code } : {}),
  ...(code && params ? { params } : {}),
});

export function problemResponse(c: Context, error: AppError): Response {
  const status = error.status as ContentfulStatusCode;
  const body = {
    type: `https://tenure.dev/problems/${error.code}`,
    title: titles[error.code],
    status,
    code: error.code,
    detail: error.message,
    instance: c.req.path,
    // A field's problem code and values (src/lib/problems.ts), where it has one, let a client word it in its reader's language.
    ...(error.fields ? { errors: error.fields.map(fieldOut) } : {}),
  };
  for (const [k, v] of Object.entries(error.headers ?? {})) c.header(k, v);
  c.header('Content-Type', 'application/problem+json');
  return c.body(JSON.stringify(body), status);
}

type ErrorMap = (issue: never) => { message: string } | string | undefined | null;
const messageOf = (map: ErrorMap, issue: unknown): string | undefined => {
  const out = map(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? undefined);
};
const zodLocales = { en: z.locales.en(), 'pt-BR': z.locales.pt(), es: z.locales.es() };

/** The first of en, pt-BR, es an Accept-Language header names (any region), else English. */
export function requestLocale(acceptLanguage: string | undefined): keyof typeof zodLocales {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * A validation message in the reader's language: zod's own wording of the check in that
 * language where the message is zod's English default; a message a schema words itself stays.
 */
function localised(issue: ZodError['issues'][number], locale: keyof typeof zodLocales): string {
  if (locale === 'en') return issue.message;
  if (messageOf(zodLocales.en.localeError as ErrorMap, issue) !== issue.message) return issue.message;
  return messageOf(zodLocales[locale].localeError as ErrorMap, issue) ?? issue.message;
}

export function fieldErrors(error: ZodError, prefix?: string, locale: keyof typeof zodLocales = 'en'): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    if (unknownKeys)
      return {
        path: [path, ...unknownKeys].filter(Boolean).join('.'),
        ...problem('unknown_fields', { fields: unknownKeys.join(', '), count: unknownKeys.length }),
      };
    // A schema's own rule (`refineProblem`) carries its problem's code, for a client to word it;
    // so does an empty text, whatever words its schema chose for it.
    const empty = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
    return {
      path: path || '(body)',
      message: localised(issue, locale),
      ...(empty ? { code: 'not_empty' as const } : undefined),
      ...issueProblem(issue),
    };
  });
}

/** Turns anything thrown into a problem response; only bugs become 500s, and they leak nothing. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const msg = err.message || 'Bad request';
    if (err.status === 413) return new AppError('payload_too_large', msg);
    if (/malformed json/i.test(msg)) return new AppError('malformed_json', 'The request body is not valid JSON');
    if (/content-type/i.test(msg))
      return new AppError('unsupported_media_type', 'Send the request body as application/json');
    const code = (Object.keys(errorStatus) as ErrorCode[]).find((k) => errorStatus[k] === err.status) ?? 'bad_request';
    return new AppError(code, msg);
  }
  // The database unreachable, a deadlock, shutting down: nothing the caller did; worth a retry.
  if (isTransient(err))
    return new AppError('unavailable', 'The service is briefly unavailable; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  return new AppError('internal', 'An unexpected error occurred; it has been logged');
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  if (appError.code === 'internal' || appError.code === 'unavailable') {
    (c.get('log') ?? console).error({ err }, appError.code === 'internal' ? 'unhandled error' : 'service unavailable');
  }
  return problemResponse(c, appError);
}
