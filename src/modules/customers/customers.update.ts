// Use cases: change a customer, and delete one (soft: the row stays for history and merges).
import { AppError, notFound } from '../../errors.ts';
import { assertDefection, externalIdTaken, toColumns } from './customers.columns.ts';
import type { CustomerDto, UpdateCustomerInput } from './customers.dto.ts';
import { type Ctx, toCustomerDto } from './customers.mappers.ts';
import { type CustomerRow, findCustomer, updateCustomerRow } from './customers.repository.ts';

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

export async function deleteCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<void> {
  const row = await updateCustomerRow(ctx.db, workspaceId, id, { deletedAt: ctx.now(), updatedAt: ctx.now() });
  if (!row) throw notFound('Customer');
}
