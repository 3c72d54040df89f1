// Owns the wording of import problems on screen. Each row error comes with a stable code and the
// values it names (src/lib/problems.ts), said here in the reader's language; a row error stored
// before codes (or a code this app does not know yet, from a newer server) is shown as the server
// wrote it. A whole file's reason and its warnings are still English sentences (imports.failure,
// imports.warnings): the few the server writes are recognised by their wording.
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

/** Each sentence the server writes about a whole file (anchored) → its key under `imports.problems`. */
const fileSentences: [RegExp, string][] = [
  [/^Missing required columns?: (?<columns>[^.]*)\. Columns found: (?<found>.*?)\.(?: |$)/, 'missingColumns'],
  [/^Columns? named twice: (?<columns>.*)$/, 'columnsTwice'],
  [/^Ignored unknown columns?: (?<columns>.*)$/, 'unknownColumns'],
  [/^The file is empty/, 'emptyFile'],
];

/** A file's failure or warning in the reader's language; a sentence it does not know is shown as written. */
export function fileProblemText(t: TFunction, message: string): string {
  for (const [pattern, key] of fileSentences) {
    const m = pattern.exec(message);
    if (m) return t(`imports.problems.${key}`, { ...m.groups }) as string;
  }
  return message;
}
