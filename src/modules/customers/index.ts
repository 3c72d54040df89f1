// The customers domain's public surface: use cases, declared sources and its part of a merge.
export * from './customers.dto.ts';
export { type CustomerImportRow, customersImportAdapter } from './customers.import.ts';
export { customersRoutes, type CustomersRoutesOptions, type MergeCustomers } from './customers.routes.ts';
export { consentedChannels, consentStance, hasConsent } from './customers.consents.ts';
export { createCustomer, upsertCustomersByExternalId } from './customers.create.ts';
export { type CustomersCsvOptions, streamCustomersCsv } from './customers.export.ts';
export type { ValueColumnSource, ValueColumnSources } from './customers.list.repository.ts';
export { EXACT_TOTAL_UP_TO, type ListSources } from './customers.read.ts';
export type { Actor } from './customers.mappers.ts';
export { completeMerge, lockMergePair, type MergePair, reassignCustomer } from './customers.merge.ts';
export { getCustomer } from './customers.read.ts';
export { updateCustomer } from './customers.update.ts';
export {
  countActiveCustomers,
  customerExists,
  customerNames,
  customerTags,
  existingCustomerIds,
  findCustomerByContact,
  findCustomerIdsByExternalIds,
  findCustomersByIds,
  managedByMatches,
} from './customers.sources.ts';
export { customerTimelineSource } from './customers.timeline.ts';
export {
  customerSegmentFacts,
  customerTenureFacts,
  liveCustomers,
  workspacesWithLiveCustomers,
} from './customers.sources.ts';
export { customersManagedBy, type ManagerChange, setAccountManager } from './customers.account-managers.ts';
export {
  customerDataSections,
  customerEraser,
  ERASED_NAME,
  type ErasureTarget,
  lockCustomerForErasure,
} from './customers.privacy.ts';
