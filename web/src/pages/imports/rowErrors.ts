// Owns the wording of import problems on screen. Each row error, and each problem of a file as a
// whole (an import's failure, its warnings), comes with a stable code and the values it names
// (src/lib/problems.ts), said here in the reader's language; a problem stored before codes (or a
// code this app does not know yet, from a newer server) is shown as the server wrote it.
import type { TFunction } from 'i18next';
import { problemCodes } from '../../../../src/lib/problems.ts';

export type RowError = { code?: string | null; params?: Record<string, string | number> | null; message: string };

const known = new Set<string>(problemCodes);

/** A row error in the reader's language; the value the server quotes back (`got`) follows it, as typed in the file. */
export function rowErrorText(t: TFunction, e: RowError): string {
  if (!e.code || !known.has(e.code)) return e.message;
  const { got, ...values } = e.params ?? {};
  const text = t(`imports.problems.${e.code}`, values) as string;
  return got === undefined ? text : `${text} ${t('imports.problems.got', { value: got })}`;
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
