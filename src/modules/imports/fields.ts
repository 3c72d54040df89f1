// Owns reading one import cell: trimmed text in, a typed value or a row error out. Shared by
// every domain's import adapter so the same input gets the same message everywhere.
import { inRange, isoDay } from '../../lib/dates.ts';
import { problem, type ProblemCode, type ProblemParams } from '../../lib/problems.ts';
import type { ImportRowError } from './imports.adapter.ts';

// Module constants, not literals in the functions: a regular-expression literal is a new object
// each time it is evaluated, and these run on every cell an import reads.
const wholeNumber = /^-?\d{1,15}$/;
const positiveDecimal = /^\d{1,9}(\.\d{1,3})?$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export type Cells = Record<string, unknown>;

export class RowErrors {
  readonly list: ImportRowError[] = [];
  add(column: string, code: ProblemCode, params?: ProblemParams) {
    this.list.push({ column, ...problem(code, params) });
  }
  get ok() {
    return this.list.length === 0;
  }
}

/** A cell's trimmed text, undefined when blank; a row error when required and blank, or longer than `max`. */
function cell(cells: Cells, column: string, errors: RowErrors, required?: boolean, max = 500): string | undefined {
  const raw = cells[column];
  const value = raw === undefined || raw === null ? '' : String(raw).trim();
  if (!value) {
    if (required) errors.add(column, 'required');
    return undefined;
  }
  if (value.length > max) errors.add(column, 'too_long', { max });
  return value;
}

/** (The number, date… readers call `cell` with their one option, not this with an object made for each cell.) */
export function text(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean; max?: number } = {},
): string | undefined {
  return cell(cells, column, errors, options.required, options.max);
}

export function integer(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean; min?: number } = {},
): number | undefined {
  const value = cell(cells, column, errors, options.required);
  if (value === undefined) return undefined;
  if (!wholeNumber.test(value)) {
    errors.add(column, 'whole_number', { got: value });
    return undefined;
  }
  const n = Number(value);
  if (options.min !== undefined && n < options.min) errors.add(column, 'at_least', { min: options.min });
  return n;
}

export function decimal(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean } = {},
): string | undefined {
  const value = cell(cells, column, errors, options.required);
  if (value === undefined) return undefined;
  if (!positiveDecimal.test(value) || Number(value) <= 0) {
    errors.add(column, 'positive_decimal', { got: value });
    return undefined;
  }
  return value;
}

/**
 * A date (YYYY-MM-DD, taken as midnight UTC) or an ISO 8601 date-time with an offset, within
 * 1900..2200 (`src/lib/dates.ts`) and, when given, not after `notAfter` (a row error either way,
 * never a failed batch).
 */
export function instant(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean; notAfter?: { at: Date; code: ProblemCode } } = {},
): Date | undefined {
  const value = cell(cells, column, errors, options.required);
  if (value === undefined) return undefined;
  const day = isoDate.test(value);
  const ok = day || isoDateTime.test(value);
  const d = new Date(day ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  if (!ok || Number.isNaN(d.getTime()) || (value.length === 10 && isoDay(d) !== value)) {
    errors.add(column, 'invalid_date', { got: value });
    return undefined;
  }
  if (!inRange(d)) {
    errors.add(column, 'date_range', { got: value });
    return undefined;
  }
  if (options.notAfter && d > options.notAfter.at) {
    errors.add(column, options.notAfter.code, { got: value });
    return undefined;
  }
  return d;
}

export function oneOf<T extends string>(
  cells: Cells,
  column: string,
  errors: RowErrors,
  allowed: readonly T[],
  fallback?: T,
): T | undefined {
  const value = text(cells, column, errors);
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    errors.add(column, 'one_of', { allowed: allowed.join(', '), got: value });
    return undefined;
  }
  return value as T;
}

export function bool(cells: Cells, column: string, errors: RowErrors): boolean | undefined {
  const value = text(cells, column, errors)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['true', '1', 'yes', 'y'].includes(value)) return true;
  if (['false', '0', 'no', 'n'].includes(value)) return false;
  errors.add(column, 'boolean');
  return undefined;
}
