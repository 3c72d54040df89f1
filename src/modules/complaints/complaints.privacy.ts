// The complaints domain's part of a data-subject export (complaints, their history and
// compensations) and of an erasure: every free text the customer or staff wrote about them goes;
// dates, statuses, severities and amounts stay for the complaint KPIs.
import { and, eq, sql } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import {
  complaintCompensations,
  complaints,
  complaintStatusTokens,
  complaintTransitions,
} from './complaints.schema.ts';

const ofCustomer = (ws: string, customerId: string) =>
  sql`(select id from complaints where workspace_id = ${ws} and customer_id = ${customerId})`;

export const complaintDataSections: CustomerDataSection[] = [
  tableSection('complaints', complaints, complaints.id, (r) => eq(complaints.customerId, r.customerId)),
  tableSection(
    'complaintTransitions',
    complaintTransitions,
    complaintTransitions.id,
    (r) => sql`${complaintTransitions.complaintId} in ${ofCustomer(r.workspaceId, r.customerId)}`,
  ),
  tableSection('complaintCompensations', complaintCompensations, complaintCompensations.id, (r) =>
    eq(complaintCompensations.customerId, r.customerId),
  ),
];

export const complaintEraser: CustomerEraser = {
  name: 'complaints',
  async erase(tx, s) {
    const ws = s.workspaceId;
    await tx
      .update(complaints)
      .set({
        subject: '[erased]',
        description: '[erased]',
        attachments: [],
        solution: sql`case when ${complaints.solution} is null then null else '[erased]' end`,
        satisfactionComment: null,
        validityReason: sql`case when ${complaints.validityReason} is null then null else '[erased]' end`,
      })
      .where(and(eq(complaints.workspaceId, ws), eq(complaints.customerId, s.customerId)));
    await tx
      .update(complaintTransitions)
      .set({ note: null })
      .where(
        and(
          eq(complaintTransitions.workspaceId, ws),
          sql`${complaintTransitions.complaintId} in ${ofCustomer(ws, s.customerId)}`,
        ),
      );
    // The public status link shows the complaint: it dies with the personal data.
    await tx
      .delete(complaintStatusTokens)
      .where(
        and(
          eq(complaintStatusTokens.workspaceId, ws),
          sql`${complaintStatusTokens.complaintId} in ${ofCustomer(ws, s.customerId)}`,
        ),
      );
    await tx
      .update(complaintCompensations)
      .set({ note: null, decisionNote: null })
      .where(and(eq(complaintCompensations.workspaceId, ws), eq(complaintCompensations.customerId, s.customerId)));
  },
};
