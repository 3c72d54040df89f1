// The contracts domain's part of a data-subject export and erasure. Values stay (accounting);
// the cancellation reason is free text and goes.
import { and, eq, sql } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { contracts, contractValueChanges } from './contracts.schema.ts';

export const contractDataSections: CustomerDataSection[] = [
  tableSection('contracts', contracts, contracts.id, (r) => eq(contracts.customerId, r.customerId)),
  tableSection(
    'contractValueChanges',
    contractValueChanges,
    contractValueChanges.id,
    (r) =>
      sql`${contractValueChanges.contractId} in (select id from contracts where workspace_id = ${r.workspaceId} and customer_id = ${r.customerId})`,
  ),
];

export const contractEraser: CustomerEraser = {
  name: 'contracts',
  async erase(tx, s) {
    await tx
      .update(contracts)
      .set({ cancellationReason: null })
      .where(and(eq(contracts.workspaceId, s.workspaceId), eq(contracts.customerId, s.customerId)));
  },
};
