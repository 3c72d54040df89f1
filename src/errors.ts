// Owns the one application error type and its mapping to HTTP status codes.
import type { Problem, ProblemCode, ProblemParams } from './lib/problems.ts';

export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  unauthenticated: 401,
  // Sign-in: the password was right; the account also needs its authenticator code.
  second_factor_required: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  // Loyalty: each refusal a point of sale or client must tell apart.
  insufficient_points: 409,
  idempotency_conflict: 409,
  voucher_consumed: 409,
  voucher_expired: 409,
  reward_unavailable: 409,
  reward_limit_reached: 409,
  reward_not_eligible: 409,
  loyalty_not_configured: 409,
  // Analytics: no scoring run has fitted a CLV model yet.
  no_model: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A field's problem: the English sentence, and its code and values where it has one (src/lib/problems.ts). */
export type FieldError = { path: string; message: string; code?: ProblemCode; params?: ProblemParams };

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    extra: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.fields = extra.fields;
    this.headers = extra.headers;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A refusal of one field, said by its problem (src/lib/problems.ts); its sentence is the detail unless one is given. */
export const invalidField = (path: string, p: Problem, detail = p.message) =>
  new AppError('validation_failed', detail, { fields: [{ path, ...p }] });

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/**
 * The value, or undefined when the lookup answered "not found". Anything else (a lost database,
 * a bug) is thrown on: a catch-all here would turn an outage into "no such member", a 422.
 */
export async function unlessNotFound<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}
export const conflict = (detail: string) => new AppError('conflict', detail);
export const forbidden = (detail = 'Your role does not allow this action') => new AppError('forbidden', detail);
