// The feedback domain's public surface: routes, recording (the demo), and the positive-feedback KPIs.
export * from './feedback.dto.ts';
export { feedbackRoutes } from './feedback.routes.ts';
export { feedbackSummary as positiveFeedbackKpis, recordFeedback } from './feedback.service.ts';
export { feedbackKinds, sentiments } from './feedback.schema.ts';
export { reassignCustomer } from './feedback.merge.ts';
export { complimentCount, feedbackFacts, type FeedbackFacts, positiveMentionFacts } from './feedback.sources.ts';
export { feedbackDataSections, feedbackEraser } from './feedback.privacy.ts';
