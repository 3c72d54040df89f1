// Owns the OpenAPI building blocks every domain's routes share: bodies, responses, problems,
// and the date primitives whose range every route's dates and date filters share.
import { z } from '@hono/zod-openapi';
import { errorStatus } from '../errors.ts';
import { isoInRange, rangeMessage } from '../lib/dates.ts';
import { problemCodes } from '../lib/problems.ts';

/** The document's introduction: what an error looks like and every stable `code` with its status. */
export const apiIntroduction = [
  'Customer retention CRM. Every error is RFC 9457 problem+json with a stable `code` (below), a `detail` in the',
  'language of the request’s Accept-Language, and for invalid fields an `errors` list naming each one. A 429',
  'carries Retry-After (seconds). Webhook bodies and headers are under `webhooks`.',
  '',
  '| code | HTTP status |',
  '|---|---|',
  ...Object.entries(errorStatus).map(([code, status]) => `| \`${code}\` | ${status} |`),
  '',
  'An `errors` item (or an import’s row error, failure or warning) may also carry a `code` naming what is wrong',
  'with the value or file, and `params` with the values it names (columns, count, max…), so a client can say it in',
  'its reader’s language; `message` is its English sentence. The codes:',
  problemCodes.map((code) => `\`${code}\``).join(', ') + '.',
].join('\n');

/** A field's problem: its path, its English sentence, and its code and values where it has them. */
export const FieldErrorSchema = z
  .object({
    path: z.string(),
    message: z.string(),
    code: z.enum(problemCodes).optional().openapi({
      description: 'What is wrong, as a stable code (see the introduction), where the problem has one',
      example: 'missing_columns',
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .openapi({
        description: 'The values the code names',
        example: { columns: 'external_id', count: 1, found: 'id, name' },
      }),
  })
  .openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The problem responses a protected route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problem('Malformed request'),
  401: problem('Not signed in, or the session or token is invalid, expired or revoked'),
  403: problem('The role may not do this'),
  404: problem('Not found in this workspace'),
  409: problem('Conflicts with the current state'),
  413: problem('Body over 1 MiB'),
  415: problem('Body is not JSON'),
  422: problem('Invalid fields; every one is listed'),
  429: {
    ...problem('Rate limited'),
    headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
  },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const IdParams = z.object({
  id: z
    .uuid({ error: 'must be a UUID' })
    .openapi({ param: { name: 'id', in: 'path' }, example: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }),
});

/** An instant from outside: ISO 8601 with an offset, 1900-01-01 to 2200-01-01 (`src/lib/dates.ts`). */
// `abort`: a value that is not a date, or out of range, gets that one message, not every later check's too.
export const Timestamp = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z', abort: true })
  .refine(isoInRange, { message: rangeMessage, abort: true })
  .openapi({ example: '2026-11-23T10:00:00.000Z' });

/** A calendar day from outside: YYYY-MM-DD, 1900-01-01 to 2200-01-01. */
export const CalendarDate = z.iso
  .date({ error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isoInRange, { message: rangeMessage, abort: true })
  .openapi({ example: '2026-11-23' });
