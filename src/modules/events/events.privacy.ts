// The events domain's part of a data-subject export and erasure: the customer's events keep their
// type and time (the history of what happened) but lose summary, payload and secrets; events
// about other things that quote the person lose their payload too.
import { and, eq, or } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, mentions, tableSection } from '../../db/customer-data.ts';
import { domainEvents } from './events.schema.ts';

export const eventDataSections: CustomerDataSection[] = [
  tableSection('events', domainEvents, domainEvents.id, (r) => eq(domainEvents.customerId, r.customerId)),
];

export const eventEraser: CustomerEraser = {
  name: 'events',
  async erase(tx, s) {
    await tx
      .update(domainEvents)
      .set({ summary: 'erased', payload: {}, secrets: null })
      .where(
        and(
          eq(domainEvents.workspaceId, s.workspaceId),
          or(
            eq(domainEvents.customerId, s.customerId),
            mentions(domainEvents.payload, s.needles),
            mentions(domainEvents.summary, s.needles),
          ),
        ),
      );
  },
};
