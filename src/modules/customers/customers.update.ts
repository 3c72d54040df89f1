// Use cases: change a customer, and delete one (soft: the row stays for history and merges).
// Both record the change in the audit log in the same transaction, with the fields before and after.
import { notFound } from '../../errors.ts';
import { changedFields, recordChange } from '../audit/index.ts';
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
  const cols = await toColumns(ctx, workspaceId, input, false);
  return ctx.db.transaction(async (tx) => {
    const current = await findCustomer(tx, workspaceId, id);
    if (!current) throw notFound('Customer');
    assertDefection({ ...current, ...cols } as CustomerRow);
    const row = await updateCustomerRow(tx, workspaceId, id, { ...cols, updatedAt: ctx.now() });
    if (row === 'conflict') throw externalIdTaken(input.externalId);
    if (!row) throw notFound('Customer');
    const after = toCustomerDto(row);
    await recordChange(tx, ctx.now(), {
      workspaceId,
      action: 'customer.update',
      entityType: 'customers',
      entityId: id,
      customerId: id,
      detail: changedFields(toCustomerDto(current), after),
    });
    return after;
  });
}

export async function deleteCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await updateCustomerRow(tx, workspaceId, id, { deletedAt: ctx.now(), updatedAt: ctx.now() });
    if (!row || row === 'conflict') throw notFound('Customer');
    await recordChange(tx, ctx.now(), {
      workspaceId,
      action: 'customer.delete',
      entityType: 'customers',
      entityId: id,
      customerId: id,
    });
  });
}
