// Owns the rule every route's text input obeys, whatever its schema says: no NUL character
// (PostgreSQL text cannot hold one, so it would fail as a 500 deep in a query) and no lone UTF-16
// surrogate (not Unicode; it cannot be encoded as UTF-8) in path parameters, query parameters or
// anywhere in a JSON body, keys included. `defineRoute` puts it on every route, so a route added
// later is covered without asking; a refusal is the usual 422 listing each field.
import type { MiddlewareHandler } from 'hono';
import { AppError, type FieldError } from '../errors.ts';
import { MAX_REPORTED, unstorableFields, unstorableProblem, unstorableText } from '../lib/text.ts';
import type { AppEnv } from './context.ts';

const jsonType = /^application\/([\w.-]+\+)?json\b/i;

export const rejectUnstorableText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const fields: FieldError[] = [];
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    const problem = unstorableProblem(value);
    if (problem) fields.push({ path: `param.${name}`, ...problem });
  }
  for (const [name, values] of Object.entries(c.req.queries())) {
    const problem = [name, ...values].map(unstorableProblem).find(Boolean);
    if (problem) fields.push({ path: `query.${unstorableText(name) ? '(name)' : name}`, ...problem });
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && jsonType.test(c.req.header('content-type') ?? '')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = undefined; // malformed JSON is the validator's to report, as everywhere else
    }
    fields.push(...unstorableFields(body));
  }
  if (fields.length)
    throw new AppError('validation_failed', 'The request has text that cannot be stored; see errors', {
      fields: fields.slice(0, MAX_REPORTED),
    });
  await next();
};
