// The campaigns domain's part of a data-subject export: memberships and the actions each received. They hold no personal data (arm,
// tier, dates) and stay on erasure: removing them would bias the campaign's measured uplift.
import { eq } from 'drizzle-orm';
import { type CustomerDataSection, smallSection } from '../../db/customer-data.ts';
import { campaignActionExecutions, campaignMembers } from './campaigns.schema.ts';

export const campaignDataSections: CustomerDataSection[] = [
  smallSection('campaignMemberships', campaignMembers, (r) => eq(campaignMembers.customerId, r.customerId)),
  smallSection('campaignActions', campaignActionExecutions, (r) =>
    eq(campaignActionExecutions.customerId, r.customerId),
  ),
];
