// Owns customer use cases: create, read, update, delete, list and search, custom fields,
// consents, duplicates, merge and export.
import { isUniqueViolation } from '../../db/errors.ts';
import { AppError, conflict, type FieldError, notFound, unlessNotFound } from '../../errors.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { csvLine } from '../../lib/csv.ts';
import { defaultCountryCode, normalizePhone } from '../../lib/phone.ts';
import { getMember } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { missingRequiredFields, validateCustomFields } from './custom-fields.ts';
import type {
  ConsentDto,
  CreateCustomerInput,
  CustomerDto,
  CustomFieldDto,
  ListCustomersQueryInput,
  UpdateCustomerInput,
} from './customers.dto.ts';
import {
  consentGranted,
  type CustomerInsert,
  type CustomerRow,
  customersAfter,
  deleteCustomField,
  findCustomer,
  findCustomerByExternalId,
  findDuplicatePairs,
  insertConsentChange,
  insertCustomer,
  insertCustomField,
  insertMerge,
  listConsentChangeRows,
  listConsentRows,
  listCustomerRows,
  listCustomFieldRows,
  lockCustomers,
  mergeConsents,
  moveCustomerRows,
  pinnedRowsOf,
  updateCustomerRow,
  upsertConsent,
  upsertCustomerRow,
} from './customers.repository.ts';
import { decodeSortCursor, encodeSortCursor } from '../../lib/cursor.ts';

