// Owns reading one import cell: trimmed text in, a typed value or a row error out. Shared by
// every domain's import adapter so the same input gets the same message everywhere.
import { inRange, isoDay, rangeMessage } from '../../lib/dates.ts';
import type { ImportRowError } from './imports.adapter.ts';

export type Cells = Record<string, unknown>;

export class RowErrors {
  readonly list: ImportRowError[] = [];
  add(column: string, message: string) {
    this.list.push({ column, message });
  }
  get ok() {
    return this.list.length === 0;
  }
}

export function text(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean; max?: number } = {},
): string | undefined {
  const raw = cells[column];
  const value = raw === undefined || raw === null ? '' : String(raw).trim();
  if (!value) {
    if (options.required) errors.add(column, 'is required');
    return undefined;
  }
  if (value.length > (options.max ?? 500)) errors.add(column, `is longer than ${options.max ?? 500} characters`);
  return value;
}

export function integer(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean; min?: number } = {},
): number | undefined {
  const value = text(cells, column, errors, { required: options.required });
  if (value === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(value)) {
    errors.add(column, `must be a whole number (got "${value.slice(0, 40)}")`);
    return undefined;
  }
  const n = Number(value);
  if (options.min !== undefined && n < options.min) errors.add(column, `must be at least ${options.min}`);
  return n;
}

export function decimal(
  cells: Cells,
  column: string,
  errors: RowErrors,
  options: { required?: boolean } = {},
): string | undefined {
  const value = text(cells, column, errors, { required: options.required });
  if (value === undefined) return undefined;
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(value) || Number(value) <= 0) {
    errors.add(column, `must be a positive number with at most 3 decimals (got "${value.slice(0, 40)}")`);
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
  options: { required?: boolean; notAfter?: { at: Date; message: string } } = {},
): Date | undefined {
  const value = text(cells, column, errors, { required: options.required });
  if (value === undefined) return undefined;
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) ||
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  if (!ok || Number.isNaN(d.getTime()) || (value.length === 10 && isoDay(d) !== value)) {
    errors.add(
      column,
      `must be a date YYYY-MM-DD or a date-time like 2026-11-23T10:00:00Z (got "${value.slice(0, 40)}")`,
    );
    return undefined;
  }
  if (!inRange(d)) {
    errors.add(column, `${rangeMessage} (got "${value.slice(0, 40)}")`);
    return undefined;
  }
  if (options.notAfter && d > options.notAfter.at) {
    errors.add(column, `${options.notAfter.message} (got "${value.slice(0, 40)}")`);
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
    errors.add(column, `must be one of ${allowed.join(', ')} (got "${value.slice(0, 40)}")`);
    return undefined;
  }
  return value as T;
}

export function bool(cells: Cells, column: string, errors: RowErrors): boolean | undefined {
  const value = text(cells, column, errors)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['true', '1', 'yes', 'y'].includes(value)) return true;
  if (['false', '0', 'no', 'n'].includes(value)) return false;
  errors.add(column, 'must be true or false');
  return undefined;
}
