// The churn model's part of a data-subject export and erasure: the risk score is derived, dropped.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection } from '../../db/customer-data.ts';
import { churnRisk } from './churn.schema.ts';

export const churnDataSections: CustomerDataSection[] = [
  smallSection('churnScores', churnRisk, (r) => eq(churnRisk.customerId, r.customerId)),
];

export const churnEraser: CustomerEraser = {
  name: 'churn',
  async erase(tx, s) {
    await tx
      .delete(churnRisk)
      .where(and(eq(churnRisk.workspaceId, s.workspaceId), eq(churnRisk.customerId, s.customerId)));
  },
};
