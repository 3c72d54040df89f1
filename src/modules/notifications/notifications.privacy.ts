// The outbox's part of a data-subject export and erasure: what was sent stays as a fact (channel,
// purpose, status, dates); to whom and with what content goes.
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { notifications } from './notifications.schema.ts';

export const notificationDataSections: CustomerDataSection[] = [
  tableSection('notifications', notifications, notifications.id, (r) => eq(notifications.customerId, r.customerId)),
];

export const notificationEraser: CustomerEraser = {
  name: 'notifications',
  async erase(tx, s) {
    await tx
      .update(notifications)
      .set({ payload: {}, recipient: null, error: null })
      .where(and(eq(notifications.workspaceId, s.workspaceId), eq(notifications.customerId, s.customerId)));
  },
};
