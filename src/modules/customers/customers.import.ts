// Owns importing customers: one row per customer, upserted on external_id.
//
// The file is the truth for the columns it has: a blank cell clears that field (a blank kind or
// status keeps the current value), and a column the file lacks leaves the field as it is. The
// same goes for cf_<key> columns, one per custom field. Each batch is ONE multi-row
// INSERT … ON CONFLICT, so re-importing a file converges on the same state.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { inRange } from '../../lib/dates.ts';
import { defaultCountryCode, normalizePhone } from '../../lib/phone.ts';
import { problem } from '../../lib/problems.ts';
import type { ImportAdapter, ImportRowError } from '../imports/index.ts';
import { type Cells, instant, integer, oneOf, RowErrors, text } from '../imports/index.ts';
import { validateCustomFields } from './custom-fields.ts';
import { Email } from './customers.dto.ts';
import {
  type CustomerInsert,
  type CustomerRow,
  type CustomFieldRow,
  listCustomFieldRows,
  lockCustomersByExternalIds,
  type UpsertColumn,
  upsertCustomersByExternalId,
} from './customers.repository.ts';
import type { Address } from './customers.schema.ts';

const addressColumns = {
  address_line1: 'line1',
  address_line2: 'line2',
  address_city: 'city',
  address_region: 'region',
  address_postal_code: 'postalCode',
  address_country: 'country',
} as const;
const addressEntries = Object.entries(addressColumns) as [keyof typeof addressColumns, keyof Address][];
// The country gets room for a full name so it draws the clearer 'ISO code' message.
const addressMax: Record<keyof Address, number> = {
  line1: 200,
  line2: 200,
  city: 120,
  region: 120,
  postalCode: 20,
  country: 60,
};

type Settable = Pick<
  CustomerInsert,
  | 'kind'
  | 'email'
  | 'locale'
  | 'birthDate'
  | 'acquiredAt'
  | 'acquisitionChannel'
  | 'status'
  | 'defectedAt'
  | 'defectionReason'
  | 'tags'
  | 'declaredWalletMinor'
>;

export type CustomerImportRow = {
  externalId: string;
  name: string;
  /** Fields whose column is in the file; null means a blank cell (clear the value). */
  set: Partial<Settable>;
  /** Raw phone as written; normalised in commit, which knows the workspace's country. */
  phone?: string | null;
  address?: Partial<Record<keyof Address, string | null>>;
  /** cf_<key> cells by key, raw; checked in commit against the workspace's definitions. */
  customFields: Record<string, string | null>;
};

// Module constants: a regular-expression literal is a new object each time it is evaluated, and
// these run on every customer an import reads.
const calendarDay = /^\d{4}-\d{2}-\d{2}$/;
const countryCode = /^[A-Z]{2}$/;
const customFieldKey = /^[a-z][a-z0-9_]{0,39}$/;

const has = (cells: Cells, column: string) => Object.hasOwn(cells, column);

/** A list cell: `a|b|c`, or a JSON array (NDJSON arrays reach adapters as JSON text). */
function listCell(value: string): string[] | undefined {
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')
        ? parsed.map((v) => v.trim()).filter(Boolean)
        : undefined;
    } catch {
      return undefined;
    }
  }
  return value
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);
}

function calendarDate(cells: Cells, column: string, e: RowErrors): string | undefined {
  const value = text(cells, column, e, { max: 40 });
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!calendarDay.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    e.add(column, 'day', { got: value });
    return undefined;
  }
  if (!inRange(d)) {
    e.add(column, 'date_range', { got: value });
    return undefined;
  }
  return value;
}

