// The feedback domain's part of a data-subject export and erasure: the entry's text goes.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { feedbackEntries } from './feedback.schema.ts';

export const feedbackDataSections: CustomerDataSection[] = [
  tableSection('feedback', feedbackEntries, feedbackEntries.id, (r) => eq(feedbackEntries.customerId, r.customerId)),
];

export const feedbackEraser: CustomerEraser = {
  name: 'feedback',
  async erase(tx, s) {
    await tx
      .update(feedbackEntries)
      .set({ body: '[erased]' })
      .where(and(eq(feedbackEntries.workspaceId, s.workspaceId), eq(feedbackEntries.customerId, s.customerId)));
  },
};
