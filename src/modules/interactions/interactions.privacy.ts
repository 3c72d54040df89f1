// The interactions domain's part of a data-subject export and erasure: the summary is free text.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { interactions } from './interactions.schema.ts';

export const interactionDataSections: CustomerDataSection[] = [
  tableSection('interactions', interactions, interactions.id, (r) => eq(interactions.customerId, r.customerId)),
];

export const interactionEraser: CustomerEraser = {
  name: 'interactions',
  async erase(tx, s) {
    await tx
      .update(interactions)
      .set({ summary: null })
      .where(and(eq(interactions.workspaceId, s.workspaceId), eq(interactions.customerId, s.customerId)));
  },
};
