// Owns validating a customer's custom field values against the workspace's definitions.
import type { FieldError } from '../../errors.ts';
import { isoInRange } from '../../lib/dates.ts';
import { problem, type ProblemCode, type ProblemParams } from '../../lib/problems.ts';
import type { CustomFieldRow } from './customers.repository.ts';

/** Checks and normalises values; returns errors naming `customFields.<key>`. */
export function validateCustomFields(
  definitions: CustomFieldRow[],
  values: Record<string, unknown>,
  options: { requireAll: boolean },
): { values: Record<string, unknown>; errors: FieldError[] } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  const fail = (key: string, code: ProblemCode, params?: ProblemParams) =>
    errors.push({ path: `customFields.${key}`, ...problem(code, params) });
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      fail(key, 'not_a_custom_field');
      continue;
    }
    if (value === null) {
      if (def.required) fail(key, 'required');
      continue;
    }
    switch (def.type) {
      case 'text':
        if (typeof value !== 'string' || value.length > 2000) fail(key, 'custom_field_text');
        else out[key] = value;
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) fail(key, 'custom_field_number');
        else out[key] = value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') fail(key, 'boolean');
        else out[key] = value;
        break;
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
          fail(key, 'day');
        else if (!isoInRange(value)) fail(key, 'date_range');
        else out[key] = value;
        break;
      case 'select':
        if (typeof value !== 'string' || !def.options.includes(value))
          fail(key, 'custom_field_option', { allowed: def.options.join(', ') });
        else out[key] = value;
        break;
      case 'multi_select':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !def.options.includes(v)))
          fail(key, 'custom_field_options', { allowed: def.options.join(', ') });
        else out[key] = [...new Set(value)];
        break;
    }
  }
  if (options.requireAll) errors.push(...missingRequiredFields(definitions, values));
  return { values: out, errors };
}

/** The required fields a new customer with these values would lack. */
export function missingRequiredFields(definitions: CustomFieldRow[], values: Record<string, unknown>): FieldError[] {
  return definitions
    .filter((d) => d.required && values[d.key] === undefined)
    .map((d) => ({ path: `customFields.${d.key}`, ...problem('required') }));
}
