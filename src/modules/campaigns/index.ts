// The campaigns domain's public surface.
export * from './campaigns.dto.ts';
export { campaignsRoutes } from './campaigns.routes.ts';
export { createCampaign, finishCampaign, getCampaign, launchCampaign, listCampaigns } from './campaigns.service.ts';
export { createSegment, previewDefinition, savedSegmentFilter } from './campaigns.segments.ts';
export { mergePinnedTables } from './campaigns.merge.ts';
export { campaignDataSections } from './campaigns.privacy.ts';
export * from './campaigns.actions.dto.ts';
export { executionProgress, runDueExecutions, runExecutionBatch, startExecution } from './campaigns.execute.ts';
export { conflictingObjectives, listConflicts, saveActions } from './campaigns.actions.ts';