type Ctx = { db: Db; now: () => Date };
export type Actor = { userId: string | null; tokenId: string | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCustomerDto(r: CustomerRow): CustomerDto {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    email: r.email,
    phone: r.phone,
    otherEmails: r.otherEmails,
    otherPhones: r.otherPhones,
    address: r.address ?? null,
    locale: r.locale,
    birthDate: r.birthDate,
    externalId: r.externalId,
    acquiredAt: iso(r.acquiredAt),
    acquisitionChannel: r.acquisitionChannel,
    status: r.status,
    defectedAt: iso(r.defectedAt),
    defectionReason: r.defectionReason,
    accountManagerId: r.accountManagerId,
    tags: r.tags,
    customFields: r.customFields,
    preferredChannels: r.preferredChannels,
    declaredWalletMinor: r.declaredWalletMinor,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const actorLabel = (a: Actor) => (a.userId ? `user:${a.userId}` : a.tokenId ? `token:${a.tokenId}` : 'system');

/**
 * Turns validated input into column values, checking what needs the database. `createOnly`,
 * when given, collects what would stop the input from creating a customer though it may
 * still update one (required custom fields left out).
 */
async function toColumns(
  ctx: Ctx,
  workspaceId: string,
  input: CreateCustomerInput | UpdateCustomerInput,
  creating: boolean,
  createOnly?: FieldError[],
): Promise<Partial<CustomerInsert>> {
  const errors: FieldError[] = [];
  const cols: Partial<CustomerInsert> = {};
  const copy = [
    'kind',
    'name',
    'email',
    'address',
    'locale',
    'birthDate',
    'externalId',
    'acquisitionChannel',
    'status',
    'defectionReason',
    'accountManagerId',
    'declaredWalletMinor',
  ] as const;
  for (const k of copy) if (input[k] !== undefined) (cols as Record<string, unknown>)[k] = input[k];
  if (input.acquiredAt !== undefined) cols.acquiredAt = input.acquiredAt ? new Date(input.acquiredAt) : null;
  if (input.defectedAt !== undefined) cols.defectedAt = input.defectedAt ? new Date(input.defectedAt) : null;
  if (input.tags) cols.tags = [...new Set(input.tags)];
  if (input.preferredChannels) cols.preferredChannels = [...new Set(input.preferredChannels)];
  if (input.otherEmails) cols.otherEmails = [...new Set(input.otherEmails)];

  const phones = [input.phone, ...(input.otherPhones ?? [])].filter((p): p is string => typeof p === 'string');
  if (phones.length > 0) {
    const { currency } = await getWorkspace(ctx, workspaceId);
    const cc = defaultCountryCode(currency);
    const normalised = phones.map((p, i) => {
      const r = normalizePhone(p, cc);
      if (!r.ok)
        errors.push({
          path: input.phone && i === 0 ? 'phone' : `otherPhones.${input.phone ? i - 1 : i}`,
          message: r.message,
        });
      return r.ok ? r.e164 : p;
    });
    if (input.phone) cols.phone = normalised.shift();
    if (input.otherPhones) cols.otherPhones = [...new Set(normalised)];
  }
  if (input.phone === null) cols.phone = null;

  if (input.accountManagerId && !(await unlessNotFound(getMember(ctx, workspaceId, input.accountManagerId))))
    errors.push({ path: 'accountManagerId', message: 'must be a member of this workspace' });
  if (input.customFields !== undefined || creating || createOnly) {
    const defs = await listCustomFieldRows(ctx.db, workspaceId);
    const checked = validateCustomFields(defs, input.customFields ?? {}, { requireAll: creating });
    errors.push(...checked.errors);
    createOnly?.push(...missingRequiredFields(defs, input.customFields ?? {}));
    if (input.customFields !== undefined) cols.customFields = checked.values;
  }
  if (errors.length)
    throw new AppError('validation_failed', 'The customer has invalid fields; see errors', { fields: errors });
  return cols;
}

function assertDefection(row: Pick<CustomerRow, 'status' | 'defectedAt' | 'defectionReason'>) {
  if (row.status === 'defected' && !row.defectedAt) {
    throw new AppError('validation_failed', 'A defected customer needs the defection date', {
      fields: [{ path: 'defectedAt', message: 'required when status is defected' }],
    });
  }
}

// TODO(#16.5, customers split): insertCustomer/updateCustomerRow should answer 'conflict' (onConflict in src/db/errors.ts).
const externalIdTaken = (err: unknown): boolean => isUniqueViolation(err, 'customers_external_id_key');

export async function createCustomer(ctx: Ctx, workspaceId: string, input: CreateCustomerInput): Promise<CustomerDto> {
  const cols = await toColumns(ctx, workspaceId, input, true);
  const now = ctx.now();
  const row = { ...cols, workspaceId, id: newId(), name: input.name, createdAt: now, updatedAt: now } as CustomerInsert;
  assertDefection({
    status: row.status ?? 'active',
    defectedAt: row.defectedAt ?? null,
    defectionReason: row.defectionReason ?? null,
  });
  try {
    return toCustomerDto(await insertCustomer(ctx.db, row));
  } catch (err) {
    if (externalIdTaken(err))
      throw new AppError('conflict', `Another customer already has the external id "${input.externalId}"`);
    throw err;
  }
}

export async function getCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<CustomerDto> {
  const row = await findCustomer(ctx.db, workspaceId, id);
  if (!row) throw notFound('Customer');
  return toCustomerDto(row);
}

export async function updateCustomer(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: UpdateCustomerInput,
): Promise<CustomerDto> {
  const current = await findCustomer(ctx.db, workspaceId, id);
  if (!current) throw notFound('Customer');
  const cols = await toColumns(ctx, workspaceId, input, false);
  assertDefection({ ...current, ...cols } as CustomerRow);
  try {
    const row = await updateCustomerRow(ctx.db, workspaceId, id, { ...cols, updatedAt: ctx.now() });
    if (!row) throw notFound('Customer');
    return toCustomerDto(row);
  } catch (err) {
    if (externalIdTaken(err))
      throw new AppError('conflict', `Another customer already has the external id "${input.externalId}"`);
    throw err;
  }
}

const goneByExternalId = (externalId: string) =>
  new AppError('conflict', `The customer with external id "${externalId}" was deleted or merged`);

/**
 * Idempotent create-or-update by the caller's own id for the customer: ONE statement
 * (`INSERT … ON CONFLICT … DO UPDATE`), so concurrent calls with the same id all succeed — one
 * creates (201), the others update (200). A soft-deleted customer keeps its external id and is
 * not revived (409). The input is checked for both readings first; an input that could only
 * update (a required custom field left out) is sent as a plain update.
 */
export async function upsertCustomerByExternalId(
  ctx: Ctx,
  workspaceId: string,
  externalId: string,
  input: CreateCustomerInput,
): Promise<{ customer: CustomerDto; created: boolean }> {
  const createOnly: FieldError[] = [];
  const cols = await toColumns(ctx, workspaceId, { ...input, externalId }, false, createOnly);
  const now = ctx.now();
  const row = { ...cols, workspaceId, id: newId(), name: input.name, createdAt: now, updatedAt: now } as CustomerInsert;
  try {
    assertDefection({
      status: row.status ?? 'active',
      defectedAt: row.defectedAt ?? null,
      defectionReason: row.defectionReason ?? null,
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    createOnly.push(...(err.fields ?? []));
  }
  const update = (Object.keys(cols) as (keyof CustomerInsert)[]).filter((k) => k !== 'externalId');
  for (let attempt = 0; ; attempt++) {
    const written = await upsertCustomerRow(ctx.db, row, update, { insert: createOnly.length === 0 });
    if (written) return { customer: toCustomerDto(written.row), created: written.inserted };
    // Nothing written: the customer was deleted, the update would leave it defected without a
    // date, or it does not exist and the input cannot create it.
    const existing = await findCustomerByExternalId(ctx.db, workspaceId, externalId);
    if (existing?.deletedAt) throw goneByExternalId(externalId);
    if (!existing)
      throw new AppError('validation_failed', 'The customer has invalid fields; see errors', { fields: createOnly });
    assertDefection({ ...existing, ...cols } as CustomerRow);
    // The customer changed between the statement and the read (its defection was completed): again.
    if (attempt >= 2) throw conflict(`The customer with external id "${externalId}" is changing; try again`);
  }
}

export async function deleteCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<void> {
  const row = await updateCustomerRow(ctx.db, workspaceId, id, { deletedAt: ctx.now(), updatedAt: ctx.now() });
  if (!row) throw notFound('Customer');
}

function parseCustomFieldFilter(cf: string | undefined): Record<string, unknown> | undefined {
  if (!cf) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of cf.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0)
      throw new AppError('validation_failed', 'Custom field filters look like key:value', {
        fields: [{ path: 'query.cf', message: 'expected key:value' }],
      });
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    out[key] =
      raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export async function listCustomers(
  ctx: Ctx,
  workspaceId: string,
  q: ListCustomersQueryInput,
): Promise<{ items: CustomerDto[]; nextCursor: string | null }> {
  const sort = {
    column: q.sort.replace('-', '') as 'createdAt' | 'name',
    direction: q.sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
  };
  const rows = await listCustomerRows(
    ctx.db,
    workspaceId,
    {
      q: q.q || undefined,
      status: q.status,
      tags: q.tag
        ? q.tag
            .split(',')
            .map((t) => t.trim().toLowerCase())
            .filter(Boolean)
        : undefined,
      accountManagerId: q.accountManagerId,
      createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
      createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
      acquiredFrom: q.acquiredFrom ? new Date(q.acquiredFrom) : undefined,
      acquiredTo: q.acquiredTo ? new Date(q.acquiredTo) : undefined,
      customFields: parseCustomFieldFilter(q.cf),
      tier: q.tier,
      rfmSegment: q.rfmSegment,
    },
    sort,
    q.limit + 1,
    q.cursor ? decodeSortCursor(q.cursor, sort.column === 'name' ? 'text' : 'time') : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeSortCursor(sort.column === 'name' ? last.name : last.createdAt.toISOString(), last.id)
      : null;
  return { items: items.map(toCustomerDto), nextCursor };
}

// ---- custom fields

const toFieldDto = (r: Awaited<ReturnType<typeof listCustomFieldRows>>[number]): CustomFieldDto => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  required: r.required,
  createdAt: r.createdAt.toISOString(),
});

export async function listCustomFields(ctx: Ctx, workspaceId: string): Promise<CustomFieldDto[]> {
  return (await listCustomFieldRows(ctx.db, workspaceId)).map(toFieldDto);
}

export async function createCustomField(
  ctx: Ctx,
  workspaceId: string,
  input: { key: string; label: string; type: CustomFieldDto['type']; options?: string[]; required?: boolean },
): Promise<CustomFieldDto> {
  const row = await insertCustomField(ctx.db, {
    workspaceId,
    id: newId(),
    key: input.key,
    label: input.label,
    type: input.type,
    options: input.options ?? [],
    required: input.required ?? false,
    createdAt: ctx.now(),
  });
  if (!row) throw new AppError('conflict', `A custom field with the key "${input.key}" already exists`);
  return toFieldDto(row);
}

export async function removeCustomField(ctx: Ctx, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteCustomField(ctx.db, workspaceId, id))) throw notFound('Custom field');
}

// ---- consents

export async function listConsents(ctx: Ctx, workspaceId: string, customerId: string): Promise<ConsentDto[]> {
  await getCustomer(ctx, workspaceId, customerId);
  return (await listConsentRows(ctx.db, workspaceId, customerId)).map((r) => ({
    channel: r.channel as ConsentDto['channel'],
    purpose: r.purpose as ConsentDto['purpose'],
    granted: r.granted,
    source: r.source,
    changedAt: r.changedAt.toISOString(),
  }));
}

export async function setConsents(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  actor: Actor,
  consents: { channel: string; purpose: string; granted: boolean; source?: string }[],
): Promise<ConsentDto[]> {
  await getCustomer(ctx, workspaceId, customerId);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    for (const c of consents) {
      await upsertConsent(tx, {
        workspaceId,
        customerId,
        channel: c.channel,
        purpose: c.purpose,
        granted: c.granted,
        source: c.source ?? null,
        changedAt: now,
      });
      await insertConsentChange(tx, {
        workspaceId,
        id: newId(),
        customerId,
        channel: c.channel,
        purpose: c.purpose,
        granted: c.granted,
        source: c.source ?? null,
        changedBy: actorLabel(actor),
        changedAt: now,
      });
    }
  });
  return listConsents(ctx, workspaceId, customerId);
}

