// The defections domain's part of a data-subject export (defections, win-backs, lapses) and of an
// erasure: reason codes and dates stay for the defection KPIs; free texts and exit links go.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection, tableSection } from '../../db/customer-data.ts';
import { customerLapses, defections, exitSurveyTokens, reactivations } from './defections.schema.ts';

export const defectionDataSections: CustomerDataSection[] = [
  tableSection('defections', defections, defections.id, (r) => eq(defections.customerId, r.customerId)),
  tableSection('reactivations', reactivations, reactivations.id, (r) => eq(reactivations.customerId, r.customerId)),
  smallSection('lapses', customerLapses, (r) => eq(customerLapses.customerId, r.customerId)),
];

export const defectionEraser: CustomerEraser = {
  name: 'defections',
  async erase(tx, s) {
    const ws = s.workspaceId;
    await tx
      .update(defections)
      .set({ freeText: null })
      .where(and(eq(defections.workspaceId, ws), eq(defections.customerId, s.customerId)));
    await tx
      .update(reactivations)
      .set({ note: null })
      .where(and(eq(reactivations.workspaceId, ws), eq(reactivations.customerId, s.customerId)));
    await tx
      .delete(exitSurveyTokens)
      .where(and(eq(exitSurveyTokens.workspaceId, ws), eq(exitSurveyTokens.customerId, s.customerId)));
  },
};