function parseRow(cells: Cells): { ok: true; row: CustomerImportRow } | { ok: false; errors: ImportRowError[] } {
  const e = new RowErrors();
  const set: Partial<Settable> = {};
  const externalId = text(cells, 'external_id', e, { required: true, max: 200 });
  const name = text(cells, 'name', e, { required: true, max: 200 });

  if (has(cells, 'email')) {
    const raw = text(cells, 'email', e, { max: 254 });
    const parsed = raw === undefined ? undefined : Email.safeParse(raw);
    if (parsed && !parsed.success) e.add('email', 'email', { got: raw ?? '' });
    set.email = parsed?.success ? parsed.data : null;
  }
  const kind = oneOf(cells, 'kind', e, ['person', 'company']);
  if (kind) set.kind = kind;
  const status = oneOf(cells, 'status', e, ['active', 'defected']);
  if (status) set.status = status;
  if (has(cells, 'locale')) set.locale = oneOf(cells, 'locale', e, ['en', 'pt-BR', 'es']) ?? null;
  if (has(cells, 'birth_date')) set.birthDate = calendarDate(cells, 'birth_date', e) ?? null;
  if (has(cells, 'acquired_at')) set.acquiredAt = instant(cells, 'acquired_at', e) ?? null;
  if (has(cells, 'acquisition_channel'))
    set.acquisitionChannel = text(cells, 'acquisition_channel', e, { max: 60 }) ?? null;
  if (has(cells, 'defected_at')) set.defectedAt = instant(cells, 'defected_at', e) ?? null;
  if (has(cells, 'defection_reason')) set.defectionReason = text(cells, 'defection_reason', e, { max: 500 }) ?? null;
  if (has(cells, 'declared_wallet_minor'))
    set.declaredWalletMinor = integer(cells, 'declared_wallet_minor', e, { min: 0 }) ?? null;
  if (has(cells, 'tags')) {
    const raw = text(cells, 'tags', e, { max: 4000 });
    const tags = raw === undefined ? [] : listCell(raw);
    // A blank cell (most rows) clears the tags without the checks' sets and copies.
    if (tags?.length === 0) set.tags = [];
    else if (!tags) e.add('tags', 'tags_format');
    else if (tags.some((t) => t.length > 60)) e.add('tags', 'tag_too_long');
    else if (new Set(tags).size > 50) e.add('tags', 'too_many_tags');
    else set.tags = [...new Set(tags.map((t) => t.toLowerCase()))];
  }

  const row: CustomerImportRow = { externalId: externalId ?? '', name: name ?? '', set, customFields: {} };
  if (has(cells, 'phone')) row.phone = text(cells, 'phone', e, { max: 40 }) ?? null;
  for (const [column, part] of addressEntries) {
    if (!has(cells, column)) continue;
    let value = text(cells, column, e, { max: addressMax[part] });
    if (part === 'country' && value !== undefined) {
      value = value.toUpperCase();
      if (!countryCode.test(value)) e.add(column, 'country', { got: value.slice(0, 10) });
    }
    row.address = { ...row.address, [part]: value ?? null };
  }
  for (const column of Object.keys(cells)) {
    if (!column.startsWith('cf_')) continue;
    const key = column.slice(3);
    if (!customFieldKey.test(key)) {
      e.add(column, 'custom_field_column');
      continue;
    }
    row.customFields[key] = text(cells, column, e, { max: 4000 }) ?? null;
  }
  return e.ok ? { ok: true, row } : { ok: false, errors: e.list };
}

/** A cf_ cell's text as the JSON value its definition's type expects (checked afterwards). */
function customFieldValue(def: CustomFieldRow, raw: string): unknown {
  switch (def.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'boolean': {
      const v = raw.toLowerCase();
      return ['true', '1', 'yes', 'y'].includes(v) ? true : ['false', '0', 'no', 'n'].includes(v) ? false : raw;
    }
    case 'multi_select':
      return listCell(raw) ?? raw;
    default:
      return raw;
  }
}

const importedColumns = [
  'kind',
  'name',
  'email',
  'phone',
  'address',
  'locale',
  'birthDate',
  'acquiredAt',
  'acquisitionChannel',
  'status',
  'defectedAt',
  'defectionReason',
  'tags',
  'customFields',
  'declaredWalletMinor',
] as const satisfies readonly UpsertColumn[];

/** An insert row's imported columns, every one present (undefined: not in the file). */
type ImportedValues = { [K in (typeof importedColumns)[number]]-?: CustomerInsert[K] | undefined };

/** Row → the complete values the customer will have, starting from what it has now. */
function resolveRow(
  row: CustomerImportRow,
  prior: CustomerRow | undefined,
  ctx: { defs: CustomFieldRow[]; byKey: Map<string, CustomFieldRow>; countryCode?: string; today: string },
): { ok: true; values: Partial<CustomerInsert> } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  if (prior?.deletedAt) return { ok: false, errors: [{ column: 'external_id', ...problem('deleted_customer') }] };
  const values: Partial<CustomerInsert> = {
    ...(prior ? Object.fromEntries(importedColumns.map((k) => [k, prior[k]])) : {}),
    ...row.set,
    name: row.name,
  };

  if (row.phone !== undefined) {
    const raw = row.phone;
    const r = raw === null ? undefined : normalizePhone(raw, ctx.countryCode);
    if (r && !r.ok) errors.push({ column: 'phone', code: r.code, message: r.message });
    values.phone = r?.ok ? r.e164 : null;
  }
  if (row.set.birthDate && row.set.birthDate > ctx.today) errors.push({ column: 'birth_date', ...problem('future') });
  if (row.address) {
    const address: Address = { ...(prior?.address ?? {}) };
    for (const [part, v] of Object.entries(row.address) as [keyof Address, string | null][]) {
      if (v === null) delete address[part];
      else address[part] = v;
    }
    values.address = Object.keys(address).length ? address : null;
  }

  const typed: Record<string, unknown> = {};
  const cleared: string[] = [];
  let typedAny = false;
  for (const [key, raw] of Object.entries(row.customFields)) {
    const def = ctx.byKey.get(key);
    if (!def) errors.push({ column: `cf_${key}`, ...problem('unknown_custom_field', { value: key }) });
    else if (raw === null) cleared.push(key);
    else {
      typed[key] = customFieldValue(def, raw);
      typedAny = true;
    }
  }
  // Nothing to check when no cf_ cell has a value (each check makes a map of the definitions).
  const checked = typedAny ? validateCustomFields(ctx.defs, typed, { requireAll: false }) : { values: {}, errors: [] };
  for (const f of checked.errors)
    errors.push({
      column: `cf_${f.path.replace(/^customFields\./, '')}`,
      code: f.code ?? 'invalid',
      message: f.message,
    });
  const customFields: Record<string, unknown> = { ...(prior?.customFields ?? {}), ...checked.values };
  for (const key of cleared) delete customFields[key];
  // Required fields must be there on create, like the API; an update may only not blank them.
  for (const def of ctx.defs) {
    if (def.required && customFields[def.key] === undefined && (!prior || cleared.includes(def.key)))
      errors.push({ column: `cf_${def.key}`, ...problem('required') });
  }
  values.customFields = customFields;

  if (values.status === 'defected' && !values.defectedAt)
    errors.push({ column: 'defected_at', ...problem('required_when_defected') });
  return errors.length ? { ok: false, errors } : { ok: true, values };
}

