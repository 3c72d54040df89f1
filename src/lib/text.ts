// Owns what text Tenure can store: PostgreSQL text cannot hold a NUL character, and a lone
// UTF-16 surrogate is not Unicode at all (it has no UTF-8 encoding; jsonb refuses it). Used by
// the HTTP layer for every request (`src/http/input.ts`), by the import engine for every row, and
// by whatever else reads text back from clients (cursors).
import type { FieldError } from '../errors.ts';
import { type Problem, problem } from './problems.ts';

const loneSurrogate = /\p{Cs}/u;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  return unstorableProblem(s)?.message;
}

/** What keeps `s` out of the database, as a problem with its code; undefined when it can be stored. */
export function unstorableProblem(s: string): Problem | undefined {
  if (s.includes('\u0000')) return problem('nul');
  if (loneSurrogate.test(s)) return problem('surrogate');
  return undefined;
}

/** A body can hold thousands of bad strings; a few are enough to say what is wrong. */
export const MAX_REPORTED = 20;

/** Every bad string (or key) in a parsed JSON value, by its field path. Iterative: a deeply nested body cannot overflow the stack. */
export function unstorableFields(value: unknown, prefix = ''): FieldError[] {
  const found: FieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: prefix }];
  while (stack.length && found.length < MAX_REPORTED) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      const bad = unstorableProblem(v);
      if (bad) found.push({ path: path || '(body)', ...bad });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: path ? `${path}.${i}` : String(i) });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v).reverse()) {
        const at = path ? `${path}.${key}` : key;
        const bad = unstorableProblem(key);
        if (bad) found.push({ path: at, ...bad, message: `field name ${bad.message}` });
        else stack.push({ value: child, path: at });
      }
    }
  }
  return found;
}
