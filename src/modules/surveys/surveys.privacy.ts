// The surveys domain's part of a data-subject export and erasure: scores stay (NPS/CSAT), comments go.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { surveys } from './surveys.schema.ts';

export const surveyDataSections: CustomerDataSection[] = [
  tableSection('surveys', surveys, surveys.id, (r) => eq(surveys.customerId, r.customerId)),
];

export const surveyEraser: CustomerEraser = {
  name: 'surveys',
  async erase(tx, s) {
    await tx
      .update(surveys)
      .set({ comment: null })
      .where(and(eq(surveys.workspaceId, s.workspaceId), eq(surveys.customerId, s.customerId)));
  },
};
