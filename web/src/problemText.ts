// Owns the wording of the server's problems on screen, in one place: each comes with a stable code
// (and, for a value or a file, the values it names: src/lib/problems.ts), said here in the
// reader's language. A row error, a field of a refused form, an import's failure or warnings, and
// a refused request as a whole; the server's English `detail` or `message` is shown only for a
// problem stored before codes, or a code this app does not know yet (from a newer server).
import type { TFunction } from 'i18next';
import { problemCodes } from '../../src/lib/problems.ts';
import { ApiError } from './api.ts';

export type RowError = { code?: string | null; params?: Record<string, string | number> | null; message: string };

const known = new Set<string>(problemCodes);

/** A row error in the reader's language; the value the server quotes back (`got`) follows it, as typed in the file. */
export function rowErrorText(t: TFunction, e: RowError): string {
  if (!e.code || !known.has(e.code)) return e.message;
  const { got, ...values } = e.params ?? {};
  const text = t(`imports.problems.${e.code}`, values) as string;
  return got === undefined ? text : `${text} ${t('imports.problems.got', { value: got })}`;
}

/**
 * A field's problem shown away from its field (not on the form): the API's path is no words for
 * a reader ("lines.0.sku"), so only its last part, when it is a plain name ("sku"), goes before
 * the problem; otherwise the problem alone.
 */
export function strayErrorText(t: TFunction, e: RowError & { path: string }): string {
  const last = e.path.split('.').pop() ?? '';
  const text = rowErrorText(t, e);
  return /^[A-Za-z]+$/.test(last) && last !== 'body' ? `${last}: ${text}` : text;
}

/** The delimiters a missing-columns failure may say the file seems to use: named as on the upload form. */
const separators = new Set(['semicolon', 'tab', 'pipe']);

/** A file's failure or warning in the reader's language, with the delimiter the file seems to use when named. */
export function fileProblemText(t: TFunction, p: RowError): string {
  if (p.code !== 'missing_columns') return rowErrorText(t, p);
  const { separator, found, ...values } = p.params ?? {};
  const text = t('imports.problems.missing_columns', {
    ...values,
    found: found || t('imports.problems.no_columns_found'),
  }) as string;
  if (!separators.has(String(separator))) return text;
  return `${text} ${t('imports.problems.looks_separated', { separator: t(`imports.upload.delimiters.${String(separator)}`) })}`;
}

/**
 * A refused request in the reader's language. A problem with the request's body as a whole (an
 * upload whose header is wrong) is said from its code; otherwise the server's explanation when
 * the screen is in English (it words its details in English), else the sentence for the
 * problem's code (`errors.code.*`, one for each code of src/errors.ts).
 */
export function errorText(error: Error, t: TFunction, language: string): string {
  if (!(error instanceof ApiError)) return error.message;
  const whole = (error.problem.errors ?? []).filter((e) => e.path === 'body' && e.code && known.has(e.code));
  if (whole.length) return whole.map((e) => fileProblemText(t, e)).join(' ');
  if (language.startsWith('en')) return error.message;
  return t(`errors.code.${error.problem.code}`, { defaultValue: t('app.error') });
}
