// Owns what text Tenure can store: PostgreSQL text cannot hold a NUL character, and a lone
// UTF-16 surrogate is not Unicode at all (it has no UTF-8 encoding). Used by the HTTP layer for
// every request (`src/http/input.ts`) and by whatever else reads text back from clients (cursors).

const loneSurrogate = /\p{Cs}/u;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (loneSurrogate.test(s)) return 'must not contain unpaired UTF-16 surrogates (not valid Unicode)';
  return undefined;
}
