// The affinity domain's part of a customer merge, a data-subject export and an erasure: the offers
// made to a customer and their outcomes move to the survivor, are exported, and are deleted on
// erasure (marketing history of a person who asked to be forgotten).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { type Reassigned, reassignCustomerRows } from '../../db/reassign.ts';
import { affinityOfferEvents } from './affinity.schema.ts';

export const affinityDataSections: CustomerDataSection[] = [
  tableSection('affinity_offer_events', affinityOfferEvents, affinityOfferEvents.id, (r) =>
    eq(affinityOfferEvents.customerId, r.customerId),
  ),
];

export const affinityEraser: CustomerEraser = {
  name: 'affinity',
  async erase(tx, s) {
    await tx
      .delete(affinityOfferEvents)
      .where(and(eq(affinityOfferEvents.workspaceId, s.workspaceId), eq(affinityOfferEvents.customerId, s.customerId)));
  },
};

export async function reassignCustomer(tx: Db, workspaceId: string, fromId: string, toId: string): Promise<Reassigned> {
  return { affinity_offer_events: await reassignCustomerRows(tx, affinityOfferEvents, workspaceId, fromId, toId) };
}
