// Owns the codes of the problems a value can have (a cell of an import, a field of a body) and of
// those of an import's file as a whole (its failure, its warnings, its refusal at upload): each a
// stable code, the values it names and its English sentence. The sentence is the API's and the
// CLI's `message` (a 422's `errors[]` items carry `code` and `params` beside it); the web app says
// the code in the reader's language (web/src/problemText.ts, with a test that every code has a
// text in each language).
import { futurePurchaseMessage, rangeMessage } from './dates.ts';

export type ProblemParams = Record<string, string | number>;
export type Problem = { code: ProblemCode; params?: ProblemParams; message: string };

const s = (v: string | number | undefined) => String(v ?? '');
const plural = (p: ProblemParams) => (Number(p.count ?? 1) > 1 ? 's' : '');

/** Each code's English sentence; `got` (the value as typed, when named) is added after it by `problem`. */
const english = {
  invalid: () => 'is not valid',
  required: () => 'is required',
  required_when_defected: () => 'is required when status is defected',
  too_long: (p) => `is longer than ${s(p.max)} characters`,
  whole_number: () => 'must be a whole number',
  at_least: (p) => `must be at least ${s(p.min)}`,
  positive_decimal: () => 'must be a positive number with at most 3 decimals',
  invalid_date: () => 'must be a date YYYY-MM-DD or a date-time like 2026-11-23T10:00:00Z',
  date_range: () => rangeMessage,
  too_far_ahead: () => futurePurchaseMessage,
  one_of: (p) => `must be one of ${s(p.allowed)}`,
  boolean: () => 'must be true or false',
  future: () => 'must not be in the future',
  required_without_sku: () => 'is required when the row has no sku',
  required_for_return: () => 'is required for a return',
  required_when_cancelled: () => 'is required for a cancelled contract',
  at_most_months: (p) => `must be at most ${s(p.max)} months`,
  email: () => 'is not an email address',
  tags_format: () => 'must be tags separated by | (e.g. vip|newsletter)',
  tag_too_long: () => 'each tag must be at most 60 characters',
  too_many_tags: () => 'at most 50 tags',
  country: () => 'must be an ISO 3166 alpha-2 country code, e.g. BR',
  custom_field_column: () => 'is not a custom field column: cf_ then the field key in snake_case',
  deleted_customer: () => 'belongs to a deleted or merged customer',
  unknown_custom_field: (p) => `"${s(p.value)}" is not a custom field of this workspace; define it first`,
  not_a_custom_field: () => 'is not a custom field of this workspace',
  custom_field_text: () => 'must be text of at most 2000 characters',
  custom_field_number: () => 'must be a number',
  day: () => 'must be a date YYYY-MM-DD',
  custom_field_option: (p) => `must be one of: ${s(p.allowed)}`,
  custom_field_options: (p) => `must be a list of: ${s(p.allowed)}`,
  duplicate_in_batch: (p) => `duplicate "${s(p.value)}" in the same batch`,
  duplicate: (p) => `duplicate "${s(p.value)}", first seen at row ${s(p.row)}`,
  no_customer: (p) => `no customer with external id "${s(p.value)}"`,
  no_product: (p) => `no product with SKU "${s(p.value)}"`,
  column_count: (p) => `row has ${s(p.values)} values but the header has ${s(p.columns)} columns`,
  unreadable: (p) => `row could not be read: ${s(p.reason)}`,
  nul: () => 'must not contain NUL characters (U+0000)',
  surrogate: () => 'must not contain unpaired UTF-16 surrogates (not valid Unicode)',
  line_too_long: (p) => `row is longer than ${Number(p.max).toLocaleString('en')} characters`,
  invalid_json: () => 'row is not valid JSON',
  not_an_object: () => 'row must be a JSON object',
  phone_characters: () => 'may contain only digits, spaces, + - . ( )',
  phone_country: () => 'must start with + and the country code (e.g. +55 11 91234-5678)',
  phone_digits: () => 'must have 8 to 15 digits including the country code',
  phone_zero: () => 'country code cannot start with 0',
  currency: (p) => `must be the workspace currency (${s(p.currency)})`,
  no_lines: () => 'needs at least one line',
  too_many_lines: () => 'has more than 500 lines',
  amount: () => 'must be a whole number of minor units from 0 to 10000000000000',
  discount: () => 'cannot exceed the line amount',
  no_original: () => 'no purchase with that external id',
  not_a_purchase: () => 'only a purchase can be returned',
  other_customer: () => 'must be the customer of the purchase it returns',
  no_line: () => 'no such line in the original transaction',
  left_to_return: (p) => `only ${s(p.quantity)} left to return`,
  // A reference to another record of the workspace that is not there.
  not_a_member: () => 'must be a member of this workspace',
  no_such_customer: () => 'no such customer in this workspace',
  // A file as a whole: an import's failure or warning (`count` chooses the plural).
  missing_columns: (p) =>
    `Missing required column${plural(p)}: ${s(p.columns)}. Columns found: ${s(p.found) || '(none)'}.`,
  columns_twice: (p) => `Column${plural(p)} named twice: ${s(p.columns)}`,
  unknown_columns: (p) => `Ignored unknown column${plural(p)}: ${s(p.columns)}`,
  no_header: () => 'The file is empty: no header row',
  empty_file: () => 'The file is empty',
  header_too_long: (p) => `The header row is longer than ${s(p.max)} bytes (is this a CSV file with line breaks?)`,
  header_unreadable: (p) => `The header row could not be read: ${s(p.reason)}`,
  upload_stopped: () => 'The upload stopped before the file was complete; send the file again',
  process_ended: () =>
    'The import stopped before it finished (its process ended); run it again: committed rows are updated, never duplicated',
  gave_up: (p) => `Gave up after ${s(p.attempts)} attempts; last problem: ${s(p.reason) || 'the worker stopped'}`,
  run_error: (p) => s(p.reason),
} satisfies Record<string, (p: ProblemParams) => string>;

export type ProblemCode = keyof typeof english;
export const problemCodes = Object.keys(english) as ProblemCode[];

/** A problem with its English sentence; a `got` value (cut to 40 characters) is quoted after it. */
export function problem(code: ProblemCode, params?: ProblemParams): Problem {
  const p = params && 'got' in params ? { ...params, got: String(params.got).slice(0, 40) } : params;
  const text = (english[code] as (p: ProblemParams) => string)(p ?? {});
  return { code, ...(p ? { params: p } : {}), message: p && 'got' in p ? `${text} (got "${p.got}")` : text };
}
