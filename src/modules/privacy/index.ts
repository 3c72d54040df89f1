// The privacy domain's public surface.
export * from './privacy.dto.ts';
export { privacyDataSections, privacyEraser } from './privacy.privacy.ts';
export { privacyRoutes, type PrivacyRoutesOptions } from './privacy.routes.ts';
export {
  assertRequestFor,
  createPrivacyRequest,
  getPrivacySettings,
  type PrivacyActor,
  privacyLawOf,
  recordExportHash,
  transitionPrivacyRequest,
} from './privacy.service.ts';
export { dueAt, requestKinds, requestStatuses } from './privacy.status.ts';
export { reassignCustomer } from './privacy.merge.ts';
