// The campaigns domain's public surface.
export * from './campaigns.dto.ts';
export { campaignsRoutes } from './campaigns.routes.ts';
export {
  createCampaign,
  finishCampaign,
  getCampaign,
  launchCampaign,
  listCampaigns,
  updateCampaignSettings,
} from './campaigns.service.ts';
export { createSegment, previewDefinition, savedSegmentFilter } from './campaigns.segments.ts';
export { mergePinnedTables } from './campaigns.merge.ts';
export { campaignDataSections, campaignEraser } from './campaigns.privacy.ts';
export * from './campaigns.actions.dto.ts';
export { executionProgress, runDueExecutions, runExecutionBatch, startExecution } from './campaigns.execute.ts';
export { conflictingObjectives, listConflicts, saveActions } from './campaigns.actions.ts';
export { launchDueCampaigns, scheduleCampaign } from './campaigns.schedule.ts';
export { campaignResults } from './campaigns.results.ts';
export { isResultsUpload } from './campaigns.uplift.routes.ts';
export { CAMPAIGN_UPLIFT_JOB, executeCampaignUplift } from './campaigns.uplift.ts';
