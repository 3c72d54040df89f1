// The books domain's part of a data-subject export: who managed the customer, and when. Assignment
// rows hold ids and a reason staff typed; erasure blanks the reason.
import { and, eq, isNotNull } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection } from '../../db/customer-data.ts';
import { bookAssignments } from './books.schema.ts';

export const bookDataSections: CustomerDataSection[] = [
  smallSection('accountManagerHistory', bookAssignments, (r) => eq(bookAssignments.customerId, r.customerId)),
];

export const bookEraser: CustomerEraser = {
  name: 'books',
  async erase(tx, s) {
    await tx
      .update(bookAssignments)
      .set({ reason: '[erased]' })
      .where(
        and(
          eq(bookAssignments.workspaceId, s.workspaceId),
          eq(bookAssignments.customerId, s.customerId),
          isNotNull(bookAssignments.reason),
        ),
      );
  },
};
