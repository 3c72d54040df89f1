// The moments a transactional (CSAT) survey follows, read from the domains that own them through
// their declared sources: purchases (commerce), contacts (interactions), resolved complaints.
import { purchaseMoments } from '../modules/commerce/index.ts';
import { resolutionMoments } from '../modules/complaints/index.ts';
import { contactMoments } from '../modules/interactions/index.ts';
import type { MomentSources } from '../modules/surveys/index.ts';

export const surveyMoments: MomentSources = {
  purchase: purchaseMoments,
  contact: contactMoments,
  complaint_resolved: resolutionMoments,
};
