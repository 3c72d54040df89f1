// The complaints domain's public surface.
export * from './complaints.dto.ts';
export { type ComplaintHooks, type GoodwillPoints, noHooks } from './complaints.hooks.ts';
export { complaintActivity, complaintCostItems, hasComplaints } from './complaints.sources.ts';
export { complaintsPublicRoutes } from './complaints.public-routes.ts';
export { complaintsRoutes } from './complaints.routes.ts';
export { recordCompensation, decideCompensation } from './complaints.compensation.ts';
export { registerComplaint } from './complaints.register.ts';
export { type Actor as ComplaintActor } from './complaints.service.ts';
export { transitionComplaint } from './complaints.transition.ts';
export { getComplaintSettings, updateComplaintSettings } from './complaints.settings.ts';
export { createTeam, setRouting } from './complaints.teams.ts';
export {
  addBusinessHours,
  businessHoursBetween,
  type BusinessCalendar,
  defaultSlaMatrix,
  planSla,
  type Severity,
  type Tier,
} from './complaints.sla.ts';
export { sweepSla, type SweepResult } from './complaints.sweep.ts';
export { reassignCustomer } from './complaints.merge.ts';
export { complaintChurnFacts, resolutionMoments, resolvedComplaintFacts } from './complaints.sources.ts';
export { type ComplaintKpiFacts, complaintKpiFacts, complaintsByMonth } from './complaints.sources.ts';
export { complaintDataSections, complaintEraser } from './complaints.privacy.ts';