export async function consentHistory(ctx: Ctx, workspaceId: string, customerId: string) {
  await getCustomer(ctx, workspaceId, customerId);
  return (await listConsentChangeRows(ctx.db, workspaceId, customerId)).map((r) => ({
    id: r.id,
    channel: r.channel as ConsentDto['channel'],
    purpose: r.purpose as ConsentDto['purpose'],
    granted: r.granted,
    source: r.source,
    changedBy: r.changedBy,
    changedAt: r.changedAt.toISOString(),
  }));
}

/** Whether the customer currently consents to `purpose` on `channel` (no record = no). */
export const hasConsent = (db: Db, workspaceId: string, customerId: string, channel: string, purpose: string) =>
  consentGranted(db, workspaceId, customerId, channel, purpose);

// ---- duplicates and merge

export async function listDuplicates(ctx: Ctx, workspaceId: string, limit: number) {
  const rows = await findDuplicatePairs(ctx.db, workspaceId, limit);
  return rows.map((r) => ({
    a: { id: r.a_id, name: r.a_name, email: r.a_email, phone: r.a_phone },
    b: { id: r.b_id, name: r.b_name, email: r.b_email, phone: r.b_phone },
    reason: r.reason,
    score: Math.round(Number(r.score) * 100) / 100,
  }));
}

