// The bonds domain's part of a data-subject export and erasure. Relationships, preferences and
// structural ties are about the customer; preference values and structural descriptions are free
// text that may quote them, so erasure blanks those and drops the stored bond score (derived data).
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection } from '../../db/customer-data.ts';
import { bondPreferences, bondRelationships, bondScores, bondStructural } from './bonds.schema.ts';

export const bondDataSections: CustomerDataSection[] = [
  smallSection('bondRelationships', bondRelationships, (r) => eq(bondRelationships.customerId, r.customerId)),
  smallSection('bondPreferences', bondPreferences, (r) => eq(bondPreferences.customerId, r.customerId)),
  smallSection('bondStructural', bondStructural, (r) => eq(bondStructural.customerId, r.customerId)),
  smallSection('bondScores', bondScores, (r) => eq(bondScores.customerId, r.customerId)),
];

export const bondEraser: CustomerEraser = {
  name: 'bonds',
  async erase(tx, s) {
    await tx
      .update(bondPreferences)
      .set({ value: '[erased]' })
      .where(and(eq(bondPreferences.workspaceId, s.workspaceId), eq(bondPreferences.customerId, s.customerId)));
    await tx
      .update(bondStructural)
      .set({ description: '[erased]' })
      .where(and(eq(bondStructural.workspaceId, s.workspaceId), eq(bondStructural.customerId, s.customerId)));
    await tx
      .delete(bondScores)
      .where(and(eq(bondScores.workspaceId, s.workspaceId), eq(bondScores.customerId, s.customerId)));
  },
};
