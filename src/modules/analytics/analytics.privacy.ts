// The value engine's part of a data-subject export (scores, tier history) and of an erasure:
// derived data about a person is dropped; the next scoring run leaves erased customers out.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection, tableSection } from '../../db/customer-data.ts';
import { customerScores, customerTierChanges } from './analytics.schema.ts';

export const analyticsDataSections: CustomerDataSection[] = [
  smallSection('scores', customerScores, (r) => eq(customerScores.customerId, r.customerId)),
  tableSection('tierHistory', customerTierChanges, customerTierChanges.id, (r) =>
    eq(customerTierChanges.customerId, r.customerId),
  ),
];

export const analyticsEraser: CustomerEraser = {
  name: 'analytics',
  async erase(tx, s) {
    await tx
      .delete(customerScores)
      .where(and(eq(customerScores.workspaceId, s.workspaceId), eq(customerScores.customerId, s.customerId)));
    await tx
      .delete(customerTierChanges)
      .where(and(eq(customerTierChanges.workspaceId, s.workspaceId), eq(customerTierChanges.customerId, s.customerId)));
  },
};