export const customersImportAdapter: ImportAdapter<CustomerImportRow> = {
  entity: 'customers',
  tables: { customers: ['workspace_id', 'external_id'] },
  requiredColumns: ['external_id', 'name'],
  knownColumns: [
    'external_id',
    'name',
    'email',
    'phone',
    'kind',
    'locale',
    'birth_date',
    'acquired_at',
    'acquisition_channel',
    'status',
    'defected_at',
    'defection_reason',
    'tags',
    'declared_wallet_minor',
    ...Object.keys(addressColumns),
  ],
  keyOf: (record) =>
    record.external_id === undefined || record.external_id === null
      ? undefined
      : String(record.external_id).trim() || undefined,
  groupConsecutive: false,
  // A batch reads and locks only the customers of its own external ids, which no other batch has.
  concurrent: () => true,
  parse: ([cells]) => parseRow(cells),
  commit: async (db: Db, options, rows) => {
    const errors = new Map<number, ImportRowError[]>();
    const defs = await listCustomFieldRows(db, options.workspaceId);
    const prior = new Map(
      (await lockCustomersByExternalIds(db, options.workspaceId, [...new Set(rows.map((r) => r.row.externalId))])).map(
        (c) => [c.externalId as string, c],
      ),
    );
    const ctx = {
      defs,
      byKey: new Map(defs.map((d) => [d.key, d])),
      countryCode: defaultCountryCode(options.currency),
      today: options.now.toISOString().slice(0, 10),
    };
    const seen = new Set<string>();
    const valid: CustomerInsert[] = [];
    for (const { rowNumber, row } of rows) {
      // One statement cannot touch a row twice; the engine rejects repeats, callers might not.
      if (seen.has(row.externalId)) {
        errors.set(rowNumber, [{ column: 'external_id', ...problem('duplicate_in_batch', { value: row.externalId }) }]);
        continue;
      }
      seen.add(row.externalId);
      const resolved = resolveRow(row, prior.get(row.externalId), ctx);
      if (!resolved.ok) {
        errors.set(rowNumber, resolved.errors);
        continue;
      }
      // Every column spelled out (undefined: not in the file, as when absent), not a spread of the
      // values: an object made by spreading keeps its fields out of line, and reading them column
      // by column for the insert (insertUnnest) took ~20 µs a customer, five times this shape's.
      // ImportedValues makes a column added to importedColumns fail to compile until it is here.
      const v = resolved.values;
      const insert: CustomerInsert & ImportedValues = {
        workspaceId: options.workspaceId,
        id: newId(),
        externalId: row.externalId,
        name: row.name,
        kind: v.kind,
        email: v.email,
        phone: v.phone,
        address: v.address,
        locale: v.locale,
        birthDate: v.birthDate,
        acquiredAt: v.acquiredAt,
        acquisitionChannel: v.acquisitionChannel,
        status: v.status,
        defectedAt: v.defectedAt,
        defectionReason: v.defectionReason,
        tags: v.tags,
        customFields: v.customFields,
        declaredWalletMinor: v.declaredWalletMinor,
        createdAt: options.now,
        updatedAt: options.now,
      };
      valid.push(insert);
    }
    for (let i = 0; i < valid.length; i += 5000)
      await upsertCustomersByExternalId(db, valid.slice(i, i + 5000), importedColumns);
    return errors;
  },
};
