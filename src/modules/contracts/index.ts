// The contracts domain's public surface.
export * from './contracts.dto.ts';
export { contractsImportAdapter } from './contracts.import.ts';
export { insertContracts, insertContractValueChanges } from './contracts.sources.ts';
export { contractsRoutes } from './contracts.routes.ts';
export { cancelContract, createContract, getContract, type OnContractCancelled } from './contracts.service.ts';
export { contractTimelineSource } from './contracts.timeline.ts';
export { reassignCustomer } from './contracts.merge.ts';
export { contractBondFacts, contractFacts } from './contracts.sources.ts';
export { contractMrrByMonth, contractMrrMonthEnds, type MrrRow } from './contracts.sources.ts';
export { contractDataSections, contractEraser } from './contracts.privacy.ts';
