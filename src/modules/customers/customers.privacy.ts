// The customers domain's part of a data-subject export (profile, consents and their history,
// merges) and of an erasure: the row stays under its id with placeholders and `erased_at`.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type CustomerDataSection, type CustomerEraser, smallSection, tableSection } from '../../db/customer-data.ts';
import { consentChanges, customerConsents, customerMerges, customers } from './customers.schema.ts';

export const ERASED_NAME = 'Erased customer';

export const customerDataSections: CustomerDataSection[] = [
  smallSection('profile', customers, (r) => eq(customers.id, r.customerId)),
  smallSection('consents', customerConsents, (r) => eq(customerConsents.customerId, r.customerId)),
  tableSection('consentHistory', consentChanges, consentChanges.id, (r) => eq(consentChanges.customerId, r.customerId)),
  smallSection('merges', customerMerges, (r) =>
    or(eq(customerMerges.survivorId, r.customerId), eq(customerMerges.mergedId, r.customerId)),
  ),
];

export const customerEraser: CustomerEraser = {
  name: 'customers',
  async erase(tx, s) {
    await tx
      .update(customers)
      .set({
        name: ERASED_NAME,
        email: null,
        phone: null,
        otherEmails: [],
        otherPhones: [],
        address: null,
        birthDate: null,
        externalId: null,
        defectionReason: null,
        customFields: {},
        erasedAt: s.now,
        updatedAt: s.now,
      })
      .where(and(eq(customers.workspaceId, s.workspaceId), eq(customers.id, s.customerId)));
    // Customers merged into this one were the same person: their rows hold the same data.
    await tx
      .update(customers)
      .set({ name: ERASED_NAME, email: null, phone: null, otherEmails: [], otherPhones: [], address: null })
      .where(and(eq(customers.workspaceId, s.workspaceId), eq(customers.mergedIntoId, s.customerId)));
    await tx
      .update(customerMerges)
      .set({ mergedSnapshot: {}, moved: {} })
      .where(
        and(
          eq(customerMerges.workspaceId, s.workspaceId),
          or(eq(customerMerges.survivorId, s.customerId), eq(customerMerges.mergedId, s.customerId)),
        ),
      );
    await tx
      .update(customerConsents)
      .set({ source: sql`case when ${customerConsents.source} is null then null else 'erased' end` })
      .where(and(eq(customerConsents.workspaceId, s.workspaceId), eq(customerConsents.customerId, s.customerId)));
    await tx
      .update(consentChanges)
      .set({ source: sql`case when ${consentChanges.source} is null then null else 'erased' end` })
      .where(and(eq(consentChanges.workspaceId, s.workspaceId), eq(consentChanges.customerId, s.customerId)));
  },
};

export type ErasureTarget = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  otherEmails: string[];
  otherPhones: string[];
  erasedAt: Date | null;
};

/**
 * Locks the customer row for an erasure (two erasures of one customer queue; the second sees
 * `erasedAt`) and returns what the person is known by. Soft-deleted customers are found too.
 */
export async function lockCustomerForErasure(
  tx: Db,
  workspaceId: string,
  id: string,
): Promise<ErasureTarget | undefined> {
  const [row] = await tx
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      otherEmails: customers.otherEmails,
      otherPhones: customers.otherPhones,
      erasedAt: customers.erasedAt,
    })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
    .for('update');
  return row;
}