const fillable = [
  'email',
  'phone',
  'address',
  'locale',
  'birthDate',
  'externalId',
  'acquiredAt',
  'acquisitionChannel',
  'accountManagerId',
  'declaredWalletMinor',
] as const;

/** Folds `mergeId` into `survivorId` in one transaction: fields, tags, contacts, history. */
export async function mergeCustomers(
  ctx: Ctx,
  workspaceId: string,
  survivorId: string,
  mergeId: string,
  actor: Actor,
): Promise<{ customer: CustomerDto; moved: Record<string, number> }> {
  if (survivorId === mergeId)
    throw new AppError('validation_failed', 'A customer cannot be merged into itself', {
      fields: [{ path: 'mergeId', message: 'must differ from the survivor' }],
    });
  return ctx.db.transaction(async (tx) => {
    const locked = await lockCustomers(tx, workspaceId, [survivorId, mergeId]);
    const survivor = locked.find((c) => c.id === survivorId && !c.deletedAt);
    const merged = locked.find((c) => c.id === mergeId);
    if (!survivor) throw notFound('Customer');
    if (!merged)
      throw new AppError('validation_failed', 'The customer to merge does not exist', {
        fields: [{ path: 'mergeId', message: 'not found' }],
      });
    if (merged.deletedAt) throw new AppError('conflict', 'That customer was already deleted or merged');
    const pinned = await pinnedRowsOf(tx, workspaceId, mergeId);
    if (pinned.length) {
      throw new AppError(
        'conflict',
        `The customer to merge has ${pinned.join(' and ')}, which cannot move to another customer; merge the other way round (keep this customer) or settle it first`,
      );
    }

    const patch: Partial<CustomerInsert> = {};
    for (const k of fillable)
      if (survivor[k] === null && merged[k] !== null) (patch as Record<string, unknown>)[k] = merged[k];
    // The external id is unique: it moves only after the merged row lets go of it.
    const takeExternalId = patch.externalId;
    delete patch.externalId;
    const union = (a: string[], b: (string | null)[]) => [
      ...new Set([...a, ...b.filter((x): x is string => Boolean(x))]),
    ];
    patch.tags = union(survivor.tags, merged.tags);
    patch.otherEmails = union(survivor.otherEmails, [merged.email, ...merged.otherEmails]).filter(
      (e) => e !== (patch.email ?? survivor.email),
    );
    patch.otherPhones = union(survivor.otherPhones, [merged.phone, ...merged.otherPhones]).filter(
      (p) => p !== (patch.phone ?? survivor.phone),
    );
    patch.customFields = { ...merged.customFields, ...survivor.customFields };
    patch.updatedAt = ctx.now();

    const moved = await moveCustomerRows(tx, workspaceId, mergeId, survivorId);
    await mergeConsents(tx, workspaceId, mergeId, survivorId);
    await updateCustomerRow(tx, workspaceId, mergeId, {
      mergedIntoId: survivorId,
      deletedAt: ctx.now(),
      externalId: null,
      updatedAt: ctx.now(),
    });
    const updated = await updateCustomerRow(tx, workspaceId, survivorId, {
      ...patch,
      ...(takeExternalId ? { externalId: takeExternalId } : {}),
    });
    await insertMerge(tx, {
      workspaceId,
      id: newId(),
      survivorId,
      mergedId: mergeId,
      mergedSnapshot: toCustomerDto(merged) as unknown as Record<string, unknown>,
      moved,
      mergedBy: actorLabel(actor),
      mergedAt: ctx.now(),
    });
    return { customer: toCustomerDto(updated as CustomerRow), moved };
  });
}

