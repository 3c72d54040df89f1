// The interactions domain's public surface.
export * from './interactions.dto.ts';
export { interactionsImportAdapter } from './interactions.import.ts';
export { insertInteractions, interactionActivity, interactionCostItems } from './interactions.sources.ts';
export { interactionsRoutes } from './interactions.routes.ts';
export { interactionCost, recordInteraction, setCostRates } from './interactions.service.ts';
export { interactionTimelineSource } from './interactions.timeline.ts';
export { reassignCustomer } from './interactions.merge.ts';
export { contactMoments, interactionChurnFacts, interactionHandlerFacts } from './interactions.sources.ts';
export { interactionDataSections, interactionEraser } from './interactions.privacy.ts';
