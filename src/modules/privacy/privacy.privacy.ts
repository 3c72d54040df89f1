// The privacy domain's own part of an export (the person's requests) and of an erasure (notes).
import { eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, tableSection } from '../../db/customer-data.ts';
import { clearRequestNotes } from './privacy.repository.ts';
import { privacyRequests } from './privacy.schema.ts';

export const privacyDataSections: CustomerDataSection[] = [
  tableSection('privacyRequests', privacyRequests, privacyRequests.id, (r) =>
    eq(privacyRequests.customerId, r.customerId),
  ),
];

export const privacyEraser: CustomerEraser = {
  name: 'privacy',
  erase: (tx, s) => clearRequestNotes(tx, s.workspaceId, s.customerId),
};
