// Use cases: create a customer, and create-or-update one by the caller's external id.
import type { Db } from '../../db/client.ts';
import { AppError, conflict, type FieldError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { assertDefection, externalIdTaken, toColumns } from './customers.columns.ts';
import type { CreateCustomerInput, CustomerDto } from './customers.dto.ts';
import { type Ctx, toCustomerDto } from './customers.mappers.ts';
import {
  type CustomerInsert,
  type CustomerRow,
  findCustomerByExternalId,
  insertCustomer,
  type UpsertColumn,
  upsertCustomerRow,
  upsertCustomersByExternalId as upsertRows,
} from './customers.repository.ts';

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

/**
 * Bulk create-or-update by external id (demo data, imports): ONE statement per call; `update`
 * names the columns an existing customer takes from the row. Rows are not validated here.
 */
export const upsertCustomersByExternalId = (db: Db, rows: CustomerInsert[], update?: readonly UpsertColumn[]) =>
  upsertRows(db, rows, update);
