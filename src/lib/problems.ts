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
  // A field of a request body or query (`other`, `fields`: field names as the API spells them).
  unknown_fields: (p) => `unknown field${plural(p)}: ${s(p.fields)}`,
  not_empty: () => 'must not be empty',
  after: (p) => `must be after ${s(p.other)}`,
  before: (p) => `must be before ${s(p.other)}`,
  not_before: (p) => `must not be before ${s(p.other)}`,
  not_after: (p) => `must not be after ${s(p.other)}`,
  span_months: (p) => `must span at most ${s(p.max)} months`,
  in_future: () => 'must be in the future',
  one_of_required: (p) => `give ${s(p.fields).split(', ').join(' or ')}`,
  at_least_one_of: (p) => `give at least one of ${s(p.fields)}`,
  exactly_one_of: (p) => `give exactly one of ${s(p.fields).split(', ').join(' or ')}`,
  required_for_kind: () => 'required for this kind',
  required_for_mode: (p) => `mode "${s(p.mode)}" needs ${s(p.field)}`,
  required_for_new_account: () => 'is required for a new account',
  required_without_product: () => 'required when the line names no product',
  required_for_other: () => 'is required for type other',
  required_to_move: (p) => `is required to move a request to ${s(p.status)}`,
  contact_required: () => 'give an email or a phone number so we can answer',
  appears_twice: () => 'appears twice',
  category_rule: (p) => `must be * or one of: ${s(p.allowed)}`,
  invalid_cursor: () => 'invalid cursor',
  uuid_list: () => 'expected UUIDs separated by commas',
  key_value: () => 'expected key:value',
  incorrect: () => 'is incorrect',
  currency_code: () => 'must be an ISO 4217 currency code, e.g. BRL, EUR, USD',
  time_zone: () => 'must be an IANA time zone, e.g. America/Sao_Paulo',
  event_type: () => 'unknown event type: use a listed type, a prefix ending in "." (e.g. "complaint.") or "*"',
  english_label: () => 'needs at least an English label',
  options_required: () => 'select fields need options',
  weights_zero: () => 'at least one weight must be above 0',
  shares_sum: () => 'platinumShare + goldShare must be at most 1',
  rate_target: () => 'a rate target is a percentage (0–100)',
  merge_self: () => 'must differ from the survivor',
  not_found: () => 'not found',
  none_selected: () => 'no customer',
  too_many_selected: (p) => `more than ${s(p.max)} customers`,
  not_a_contract: () => 'not a contract of this customer',
  not_a_defection: () => 'not a defection of this customer',
  not_an_active_reason: () => 'not an active reason of this workspace',
  no_such_member: () => 'no such member in this workspace',
  no_such_level: () => 'no such level in this workspace',
  no_such_product: () => 'no such product in this workspace',
  no_such_team: () => 'is not a team of this workspace',
  no_such_segment: () => 'is not a saved segment of this workspace',
  no_such_request: () => 'no request about this customer in this workspace',
  wrong_request_kind: (p) => `is a ${s(p.kind)} request`,
  required_to_move_complaint: (p) => `is required to move a complaint to ${s(p.status)}`,
  // Business hours: `day` a weekday code (mon…sun), `interval` as typed (09:00-18:00).
  hours_format: (p) => `${s(p.day)}: ${s(p.interval)} must be HH:MM-HH:MM`,
  hours_order: (p) => `${s(p.day)}: ${s(p.interval)} must start before it ends`,
  hours_overlap: (p) => `${s(p.day)}: ${s(p.interval)} overlaps another interval`,
  hours_none: () => 'at least one weekday needs business hours',
  not_a_filter: (p) => `not a filter of the ${s(p.list)} list`,
  external_id_used: (p) => `already used by transaction ${s(p.value)} with a different customer or total`,
  no_such_product_id: (p) => `no product ${s(p.value)} in this workspace`,
  mixed_currencies: (p) => `currencies ${s(p.currencies)}`,
  at_most: (p) => `at most ${s(p.max)}`,
  customer_for_kind: (p) => `a ${s(p.kind)} is about a customer`,
  segment_for_kind: (p) => `a ${s(p.kind)} report names the segment it is about`,
  employee_for_compliment: () => 'only a compliment names an employee',
  between: (p) => `must be between ${s(p.min)} and ${s(p.max)}`,
  outcome_required: () => 'completing a task needs its outcome (what happened)',
  me_needs_person: () => '"me" needs a signed-in person, not an API token',
  category_kind: (p) => `a ${s(p.category)} answer is never a ${s(p.kind)} answer`,
  low_score_only: () => 'only a low score opens a complaint',
  comment_for_complaint: () => 'describe what went wrong to open a complaint',
  arm_key_twice: () => 'each arm needs its own key',
  action_key_twice: () => 'each action needs its own key',
  one_control: () => 'exactly one arm must be the control',
  no_such_arm: (p) => `no arm "${s(p.value)}" in this campaign`,
  control_no_actions: () => 'the control arm gets no actions',
  needs_loyalty: () => 'points need a loyalty program in this workspace',
  no_such_reward: () => 'no such reward in this workspace',
  reward_not_offered: (p) => `the reward "${s(p.value)}" is not offered`,
  reassign_self: () => 'cannot reassign a book to the person leaving it',
  not_a_member_id: (p) => `${s(p.value)} is not a member of this workspace`,
  nobody_to_spread: () => 'nobody to spread the book across: give the others a capacity, or choose mode "one"',
  period_order: () => 'the period must start before it ends',
  kudos_self: () => 'kudos go to someone else',
  no_such_feedback: () => 'no such feedback item in this workspace',
  kudos_positive: () => 'kudos link to positive feedback (a compliment or a positive note)',
  after_contract_start: () => 'must be after the contract starts (startedAt)',
  before_contract_end: () => 'must be before the contract ended',
  // A new password too easy to guess (src/modules/users/password.ts).
  password_spaces: () => 'must not be only spaces',
  password_variety: () => 'must use more than three different characters',
  password_pattern: () => 'must not repeat a short pattern',
  password_sequence: () => 'must not be a simple sequence such as 1234567890, abcdefghij or qwertyuiop',
  password_common: () => 'is one of the most common passwords; choose something less predictable',
  password_email: () => 'must not be your email address or its name part',
  password_name: () => 'must not be your name',
  password_same: () => 'must differ from the current one',
  // A webhook URL Tenure will not call (src/modules/webhooks/webhooks.url.ts).
  url_absolute: () => 'must be an absolute URL',
  url_scheme: () => 'must use https (or http)',
  url_credentials: () => 'must not contain credentials; verify the Tenure-Signature header instead',
  url_host: () => 'must name a host',
  url_private: () => 'must not point to a private, loopback or link-local address',
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

/**
 * A zod refinement's message and the problem's code, which `fieldErrors` (src/http/problem.ts)
 * puts on the field error: `.refine(fn, { ...refineProblem('after', { other: 'startsAt' }), path })`.
 */
export function refineProblem(code: ProblemCode, params?: ProblemParams) {
  const p = problem(code, params);
  return { message: p.message, params: { problem: p.code, ...(p.params ? { problemParams: p.params } : {}) } };
}

/** The problem a zod issue carries from `refineProblem`, if any. */
export function issueProblem(issue: { code: string; params?: unknown }): Pick<Problem, 'code' | 'params'> | undefined {
  const carried =
    issue.code === 'custom' ? (issue.params as { problem?: string; problemParams?: ProblemParams }) : undefined;
  if (!carried?.problem || !(carried.problem in english)) return undefined;
  return { code: carried.problem as ProblemCode, ...(carried.problemParams ? { params: carried.problemParams } : {}) };
}
