// The defections domain's public surface: the register's routes (staff and public), the use cases
// workflows call (contract cancellations, lapse marking after scoring), the timeline source and
// the reason shares the churn analysis reads.
export * from './defections.dto.ts';
export { defaultReasons } from './defections.defaults.ts';
export { applyLapses, type LapseOutcome, type PAliveScore } from './defections.lapse.ts';
export { defectionsPublicRoutes } from './defections.public-routes.ts';
export { defectionsRoutes } from './defections.routes.ts';
export { type DefectionOrigin, recordDefection, recordReactivation } from './defections.service.ts';
export { defectionReasonShares, type ReasonShare } from './defections.sources.ts';
export { ensureTaxonomy, listReasonCodes } from './defections.taxonomy.ts';
export { reassignCustomer } from './defections.merge.ts';
export { defectionDataSections, defectionEraser } from './defections.privacy.ts';
