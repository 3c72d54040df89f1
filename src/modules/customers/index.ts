// The customers domain's public surface.
export * from './customers.dto.ts';
export {
  countActiveCustomers,
  customerExists,
  customerOwnedTables,
  customerTags,
  findCustomerByContact,
  existingCustomerIds,
  findCustomerIdsByExternalIds,
  upsertCustomersByExternalId,
} from './customers.repository.ts';
export { type CustomerImportRow, customersImportAdapter } from './customers.import.ts';
export { customersRoutes } from './customers.routes.ts';
export { createCustomer, getCustomer, hasConsent, streamCustomersCsv, updateCustomer } from './customers.service.ts';
export { customerTimelineSource } from './customers.timeline.ts';
