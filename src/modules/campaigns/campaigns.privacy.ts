// The campaigns domain's part of a data-subject export and erasure: memberships and the actions each
// received hold no personal data (arm, tier, dates) and stay on erasure: removing them would bias the
// campaign's measured uplift. A member's predicted uplift is a derived score about the person: it is
// exported, and dropped on erasure (the campaign's model summary holds no one's data).
import { and, eq } from 'drizzle-orm';
import { type CustomerDataSection, type CustomerEraser, smallSection } from '../../db/customer-data.ts';
import { campaignActionExecutions, campaignMembers } from './campaigns.schema.ts';
import { campaignUpliftScores } from './campaigns.uplift.schema.ts';

export const campaignDataSections: CustomerDataSection[] = [
  smallSection('campaignMemberships', campaignMembers, (r) => eq(campaignMembers.customerId, r.customerId)),
  smallSection('campaignActions', campaignActionExecutions, (r) =>
    eq(campaignActionExecutions.customerId, r.customerId),
  ),
  smallSection('campaignUpliftScores', campaignUpliftScores, (r) => eq(campaignUpliftScores.customerId, r.customerId)),
];

export const campaignEraser: CustomerEraser = {
  name: 'campaigns',
  async erase(tx, s) {
    await tx
      .delete(campaignUpliftScores)
      .where(
        and(eq(campaignUpliftScores.workspaceId, s.workspaceId), eq(campaignUpliftScores.customerId, s.customerId)),
      );
  },
};
