// The bonds domain's public surface: the routes, the scoring step (run by src/workflows/score-customers.ts),
// its part of a customer merge, the pure index (for benches and other domains' tests) and the stored
// switching costs other lists may show beside a customer.
export * from './bonds.dto.ts';
export { bondsRoutes } from './bonds.routes.ts';
export { type BondRunOutcome, scoreBonds } from './bonds.scoring.ts';
export { reassignCustomer } from './bonds.merge.ts';
export { bondHazardRatio, bondScore, type BondInputs, defaultBondSettings, switchingCosts } from './bonds.model.ts';
export { storedSwitchingCosts } from './bonds.scores.repository.ts';
export { insertRecordsBulk as insertBondRecords } from './bonds.records.repository.ts';
export { bondDataSections, bondEraser } from './bonds.privacy.ts';
