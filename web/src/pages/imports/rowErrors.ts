// Owns the wording of import problems on screen. The server stores each row error (and a failed
// file's reason, and its warnings) as an English sentence with no code (src/modules/imports/fields.ts,
// the domains' import adapters, src/lib/phone.ts, src/modules/commerce/commerce.rules.ts), so the
// screen recognises each sentence the server writes and says it in the reader's language, with the
// values it names; a sentence it does not know (a newer server's) is shown as the server wrote it.
import type { TFunction } from 'i18next';

const got = String.raw`(?: \(got "(?<got>.*)"\))?`;

/** Each server sentence (whole message, anchored) → its key under `imports.problems`. */
const sentences: [RegExp, string][] = [
  [/^is required$/, 'required'],
  [/^is required when status is defected$/, 'requiredWhenDefected'],
  [/^is longer than (?<max>\d+) characters$/, 'tooLong'],
  [new RegExp(`^must be a whole number${got}$`), 'wholeNumber'],
  [/^must be at least (?<min>-?\d+)$/, 'atLeast'],
  [new RegExp(`^must be a positive number with at most 3 decimals${got}$`), 'positiveDecimal'],
  [new RegExp(`^must be a date YYYY-MM-DD or a date-time like \\S+${got}$`), 'date'],
  [new RegExp(`^must be between 1900-01-01 and 2200-01-01${got}$`), 'dateRange'],
  [new RegExp(`^must not be more than a year after today${got}$`), 'tooFarAhead'],
  [/^must be one of (?<allowed>.*) \(got "(?<got>.*)"\)$/, 'oneOf'],
  [/^must be true or false$/, 'boolean'],
  [/^must not be in the future$/, 'future'],
  [/^belongs to a deleted or merged customer$/, 'deletedCustomer'],
  [/^"(?<value>.*)" is not a custom field of this workspace; define it first$/, 'unknownCustomField'],
  [/^duplicate "(?<value>.*)" in the same batch$/, 'duplicateInBatch'],
  [/^duplicate "(?<value>.*)", first seen at row (?<row>\d+)$/, 'duplicate'],
  [/^no customer with external id "(?<value>.*)"$/, 'noCustomer'],
  [/^no product with SKU "(?<value>.*)"$/, 'noProduct'],
  [/^(?:row )?has (?<values>\d+) values but the header has (?<columns>\d+) columns$/, 'columnCount'],
  [/^(?:row )?could not be read: (?<reason>.*)$/, 'unreadable'],
  [/^must not contain NUL characters/, 'nul'],
  [/^must not contain unpaired UTF-16 surrogates/, 'surrogate'],
  [/^may contain only digits, spaces, \+ - \. \( \)$/, 'phoneCharacters'],
  [/^must start with \+ and the country code/, 'phoneCountry'],
  [/^must have 8 to 15 digits including the country code$/, 'phoneDigits'],
  [/^country code cannot start with 0$/, 'phoneZero'],
  [/^must be the workspace currency \((?<currency>[A-Z]{3})\)$/, 'currency'],
  [/^needs at least one line$/, 'noLines'],
  [/^has more than 500 lines$/, 'tooManyLines'],
  [/^must be a whole number of minor units from 0 to \d+$/, 'amount'],
  [/^cannot exceed the line amount$/, 'discount'],
  [/^no purchase with that external id$/, 'noOriginal'],
  [/^only a purchase can be returned$/, 'notAPurchase'],
  [/^must be the customer of the purchase it returns$/, 'otherCustomer'],
  [/^no such line in the original transaction$/, 'noLine'],
  [/^only (?<quantity>[\d.]+) left to return$/, 'leftToReturn'],
  // A whole file's reason or warning.
  [/^Missing required columns?: (?<columns>[^.]*)\. Columns found: (?<found>.*?)\.(?: |$)/, 'missingColumns'],
  [/^Columns? named twice: (?<columns>.*)$/, 'columnsTwice'],
  [/^Ignored unknown columns?: (?<columns>.*)$/, 'unknownColumns'],
  [/^The file is empty/, 'emptyFile'],
];

const numeric = new Set(['max', 'min', 'row', 'values', 'columns']);

/** The key under `imports.problems` and its values for a server sentence; undefined when unknown. */
export function problemOf(message: string): { key: string; values: Record<string, string | number> } | undefined {
  for (const [pattern, key] of sentences) {
    const m = pattern.exec(message);
    if (!m) continue;
    const values: Record<string, string | number> = {};
    for (const [name, v] of Object.entries(m.groups ?? {}))
      if (v !== undefined) values[name] = numeric.has(name) && /^-?\d+$/.test(v) ? Number(v) : v;
    return { key, values };
  }
  return undefined;
}

/**
 * A server sentence in the reader's language; the value the server quotes back ("got …") follows
 * it, as typed in the file.
 */
export function problemText(t: TFunction, message: string): string {
  const problem = problemOf(message);
  if (!problem) return message;
  const { got: quoted, ...values } = problem.values;
  const text = t(`imports.problems.${problem.key}`, values) as string;
  return quoted === undefined ? text : `${text} ${t('imports.problems.got', { value: quoted })}`;
}