// ---- export

const exportColumns = [
  'id',
  'external_id',
  'kind',
  'name',
  'email',
  'phone',
  'locale',
  'birth_date',
  'acquired_at',
  'acquisition_channel',
  'status',
  'defected_at',
  'defection_reason',
  'account_manager_id',
  'tags',
  'preferred_channels',
  'declared_wallet_minor',
  'address_line1',
  'address_line2',
  'address_city',
  'address_region',
  'address_postal_code',
  'address_country',
  'created_at',
];

/** Streams every customer as CSV in id-ordered batches; memory stays flat at any size. */
export async function streamCustomersCsv(
  db: Db,
  workspaceId: string,
  write: (chunk: string) => Promise<void> | void,
  batchSize = 2_000,
): Promise<number> {
  const fields = (await listCustomFieldRows(db, workspaceId)).map((f) => f.key);
  await write(csvLine([...exportColumns, ...fields.map((f) => `cf_${f}`)]));
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const rows = await customersAfter(db, workspaceId, after, batchSize);
    if (rows.length === 0) return count;
    let chunk = '';
    for (const r of rows) {
      const a = r.address ?? {};
      chunk += csvLine([
        r.id,
        r.externalId,
        r.kind,
        r.name,
        r.email,
        r.phone,
        r.locale,
        r.birthDate,
        r.acquiredAt,
        r.acquisitionChannel,
        r.status,
        r.defectedAt,
        r.defectionReason,
        r.accountManagerId,
        r.tags,
        r.preferredChannels,
        r.declaredWalletMinor,
        a.line1,
        a.line2,
        a.city,
        a.region,
        a.postalCode,
        a.country,
        r.createdAt,
        ...fields.map((f) => r.customFields[f]),
      ]);
    }
    await write(chunk);
    count += rows.length;
    after = rows.at(-1)?.id;
  }
}
